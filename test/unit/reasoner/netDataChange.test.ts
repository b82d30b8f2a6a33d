import oxigraph from 'oxigraph';
import type { GraphStore } from '../../../fabric/store/GraphStore.js';
import { netDataChange, type PendingQuad } from '../../../reasoner/netDataChange.js';
import { SCRATCH_DATA_GRAPH } from '../../../reasoner/scratchCopy.js';

const n = oxigraph.namedNode;
const ex = (local: string) => n(`http://example.org/${local}`);
const q = (s: string, g: string) => oxigraph.quad(ex(s), ex('p'), ex('o'), ex(g));

/** A store answering `match` from an oxigraph store, counting the lookups. */
function countingStore(raw: oxigraph.Store): { store: GraphStore; lookups: () => number } {
  let lookups = 0;
  const store = { match: (...terms: Parameters<oxigraph.Store['match']>) => { lookups++; return raw.match(...terms); } } as unknown as GraphStore;
  return { store, lookups: () => lookups };
}

const text = (quads: readonly oxigraph.Quad[]) => quads.map((x) => `${x.subject.value} ${x.graph.value}`).sort();

describe('netDataChange', () => {
  it('takes a quad whose last change in the batch is an insert as held, without a store lookup', () => {
    const raw = new oxigraph.Store([q('a', 'g1')]);
    const { store, lookups } = countingStore(raw);
    const batch: PendingQuad[] = [{ quad: q('a', 'g1'), inserted: true }];
    const change = netDataChange(store, new oxigraph.Store(), batch, undefined);
    expect(text(change.inserts)).toEqual([`http://example.org/a ${SCRATCH_DATA_GRAPH}`]);
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
    expect(text(change.inserts)).toEqual([`http://example.org/a ${SCRATCH_DATA_GRAPH}`]);
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
    expect(change).toEqual({ inserts: [], deletes: [] });
    expect(lookups()).toBe(0);
  });
});
