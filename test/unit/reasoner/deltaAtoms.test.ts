/**
 * Triples known by their key (deltaAtoms.ts KeyedTriple): their terms, read from the quad or parsed from a plain key,
 * equal the quad's, and their atom (predicate, class, N-Triples texts) read from a plain key equals the one read from
 * the terms.
 */
import oxigraph from 'oxigraph';
import { atom, key, KeyedTriple, plainTexts, terms, withTexts } from '../../../reasoner/deltaAtoms.js';

const n = oxigraph.namedNode;
const RDF_TYPE = n('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const objects: oxigraph.Quad['object'][] = [
  n('http://example.org/C'), oxigraph.literal('plain'), oxigraph.literal('say "hi"\\ \n\t'), oxigraph.literal('é 😀'), oxigraph.literal('a\u0001b'),
  oxigraph.literal('Hallo', 'de-AT'), oxigraph.literal('12', n('http://www.w3.org/2001/XMLSchema#integer')), oxigraph.literal('<x> <y>'),
  oxigraph.blankNode('o'), oxigraph.triple(n('http://example.org/a'), n('http://example.org/b'), n('http://example.org/c')),
];
const quads = [n('http://example.org/s'), oxigraph.blankNode('s')].flatMap((s) => [RDF_TYPE, n('http://example.org/p')].flatMap((p) => objects.map((o) => oxigraph.quad(s, p, o, n('http://example.org/g')))));
const tripleKey = (q: oxigraph.Quad): string => `${q.subject.toString()} ${q.predicate.toString()} ${q.object.toString()}`;

describe('deltaAtoms', () => {
  it('a KeyedTriple gives the quad\'s terms, each read once, from the quad or parsed from a plain key', () => {
    let parsed = 0;
    for (const q of quads) {
      const k = tripleKey(q);
      const fromQuad = new KeyedTriple(k, q);
      expect(fromQuad.subject.equals(q.subject) && fromQuad.predicate.equals(q.predicate) && fromQuad.object.equals(q.object)).toBe(true);
      expect(fromQuad.subject).toBe(fromQuad.subject); // read once
      expect(terms(fromQuad)).toBe(fromQuad); // kept as it is: terms() reads nothing
      expect(key(fromQuad)).toBe(k);
      if (!plainTexts(k)) continue;
      parsed++;
      const fromKey = new KeyedTriple(k);
      expect(fromKey.subject.equals(q.subject) && fromKey.predicate.equals(q.predicate) && fromKey.object.equals(q.object)).toBe(true);
    }
    expect(parsed).toBeGreaterThan(6);
  });

  it('a plain key splits into the terms oxigraph prints; blank nodes, triple terms and \\u escapes are not plain', () => {
    for (const q of quads) {
      const texts = plainTexts(tripleKey(q));
      const plain = q.subject.termType === 'NamedNode' && (q.object.termType === 'NamedNode' || (q.object.termType === 'Literal' && !q.object.toString().includes('\\u')));
      expect(texts !== undefined).toBe(plain);
      if (texts) expect(texts).toEqual([q.subject.toString(), q.predicate.toString(), q.object.toString()]);
    }
  });

  it('the atom of a KeyedTriple (from its key when plain) equals the atom read from the terms', () => {
    for (const q of quads) {
      const fromTerms = withTexts(atom({ subject: q.subject, predicate: q.predicate, object: q.object }));
      const fromKey = withTexts(atom(new KeyedTriple(tripleKey(q), q)));
      expect({ predicate: fromKey.predicate, type: fromKey.type, texts: fromKey.texts }).toEqual({ predicate: fromTerms.predicate, type: fromTerms.type, texts: fromTerms.texts });
    }
    expect(atom(new KeyedTriple(tripleKey(quads[0]))).type).toBe('http://example.org/C');
  });
});
