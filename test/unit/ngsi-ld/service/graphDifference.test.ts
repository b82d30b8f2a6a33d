/** graphDifference: the minimal change between an entity graph as read and as it should be, and whether it is exact. */
import fc from 'fast-check';
import type * as RDF from '@rdfjs/types';
import { termKey } from '../../../../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import { termFactory } from '../../../../fabric/ngsi-ld/mapping/termFactory.js';
import { combinedChange, graphDifference } from '../../../../fabric/ngsi-ld/service/graphDifference.js';

const { namedNode, literal, quad } = termFactory;
const G = 'urn:ngsi-ld:Sensor:1';
const q = (o: string, graph = G) => quad(namedNode(G), namedNode('https://example.org/p'), literal(o), namedNode(graph));

describe('graphDifference', () => {
  it('deletes what is gone, inserts what is new, keeps what stays; exact when every insert is in the graph read', () => {
    const change = graphDifference(G, [q('a'), q('b')], [q('b'), q('c')]);
    expect(change.deletes.map((x) => x.object.value)).toEqual(['a']);
    expect(change.inserts.map((x) => x.object.value)).toEqual(['c']);
    expect(change.exact).toBe(true);
  });

  it('is not exact when an insert lies in another graph, and then tells graphs apart', () => {
    const change = graphDifference(G, [q('a')], [q('a'), q('a', 'urn:other')]);
    expect(change.exact).toBe(false);
    expect(change.deletes).toEqual([]);
    expect(change.inserts.map((x) => x.graph.value)).toEqual(['urn:other']);
    expect(combinedChange([change, graphDifference('urn:x', [], [])]).exact).toBe(false);
  });
});

describe('graphDifference within one graph (terms compared one by one)', () => {
  const S = 'urn:ngsi-ld:Sensor:1';
  // Terms that differ in one field only: named vs blank with the same value, plain vs language vs typed literals, triple terms.
  const simple = fc.oneof(
    fc.constantFrom(S, 'urn:x', 'https://example.org/p').map((v) => namedNode(v)),
    fc.constantFrom(S, 'urn:x', 'b1').map((v) => termFactory.blankNode(v)),
    fc.tuple(fc.constantFrom('1', 'a', '', 'urn:x'), fc.constantFrom(undefined, 'en', 'de', 'EN')).map(([v, l]) => literal(v, l)),
    fc.tuple(fc.constantFrom('1', 'a'), fc.constantFrom('integer', 'string', 'double')).map(([v, d]) => literal(v, namedNode(`http://www.w3.org/2001/XMLSchema#${d}`))),
  );
  const subject = fc.oneof(
    fc.constantFrom(S, 'urn:x', 'urn:r1').map((v) => namedNode(v)),
    fc.constantFrom(S, 'b1').map((v) => termFactory.blankNode(v)),
  );
  const predicate = fc.constantFrom('https://example.org/p', 'https://example.org/q').map((v) => namedNode(v));
  const tripleTerm = fc.tuple(subject, predicate, simple).map(([s, p, o]) => quad(s, p, o as RDF.Quad_Object));
  const object = fc.oneof(simple, tripleTerm) as fc.Arbitrary<RDF.Quad_Object>;
  const graphQuads = fc.array(fc.tuple(subject, predicate, object).map(([s, p, o]) => quad(s, p, o, namedNode(S))), { maxLength: 14 });
  /** The reference: quads the same when their N-Triples-like keys are (termKey, the graph aside). */
  const key = (q: RDF.BaseQuad): string => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`;

  it('equals the keyed difference: deletes and inserts in order, duplicates included', () => {
    fc.assert(fc.property(graphQuads, graphQuads, (before, after) => {
      const change = graphDifference(S, before, after);
      const afterKeys = new Set(after.map(key));
      const beforeKeys = new Set(before.map(key));
      expect(change.exact).toBe(true);
      expect(change.deletes).toEqual(before.filter((q) => !afterKeys.has(key(q))));
      expect(change.inserts).toEqual(after.filter((q) => !beforeKeys.has(key(q))));
    }), { numRuns: 2000, seed: 20261205 });
  });

  it('keeps a quad whose terms are equal but other objects, and tells apart terms that differ in type, language or datatype', () => {
    const kept = quad(namedNode(S), namedNode('https://example.org/p'), quad(namedNode(S), namedNode('https://example.org/q'), literal('1', 'en')), namedNode(S));
    const same = quad(namedNode(S), namedNode('https://example.org/p'), quad(namedNode(S), namedNode('https://example.org/q'), literal('1', 'en')), namedNode(S));
    expect(graphDifference(S, [kept], [same])).toEqual({ deletes: [], inserts: [], exact: true });
    const variants = [literal('1'), literal('1', 'en'), literal('1', 'de'), literal('1', namedNode('http://www.w3.org/2001/XMLSchema#integer')), namedNode('urn:1'), termFactory.blankNode('1')];
    for (const a of variants) {
      for (const b of variants) {
        const change = graphDifference(S, [quad(namedNode(S), namedNode('urn:p'), a, namedNode(S))], [quad(namedNode(S), namedNode('urn:p'), b, namedNode(S))]);
        expect(change.deletes.length).toBe(a === b ? 0 : 1);
      }
    }
  });
});
