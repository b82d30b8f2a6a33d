/**
 * Closure lookups (docs/reasoner.md "A create's cost in the worker", round 2): the delta evaluation of a rule whose
 * WHERE is ONE plain triple pattern T joined with property paths and filters over a few of T's variables only — the
 * built-in `subproperty-statement` (`?s ?sub ?o`, `?sub rdfs:subPropertyOf+ ?super`) and `subclass-type`
 * (`?x a ?sub`, `?sub rdfs:subClassOf+ ?super`), i.e. rdfs7 / rdfs9. For a changed triple bound to T, the rule's
 * solutions are T's bindings joined with the solutions of the rest of the WHERE for T's values of the shared
 * variables (the "keys", e.g. the predicate P or the class C): a lookup of P's super-properties (C's super-classes).
 * The rest reads only predicates of property paths, which are opaque to delta evaluation (deltaPlan.ts): a change
 * of any of them (data or derived, e.g. an rdfs:subPropertyOf edit) makes the batch a full run before its next
 * round reads anything, so the rest's solutions for a key cannot change while a batch is maintained and are
 * asked once per batch and key (one SPARQL SELECT for the keys a round needs, over the same dataset as the rule's
 * delta query), instead of the path being evaluated per changed triple in each round's delta query.
 * The heads are the rule's template instantiated with both bindings, as CONSTRUCT would; a triple with a blank node
 * (which a delta query leaves UNDEF, deltaPlan.ts bindPattern) or a head CONSTRUCT might drop as ill-formed goes
 * through the rule's delta query instead, so what is derived is the same either way.
 */
import oxigraph from 'oxigraph';
import sparqljs from 'sparqljs';
import type { Expression, Pattern, SelectQuery, Term, Triple as SparqlTriple, Variable } from 'sparqljs';
import { bindPattern, withValues, type DeltaPlan } from './deltaPlan.js';
import { ruleName } from './Rule.js';
import { KeyedTriple, type Triple } from './deltaAtoms.js';
import { writableAsValues } from './mirrorHolders.js';

const generator = new sparqljs.Generator();

/** A term of the template: a variable of T (its position), a variable of the rest, or a constant. */
type Slot = { readonly from: 'pattern'; readonly variable: string } | { readonly from: 'rest'; readonly variable: string } | { readonly from: 'constant'; readonly term: oxigraph.NamedNode; readonly text: string };

export interface ClosureLookup {
  readonly plan: DeltaPlan;
  /** Variables T shares with the rest (without '?'). */
  readonly keys: readonly string[];
  /** The rest of the WHERE: path triples and filters. */
  readonly rest: readonly Pattern[];
  /** The rest's variables (projected by the lookup query). */
  readonly restVariables: readonly string[];
  /** The one template triple, as slots. */
  readonly head: readonly [Slot, Slot, Slot];
}

function expressionVariables(expression: Expression, into: Set<string>): boolean {
  if (Array.isArray(expression)) return expression.every((e) => expressionVariables(e as Expression, into));
  const node = expression as { termType?: string; value?: string; type?: string; args?: Expression[] };
  if (node.termType) {
    if (node.termType === 'Variable') into.add(node.value!);
    return true;
  }
  if ((node.type === 'operation' || node.type === 'functionCall') && node.args) {
    if (node.type === 'operation' && /exists/i.test((expression as { operator: string }).operator)) return false; // reads data
    return node.args.every((a) => expressionVariables(a, into));
  }
  return false;
}

function termVariables(term: Term, into: Set<string>): boolean {
  if (term.termType === 'Variable') into.add(term.value);
  return term.termType !== 'BlankNode';
}

/** The closure lookup of a plan, or undefined when its rule does not have that shape. */
export function closureLookup(plan: DeltaPlan): ClosureLookup | undefined {
  const { query } = plan;
  const template = query.template ?? [];
  const extra = Object.keys(query).filter((k) => !['queryType', 'template', 'where', 'type', 'prefixes', 'base'].includes(k));
  if (extra.length > 0 || template.length !== 1 || plan.patterns.length !== 1 || plan.opaque.any) return undefined;
  const pattern = plan.patterns[0];
  const rest: Pattern[] = [];
  const restVariables = new Set<string>();
  const filterVariables = new Set<string>();
  let found = 0;
  for (const p of query.where ?? []) {
    if (p.type === 'filter') {
      if (!expressionVariables(p.expression, filterVariables)) return undefined;
      rest.push(p);
    } else if (p.type === 'bgp') {
      const paths: SparqlTriple[] = [];
      for (const t of p.triples) {
        if (t === pattern) { found++; continue; }
        if ('termType' in t.predicate) return undefined; // a second plain pattern
        if (!termVariables(t.subject, restVariables) || !termVariables(t.object, restVariables)) return undefined;
        paths.push(t);
      }
      if (paths.length > 0) rest.push({ type: 'bgp', triples: paths });
    } else return undefined;
  }
  const patternVariables = new Set<string>();
  if (found !== 1 || !termVariables(pattern.subject, patternVariables) || !termVariables(pattern.predicate, patternVariables) || !termVariables(pattern.object, patternVariables)) return undefined;
  if (rest.every((p) => p.type !== 'bgp') || [...filterVariables].some((v) => !restVariables.has(v))) return undefined;
  const keys = [...restVariables].filter((v) => patternVariables.has(v));
  if (keys.length === 0) return undefined;
  const slot = (term: Term): Slot | undefined => {
    if (term.termType === 'Variable') {
      if (patternVariables.has(term.value)) return { from: 'pattern', variable: term.value };
      return restVariables.has(term.value) ? { from: 'rest', variable: term.value } : undefined;
    }
    return term.termType === 'NamedNode' ? { from: 'constant', term: oxigraph.namedNode(term.value), text: `<${term.value}>` } : undefined;
  };
  const [t] = template;
  if (!('termType' in t.predicate)) return undefined;
  const head = [slot(t.subject), slot(t.predicate as Term), slot(t.object)];
  if (head.some((s) => s === undefined)) return undefined;
  return { plan, keys, rest, restVariables: [...restVariables], head: head as [Slot, Slot, Slot] };
}

/** A solution of the rest: its terms and their N-Triples text (read once, shared by every head that uses it). */
interface Solution {
  readonly terms: ReadonlyMap<string, oxigraph.Term>;
  readonly texts: ReadonlyMap<string, string>;
}

/** A changed triple's terms and their N-Triples text (`texts`: subject, predicate, object). */
export interface LookupTriple {
  readonly t: { readonly subject: oxigraph.Term; readonly predicate: oxigraph.Term; readonly object: oxigraph.Term };
  readonly texts: readonly [string, string, string];
}

function selectText(lookup: ClosureLookup, keys: readonly Record<string, oxigraph.Term>[]): string {
  const variables = lookup.restVariables.map((value) => ({ termType: 'Variable', value }) as Variable);
  const query: SelectQuery = { type: 'query', queryType: 'SELECT', prefixes: lookup.plan.query.prefixes, variables, where: [{ type: 'group', patterns: [...lookup.rest] }] };
  return withValues(query, keys, (q) => generator.stringify(q as SelectQuery));
}

/**
 * The closure lookups of one batch: the rest's solutions per key, asked once (`ask`: evaluates a SELECT over the
 * rule's dataset). Valid while no change reaches a path predicate, i.e. for one maintainDelta call.
 */
export class ClosureLookups {
  private readonly solutions = new Map<ClosureLookup, Map<string, Solution[]>>();

  constructor(private readonly ask: (query: string) => Map<string, oxigraph.Term>[]) {}

  /**
   * The heads of `lookup`'s rule for the triples, and the triples it cannot look up (a blank node, a key that is not
   * an IRI, an ill-formed head): those go to the rule's delta query. `bound`: how many triples were looked up. The
   * triples are bound to T by their N-Triples texts (bindTexts) and a head with a plain key is a KeyedTriple made from
   * the texts: no term object is read unless a key is asked for the first time or a head is not plain.
   */
  heads(lookup: ClosureLookup, triples: readonly LookupTriple[]): { heads: Triple[]; rest: LookupTriple[]; bound: number } {
    const pattern = lookup.plan.patterns[0];
    const bound: BoundTriple[] = [];
    const fallback: LookupTriple[] = [];
    for (const triple of triples) {
      if (triple.texts[0].startsWith('_:') || triple.texts[2].includes('_:')) { fallback.push(triple); continue; }
      const texts = bindTexts(pattern, triple);
      if (!texts) continue; // cannot match T: no derivation uses it
      if (lookup.keys.some((k) => !texts.get(k)!.startsWith('<') || texts.get(k)!.startsWith('<<'))) { fallback.push(triple); continue; }
      bound.push({ triple, texts, key: lookup.keys.map((k) => texts.get(k)).join(' ') });
    }
    const known = this.known(lookup, bound);
    const heads: Triple[] = [];
    let looked = 0;
    for (const item of bound) {
      const mine: Triple[] = [];
      let wellFormed = true;
      for (const solution of known.get(item.key) ?? []) {
        const [s, p, o] = lookup.head.map((slot) => (slot.from === 'constant' ? slot.text : slot.from === 'pattern' ? item.texts.get(slot.variable) : solution.texts.get(slot.variable)));
        if (s === undefined || p === undefined || o === undefined) continue; // unbound: CONSTRUCT makes no triple
        if (!(isIri(s) || s.startsWith('_:')) || !isIri(p)) { wellFormed = false; break; }
        const headKey = `${s} ${p} ${o}`;
        mine.push(writableAsValues(headKey) ? new KeyedTriple(headKey) : headTerms(lookup, item, solution, headKey));
      }
      if (wellFormed) { heads.push(...mine); looked++; } else fallback.push(item.triple);
    }
    return { heads, rest: fallback, bound: looked };
  }

  /** The rest's solutions for the keys of `bound`, asking for the keys not asked yet in one query. */
  private known(lookup: ClosureLookup, bound: readonly BoundTriple[]): Map<string, Solution[]> {
    let known = this.solutions.get(lookup);
    if (!known) this.solutions.set(lookup, known = new Map());
    const missing = new Map<string, Record<string, oxigraph.Term>>();
    for (const item of bound) {
      if (known.has(item.key) || missing.has(item.key)) continue;
      const row = rowOf(lookup, item);
      missing.set(item.key, Object.fromEntries(lookup.keys.map((k) => [`?${k}`, row[`?${k}`]])));
    }
    if (missing.size === 0) return known;
    for (const key of missing.keys()) known.set(key, []);
    for (const result of this.ask(selectText(lookup, [...missing.values()]))) {
      const texts = new Map<string, string>();
      for (const [variable, term] of result) texts.set(variable, term.toString());
      const solutions = known.get(lookup.keys.map((k) => texts.get(k)).join(' '));
      // Both sides write an IRI as oxigraph does (`<iri>`, unescaped); a solution that matched no key would be lost.
      if (!solutions) throw new Error(`Closure lookup of ${ruleName(lookup.plan.rule)}: a solution for a key not asked for (${[...texts.values()].join(' ')})`);
      solutions.push({ terms: result, texts });
    }
    return known;
  }
}

/** A changed triple bound to T: the N-Triples texts of T's variables, and the key of its shared values. */
interface BoundTriple {
  readonly triple: LookupTriple;
  readonly texts: ReadonlyMap<string, string>;
  readonly key: string;
}

/** Whether an N-Triples term is an IRI (a triple term alone is written as three terms, with spaces). */
const isIri = (text: string): boolean => text[0] === '<' && !text.includes(' ');

/**
 * deltaPlan.ts bindPattern on the triple's N-Triples texts (oxigraph writes equal terms alike and distinct ones
 * differently): the texts of T's variables, or undefined when the triple cannot match T. For a constant other than an
 * IRI, the terms are compared (bindPattern).
 */
export function bindTexts(pattern: DeltaPlan['patterns'][number], triple: LookupTriple): Map<string, string> | undefined {
  const texts = new Map<string, string>();
  const positions = [pattern.subject, pattern.predicate, pattern.object];
  let compareTerms = false;
  for (const [i, p] of positions.entries()) {
    const text = triple.texts[i];
    if (p.termType === 'Variable') {
      const seen = texts.get(p.value);
      if (seen !== undefined && seen !== text) return undefined;
      texts.set(p.value, text);
    } else if (p.termType === 'NamedNode') {
      if (text !== `<${p.value}>`) return undefined;
    } else if (p.termType !== 'BlankNode') {
      compareTerms = true;
    }
  }
  return compareTerms && !bindPattern(pattern, triple.t) ? undefined : texts;
}

/** The VALUES row of a bound triple's terms (read only for a key asked the first time in the batch). */
function rowOf(lookup: ClosureLookup, item: BoundTriple): Record<string, oxigraph.Term> {
  const row = bindPattern(lookup.plan.patterns[0], item.triple.t);
  if (!row) throw new Error(`Closure lookup of ${ruleName(lookup.plan.rule)}: a triple bound by its texts but not by its terms`);
  return row;
}

/** A head that is not plain (a triple term, a blank node, a `\u` escape): its terms, as CONSTRUCT would make them. */
function headTerms(lookup: ClosureLookup, item: BoundTriple, solution: Solution, key: string): Triple {
  const row = rowOf(lookup, item);
  const [s, p, o] = lookup.head.map((slot) => (slot.from === 'constant' ? slot.term : slot.from === 'pattern' ? row[`?${slot.variable}`] : solution.terms.get(slot.variable)!));
  return { subject: s as oxigraph.Quad['subject'], predicate: p as oxigraph.NamedNode, object: o as oxigraph.Quad['object'], key };
}
