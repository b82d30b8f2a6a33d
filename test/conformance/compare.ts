/**
 * Result comparison per the DAWG test conventions: solution sequences are
 * compared as multisets with blank-node isomorphism (in order when the query
 * has ORDER BY), graphs with RDF isomorphism (rdf-isomorphic). Terms compare
 * by RDF term equality (lexical form, datatype, language).
 */
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import type { Outcome } from './types.js';

const { DataFactory: F } = N3;
const ROW = F.namedNode('urn:conformance:row');
const INDEX = F.namedNode('urn:conformance:index');
const varPredicate = (name: string) => F.namedNode(`urn:conformance:var:${encodeURIComponent(name)}`);

/** Encodes a solution sequence as a graph (each row a blank node) so isomorphism gives multiset + bnode matching. */
function bindingsAsGraph(rows: ReadonlyArray<Readonly<Record<string, RDF.Term>>>, ordered: boolean): RDF.Quad[] {
  return rows.flatMap((row, i) => {
    const node = F.blankNode(`row${i}`);
    const quads = [F.quad(node, ROW, ROW)];
    if (ordered) quads.push(F.quad(node, INDEX, F.literal(String(i))));
    for (const [name, term] of Object.entries(row)) quads.push(F.quad(node, varPredicate(name), term as RDF.Quad_Object));
    return quads;
  });
}

/** Blank nodes in result sets are scoped per result set: rename to avoid clashing with row nodes. */
function renameBlanks(rows: ReadonlyArray<Readonly<Record<string, RDF.Term>>>, prefix: string) {
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, t]) => [k, t.termType === 'BlankNode' ? F.blankNode(`${prefix}${t.value}`) : t])),
  );
}

export function sameOutcome(actual: Outcome, expected: Outcome, ordered: boolean, lexicalOnly = false): boolean {
  if (actual.kind === 'boolean' || expected.kind === 'boolean') {
    return actual.kind === 'boolean' && expected.kind === 'boolean' && actual.value === expected.value;
  }
  if (actual.kind === 'quads' || expected.kind === 'quads') {
    if (actual.kind !== 'quads' || expected.kind !== 'quads') return false;
    return isomorphic(actual.quads.map(asDefaultGraph), expected.quads.map(asDefaultGraph));
  }
  let a: Array<Record<string, RDF.Term>> = renameBlanks(actual.rows, 'a');
  let e: Array<Record<string, RDF.Term>> = renameBlanks(expected.rows, 'e');
  if (a.length !== e.length) return false;
  a = a.map(lexicalOnly ? lexicalRow : canonicalRow);
  e = e.map(lexicalOnly ? lexicalRow : canonicalRow);
  return isomorphic(bindingsAsGraph(a, ordered), bindingsAsGraph(e, ordered));
}

function asDefaultGraph(q: RDF.Quad): RDF.Quad {
  return F.quad(q.subject, q.predicate, canonical(q.object) as RDF.Quad_Object);
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';

/**
 * Numeric literals compare by value (DAWG result-comparison convention, as in
 * the suite's own runners): "1.0"^^xsd:decimal = "1"^^xsd:decimal. The datatype still has to match.
 */
export function canonical(term: RDF.Term): RDF.Term {
  if (term.termType !== 'Literal') return term;
  const dt = term.datatype.value;
  const v = term.value.trim();
  try {
    if (dt === `${XSD}integer`) return F.literal(BigInt(v).toString(), term.datatype);
    if (dt === `${XSD}double` || dt === `${XSD}float`) {
      const n = Number(v);
      if (!Number.isNaN(n) || v === 'NaN') return F.literal(String(n), term.datatype);
    }
    if (dt === `${XSD}decimal` && /^[-+]?(\d+\.?\d*|\.\d+)$/.test(v)) {
      const negative = v.startsWith('-');
      let [int, frac = ''] = v.replace(/^[-+]/, '').split('.');
      int = int.replace(/^0+/, '') || '0';
      frac = frac.replace(/0+$/, '');
      const body = frac ? `${int}.${frac}` : int;
      return F.literal(`${negative && body !== '0' ? '-' : ''}${body}`, term.datatype);
    }
  } catch {
    return term;
  }
  return term;
}

function canonicalRow(row: Record<string, RDF.Term>): Record<string, RDF.Term> {
  return Object.fromEntries(Object.entries(row).map(([k, t]) => [k, canonical(t)]));
}

/** CSV keeps only lexical forms (SPARQL 1.1 Results CSV §2): compare literals by value. */
function lexicalRow(row: Record<string, RDF.Term>): Record<string, RDF.Term> {
  return Object.fromEntries(Object.entries(row).map(([k, t]) => [k, t.termType === 'Literal' ? F.literal(t.value) : t]));
}

/** Datasets: default graph and every named graph must be isomorphic (blank nodes shared across graphs). */
export function sameDataset(actual: readonly RDF.Quad[], expected: readonly RDF.Quad[]): boolean {
  const norm = (q: RDF.Quad) => F.quad(q.subject, q.predicate, canonical(q.object) as RDF.Quad_Object, q.graph);
  return isomorphic(actual.map(norm), expected.map(norm));
}

/** Does the query have a top-level ORDER BY (so the expected sequence is ordered)? */
export function hasOrderBy(query: string): boolean {
  return /ORDER\s+BY/i.test(query.replace(/#[^\n>]*$/gm, ''));
}
