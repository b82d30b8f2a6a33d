import { jest } from '@jest/globals';
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import type { ChangeRecord } from '../../../fabric/store/GraphStore.js';
import { GRAPHS } from '../../../fabric/rdf/namespaces.js';
import { RuleEngine } from '../../../reasoner/RuleEngine.js';
import { IncrementalReasoner, type IncrementalRunSummary } from '../../../reasoner/IncrementalReasoner.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import { DerivationBudgetExceededError } from '../../../fabric/errors/ReasonerError.js';

const RULES = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <http://example.org/> .
ex:ab a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/b> ?y } WHERE { ?x <http://example.org/a> ?y }" .
ex:bc a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/c> ?y } WHERE { ?x <http://example.org/b> ?y }" .
ex:hot a cf:Rule ; cf:construct "CONSTRUCT { ?x a <http://example.org/Hot> } WHERE { ?x a <http://example.org/Machine> ; <http://example.org/temp> ?t FILTER(?t > 50) }" .
`;

const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
const graphOf = (id: string) => oxigraph.namedNode(REASONER_GRAPHS.inferred('graph', id));
const entity = ex('g');

async function setup(debounceMs = 10_000): Promise<{ store: ObservedMemoryStore; reasoner: IncrementalReasoner; runs: IncrementalRunSummary[] }> {
  const store = new ObservedMemoryStore();
  await store.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
  const runs: IncrementalRunSummary[] = [];
  const reasoner = new IncrementalReasoner(store, new RuleEngine(store, { ruleFolder: null }), { debounceMs, onRun: (s) => runs.push(s) });
  await reasoner.start();
  return { store, reasoner, runs };
}

const derived = (store: ObservedMemoryStore, s: string, p: string, o: oxigraph.Term, rule: string): boolean =>
  store.has(oxigraph.quad(ex(s), p === 'a' ? oxigraph.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type') : ex(p), o as oxigraph.NamedNode, graphOf(rule)));

describe('IncrementalReasoner', () => {
  let reasoner: IncrementalReasoner | undefined;
  afterEach(async () => { await reasoner?.stop(); });

  it('re-derives after a premise changes, through a two-rule chain, and retracts when the premise goes', async () => {
    const ctx = await setup();
    reasoner = ctx.reasoner;
    const { store } = ctx;
    expect(ctx.runs[0].kind).toBe('full');
    await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('s'), ex('a'), ex('o'), entity)] });
    const added = await reasoner.flush();
    expect(added).toMatchObject({ kind: 'incremental', rulesRun: ['ab', 'bc'], rounds: 2 });
    expect(derived(store, 's', 'b', ex('o'), 'ab')).toBe(true);
    expect(derived(store, 's', 'c', ex('o'), 'bc')).toBe(true);

    await store.commit({ deletes: [oxigraph.quad(ex('s'), ex('a'), ex('o'), entity)], inserts: [] });
    const removed = await reasoner.flush();
    expect(removed).toMatchObject({ kind: 'incremental', rulesRun: ['ab', 'bc'], removed: expect.any(Number) });
    expect(derived(store, 's', 'b', ex('o'), 'ab')).toBe(false);
    expect(derived(store, 's', 'c', ex('o'), 'bc')).toBe(false);
    // Provenance of the re-run rules is replaced; exactly one run record is kept per referenced run.
    const prov = oxigraph.namedNode(REASONER_GRAPHS.provenance);
    expect(store.match(graphOf('bc'), oxigraph.namedNode('https://w3id.org/continuum-fabric/ns#tripleCount'), null, prov).map((q) => q.object.value)).toEqual(['0']);
  });

  it('counts each rule graph from its full start on: the provenance tripleCount after a change is the graph\'s size', async () => {
    const store = new ObservedMemoryStore();
    await store.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
    for (const s of ['s1', 's2', 's3']) await store.commit({ deletes: [], inserts: [oxigraph.quad(ex(s), ex('a'), ex('o'), entity)] });
    reasoner = new IncrementalReasoner(store, new RuleEngine(store, { ruleFolder: null }), { debounceMs: 10_000 });
    expect(await reasoner.start()).toMatchObject({ kind: 'full' });
    await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('s4'), ex('a'), ex('o'), entity)] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    const tripleCount = oxigraph.namedNode('https://w3id.org/continuum-fabric/ns#tripleCount');
    const prov = oxigraph.namedNode(REASONER_GRAPHS.provenance);
    for (const rule of ['ab', 'bc']) {
      const size = store.match(null, null, null, graphOf(rule)).length;
      expect([rule, size]).toEqual([rule, 4]);
      expect(store.match(graphOf(rule), tripleCount, null, prov).map((q) => q.object.value)).toEqual([String(size)]);
    }
  });

  it('follows the records committed during a full run after it, their inert statements as text', async () => {
    const store = new ObservedMemoryStore();
    await store.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
    const engine = new RuleEngine(store, { ruleFolder: null });
    // Committed right after the full run has copied the data (as a node's start writes trust scores during the first run).
    const during = [oxigraph.quad(ex('s'), ex('a'), ex('o'), entity), oxigraph.quad(ex('s'), ex('label'), oxigraph.literal('x'), entity)];
    const runNow = engine.runNow.bind(engine);
    let commitDuring = true;
    engine.runNow = (write, onCopy) => runNow(write, (triples) => {
      onCopy?.(triples);
      if (commitDuring) { commitDuring = false; void store.commit({ deletes: [], inserts: during }); }
    });
    reasoner = new IncrementalReasoner(store, engine, { debounceMs: 10_000 });
    expect(await reasoner.start()).toMatchObject({ kind: 'full', added: expect.any(Number) });
    expect(derived(store, 's', 'b', ex('o'), 'ab')).toBe(false); // not in the full run's copy
    expect(reasoner.stats().inertQuads).toBe(1); // ex:label, which no rule reads, went to the mirror as text
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental', rulesRun: ['ab', 'bc'] });
    expect(derived(store, 's', 'b', ex('o'), 'ab')).toBe(true);
    expect(derived(store, 's', 'c', ex('o'), 'bc')).toBe(true);
  });

  it('keeps a fact derived twice until its last premise goes', async () => {
    const ctx = await setup();
    reasoner = ctx.reasoner;
    const { store } = ctx;
    const g2 = ex('g2');
    await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('s'), ex('a'), ex('o'), entity), oxigraph.quad(ex('s'), ex('a'), ex('o'), g2)] });
    await reasoner.flush();
    await store.commit({ deletes: [oxigraph.quad(ex('s'), ex('a'), ex('o'), entity)], inserts: [] });
    await reasoner.flush();
    expect(derived(store, 's', 'c', ex('o'), 'bc')).toBe(true); // still stated in g2
  });

  it('runs no rule for an unrelated change, and only the rule whose rdf:type class changed', async () => {
    const ctx = await setup();
    reasoner = ctx.reasoner;
    const { store } = ctx;
    const before = reasoner.stats().ruleExecutions;
    await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('s'), ex('unrelated'), oxigraph.literal('1'), entity), oxigraph.quad(ex('m'), oxigraph.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), ex('Other'), entity)] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'none', executions: 0, rulesRun: [] });
    expect(reasoner.stats().ruleExecutions).toBe(before);

    await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('m'), oxigraph.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), ex('Machine'), entity), oxigraph.quad(ex('m'), ex('temp'), oxigraph.literal('70', oxigraph.namedNode('http://www.w3.org/2001/XMLSchema#integer')), entity)] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental', rulesRun: ['hot'] });
    expect(derived(store, 'm', 'a', ex('Hot'), 'hot')).toBe(true);
  });

  it('batches changes within the debounce window into one run, and its own writes trigger nothing', async () => {
    const ctx = await setup(150);
    reasoner = ctx.reasoner;
    const { store, runs } = ctx;
    const inferredRecords: ChangeRecord[] = [];
    store.onCommit((r) => { if (`${r.deletes}${r.inserts}`.includes(REASONER_GRAPHS.prefix)) inferredRecords.push(r); });
    for (const o of ['o1', 'o2', 'o3']) await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('s'), ex('a'), ex(o), entity)] });
    expect(runs).toHaveLength(1); // only the start-up run so far
    await new Promise((resolve) => setTimeout(resolve, 400));
    await reasoner.idle();
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ kind: 'incremental', changes: 3 });
    for (const o of ['o1', 'o2', 'o3']) expect(derived(store, 's', 'c', ex(o), 'bc')).toBe(true);
    // The run wrote its retractions and additions as ONE commit, and that commit did not schedule another batch.
    expect(inferredRecords).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toHaveLength(2);
    expect(reasoner.stats().ignoredOwnRecords).toBeGreaterThanOrEqual(2);
  });

  it('falls back to a full run when the rules change', async () => {
    const ctx = await setup();
    reasoner = ctx.reasoner;
    const { store } = ctx;
    await store.load(`@prefix cf: <https://w3id.org/continuum-fabric/ns#> . <http://example.org/ad> a cf:Rule ;
      cf:construct "CONSTRUCT { ?x <http://example.org/d> ?y } WHERE { ?x <http://example.org/a> ?y }" .`, { format: 'text/turtle', graph: GRAPHS.rules });
    await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('s'), ex('a'), ex('o'), entity)] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'full' });
    expect(derived(store, 's', 'd', ex('o'), 'ad')).toBe(true);
  });

  it('evaluates a change by delta when it binds a premise pattern, and runs in full when it reaches a property path', async () => {
    const ctx = await setup();
    reasoner = ctx.reasoner;
    const { store } = ctx;
    await store.load(`@prefix cf: <https://w3id.org/continuum-fabric/ns#> . <http://example.org/reach> a cf:Rule ;
      cf:construct "CONSTRUCT { ?x <http://example.org/reaches> ?z } WHERE { ?x <http://example.org/start> ?y . ?y <http://example.org/link>+ ?z }" .`, { format: 'text/turtle', graph: GRAPHS.rules });
    await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('n1'), ex('link'), ex('n2'), entity), oxigraph.quad(ex('n2'), ex('link'), ex('n3'), entity)] });
    await reasoner.flush(); // rules changed: full run
    await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('x'), ex('start'), ex('n1'), entity)] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental', rulesRun: ['reach'], executions: 1 });
    expect(derived(store, 'x', 'reaches', ex('n3'), 'reach')).toBe(true);

    await store.commit({ deletes: [oxigraph.quad(ex('n2'), ex('link'), ex('n3'), entity)], inserts: [] });
    const cut = await reasoner.flush();
    expect(cut).toMatchObject({ kind: 'full', fullReason: expect.stringContaining('property path') });
    expect(derived(store, 'x', 'reaches', ex('n2'), 'reach')).toBe(true);
    expect(derived(store, 'x', 'reaches', ex('n3'), 'reach')).toBe(false);
  });

  it('moves a derived triple out of its rule graph when it is stated, and re-derives it when the statement goes', async () => {
    const ctx = await setup();
    reasoner = ctx.reasoner;
    const { store } = ctx;
    await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('s'), ex('a'), ex('o'), entity)] });
    await reasoner.flush();
    const stated = oxigraph.quad(ex('s'), ex('b'), ex('o'), ex('g2'));
    await store.commit({ deletes: [], inserts: [stated] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(derived(store, 's', 'b', ex('o'), 'ab')).toBe(false);
    expect(derived(store, 's', 'c', ex('o'), 'bc')).toBe(true);
    await store.commit({ deletes: [stated], inserts: [] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(derived(store, 's', 'b', ex('o'), 'ab')).toBe(true);
    expect(derived(store, 's', 'c', ex('o'), 'bc')).toBe(true);
  });

  it('names the rule still deriving when a delta run reaches the iteration budget, not the first rule in the plan', async () => {
    // ex:aa reads ex:reach too (so it is evaluated every round) but derives only in the first; ex:walk follows a
    // chain of ex:link one step per round and outlasts a budget of 3 rounds.
    const store = new ObservedMemoryStore();
    await store.load(`@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <http://example.org/> .
      ex:aa a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/flag> true } WHERE { ?x <http://example.org/reach> ?y }" .
      ex:walk a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/reach> ?z } WHERE { ?x <http://example.org/reach> ?y . ?y <http://example.org/link> ?z }" .`,
    { format: 'text/turtle', graph: GRAPHS.rules });
    await store.commit({ deletes: [], inserts: Array.from({ length: 8 }, (_, i) => oxigraph.quad(ex(`n${i}`), ex('link'), ex(`n${i + 1}`), entity)) });
    reasoner = new IncrementalReasoner(store, new RuleEngine(store, { ruleFolder: null, budget: { maxIterations: 3 } }), { debounceMs: 10_000 });
    await reasoner.start();
    await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('n0'), ex('reach'), ex('n1'), entity)] });
    const failure = await reasoner.flush().catch((e: unknown) => e) as DerivationBudgetExceededError;
    expect(failure).toBeInstanceOf(DerivationBudgetExceededError);
    expect(failure.report).toMatchObject({ limit: 'iterations', budget: 3, rule: 'http://example.org/walk', deriving: ['http://example.org/walk'] });
  });

  it('gives a replaced mirror\'s WebAssembly memory back at once: the next full run and stop() free it (releaseScratch)', async () => {
    // Left to V8's finalizers, a worker's old mirrors piled up in oxigraph's 4 GiB memory: full runs in a row at 100k IEs trapped.
    const free = jest.spyOn(oxigraph.Store.prototype as unknown as { free(): void }, 'free');
    try {
      const store = new ObservedMemoryStore();
      await store.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
      reasoner = new IncrementalReasoner(store, new RuleEngine(store, { ruleFolder: null }), { debounceMs: 10_000, maxBatchQuads: 2 });
      await reasoner.start();
      const mirrorOf = (): oxigraph.Store | undefined => (reasoner as unknown as { mirror?: oxigraph.Store }).mirror;
      const first = mirrorOf();
      expect(first).toBeInstanceOf(oxigraph.Store);
      expect(free.mock.contexts).not.toContain(first);
      // More changed quads than maxBatchQuads: a full run, computed in a new scratch copy that becomes the mirror.
      await store.commit({ deletes: [], inserts: ['s1', 's2', 's3'].map((s) => oxigraph.quad(ex(s), ex('a'), ex('o'), entity)) });
      expect(await reasoner.flush()).toMatchObject({ kind: 'full' });
      const second = mirrorOf();
      expect(second).toBeInstanceOf(oxigraph.Store);
      expect(second).not.toBe(first);
      expect(free.mock.contexts).toContain(first);
      expect(free.mock.contexts).not.toContain(second);
      expect(derived(store, 's3', 'c', ex('o'), 'bc')).toBe(true);
      await reasoner.stop();
      reasoner = undefined;
      expect(free.mock.contexts).toContain(second);
    } finally {
      free.mockRestore();
    }
  });
});
