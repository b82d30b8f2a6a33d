/**
 * The incremental reasoner when a batch states a triple a rule derived (deltaMaintenance.ts: the triple leaves its rule
 * graph). Which graph holds an inserted triple is asked with the batch's net change (netDataChange.ts, one query for the
 * batch) and reused when the batch deletes nothing; a batch that also deletes asks again after its deletions (DRed may
 * have over-deleted the triple). Checked after a T-Box edit between batches too.
 */
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { RuleEngine } from '../../../reasoner/RuleEngine.js';
import type { IncrementalReasoner } from '../../../reasoner/IncrementalReasoner.js';
import { ex, graphOf, startSubPropertyReasoner, sub } from './support/subPropertyReasoner.js';
import { PROV, REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';

const fact = (s: string, p: string, o: string, g = 'g') => oxigraph.quad(ex(s), ex(p), ex(o), ex(g));
/** The graphs holding the triple, sorted ('data' for the entity graphs). */
const holders = (store: ObservedMemoryStore, s: string, p: string, o: string): string[] =>
  store.match(ex(s), ex(p), ex(o), null).map((q) => (q.graph.value.startsWith(REASONER_GRAPHS.prefix) ? q.graph.value.split('/').pop()! : 'data')).sort();

/** The provenance's triple count of each rule graph and the graph's size (they must agree after every batch). */
const counts = (store: ObservedMemoryStore): { provenance: Record<string, number>; held: Record<string, number> } => {
  const provenance: Record<string, number> = {};
  const held: Record<string, number> = {};
  for (const id of ['sp', 'seen']) {
    const [count] = store.match(graphOf(id), oxigraph.namedNode(PROV.tripleCount), null, oxigraph.namedNode(REASONER_GRAPHS.provenance));
    provenance[id] = Number(count?.object.value);
    held[id] = store.match(null, null, null, graphOf(id)).length;
  }
  return { provenance, held };
};

describe('IncrementalReasoner, a batch stating a derived triple', () => {
  let reasoner: IncrementalReasoner | undefined;
  afterEach(async () => { await reasoner?.stop(); });

  it('moves the triple out of its rule graph, with or without deletes in the batch, before and after a T-Box edit', async () => {
    const started = await startSubPropertyReasoner();
    reasoner = started.reasoner;
    const { store } = started;

    await store.commit({ deletes: [], inserts: [fact('a', 'p', 'o'), fact('b', 'p', 'o')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(holders(store, 'a', 'q', 'o')).toEqual(['sp']);

    // Inserts only: the holder asked with the net change.
    await store.commit({ deletes: [], inserts: [fact('a', 'q', 'o')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(holders(store, 'a', 'q', 'o')).toEqual(['data']);
    expect(holders(store, 'a', 'seen', 'o')).toEqual(['seen']);

    // With a delete: b's statement goes (its derived b q o is over-deleted) while b q o is stated in the same batch.
    await store.commit({ deletes: [fact('b', 'p', 'o')], inserts: [fact('b', 'q', 'o', 'g2')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(holders(store, 'b', 'q', 'o')).toEqual(['data']);
    expect(holders(store, 'b', 'seen', 'o')).toEqual(['seen']);
    expect(holders(store, 'b', 'p', 'o')).toEqual([]);
    const after = counts(store);
    expect(after.provenance).toEqual(after.held);

    // A T-Box edit between batches (a full run), then a stated head of the new closure.
    await store.commit({ deletes: [], inserts: [sub('q', 'r')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'full' });
    await store.commit({ deletes: [], inserts: [fact('c', 'p', 'o')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(holders(store, 'c', 'r', 'o')).toEqual(['sp']);
    await store.commit({ deletes: [], inserts: [fact('c', 'r', 'o')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(holders(store, 'c', 'r', 'o')).toEqual(['data']);
    expect(holders(store, 'c', 'q', 'o')).toEqual(['sp']);
    const last = counts(store);
    expect(last.provenance).toEqual(last.held);

    // Every step's result equals a run from scratch over the same data.
    const incremental = store.match(null, null, null, null).filter((q) => q.graph.value.startsWith(REASONER_GRAPHS.prefix) && q.graph.value !== REASONER_GRAPHS.provenance).map((q) => q.toString()).sort();
    await reasoner.stop();
    reasoner = undefined;
    const engine = new RuleEngine(store, { ruleFolder: null });
    await engine.run();
    const scratch = store.match(null, null, null, null).filter((q) => q.graph.value.startsWith(REASONER_GRAPHS.prefix) && q.graph.value !== REASONER_GRAPHS.provenance).map((q) => q.toString()).sort();
    expect(incremental).toEqual(scratch);
  });
});
