/**
 * The incremental reasoner with closure lookups (closureLookup.ts): rdfs7 over a changing T-Box. The super-properties
 * are looked up once per batch; an rdfs:subPropertyOf edit between batches makes a full run, and the next batch looks
 * them up again in the new state.
 */
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import type { IncrementalReasoner } from '../../../reasoner/IncrementalReasoner.js';
import { ex, graphOf, startSubPropertyReasoner, sub } from './support/subPropertyReasoner.js';

const entity = ex('g');
const fact = (s: oxigraph.NamedNode | oxigraph.BlankNode, p: string, o: string) => oxigraph.quad(s, ex(p), ex(o), entity);
const inGraph = (store: ObservedMemoryStore, s: oxigraph.NamedNode | oxigraph.BlankNode, p: string, o: string, rule: string): boolean =>
  store.has(oxigraph.quad(s, ex(p), ex(o), graphOf(rule)));

describe('IncrementalReasoner with closure lookups', () => {
  let reasoner: IncrementalReasoner | undefined;
  afterEach(async () => { await reasoner?.stop(); });

  it('derives along the super-properties of the batch\'s state, a T-Box edit between batches included', async () => {
    const started = await startSubPropertyReasoner();
    reasoner = started.reasoner;
    const { store } = started;

    const blank = oxigraph.blankNode('b1');
    await store.commit({ deletes: [], inserts: [fact(ex('s'), 'p', 'o'), fact(blank, 'p', 'o'), fact(ex('t'), 'q', 'o')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental', rulesRun: ['seen', 'sp'] });
    expect(inGraph(store, ex('s'), 'q', 'o', 'sp')).toBe(true);
    expect(inGraph(store, ex('s'), 'seen', 'o', 'seen')).toBe(true); // the next round reads the looked-up head
    expect(inGraph(store, blank, 'q', 'o', 'sp')).toBe(true); // through the rule's query, with the store's label
    expect(inGraph(store, ex('t'), 'seen', 'o', 'seen')).toBe(true);

    // A head the data states is not derived again.
    await store.commit({ deletes: [], inserts: [fact(ex('u'), 'q', 'o'), fact(ex('u'), 'p', 'o')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(inGraph(store, ex('u'), 'q', 'o', 'sp')).toBe(false);
    expect(store.has(fact(ex('u'), 'q', 'o'))).toBe(true);

    await store.commit({ deletes: [], inserts: [sub('q', 'r')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'full', fullReason: expect.stringContaining('property path') });
    expect(inGraph(store, ex('s'), 'r', 'o', 'sp')).toBe(true);
    await store.commit({ deletes: [], inserts: [fact(ex('s2'), 'p', 'o2')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    for (const p of ['q', 'r']) expect(inGraph(store, ex('s2'), p, 'o2', 'sp')).toBe(true);

    await store.commit({ deletes: [sub('q', 'r')], inserts: [] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'full' });
    await store.commit({ deletes: [fact(ex('s'), 'p', 'o')], inserts: [fact(ex('s3'), 'p', 'o3')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(inGraph(store, ex('s3'), 'q', 'o3', 'sp')).toBe(true);
    expect(inGraph(store, ex('s3'), 'r', 'o3', 'sp')).toBe(false);
    // DRed: the deleted statement's heads go.
    expect(inGraph(store, ex('s'), 'q', 'o', 'sp')).toBe(false);
    expect(inGraph(store, ex('s'), 'seen', 'o', 'seen')).toBe(false);
  });
});
