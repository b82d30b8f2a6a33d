import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { Worker } from 'node:worker_threads';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { RuleEngine } from '../../../../reasoner/RuleEngine.js';
import { ReasonerThread } from '../../../../reasoner/worker/ReasonerThread.js';
import type { IncrementalRunSummary } from '../../../../reasoner/IncrementalReasoner.js';
import { REASONER_GRAPHS } from '../../../../reasoner/vocabulary.js';
import { builtReasonerWorker } from './builtReasonerWorker.js';

const RULES = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> .
<http://example.org/ab> a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/b> ?y } WHERE { ?x <http://example.org/a> ?y }" .
<http://example.org/bc> a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/c> ?y } WHERE { ?x <http://example.org/b> ?y }" .
`;
const NQUADS = 'application/n-quads';
const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
const entity = ex('g');
const statement = (s: string, p: string, o: string, g = entity): RDF.Quad => oxigraph.quad(ex(s), ex(p), ex(o), g) as unknown as RDF.Quad;
const derived = (store: ObservedMemoryStore, s: string, p: string, o: string, rule: string): boolean =>
  store.has(oxigraph.quad(ex(s), ex(p), ex(o), oxigraph.namedNode(REASONER_GRAPHS.inferred('graph', rule))) as unknown as RDF.Quad);

/** The inferred triples (rule graphs, not provenance) of a store, as sorted N-Quads lines. */
function inferredLines(store: ObservedMemoryStore): string[] {
  return store.dump(NQUADS).split('\n').filter((l) => l.includes(`<${REASONER_GRAPHS.prefix}`) && !l.endsWith(`<${REASONER_GRAPHS.provenance}> .`)).sort();
}

/** The inferred triples a from-scratch RuleEngine.run computes over the same data. */
async function fromScratch(store: ObservedMemoryStore): Promise<string[]> {
  const copy = new ObservedMemoryStore();
  const data = store.dump(NQUADS).split('\n').filter((l) => l && !l.includes(`<${REASONER_GRAPHS.prefix}`)).join('\n');
  await copy.load(data, { format: NQUADS });
  await new RuleEngine(copy, { ruleFolder: null }).run();
  return inferredLines(copy);
}

describe('ReasonerThread (incremental reasoning in a worker thread)', () => {
  const script = builtReasonerWorker();
  let thread: ReasonerThread | undefined;
  afterEach(async () => { await thread?.stop(); thread = undefined; });

  async function setup(options: { crashRespawnDelayMs?: number; sliceLines?: number } = {}): Promise<{ store: ObservedMemoryStore; runs: IncrementalRunSummary[]; first: IncrementalRunSummary }> {
    const store = new ObservedMemoryStore();
    await store.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
    const runs: IncrementalRunSummary[] = [];
    thread = new ReasonerThread(store, { script, ruleFolder: null, debounceMs: 20, onRun: (s) => runs.push(s), onError: () => undefined, ...options });
    const first = await thread.start();
    return { store, runs, first };
  }

  it('derives after a data commit and retracts after the premise is deleted, in the node\'s store', async () => {
    const { store, first } = await setup();
    expect(first.kind).toBe('full');
    await store.commit({ deletes: [], inserts: [statement('s', 'a', 'o')] });
    await thread!.idle();
    expect(derived(store, 's', 'b', 'o', 'ab')).toBe(true);
    expect(derived(store, 's', 'c', 'o', 'bc')).toBe(true);

    await store.commit({ deletes: [statement('s', 'a', 'o')], inserts: [] });
    await thread!.idle();
    expect(derived(store, 's', 'b', 'o', 'ab')).toBe(false);
    expect(derived(store, 's', 'c', 'o', 'bc')).toBe(false);
    expect(inferredLines(store)).toEqual(await fromScratch(store));
  });

  it('runs the batches after the first incrementally: its own commits do not trigger full runs', async () => {
    const { store, runs } = await setup();
    for (const o of ['o1', 'o2', 'o3']) {
      await store.commit({ deletes: [], inserts: [statement('s', 'a', o)] });
      await thread!.idle();
    }
    await store.commit({ deletes: [statement('s', 'a', 'o2')], inserts: [] });
    await thread!.idle();
    const stats = thread!.stats();
    expect(stats.fullRuns).toBe(1);
    expect(stats.incrementalRuns).toBe(4);
    expect(stats.ignoredOwnRecords).toBeGreaterThanOrEqual(4); // the full run's write and each batch's
    expect(stats.writes).toBeGreaterThanOrEqual(5);
    expect(runs.slice(1).map((r) => r.kind)).toEqual(['incremental', 'incremental', 'incremental', 'incremental']);
    expect(inferredLines(store)).toEqual(await fromScratch(store));
  });

  it('applies a rule added to the rules graph (a full run in the worker)', async () => {
    const { store, runs } = await setup();
    await store.commit({ deletes: [], inserts: [statement('s', 'a', 'o')] });
    await store.load(`@prefix cf: <https://w3id.org/continuum-fabric/ns#> . <http://example.org/ad> a cf:Rule ;
      cf:construct "CONSTRUCT { ?x <http://example.org/d> ?y } WHERE { ?x <http://example.org/a> ?y }" .`, { format: 'text/turtle', graph: GRAPHS.rules });
    await thread!.idle();
    expect(derived(store, 's', 'd', 'o', 'ad')).toBe(true);
    expect(runs.at(-1)?.kind).toBe('full');
    expect(inferredLines(store)).toEqual(await fromScratch(store));
  });

  it('follows a full run made on the main thread (POST /reasoner/run) with a full run of its own', async () => {
    const { store } = await setup();
    await store.commit({ deletes: [], inserts: [statement('s', 'a', 'o')] });
    await thread!.idle();
    const before = thread!.stats().fullRuns;
    await store.commit({ deletes: [statement('s', 'a', 'o')], inserts: [statement('t', 'a', 'o')] });
    await new RuleEngine(store, { ruleFolder: null }).run(); // writes inferred graphs: someone else's for the worker
    await thread!.idle();
    expect(thread!.stats().fullRuns).toBe(before + 1);
    expect(derived(store, 't', 'c', 'o', 'bc')).toBe(true);
    expect(derived(store, 's', 'c', 'o', 'bc')).toBe(false);
    expect(inferredLines(store)).toEqual(await fromScratch(store));
  });

  it('commits a large write of inserts only in slices, each record marked own', async () => {
    const store = new ObservedMemoryStore();
    await store.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
    await store.commit({ deletes: [], inserts: ['o1', 'o2', 'o3', 'o4'].map((o) => statement('s', 'a', o)) });
    let loads = 0;
    const load = store.load.bind(store);
    store.load = (text, options) => { loads++; return load(text, options); };
    thread = new ReasonerThread(store, { script, ruleFolder: null, debounceMs: 20, sliceLines: 2, onError: () => undefined });
    await thread.start(); // the first run's write: 8 derived triples + provenance, in slices of 2 lines
    expect(loads).toBeGreaterThan(4);
    expect(thread.stats().ignoredOwnRecords).toBe(loads);
    await store.commit({ deletes: [statement('s', 'a', 'o1')], inserts: [] });
    await thread.idle();
    expect(thread.stats()).toMatchObject({ fullRuns: 1, incrementalRuns: 1 });
    expect(inferredLines(store)).toEqual(await fromScratch(store));
  });

  it('makes a requested full run (POST /reasoner/run) in the worker, after the changes committed before it, without a second full run', async () => {
    const { store } = await setup();
    const before = thread!.stats();
    await store.commit({ deletes: [], inserts: [statement('s', 'a', 'o')] }); // not waited for: the run covers it
    const stats = await thread!.run();
    // Visible when the run answers: its derived triples and its provenance record.
    expect(derived(store, 's', 'c', 'o', 'bc')).toBe(true);
    expect(store.match(oxigraph.namedNode(stats.run), null, null, oxigraph.namedNode(REASONER_GRAPHS.provenance)).length).toBeGreaterThan(0);
    expect(stats.triplesDerived).toBe(2);
    expect(stats.perRule.map((r) => r.id).sort()).toEqual(['ab', 'bc']);
    // Its write is the worker's own: the reasoner carries on incrementally from the run's result.
    await store.commit({ deletes: [statement('s', 'a', 'o')], inserts: [statement('t', 'a', 'o')] });
    await thread!.idle();
    const after = thread!.stats();
    expect(after.fullRuns).toBe(before.fullRuns + 1);
    expect(after.incrementalRuns).toBeGreaterThan(before.incrementalRuns);
    expect(derived(store, 's', 'c', 'o', 'bc')).toBe(false);
    expect(derived(store, 't', 'c', 'o', 'bc')).toBe(true);
    expect(inferredLines(store)).toEqual(await fromScratch(store));
  });

  it('answers concurrent run requests in order (a request made before a queued run started may share it)', async () => {
    const { store } = await setup();
    await store.commit({ deletes: [], inserts: [statement('s', 'a', 'o')] });
    const [a, b] = await Promise.all([thread!.run(), thread!.run()]);
    const provenance = oxigraph.namedNode(REASONER_GRAPHS.provenance);
    expect(store.match(oxigraph.namedNode(b.run), null, null, provenance).length).toBeGreaterThan(0); // the later run wrote last
    if (a.run !== b.run) expect(store.match(oxigraph.namedNode(a.run), null, null, provenance).length).toBe(0);
    expect([a.triplesDerived, b.triplesDerived]).toEqual([2, 2]);
    expect(inferredLines(store)).toEqual(await fromScratch(store));
  });

  it('rejects a run requested of a stopped thread', async () => {
    await setup();
    const running = thread!;
    await running.stop();
    await expect(running.run()).rejects.toThrow('not running');
  });

  it('respawns a crashed worker, which starts with a full run over the changes made meanwhile', async () => {
    const { store } = await setup({ crashRespawnDelayMs: 50 });
    await store.commit({ deletes: [], inserts: [statement('s', 'a', 'o')] });
    await thread!.idle();
    await (thread as unknown as { worker: Worker }).worker.terminate(); // dies as a crashed thread would
    await store.commit({ deletes: [statement('s', 'a', 'o')], inserts: [statement('u', 'a', 'o')] });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the respawn
    await thread!.idle();
    const stats = thread!.stats();
    expect(stats.crashes).toBe(1);
    expect(stats.fullRuns).toBe(2);
    expect(derived(store, 'u', 'c', 'o', 'bc')).toBe(true);
    expect(derived(store, 's', 'c', 'o', 'bc')).toBe(false);
    expect(inferredLines(store)).toEqual(await fromScratch(store));
  });

  it('leaves no open handle after stop(): a process that starts and stops one exits by itself', async () => {
    const dist = dirname(dirname(dirname(script)));
    const program = `
      const { ObservedMemoryStore } = await import(${JSON.stringify(join(dist, 'fabric/store/replica/ObservedMemoryStore.js'))});
      const { ReasonerThread } = await import(${JSON.stringify(join(dist, 'reasoner/worker/ReasonerThread.js'))});
      const store = new ObservedMemoryStore();
      const thread = new ReasonerThread(store, { script: ${JSON.stringify(script)}, ruleFolder: null, debounceMs: 10 });
      await thread.start();
      await store.load('<http://example.org/s> <http://example.org/a> <http://example.org/o> .', { format: 'application/n-quads' });
      await thread.idle();
      await thread.stop();
      console.log('stopped');`;
    const folder = mkdtempSync(join(tmpdir(), 'cf-reasoner-thread-'));
    const file = join(folder, 'startStop.mjs');
    writeFileSync(file, program);
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [file], { timeout: 60_000 }, (error, out) => resolve({ code: error ? (error.code as number | null) ?? -1 : 0, stdout: out }));
    });
    rmSync(folder, { recursive: true, force: true });
    expect(stdout.trim()).toBe('stopped');
    expect(code).toBe(0);
  });
});
