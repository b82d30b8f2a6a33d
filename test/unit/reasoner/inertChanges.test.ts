/**
 * reasoner/inertChanges.ts: statements no rule can use follow the incremental reasoner's mirror as text.
 * Deletes leave the mirror's merged data graph only when the store holds the triple in no other graph
 * outside the inferred graphs; objects may be triple terms (NGSI-LD reifiers, RDF 1.2).
 */
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { loadInert, removeInert } from '../../../reasoner/inertChanges.js';
import { SCRATCH_DATA_GRAPH } from '../../../reasoner/scratchCopy.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import { DataTripleCounts } from '../../../reasoner/dataTripleCounts.js';

const n = oxigraph.namedNode;
const REIFIES = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies';
const reifier = `<urn:r:1> <${REIFIES}> <<( <urn:ie:1> <urn:p:cpu> "51.2"^^<http://www.w3.org/2001/XMLSchema#double> )>> .`;
const plain = '<urn:ie:1> <urn:p:label> "one" .';
const copied = '<urn:ie:2> <urn:p:label> "two" .';
const derivedToo = '<urn:ie:3> <urn:p:label> "three" .';

const mirrored = (mirror: oxigraph.Store): string[] => mirror.match(null, null, null, n(SCRATCH_DATA_GRAPH)).map((q) => `${oxigraph.triple(q.subject, q.predicate, q.object).toString()} .`).sort();

describe('inert changes applied to the mirror as text', () => {
  it('loads inserts (triple terms included) and removes deletes unless another data graph still holds the triple', async () => {
    const mirror = new oxigraph.Store();
    loadInert(mirror, `${reifier}\n${plain}\n${copied}\n${derivedToo}\n`);
    expect(mirrored(mirror)).toEqual([reifier, plain, copied, derivedToo].sort());

    // The store after the commits: `copied` still in another data graph; `derivedToo` only in an inferred graph.
    const store = new ObservedMemoryStore();
    const [c] = oxigraph.parse(copied, { format: 'application/n-triples' });
    const [d] = oxigraph.parse(derivedToo, { format: 'application/n-triples' });
    await store.commit({ deletes: [], inserts: [oxigraph.quad(c.subject, c.predicate, c.object, n('urn:g:other')), oxigraph.quad(d.subject, d.predicate, d.object, n(`${REASONER_GRAPHS.prefix}x/y`))] });

    expect(removeInert(mirror, store, `${reifier}\n${plain}\n${copied}\n${derivedToo}\n`)).toBe(3);
    expect(mirrored(mirror)).toEqual([copied]);
  });

  it('with the data triple counts, asks the store only about triples they cannot rule out, with the same result', async () => {
    const store = new ObservedMemoryStore();
    const counts = new DataTripleCounts([]);
    store.onCommit((record) => counts.apply(record.deletes, record.inserts));
    const quads = oxigraph.parse(`${reifier}\n${plain}\n${copied}\n${derivedToo}\n`, { format: 'application/n-triples' });
    const inGraph = (q: oxigraph.Quad, g: string): oxigraph.Quad => oxigraph.quad(q.subject, q.predicate, q.object, n(g));
    await store.commit({ deletes: [], inserts: [...quads.map((q) => inGraph(q, 'urn:g:entity')), inGraph(quads[2], 'urn:g:other'), inGraph(quads[3], `${REASONER_GRAPHS.prefix}x/y`)] });
    const mirror = new oxigraph.Store();
    loadInert(mirror, `${reifier}\n${plain}\n${copied}\n${derivedToo}\n`);
    await store.commit({ deletes: quads.map((q) => inGraph(q, 'urn:g:entity')), inserts: [] });
    // The counts rule out the reifier, `plain` and `derivedToo` (an inferred graph does not count); `copied` is asked.
    expect([reifier, plain, copied, derivedToo].map((l) => counts.mayBeHeld(l))).toEqual([false, false, true, false]);
    let asked = 0;
    const counting = { ...store, match: (...args: Parameters<typeof store.match>) => { asked++; return store.match(...args); } } as unknown as ObservedMemoryStore;
    expect(removeInert(mirror, counting, `${reifier}\n${plain}\n${copied}\n${derivedToo}\n`, counts)).toBe(3);
    expect(asked).toBe(1);
    expect(mirrored(mirror)).toEqual([copied]);
  });
});
