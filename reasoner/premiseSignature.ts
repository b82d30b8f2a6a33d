/**
 * Premise signature of a rule (docs/reasoner.md "Incremental re-evaluation"): which changed
 * triples can affect its WHERE (sh:condition and targets included: they are compiled into it).
 * Computed once when the rules load, from the parsed query:
 * - constant predicates (property paths contribute all their IRIs);
 * - rdf:type classes of `?x a <C>` patterns (only a change of `x a C` affects them);
 * - a variable predicate (`?s ?p ?o`) or class (`?x a ?c`) is "guarded" when the same variable is,
 *   in the conjunctive part of the WHERE, the subject or object of a constant predicate
 *   (`?p rdfs:subPropertyOf+ ?q`, `?p owl:inverseOf ?q`): then only IRIs that currently have such
 *   a triple can bind it, checked against the data when a change arrives;
 * - anything else (negated property sets, an unguarded variable predicate) is "unknown → always affected".
 */
import type { Pattern, PropertyPath, Triple } from 'sparqljs';
import { RDF } from '../fabric/rdf/namespaces.js';
import { parseConstruct } from './constructQuery.js';

const RDF_TYPE = `${RDF}type`;

/** The variable is subject / object of a triple with this constant predicate. */
export interface Guard {
  readonly predicate: string;
  readonly position: 'subject' | 'object';
}

/** A variable slot: bound only by IRIs passing one of the guards, or by anything. */
export type VariableSlot = readonly Guard[] | 'any';

export interface PremiseSignature {
  readonly predicates: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
  /** Variable predicates read (one entry per variable). */
  readonly variablePredicates: readonly VariableSlot[];
  /** Variable classes of rdf:type patterns. */
  readonly variableTypes: readonly VariableSlot[];
  /** True when the rule may read any triple whatever its predicate (negated property set). */
  readonly unknown: boolean;
}

/** The predicates and rdf:type classes of a batch of changed triples. */
export interface ChangeAtoms {
  readonly predicates: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
}

/** Does the data currently hold a triple `iri guard.predicate ?` (subject) or `? guard.predicate iri` (object)? */
export type GuardCheck = (iri: string, guard: Guard) => boolean;

interface Collected {
  predicates: Set<string>;
  types: Set<string>;
  predicateVars: Set<string>;
  typeVars: Set<string>;
  unknown: boolean;
}

function pathIris(path: PropertyPath, into: Collected): void {
  // A negated property set reads any predicate; a zero-length path (`p*`, `p?`) binds every node (SPARQL 1.1 §9.3).
  if (path.pathType === '!' || path.pathType === '*' || path.pathType === '?') { into.unknown = true; return; }
  for (const item of path.items) {
    if ('termType' in item) into.predicates.add(item.value);
    else pathIris(item as PropertyPath, into);
  }
}

function collectTriples(triples: readonly Triple[], into: Collected): void {
  for (const { predicate, object } of triples) {
    if (!('termType' in predicate)) { pathIris(predicate, into); continue; }
    if (predicate.termType === 'Variable') { into.predicateVars.add(predicate.value); continue; }
    if (predicate.value === RDF_TYPE && object.termType === 'NamedNode') into.types.add(object.value);
    else if (predicate.value === RDF_TYPE && object.termType === 'Variable') into.typeVars.add(object.value);
    else into.predicates.add(predicate.value);
  }
}

function collectExpression(expression: unknown, into: Collected): void {
  if (Array.isArray(expression)) { for (const e of expression) collectExpression(e, into); return; }
  if (!expression || typeof expression !== 'object') return;
  const typed = expression as { type?: string; args?: unknown[]; patterns?: Pattern[] };
  if (typed.type === 'operation' || typed.type === 'functionCall') { for (const a of typed.args ?? []) collectExpression(a, into); return; }
  if (typed.type === 'bgp' || typed.type === 'group' || typed.type === 'query' || 'patterns' in typed) collectPatterns([expression as Pattern], into);
}

function collectPatterns(patterns: readonly Pattern[], into: Collected): void {
  for (const pattern of patterns) {
    switch (pattern.type) {
      case 'bgp': collectTriples(pattern.triples, into); break;
      case 'filter': case 'bind': collectExpression(pattern.expression, into); break;
      case 'values': break;
      case 'graph': case 'service': into.unknown = true; break;
      case 'query': collectPatterns(pattern.where ?? [], into); break;
      default: collectPatterns((pattern as { patterns: Pattern[] }).patterns, into);
    }
  }
}

/** A constant-predicate guard a triple pattern gives `variable`, if any. */
function tripleGuard(triple: Triple, variable: string): Guard | undefined {
  const p = triple.predicate;
  let iri: string | undefined;
  if ('termType' in p) iri = p.termType === 'NamedNode' ? p.value : undefined;
  else if (p.pathType === '+' && p.items.length === 1 && 'termType' in p.items[0]) iri = p.items[0].value;
  if (!iri) return undefined;
  if (triple.subject.termType === 'Variable' && triple.subject.value === variable) return { predicate: iri, position: 'subject' };
  if (triple.object.termType === 'Variable' && triple.object.value === variable) return { predicate: iri, position: 'object' };
  return undefined;
}

/** Guards of `variable` in the conjunctive part of a group: every solution satisfies one of them. */
function guardsIn(patterns: readonly Pattern[], variable: string): Guard[] | undefined {
  for (const pattern of patterns) {
    if (pattern.type === 'bgp') {
      const guard = pattern.triples.map((t) => tripleGuard(t, variable)).find((g) => g !== undefined);
      if (guard) return [guard];
    } else if (pattern.type === 'group') {
      const inner = guardsIn(pattern.patterns, variable);
      if (inner) return inner;
    } else if (pattern.type === 'union') {
      const branches = pattern.patterns.map((b) => guardsIn(b.type === 'group' ? b.patterns : [b], variable));
      if (branches.every((b) => b !== undefined)) return branches.flat() as Guard[];
    }
  }
  return undefined;
}

export function premiseSignature(query: string, rule: string): PremiseSignature {
  const where = parseConstruct(query, rule).where ?? [];
  const collected = emptyCollected();
  collectPatterns(where, collected);
  return signatureOf(collected, where);
}

/**
 * The atoms a rule's CONSTRUCT template can produce, in the same form (a variable predicate or class of
 * the template is guarded as in its WHERE): a change with none of them cannot be a triple the rule
 * derives (the incremental reasoner then need not look for it in the rule graphs).
 */
export function headSignature(query: string, rule: string): PremiseSignature {
  const parsed = parseConstruct(query, rule);
  const where = parsed.where ?? [];
  const collected = emptyCollected();
  collectTriples(parsed.template ?? [], collected);
  return signatureOf(collected, where);
}

function emptyCollected(): Collected {
  return { predicates: new Set(), types: new Set(), predicateVars: new Set(), typeVars: new Set(), unknown: false };
}

/** The signature of collected atoms; a variable predicate or class is guarded as in `where`. */
function signatureOf(collected: Collected, where: Parameters<typeof guardsIn>[0]): PremiseSignature {
  const slot = (variable: string): VariableSlot => guardsIn(where, variable) ?? 'any';
  return {
    predicates: collected.predicates,
    types: collected.types,
    variablePredicates: [...collected.predicateVars].map(slot),
    variableTypes: [...collected.typeVars].map(slot),
    unknown: collected.unknown,
  };
}

function slotAccepts(slot: VariableSlot, iri: string, check: GuardCheck): boolean {
  return slot === 'any' || slot.some((guard) => check(iri, guard));
}

/** Whether a batch of changes can affect a rule with this signature. */
export function isAffected(signature: PremiseSignature, atoms: ChangeAtoms, check: GuardCheck): boolean {
  if (atoms.predicates.size === 0 && atoms.types.size === 0) return false;
  if (signature.unknown) return true;
  for (const p of atoms.predicates) {
    if (signature.predicates.has(p)) return true;
    if (signature.variablePredicates.some((slot) => slotAccepts(slot, p, check))) return true;
  }
  for (const c of atoms.types) {
    if (signature.types.has(c)) return true;
    if (signature.variableTypes.some((slot) => slotAccepts(slot, c, check))) return true;
  }
  return false;
}

/** The atoms a change touches: predicates and rdf:type classes of its triples. */
export function atomsOf(quads: Iterable<{ readonly predicate: { readonly value: string }; readonly object: { readonly termType: string; readonly value: string } }>): { predicates: Set<string>; types: Set<string> } {
  const atoms = { predicates: new Set<string>(), types: new Set<string>() };
  for (const q of quads) {
    atoms.predicates.add(q.predicate.value);
    if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') atoms.types.add(q.object.value);
  }
  return atoms;
}
