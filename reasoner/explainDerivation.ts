/**
 * Explanations of derived triples (docs/reasoner.md "Explanations"): the
 * inferred graph that holds a triple names the rule (its provenance record
 * keeps the exact query that ran); the premises are recomputed on demand by
 * running that query's WHERE as a SELECT with the template unified with the
 * triple, so nothing per triple has to be stored. Each premise says whether it
 * is itself derived (and where), so an explanation can be followed backwards.
 */
import sparqljs from 'sparqljs';
import type { ConstructQuery, Pattern, PropertyPath, SelectQuery, Triple, ValuePatternRow } from 'sparqljs';
import type * as RDF from '@rdfjs/types';
import N3 from 'n3';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { parseConstruct } from './constructQuery.js';
import { termKey } from './rdfTerms.js';
import { PROV, PROV_O, REASONER_GRAPHS } from './vocabulary.js';

export interface Premise {
  /** N-Triples terms; `predicate` is a SPARQL property path for path premises. */
  readonly subject: string;
  readonly predicate: string;
  readonly object: string;
  /** True when the premise is itself in an inferred graph (explain it in turn). */
  readonly derived: boolean;
  /** Inferred graphs holding the premise. */
  readonly derivedIn: readonly string[];
  /** A property-path premise: it holds, but is a path, not one stored triple. */
  readonly path?: boolean;
}

export interface Derivation {
  readonly graph: string;
  /** Rule IRI (or its shape), from the provenance record. */
  readonly rule?: string;
  readonly ruleId?: string;
  readonly ruleSet?: string;
  readonly generatedAt?: string;
  readonly run?: string;
  readonly query?: string;
  /** Solutions of the rule's WHERE (variable → N-Triples term) that produce the triple now. */
  readonly bindings: ReadonlyArray<Readonly<Record<string, string>>>;
  /** The facts the first solution matched. */
  readonly premises: readonly Premise[];
}

export interface TripleExplanation {
  readonly subject: string;
  readonly predicate: string;
  readonly object: string;
  /** Also stated in a non-inferred graph. */
  readonly asserted: boolean;
  readonly derivations: readonly Derivation[];
}

const MAX_SOLUTIONS = 5;
const { namedNode } = N3.DataFactory;

function graphsOf(store: GraphStore, triple: RDF.Quad): string[] {
  return store.match(triple.subject, triple.predicate, triple.object, null).map((q) => q.graph.value);
}

async function provenanceOf(store: GraphStore, graph: string): Promise<Partial<Derivation>> {
  const result = await store.query(`SELECT ?rule ?id ?set ?time ?run ?query WHERE { GRAPH <${REASONER_GRAPHS.provenance}> {
    <${graph}> <${PROV.derivedBy}> ?rule ; <${PROV.ruleId}> ?id ; <${PROV.ruleSet}> ?set ; <${PROV.generatedAtTime}> ?time ;
      <${PROV_O}wasGeneratedBy> ?run ; <${PROV.query}> ?query } } LIMIT 1`);
  const row = result.kind === 'bindings' ? result.rows[0] : undefined;
  if (!row) return {};
  return {
    rule: row.get('rule')?.value, ruleId: row.get('id')?.value, ruleSet: row.get('set')?.value,
    generatedAt: row.get('time')?.value, run: row.get('run')?.value, query: row.get('query')?.value,
  };
}

/** Bindings that make a template triple equal to `triple`, or undefined when they cannot. */
function unify(template: Triple, triple: RDF.Quad): ValuePatternRow | undefined {
  const row: ValuePatternRow = {};
  const pairs: Array<[RDF.Term | PropertyPath, RDF.Term]> = [[template.subject, triple.subject], [template.predicate, triple.predicate], [template.object, triple.object]];
  for (const [pattern, term] of pairs) {
    if (!('termType' in pattern)) return undefined;
    if (pattern.termType === 'Variable') {
      const bound = row[`?${pattern.value}`];
      if (bound && !bound.equals(term)) return undefined;
      row[`?${pattern.value}`] = term as ValuePatternRow[string];
    } else if (!pattern.equals(term)) {
      return undefined;
    }
  }
  return row;
}

function pathText(path: PropertyPath | RDF.Term): string {
  if ('termType' in path) return termKey(path);
  const items = path.items.map(pathText);
  if (path.pathType === '/' || path.pathType === '|') return `(${items.join(path.pathType)})`;
  if (path.pathType === '^') return `^${items[0]}`;
  if (path.pathType === '!') return `!(${items.join('|')})`;
  return `${items[0]}${path.pathType}`;
}

/** Triple patterns of a WHERE (groups, unions, optionals, sub-selects), not those under FILTER / MINUS. */
function triplePatterns(patterns: readonly Pattern[], into: Triple[] = []): Triple[] {
  for (const p of patterns) {
    if (p.type === 'bgp') into.push(...p.triples);
    else if (p.type === 'query') triplePatterns(p.where ?? [], into);
    else if (p.type === 'group' || p.type === 'union' || p.type === 'optional' || p.type === 'graph') triplePatterns(p.patterns, into);
  }
  return into;
}

function instantiate(term: RDF.Term, row: ReadonlyMap<string, RDF.Term>): RDF.Term | undefined {
  return term.termType === 'Variable' ? row.get(term.value) : term;
}

function premisesOf(store: GraphStore, where: readonly Pattern[], row: ReadonlyMap<string, RDF.Term>): Premise[] {
  const premises: Premise[] = [];
  const seen = new Set<string>();
  for (const t of triplePatterns(where)) {
    const s = instantiate(t.subject, row);
    const o = instantiate(t.object, row);
    if (!s || !o) continue;
    if (!('termType' in t.predicate)) {
      const key = `${termKey(s)} ${pathText(t.predicate)} ${termKey(o)}`;
      if (!seen.has(key)) premises.push({ subject: termKey(s), predicate: pathText(t.predicate), object: termKey(o), derived: false, derivedIn: [], path: true });
      seen.add(key);
      continue;
    }
    const p = instantiate(t.predicate, row);
    if (!p) continue;
    const quad = N3.DataFactory.quad(s as RDF.Quad_Subject, p as RDF.Quad_Predicate, o as RDF.Quad_Object);
    const key = `${termKey(s)} ${termKey(p)} ${termKey(o)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const graphs = graphsOf(store, quad);
    if (graphs.length === 0) continue; // a branch the solution did not take
    const derivedIn = graphs.filter((g) => g.startsWith(REASONER_GRAPHS.prefix));
    premises.push({ subject: termKey(s), predicate: termKey(p), object: termKey(o), derived: derivedIn.length === graphs.length, derivedIn });
  }
  return premises;
}

async function rederive(store: GraphStore, query: string, triple: RDF.Quad): Promise<Pick<Derivation, 'bindings' | 'premises'>> {
  const construct: ConstructQuery = parseConstruct(query, 'explained rule');
  const bindings: Array<Record<string, string>> = [];
  let premises: Premise[] = [];
  for (const template of construct.template ?? []) {
    const row = unify(template, triple);
    if (!row || bindings.length >= MAX_SOLUTIONS) continue;
    const select: SelectQuery = {
      type: 'query', queryType: 'SELECT', prefixes: construct.prefixes, variables: [new sparqljs.Wildcard()],
      where: [...(Object.keys(row).length > 0 ? [{ type: 'values' as const, values: [row] }] : []), ...(construct.where ?? [])],
      limit: MAX_SOLUTIONS * 4,
    };
    const result = await store.query(new sparqljs.Generator().stringify(select));
    if (result.kind !== 'bindings') continue;
    const self = `${termKey(triple.subject)} ${termKey(triple.predicate)} ${termKey(triple.object)}`;
    for (const solution of result.rows) {
      if (bindings.length >= MAX_SOLUTIONS) break;
      const found = premisesOf(store, construct.where ?? [], solution);
      // A solution that uses the explained triple itself (a cycle through the rule's own output) explains nothing.
      if (found.some((p) => `${p.subject} ${p.predicate} ${p.object}` === self)) continue;
      bindings.push(Object.fromEntries([...solution].map(([k, v]) => [k, termKey(v)])));
      if (premises.length === 0) premises = found;
    }
  }
  return { bindings, premises };
}

export async function explainTriple(store: GraphStore, triple: RDF.Quad): Promise<TripleExplanation> {
  const graphs = graphsOf(store, triple);
  const inferred = graphs.filter((g) => g.startsWith(REASONER_GRAPHS.prefix) && g !== REASONER_GRAPHS.provenance);
  const derivations: Derivation[] = [];
  for (const graph of inferred) {
    const record = await provenanceOf(store, graph);
    const premises = record.query ? await rederive(store, record.query, triple) : { bindings: [], premises: [] };
    derivations.push({ graph, ...record, ...premises });
  }
  return {
    subject: termKey(triple.subject), predicate: termKey(triple.predicate), object: termKey(triple.object),
    asserted: graphs.some((g) => !g.startsWith(REASONER_GRAPHS.prefix)), derivations,
  };
}

/** Every derived triple with `iri` as subject (at most `limit`), explained. */
export async function explainResource(store: GraphStore, iri: string, limit = 100): Promise<TripleExplanation[]> {
  const subject = namedNode(iri);
  const quads = store.match(subject, null, null, null)
    .filter((q) => q.graph.value.startsWith(REASONER_GRAPHS.prefix) && q.graph.value !== REASONER_GRAPHS.provenance);
  const seen = new Set<string>();
  const explanations: TripleExplanation[] = [];
  for (const quad of quads) {
    const key = `${termKey(quad.predicate)} ${termKey(quad.object)}`;
    if (seen.has(key) || explanations.length >= limit) continue;
    seen.add(key);
    explanations.push(await explainTriple(store, N3.DataFactory.quad(quad.subject, quad.predicate, quad.object)));
  }
  return explanations;
}
