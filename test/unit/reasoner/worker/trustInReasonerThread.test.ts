/**
 * Trust on change in the reasoner's worker thread (docs/trust.md "In the reasoner's worker thread";
 * reasoner/worker/trustInWorker.ts, TrustReplicaStore.ts, WorkerWriteCommitter.ts, trustWriteGuard.ts): the
 * worker's trust service computes on its replica, the main thread commits its writes NOT as the reasoner's own
 * (a rule over cf:trustScore derives from them), trust ignores its own writes, and a trust write whose IE's
 * entity graph was deleted after trust computed leaves that graph empty (the race made deterministic by deleting
 * the graph on the main thread when the write's message arrives, before ReasonerThread handles it).
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { Worker } from 'node:worker_threads';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { RuleEngine } from '../../../../reasoner/RuleEngine.js';
import { ReasonerThread } from '../../../../reasoner/worker/ReasonerThread.js';
import type { FromReasoner, TrustRunReport } from '../../../../reasoner/worker/protocol.js';
import { REASONER_GRAPHS } from '../../../../reasoner/vocabulary.js';
import { AEROS, CF, D1, D2, ie, ieEntity, ontology } from '../trust/support/trustOnChangeFixtures.js';
import { builtReasonerWorker } from './builtReasonerWorker.js';

const NQUADS = 'application/n-quads';
const ALIAS = 'http://example.org/aliasScore';
const RULES = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> .
<http://example.org/alias> a cf:Rule ; cf:construct "CONSTRUCT { ?x <${ALIAS}> ?s } WHERE { ?x <${CF}trustScore> ?s }" .
`;
const IES: Array<[string, string, number]> = [['a', D1, 20], ['b', D1, 80], ['c', D2, 20], ['d', D2, 80], ['e', D2, 50]];
const node = (iri: string) => oxigraph.namedNode(iri);

/** The natural cf:trustScore values in the store, by IE. */
function scores(store: ObservedMemoryStore): Map<string, string> {
  return new Map(store.match(null, node(`${CF}trustScore`), null, null).map((q) => [q.subject.value, q.object.value]));
}

/** The aliases the rule derived, by IE. */
function aliases(store: ObservedMemoryStore): Map<string, string> {
  return new Map(store.match(null, node(ALIAS), null, null).map((q) => [q.subject.value, q.object.value]));
}

function inferredLines(store: ObservedMemoryStore): string[] {
  return store.dump(NQUADS).split('\n').filter((l) => l.includes(`<${REASONER_GRAPHS.prefix}`) && !l.endsWith(`<${REASONER_GRAPHS.provenance}> .`)).sort();
}

async function fromScratch(store: ObservedMemoryStore): Promise<string[]> {
  const copy = new ObservedMemoryStore();
  await copy.load(store.dump(NQUADS).split('\n').filter((l) => l && !l.includes(`<${REASONER_GRAPHS.prefix}`)).join('\n'), { format: NQUADS });
  await new RuleEngine(copy, { ruleFolder: null }).run();
  return inferredLines(copy);
}

async function setCpuUsage(store: ObservedMemoryStore, id: string, value: number): Promise<void> {
  const s = node(ie(id));
  const p = node(`${AEROS}currentCpuUsage`);
  await store.commit({ deletes: store.match(s, p, null, s), inserts: [oxigraph.quad(s, p, oxigraph.literal(String(value), node('http://www.w3.org/2001/XMLSchema#double')), s) as unknown as RDF.Quad] });
}

describe('trust on change in the reasoner worker thread', () => {
  const script = builtReasonerWorker();
  let thread: ReasonerThread | undefined;
  afterEach(async () => { await thread?.stop(); thread = undefined; });

  async function setup(): Promise<{ store: ObservedMemoryStore; runs: TrustRunReport[] }> {
    const store = new ObservedMemoryStore();
    await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
    await store.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
    await store.commit({ deletes: [], inserts: IES.flatMap(([id, d, cpu]) => entityToQuads(ieEntity(id, d, cpu))) });
    const runs: TrustRunReport[] = [];
    // Trust's debounce is long: only flushTrust() processes its changes, so the test decides when trust computes.
    thread = new ReasonerThread(store, { script, ruleFolder: null, debounceMs: 20, trust: { debounceMs: 60_000, minRerankIntervalMs: 0 }, onTrustRun: (r) => runs.push(r), onError: () => undefined });
    await thread.start();
    await thread.trustStarted(); // the first full recompute is written
    await thread.idle();
    return { store, runs };
  }

  it('commits the worker\'s scores to the node\'s store, not as the reasoner\'s own: the reasoner derives from them', async () => {
    const { store } = await setup();
    const first = scores(store);
    expect([...first.keys()].sort()).toEqual(IES.map(([id]) => ie(id)).sort());
    expect(aliases(store)).toEqual(first);
    expect(thread!.stats().trustWrites).toBeGreaterThan(0);

    await setCpuUsage(store, 'a', 90); // a now uses more CPU than b: its score drops
    const run = await thread!.flushTrust();
    expect(run).toMatchObject({ changedIes: 1, domains: 1 });
    await thread!.idle();
    const second = scores(store);
    expect(Number(second.get(ie('a')))).toBeLessThan(Number(first.get(ie('a'))));
    expect(aliases(store)).toEqual(second);
    expect(inferredLines(store)).toEqual(await fromScratch(store));
  });

  it('ignores its own writes and the reasoner\'s that follow them: nothing is pending after a run', async () => {
    const { store, runs } = await setup();
    const started = runs.length; // the start's full recompute
    await setCpuUsage(store, 'c', 70);
    expect(await thread!.flushTrust()).toBeDefined();
    await thread!.idle(); // the reasoner's writes following trust's have reached the worker too
    expect(await thread!.flushTrust()).toBeUndefined();
    expect(runs).toHaveLength(started + 1);
  });

  it('answers POST /trust/recompute in the worker once its writes are committed', async () => {
    const { store } = await setup();
    await setCpuUsage(store, 'd', 10); // not flushed: the recompute covers it
    const summary = await thread!.recomputeTrust({ domains: [D2] });
    expect(summary.ies).toBe(3);
    const reference = new ObservedMemoryStore();
    await reference.load(store.dump(NQUADS), { format: NQUADS });
    const { TrustService } = await import('../../../../reasoner/trust/TrustService.js');
    const expected = await new TrustService(reference).recompute({ domains: [D2] });
    for (const r of expected.results) expect(Number(scores(store).get(r.ie))).toBe(r.storedScore);
  });

  it('leaves the entity graph of an IE deleted after trust computed alone, and scores it again when it comes back', async () => {
    const { store } = await setup();
    const graph = node(GRAPHS.entity(ie('a')));
    const worker = (thread as unknown as { worker: Worker }).worker;
    let deletedAt: number | undefined;
    // Runs before ReasonerThread's own listener: the IE is deleted (NGSI-LD DELETE /entities/{id} removes its graph)
    // after trust computed on the replica and before the main thread commits trust's write.
    worker.prependListener('message', (message: FromReasoner) => {
      if (deletedAt === undefined && message.type === 'write' && message.trust?.entities.includes(ie('a'))) {
        deletedAt = store.match(null, null, null, graph).length;
        void store.commit({ deletes: store.match(null, null, null, graph), inserts: [] });
      }
    });
    await setCpuUsage(store, 'a', 90);
    await thread!.flushTrust();
    expect(deletedAt).toBeGreaterThan(0); // the race happened: the graph held the IE when the write arrived
    expect(thread!.stats().droppedEntityGraphs).toBe(1);
    expect(store.match(null, null, null, graph)).toEqual([]);
    // Trust then sees the deletion; nothing brings the graph back.
    await thread!.flushTrust();
    await thread!.idle();
    expect(store.match(null, null, null, graph)).toEqual([]);
    expect(scores(store).has(ie('a'))).toBe(false);
    expect(inferredLines(store)).toEqual(await fromScratch(store));

    // Re-created with the inputs it was last scored with: scored again (its old score went with its graph).
    await store.commit({ deletes: [], inserts: entityToQuads(ieEntity('a', D1, 90)) });
    await thread!.flushTrust();
    await thread!.idle();
    expect(scores(store).has(ie('a'))).toBe(true);
    expect(aliases(store)).toEqual(scores(store));
  });
});
