/**
 * Policy verdicts in plain terms (issue 4 "Explanations"): which policy (label, comment, severity), which
 * constraint, and which facts made it fail. For a SPARQL constraint the facts are recomputed on demand: its
 * check query runs as SELECT * for the violating focus node (with the same proposed placements), and its
 * triple patterns are instantiated with each solution — a fact is either stored or one of the proposals.
 * For a SHACL Core result the fact is the focus node's value along the result path.
 */
import sparqljs from 'sparqljs';
import type { Pattern, SelectQuery, Triple } from 'sparqljs';
import type * as RDF from '@rdfjs/types';
import N3 from 'n3';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import type { PolicyViolation } from '../../orchestration/placement/PolicyGate.js';
import { termKey } from '../rdfTerms.js';
import type { CompiledPolicy } from './compilePolicies.js';
import type { SparqlConstraint } from './sparqlConstraint.js';
import { fillPlaceholders } from './placementOverlay.js';
import { POLICY } from './policyVocabulary.js';

export interface PolicyFact {
  /** N-Triples terms; `predicate` is a SPARQL path for path facts. */
  readonly subject: string;
  readonly predicate: string;
  readonly object: string;
  /** A proposed placement of the check, not a stored triple. */
  readonly proposed?: boolean;
  readonly path?: boolean;
}

export interface ViolationExplanation {
  readonly policy: string;
  readonly label?: string;
  readonly comment?: string;
  readonly severity: PolicyViolation['severity'];
  /** 'sparql': an sh:sparql constraint (its sh:select is given); 'core': a SHACL Core constraint. */
  readonly kind: 'sparql' | 'core';
  readonly select?: string;
  readonly facts: readonly PolicyFact[];
  /** The whole explanation as one readable paragraph. */
  readonly text: string;
}

export type ExplainedViolation = PolicyViolation & { readonly explanation?: ViolationExplanation };

const MAX_SOLUTIONS = 5;
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** N-Triples form of a term; simple literals without their implicit ^^xsd:string (RDF 1.1 §3.3). */
function term(t: RDF.Term): string {
  return t.termType === 'Literal' && !(t as RDF.Literal).language && (t as RDF.Literal).datatype.value === XSD_STRING ? JSON.stringify(t.value) : termKey(t);
}

function triplePatterns(patterns: readonly Pattern[], into: Triple[] = []): Triple[] {
  for (const p of patterns) {
    if (p.type === 'bgp') into.push(...p.triples);
    else if (p.type === 'query') triplePatterns(p.where ?? [], into);
    else if (p.type === 'group' || p.type === 'union' || p.type === 'optional' || p.type === 'graph') triplePatterns(p.patterns, into);
    else if (p.type === 'filter' && typeof p.expression === 'object' && 'type' in p.expression && p.expression.type === 'operation' && p.expression.operator === 'exists') {
      triplePatterns(p.expression.args.filter((a) => typeof a === 'object' && a !== null && 'type' in a && a.type === 'group') as unknown as Pattern[], into);
    }
  }
  return into;
}

function pathText(path: Triple['predicate']): string {
  if ('termType' in path) return termKey(path);
  const items = path.items.map((i) => pathText(i as Triple['predicate']));
  if (path.pathType === '/' || path.pathType === '|') return `(${items.join(path.pathType)})`;
  if (path.pathType === '^') return `^${items[0]}`;
  if (path.pathType === '!') return `!(${items.join('|')})`;
  return `${items[0]}${path.pathType}`;
}

async function sparqlFacts(store: GraphStore, c: SparqlConstraint, focus: string, rows: ReadonlyArray<readonly [string, string]>): Promise<PolicyFact[]> {
  const moved = [...new Set(rows.map(([comp]) => comp))];
  const text = fillPlaceholders(c.explain, rows, moved, [focus]);
  const result = await store.query(text);
  if (result.kind !== 'bindings') return [];
  const patterns = triplePatterns((new sparqljs.Parser().parse(c.explain) as SelectQuery).where ?? []);
  const proposals = new Set(rows.flatMap(([comp, ie]) => [POLICY.infrastructureElement, POLICY.proposedInfrastructureElement].map((p) => `<${comp}> <${p}> <${ie}>`)));
  const facts: PolicyFact[] = [];
  const seen = new Set<string>();
  for (const row of result.rows.slice(0, MAX_SOLUTIONS)) {
    const value = (t: RDF.Term): RDF.Term | undefined => (t.termType === 'Variable' ? row.get(t.value) : t);
    for (const t of patterns) {
      const s = value(t.subject);
      const o = value(t.object);
      if (!s || !o) continue;
      if (!('termType' in t.predicate)) {
        const key = `${termKey(s)} ${pathText(t.predicate)} ${termKey(o)}`;
        if (!seen.has(key)) facts.push({ subject: term(s), predicate: pathText(t.predicate), object: term(o), path: true });
        seen.add(key);
        continue;
      }
      const p = value(t.predicate);
      if (!p) continue;
      const key = `${termKey(s)} ${termKey(p)} ${termKey(o)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const stored = store.match(s as RDF.Quad_Subject, p as RDF.Quad_Predicate, o as RDF.Quad_Object, null).length > 0;
      if (stored) facts.push({ subject: term(s), predicate: term(p), object: term(o) });
      else if (proposals.has(key)) facts.push({ subject: term(s), predicate: term(p), object: term(o), proposed: true });
    }
  }
  return facts;
}

function factText(f: PolicyFact): string {
  return `${f.subject} ${f.predicate} ${f.object}${f.proposed ? ' (proposed)' : ''}`;
}

export async function explainViolation(store: GraphStore, policy: CompiledPolicy, v: PolicyViolation, rows: ReadonlyArray<readonly [string, string]>, constraint?: SparqlConstraint): Promise<ViolationExplanation> {
  const facts = constraint
    ? await sparqlFacts(store, constraint, v.focusNode, rows)
    : v.path && v.value !== undefined
      ? [{ subject: termKey(N3.DataFactory.namedNode(v.focusNode)), predicate: v.path, object: v.value, path: true }]
      : [];
  const name = policy.label ? `"${policy.label}"` : policy.id;
  const text = `${v.severity} of policy ${name} (${policy.iri})${policy.comment ? ` — ${policy.comment}` : ''}. ` +
    `${v.focusNode}: ${v.message}${facts.length > 0 ? ` Facts: ${facts.map(factText).join('; ')}.` : ''}`;
  return {
    policy: policy.iri, ...(policy.label ? { label: policy.label } : {}), ...(policy.comment ? { comment: policy.comment } : {}),
    severity: v.severity, kind: constraint ? 'sparql' : 'core', ...(constraint ? { select: constraint.select } : {}), facts, text,
  };
}
