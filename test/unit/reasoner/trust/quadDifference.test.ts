/**
 * reasoner/trust/quadDifference.ts: the net change between an old and a new set of an IE's trust quads.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { termFactory } from '../../../../fabric/ngsi-ld/mapping/termFactory.js';
import { addDifference, addPlainDifference, nquadsKey } from '../../../../reasoner/trust/quadDifference.js';

const { namedNode, literal, quad } = termFactory;
const g = namedNode('urn:g');
const s = namedNode('urn:s');
const dbl = namedNode('http://www.w3.org/2001/XMLSchema#double');
const q = (p: string, o: RDF.Quad_Object): RDF.Quad => quad(s, namedNode(`urn:${p}`), o, g);

function diff(old: RDF.Quad[], fresh: RDF.Quad[], plain = false): { deletes: RDF.Quad[]; inserts: RDF.Quad[] } {
  const deletes: RDF.Quad[] = [];
  const inserts: RDF.Quad[] = [];
  if (plain) addPlainDifference(deletes, inserts, old, fresh);
  else addDifference(deletes, inserts, old, fresh, nquadsKey);
  return { deletes, inserts };
}

describe.each([false, true])('quad difference (plain: %s)', (plain) => {
  it('leaves quads both old and new alone, deletes the old only, inserts the new only', () => {
    const old = [q('a', literal('1', dbl)), q('b', namedNode('urn:x')), q('c', literal('same'))];
    const fresh = [q('a', literal('2', dbl)), q('b', namedNode('urn:x')), q('c', literal('same')), q('d', literal('new', 'en'))];
    const { deletes, inserts } = diff(old, fresh, plain);
    expect(deletes).toEqual([old[0]]);
    expect(inserts).toEqual([fresh[0], fresh[3]]);
  });

  it('tells literals apart by datatype and language, and lists each quad once', () => {
    const old = [q('a', literal('1', dbl)), q('a', literal('1', dbl)), q('b', literal('x', 'en'))];
    const fresh = [q('a', literal('1')), q('a', literal('1')), q('b', literal('x', 'de'))];
    const { deletes, inserts } = diff(old, fresh, plain);
    expect(deletes).toEqual([old[0], old[2]]);
    expect(inserts).toEqual([fresh[0], fresh[2]]);
  });
});

describe('addDifference with quads read from the store', () => {
  it('matches an oxigraph quad and the same quad built in JS by their N-Quads text', () => {
    const store = new oxigraph.Store();
    const stored = [q('a', literal('0.5', dbl)), q('b', literal('{"k":"v"}', namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON')))];
    for (const x of stored) store.add(oxigraph.quad(oxigraph.namedNode(x.subject.value), oxigraph.namedNode(x.predicate.value), oxigraph.literal(x.object.value, oxigraph.namedNode((x.object as RDF.Literal).datatype.value)), oxigraph.namedNode(g.value)));
    const read = store.match(null, null, null, null) as unknown as RDF.Quad[];
    const { deletes, inserts } = diff(read, [stored[1], q('a', literal('0.75', dbl))]);
    expect(deletes.map(nquadsKey)).toEqual([nquadsKey(stored[0])]);
    expect(inserts.map(nquadsKey)).toEqual([`<urn:s> <urn:a> "0.75"^^<http://www.w3.org/2001/XMLSchema#double> <urn:g>`]);
  });
});
