/**
 * Delta plan of a rule (docs/reasoner.md "Incremental re-evaluation"): how to evaluate the rule
 * for a set of changed triples only (semi-naive evaluation), instead of over all data.
 * - Delta patterns: the plain triple patterns of the conjunctive part of its WHERE (top-level
 *   groups and UNION branches). A solution that uses a changed triple through such a pattern binds
 *   that pattern's variables to the triple's terms, so joining the WHERE with VALUES of those
 *   bindings finds exactly the derivations that can involve the change.
 * - Opaque positions: everything else a change can reach — property paths (a changed
 *   `rdfs:subClassOf` may sit in the middle of a `+` chain), OPTIONAL, MINUS, (NOT) EXISTS,
 *   sub-queries. A change reaching one of them is not evaluated by delta: the incremental reasoner
 *   falls back to a full run (schema changes; non-monotonic rules).
 * - Head query: the rule's WHERE with its template variables bound (VALUES), to check whether an
 *   over-deleted triple still has a derivation (DRed re-derivation).
 */
import sparqljs from 'sparqljs';
import type { ConstructQuery, Pattern, PropertyPath, Term, Triple } from 'sparqljs';
import type oxigraph from 'oxigraph';
import { RDF } from '../fabric/rdf/namespaces.js';
import { termSyntax } from '../fabric/rdf/termSyntax.js';
import type { Rule } from './Rule.js';
import { ruleName } from './Rule.js';
import { parseConstruct } from './constructQuery.js';

const RDF_TYPE = `${RDF}type`;

type TriplePattern = Pick<Triple, 'subject' | 'object'> & { readonly predicate: Term };
type Row = Record<string, oxigraph.Term>;

/** Predicates / rdf:type classes a change must not reach for delta evaluation to be valid. */
interface Opaque {
  readonly predicates: Set<string>;
  readonly types: Set<string>;
  any: boolean;
}

export interface DeltaPlan {
  readonly rule: Rule;
  readonly patterns: readonly TriplePattern[];
  readonly opaque: Opaque;
  readonly query: ConstructQuery;
}

function collectOpaqueTriples(triples: readonly Triple[], into: Opaque): void {
  for (const { predicate, object } of triples) {
    if (!('termType' in predicate)) { pathIris(predicate, into); continue; }
    if (predicate.termType !== 'NamedNode') { into.any = true; continue; }
    if (predicate.value === RDF_TYPE && object.termType === 'NamedNode') into.types.add(object.value);
    else into.predicates.add(predicate.value);
  }
}

/**
 * The IRIs of a path; a negated property set reads any predicate, and a zero-length path (`p*`, `p?`) binds every
 * node of the data (SPARQL 1.1 §9.3), so any change can reach it.
 */
function pathIris(path: PropertyPath, into: Opaque): void {
  if (path.pathType === '!' || path.pathType === '*' || path.pathType === '?') { into.any = true; return; }
  for (const item of path.items) {
    if ('termType' in item) into.predicates.add(item.value);
    else pathIris(item as PropertyPath, into);
  }
}

/** Every triple pattern below `value` (patterns, expressions, sub-queries) is opaque. */
function collectOpaque(value: unknown, into: Opaque): void {
  if (Array.isArray(value)) { for (const v of value) collectOpaque(v, into); return; }
  if (!value || typeof value !== 'object') return;
  const node = value as { type?: string; triples?: Triple[]; termType?: string };
  if (node.termType) return;
  if (node.type === 'bgp' && node.triples) { collectOpaqueTriples(node.triples, into); return; }
  if (node.type === 'graph' || node.type === 'service') into.any = true;
  for (const child of Object.values(node)) collectOpaque(child, into);
}

/** Split a group into delta patterns (conjunctive part) and opaque positions. */
function analyse(patterns: readonly Pattern[], deltas: TriplePattern[], opaque: Opaque): void {
  for (const pattern of patterns) {
    switch (pattern.type) {
      case 'bgp':
        for (const triple of pattern.triples) {
          if ('termType' in triple.predicate) deltas.push(triple as TriplePattern);
          else collectOpaqueTriples([triple], opaque);
        }
        break;
      case 'group': analyse(pattern.patterns, deltas, opaque); break;
      case 'union': for (const branch of pattern.patterns) analyse(branch.type === 'group' ? branch.patterns : [branch], deltas, opaque); break;
      case 'values': break;
      default: collectOpaque(pattern, opaque); // filter / bind expressions (EXISTS), optional, minus, sub-query
    }
  }
}

export function deltaPlan(rule: Rule): DeltaPlan {
  const query = parseConstruct(rule.query, ruleName(rule));
  const patterns: TriplePattern[] = [];
  const opaque: Opaque = { predicates: new Set(), types: new Set(), any: false };
  analyse(query.where ?? [], patterns, opaque);
  return { rule, patterns, opaque, query };
}

/** Whether a changed triple reaches an opaque position of the rule (then delta evaluation is not valid). */
export function reachesOpaque(plan: DeltaPlan, triple: oxigraph.Quad): boolean {
  const predicate = triple.predicate.value;
  return reachesOpaqueAtom(plan, predicate, predicate === RDF_TYPE ? triple.object.value : undefined);
}

/** reachesOpaque for a triple given as its predicate IRI and, for rdf:type, its class (no term object read). */
export function reachesOpaqueAtom(plan: DeltaPlan, predicate: string, type: string | undefined): boolean {
  const { opaque } = plan;
  if (opaque.any) return true;
  if (opaque.predicates.has(predicate)) return true;
  return type !== undefined && opaque.types.has(type);
}

function sameTerm(pattern: Term, term: oxigraph.Term): boolean {
  if (pattern.termType !== term.termType || pattern.value !== term.value) return false;
  if (pattern.termType !== 'Literal' || term.termType !== 'Literal') return true;
  return pattern.language === term.language && pattern.datatype.value === term.datatype.value;
}

/**
 * The VALUES row binding `pattern`'s variables to the triple's terms, or undefined when the triple
 * cannot match it. Blank nodes cannot be written in a query: their variable stays UNDEF (a superset
 * of the solutions, each of them still a solution of the WHERE).
 */
export function bindPattern(pattern: TriplePattern, triple: { subject: oxigraph.Term; predicate: oxigraph.Term; object: oxigraph.Term }): Row | undefined {
  const row: Row = {};
  const bound = new Map<string, oxigraph.Term>();
  for (const [p, t] of [[pattern.subject, triple.subject], [pattern.predicate, triple.predicate], [pattern.object, triple.object]] as const) {
    if (p.termType === 'Variable') {
      const seen = bound.get(p.value);
      if (seen && !seen.equals(t)) return undefined;
      bound.set(p.value, t);
      if (t.termType !== 'BlankNode') row[`?${p.value}`] = t;
    } else if (p.termType === 'BlankNode') {
      continue; // a blank node in a WHERE is a variable that cannot be projected
    } else if (!sameTerm(p, t)) {
      return undefined;
    }
  }
  return row;
}

const generator = new sparqljs.Generator();
const PLACEHOLDER_ROW = { '?cfDeltaPlaceholder': { termType: 'NamedNode', value: 'urn:cf:delta-placeholder' } };

/** `VALUES (?a ?b) { (<x> UNDEF) … }` in our own term syntax: sparqljs cannot write RDF 1.2 triple terms. */
function valuesBlock(rows: readonly Row[]): string {
  const variables = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = rows.map((row) => `    (${variables.map((v) => (row[v] ? termSyntax(row[v]) : 'UNDEF')).join(' ')})`);
  return `  VALUES (${variables.join(' ')}) {\n${lines.join('\n')}\n  }\n`;
}

/**
 * The WHERE, or — `unknownOnly`, for a one-triple template — `{ WHERE } FILTER NOT EXISTS { template }`: the solutions
 * whose derived triple the queried dataset (the mirror's data and rule graphs) does not hold yet. Semi-naive insertion
 * drops a derived triple already held anyway; filtered in the query, the triples already known (with the built-in rules
 * under NGSI-LD creates, the whole second round: `subproperty-statement` deriving the stated aerOS triple back from its
 * new Smart Data Models alias) never become JS objects. A variable of the template the WHERE leaves unbound matches
 * anything in the NOT EXISTS, but CONSTRUCT makes no triple for such a solution either way.
 */
function unknownOnly(where: Pattern[], template: readonly Triple[], wanted: boolean): Pattern[] {
  if (!wanted || template.length !== 1) return where;
  const held: Pattern = { type: 'bgp', triples: [...template] };
  return [{ type: 'group', patterns: where }, { type: 'filter', expression: { type: 'operation', operator: 'notexists', args: [held] } } as Pattern];
}

/**
 * CONSTRUCT `template` WHERE { VALUES rows LATERAL { the rule's WHERE } } (no VALUES when no row binds anything).
 * LATERAL (SPARQL 1.2 draft, supported by oxigraph) evaluates the WHERE once per row with the row's bindings
 * substituted: with a plain join, oxigraph evaluates the WHERE over all data before joining when there are several
 * rows (seconds at 10k IEs). sparqljs writes neither LATERAL nor triple terms (NGSI-LD reifiers bind them): it
 * generates the query around a placeholder VALUES block, which is replaced by ours, followed by LATERAL.
 */
export function boundConstruct(plan: DeltaPlan, rows: readonly Row[], template: readonly Triple[] = plan.query.template ?? [], options: { readonly unknownOnly?: boolean } = {}): string {
  const where: Pattern[] = [{ type: 'group', patterns: unknownOnly(plan.query.where ?? [], template, options.unknownOnly === true) }];
  return withValues({ ...plan.query, template: [...template], where }, rows, (q) => generator.stringify(q));
}

/**
 * `query` (its WHERE one group) as text, its group preceded by `VALUES rows LATERAL` (no VALUES when no row binds
 * anything): sparqljs writes the query around a placeholder VALUES block, which is replaced by ours.
 */
export function withValues<Q extends { where?: Pattern[] }>(query: Q, rows: readonly Row[], stringify: (query: Q) => string): string {
  const useful = rows.length > 0 && rows.every((row) => Object.keys(row).length > 0);
  if (!useful) return stringify(query);
  const text = stringify({ ...query, where: [{ type: 'values', values: [PLACEHOLDER_ROW] as unknown as sparqljs.ValuePatternRow[] }, ...(query.where ?? [])] });
  const values = text.indexOf('\n  VALUES ');
  const close = text.indexOf('\n  }\n', values);
  const end = close + '\n  }\n'.length;
  const group = text.slice(end).trimStart();
  if (values < 0 || close < 0 || !group.startsWith('{')) throw new Error(`Unexpected generated query shape: ${text.slice(0, 300)}`);
  return `${text.slice(0, values + 1)}${valuesBlock(rows)}  LATERAL ${group}`;
}
