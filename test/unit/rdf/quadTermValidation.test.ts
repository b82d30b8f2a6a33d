/** firstInvalidTerm: every IRI and language tag of quads, triple terms and datatypes included. */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { firstInvalidTerm } from '../../../fabric/rdf/quadTermValidation.js';

const iri = (value: string) => ({ termType: 'NamedNode', value }) as RDF.NamedNode;
const p = iri('urn:p');
const quad = (s: RDF.Term, o: RDF.Term, g: RDF.Term = oxigraph.defaultGraph()) => ({ termType: 'Quad', value: '', subject: s, predicate: p, object: o, graph: g }) as unknown as RDF.Quad;
const literal = (value: string, languageOrDatatype: string | RDF.NamedNode) => (typeof languageOrDatatype === 'string'
  ? { termType: 'Literal', value, language: languageOrDatatype, datatype: iri('http://www.w3.org/1999/02/22-rdf-syntax-ns#langString') }
  : { termType: 'Literal', value, language: '', datatype: languageOrDatatype }) as RDF.Literal;

describe('firstInvalidTerm', () => {
  it('passes quads whose IRIs and tags are all valid, triple terms included', () => {
    const inner = quad(iri('urn:s'), literal('x', 'de-CH'));
    expect(firstInvalidTerm([quad(iri('urn:r'), inner as unknown as RDF.Term, iri('urn:g')), quad(iri('urn:s'), literal('1', iri('http://www.w3.org/2001/XMLSchema#integer')))])).toBeUndefined();
    expect(firstInvalidTerm([])).toBeUndefined();
  });

  it.each([
    ['a subject', [quad(iri('urn:a b'), iri('urn:o'))], 'IRI <urn:a b>'],
    ['a graph', [quad(iri('urn:s'), iri('urn:o'), iri('rel/g'))], 'IRI <rel/g>'],
    ['an object inside a triple term', [quad(iri('urn:r'), quad(iri('urn:s'), iri('urn:%zz')) as unknown as RDF.Term)], 'IRI <urn:%zz>'],
    ['a datatype', [quad(iri('urn:s'), literal('1', iri('xsd:%')))], 'datatype IRI <xsd:%>'],
    ['a language tag', [quad(iri('urn:s'), literal('x', 'en-a'))], 'language tag "en-a"'],
    ['a blank node', [quad(oxigraph.blankNode('b'), iri('urn:o'))], 'BlankNode b'],
  ])('names the first invalid term: %s', (_case, quads, expected) => {
    expect(firstInvalidTerm(quads as RDF.Quad[])).toBe(expected);
  });
});
