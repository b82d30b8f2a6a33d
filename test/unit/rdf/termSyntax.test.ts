import N3 from 'n3';
import { TermSyntaxError, termSyntax } from '../../../fabric/rdf/termSyntax.js';

const { namedNode, literal, blankNode, quad } = N3.DataFactory;

describe('termSyntax (N-Triples / SPARQL text of one term)', () => {
  it('writes IRIs, blank nodes, literals and triple terms that parse back to the same terms', () => {
    const terms = [namedNode('urn:x:a'), blankNode('b1'), literal('say "hi"\n'), literal('chat', 'fr-CA'), literal('5', namedNode('http://www.w3.org/2001/XMLSchema#integer'))];
    const text = terms.map((t) => `<urn:s> <urn:p> ${termSyntax(t)} .`).join('\n');
    const parsed = new N3.Parser({ format: 'application/n-triples', blankNodePrefix: '' }).parse(text).map((q) => q.object);
    expect(parsed.map((t) => t.termType)).toEqual(terms.map((t) => t.termType));
    expect(parsed.map((t) => t.value)).toEqual(terms.map((t) => t.value));
    expect(termSyntax(quad(namedNode('urn:s'), namedNode('urn:p'), literal('o')) as never)).toBe('<<( <urn:s> <urn:p> "o" )>>');
  });

  it('refuses IRIs, datatypes, labels and language tags whose text would end the term early (no N-Quads injection)', () => {
    const injected = 'urn:a> <urn:p> "x" <urn:other-graph> .\n<urn:b';
    expect(() => termSyntax(namedNode(injected))).toThrow(/IRIREF forbids/);
    expect(() => termSyntax(namedNode('urn:a b'))).toThrow(TermSyntaxError);
    expect(() => termSyntax(literal('1', namedNode('urn:t> .')))).toThrow(TermSyntaxError);
    expect(() => termSyntax(literal('x', 'en .\n<urn:a> <urn:b> <urn:c>'))).toThrow(/language tag/);
    expect(() => termSyntax(blankNode('b <urn:x>'))).toThrow(/blank node/);
  });
});
