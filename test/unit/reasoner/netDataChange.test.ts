import oxigraph from 'oxigraph';
import type { GraphStore } from '../../../fabric/store/GraphStore.js';
import { netDataChange, type PendingQuad } from '../../../reasoner/netDataChange.js';
import { SCRATCH_DATA_GRAPH } from '../../../reasoner/scratchCopy.js';
import type { KeyedTerms } from '../../../reasoner/mirrorHolders.js';

const n = oxigraph.namedNode;
const ex = (local: string) => n(`http://example.org/${local}`);
const q = (s: string, g: string) => oxigraph.quad(ex(s), ex('p'), ex('o'), ex(g));

/** A store answering `match` from an oxigraph store, counting the lookups. */
function countingStore(raw: oxigraph.Store): { store: GraphStore; lookups: () => number } {
  let lookups = 0;
  const store = { match: (...terms: Parameters<oxigraph.Store['match']>) => { lookups++; return raw.match(...terms); } } as unknown as GraphStore;
  return { store, lookups: () => lookups };
}

const text = (triples: readonly KeyedTerms[]) => triples.map((x) => x.key).sort();
const keyOf = (s: string) => `<http://example.org/${s}> <http://example.org/p> <http://example.org/o>`;

describe('netDataChange', () => {
  it('takes a quad whose last change in the batch is an insert as held, without a store lookup', () => {
    const raw = new oxigraph.Store([q('a', 'g1')]);
    const { store, lookups } = countingStore(raw);
    const batch: PendingQuad[] = [{ quad: q('a', 'g1'), inserted: true }];
    const change = netDataChange(store, new oxigraph.Store(), batch, undefined);
    expect(text(change.inserts)).toEqual([keyOf('a')]);
    expect(lookups()).toBe(0);
  });

  it('asks the store for a quad inserted then deleted in the batch, and for changes of unknown direction', () => {
    // a: inserted into g1, then deleted from g1, still held in g2 (not in the batch); b: inserted, then deleted.
    const raw = new oxigraph.Store([q('a', 'g2')]);
    const mirror = new oxigraph.Store();
    const { store, lookups } = countingStore(raw);
    const batch: PendingQuad[] = [
      { quad: q('a', 'g1'), inserted: true }, { quad: q('a', 'g1'), inserted: false },
      { quad: q('b', 'g1'), inserted: true }, { quad: q('b', 'g1'), inserted: false },
    ];
    const change = netDataChange(store, mirror, batch, undefined);
    expect(text(change.inserts)).toEqual([keyOf('a')]);
    expect(change.deletes).toEqual([]);
    expect(lookups()).toBe(2);
    const unknown = netDataChange(store, mirror, [{ quad: q('c', 'g1') }], undefined);
    expect(unknown.inserts).toEqual([]);
    expect(lookups()).toBe(3);
  });

  it('keeps a triple held when one of its quads ends inserted though another graph lost it', () => {
    const raw = new oxigraph.Store([q('a', 'g2')]);
    const mirror = new oxigraph.Store([oxigraph.quad(ex('a'), ex('p'), ex('o'), n(SCRATCH_DATA_GRAPH))]);
    const { store, lookups } = countingStore(raw);
    const change = netDataChange(store, mirror, [{ quad: q('a', 'g1'), inserted: false }, { quad: q('a', 'g2'), inserted: true }], undefined);
    expect(change).toEqual({ inserts: [], deletes: [], insertGraphs: [] });
    expect(lookups()).toBe(0);
  });

  it('tells mirrored triples from the mirror\'s data graph, plain ones in one query and the others by match, keyed as deltaAtoms keys them', () => {
    const data = n(SCRATCH_DATA_GRAPH);
    const objects: oxigraph.Quad['object'][] = [
      ex('o'), oxigraph.literal('a "quoted"\nline'), oxigraph.literal('1.50', ex('dt')), oxigraph.literal('x', 'en'), oxigraph.literal('bell\u0007'),
      oxigraph.blankNode('b1'), oxigraph.triple(ex('a'), ex('b'), oxigraph.literal('c d')),
    ];
    // Each object twice: subject m (mirrored, deleted from the store) and subject u (not mirrored, inserted).
    const mirror = new oxigraph.Store(objects.map((o) => oxigraph.quad(ex('m'), ex('p'), o, data)));
    mirror.add(oxigraph.quad(ex('u'), ex('p'), ex('o'), ex('another-graph'))); // a named graph other than the data graph
    const raw = new oxigraph.Store();
    const { store } = countingStore(raw);
    const batch: PendingQuad[] = objects.flatMap((o) => [
      { quad: oxigraph.quad(ex('m'), ex('p'), o, ex('g1')), inserted: false },
      { quad: oxigraph.quad(ex('u'), ex('p'), o, ex('g1')), inserted: true },
    ]);
    raw.load(batch.filter((p) => p.inserted).map((p) => `${p.quad.toString()} .`).join('\n'), { format: 'application/n-quads' });
    const change = netDataChange(store, mirror, batch, undefined);
    const keys = (s: string) => objects.map((o) => `${ex(s).toString()} ${ex('p').toString()} ${o.toString()}`).sort();
    expect(text(change.deletes)).toEqual(keys('m'));
    expect(text(change.inserts)).toEqual(keys('u'));
    // The graphs holding each insert: u p o is held in another named graph, not the data graph.
    expect(change.insertGraphs).toEqual(change.inserts.map((t) => (t.key === keyOf('u') ? ['http://example.org/another-graph'] : [])));
    for (const t of [...change.deletes, ...change.inserts]) expect(t.key).toBe(`${t.subject.toString()} ${t.predicate.toString()} ${t.object.toString()}`);
  });
});
