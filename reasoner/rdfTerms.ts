/**
 * Small RDF helpers of the reasoner: SPARQL syntax for terms, local names,
 * RDF collections, a triple key, over RDF/JS terms (n3 Store for rule sources).
 */
import type * as RDF from '@rdfjs/types';
import type N3 from 'n3';
import { RDF as RDF_NS } from '../fabric/rdf/namespaces.js';
import { quotedString, termSyntax } from '../fabric/rdf/termSyntax.js';
import { localName as iriLocalName } from '../fabric/rdf/localName.js';

/** SPARQL 1.1 syntax of an IRI, literal or variable (blank nodes and triple terms are refused). */
export function termToSparql(term: RDF.Term): string {
  if (term.termType === 'NamedNode' || term.termType === 'Literal' || term.termType === 'Variable') return termSyntax(term);
  throw new Error(`no SPARQL syntax for a ${term.termType}`);
}

/** Key of a triple, identical for equal terms (N-Triples-like). */
export function tripleKey(quad: RDF.Quad): string {
  return `${termKey(quad.subject)} ${termKey(quad.predicate)} ${termKey(quad.object)}`;
}

export function termKey(term: RDF.Term): string {
  switch (term.termType) {
    case 'NamedNode': return `<${term.value}>`;
    case 'BlankNode': return `_:${term.value}`;
    case 'Literal': return `${quotedString(term.value)}${term.language ? `@${term.language}` : `^^<${term.datatype.value}>`}`;
    case 'Quad': return `<<(${tripleKey(term as RDF.Quad)})>>`;
    default: return term.value;
  }
}

/** Last segment of an IRI after '#', '/' or ':', reduced to [A-Za-z0-9._-]. */
export function localName(iri: string): string {
  return iriLocalName(iri).replace(/[^A-Za-z0-9._-]/g, '-') || 'rule';
}

/** Members of an RDF collection (rdf:first / rdf:rest); throws on a malformed list. */
export function rdfList(store: N3.Store, head: RDF.Term): RDF.Term[] {
  const items: RDF.Term[] = [];
  let node: RDF.Term = head;
  const seen = new Set<string>();
  while (!(node.termType === 'NamedNode' && node.value === `${RDF_NS}nil`)) {
    if (seen.has(termKey(node))) throw new Error('cyclic RDF list');
    seen.add(termKey(node));
    const first = store.getObjects(node, `${RDF_NS}first`, null);
    const rest = store.getObjects(node, `${RDF_NS}rest`, null);
    if (first.length !== 1 || rest.length !== 1) throw new Error(`malformed RDF list at ${termKey(node)}`);
    items.push(first[0]);
    node = rest[0];
  }
  return items;
}

/** The single object of (subject, predicate), undefined if none; more than one is an error. */
export function singleObject(store: N3.Store, subject: RDF.Term, predicate: string): RDF.Term | undefined {
  const objects = store.getObjects(subject, predicate, null);
  if (objects.length > 1) throw new Error(`${termKey(subject)} has ${objects.length} values for <${predicate}>, expected at most one`);
  return objects[0];
}
