/**
 * Differential test of incremental reasoning in a worker thread (issue 4, docs/reasoner.md "Incremental
 * reasoning in a worker thread"): random data changes on the demo continuum + ontology with the built-in rules
 * (owl:equivalentProperty aliases of aeros:currentCpuUsage / ramCapacity / cf:trustScore, subclass and
 * inverse rules) are committed WITHOUT waiting for the worker — some while a write of the worker is being
 * committed (the store below delays every commit's acknowledgement, as a log's fsync does, and commits data
 * changes as soon as a write of the worker enters it; odd seeds run on a DurableGraphStore) — then, after `idle()` and with no write in between,
 * the store's inferred triples must equal a from-scratch RuleEngine run over the same data.
 * Compiled worker: builtReasonerWorker.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { toNQuads } from '../../../../fabric/store/rdfText.js';
import type { ChangeListener, ChangeSet, CommitReceipt, GraphStore, LoadOptions, Transaction } from '../../../../fabric/store/GraphStore.js';
import { DelegatedReads } from '../../../../fabric/store/DelegatedReads.js';
import { ChangeSetTransaction } from '../../../../fabric/store/ChangeSetTransaction.js';
import { generateDemoContinuum } from '../../../../fabric/demo/DemoContinuumGenerator.js';
import { AEROS, CF, GRAPHS, RDF as RDF_NS, XSD } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import type { AttributeInstance } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { RuleEngine } from '../../../../reasoner/RuleEngine.js';
import { ReasonerThread } from '../../../../reasoner/worker/ReasonerThread.js';
import { REASONER_GRAPHS } from '../../../../reasoner/vocabulary.js';
import { SeededRandom } from '../../../../fabric/demo/SeededRandom.js';
import { builtReasonerWorker } from './builtReasonerWorker.js';

const n = oxigraph.namedNode;
const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
const NQUADS = 'application/n-quads';

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isInferred = (q: RDF.Quad): boolean => q.graph.value.startsWith(REASONER_GRAPHS.prefix);
const isRuleGraph = (q: RDF.Quad): boolean => isInferred(q) && q.graph.value !== REASONER_GRAPHS.provenance;
const tripleKey = (q: RDF.Quad): string => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`;
const all = (store: GraphStore): RDF.Quad[] => store.match(null, null, null, null) as RDF.Quad[];

/**
 * The node's store as the reasoner thread sees it: records reported synchronously inside the commit (as
 * DurableGraphStore does), the acknowledgement `latencyMs` later (its log write; a DurableGraphStore adds its
 * own fsync). `onWorkerWrite` is called when a change touching the inferred graphs (a write of the worker)
 * enters the store, before it is acknowledged.
 */
class SlowAckStore extends DelegatedReads implements GraphStore {
  onWorkerWrite: (() => void) | undefined;
  constructor(readonly inner: GraphStore & Required<Pick<GraphStore, 'onCommit'>>, private readonly latencyMs: () => number) {
    super();
  }
  protected get readStore(): GraphStore { return this.inner; }
  private later<T>(value: Promise<T>, touchesInferred: boolean): Promise<T> {
    if (touchesInferred) this.onWorkerWrite?.();
    return value.then(async (v) => { await sleep(this.latencyMs()); return v; });
  }
  commit(change: ChangeSet): Promise<CommitReceipt> {
    return this.later(this.inner.commit(change), [...change.deletes, ...change.inserts].some(isInferred));
  }
  load(data: string, options: LoadOptions): Promise<number> {
    return this.later(this.inner.load(data, options), data.includes(`<${REASONER_GRAPHS.prefix}`));
  }
  update(): Promise<CommitReceipt> { return Promise.reject(new Error('not used')); }
  transaction(): Transaction { return new ChangeSetTransaction(this); }
  onCommit(listener: ChangeListener): () => void { return this.inner.onCommit(listener); }
  size(): number { return this.inner.size(); }
  async close(): Promise<void> { await this.inner.close(); }
}

/** The inferred triples of the store and of a from-scratch run over its data, read in one tick (no write between). */
async function compare(store: GraphStore): Promise<{ missing: string[]; extra: string[]; duplicated: string[]; inferred: number }> {
  const held = all(store);
  const scratch = new MemoryGraphStore();
  await scratch.commit({ deletes: [], inserts: held.filter((q) => !isInferred(q)) });
  const maintained = held.filter(isRuleGraph).map(tripleKey);
  await new RuleEngine(scratch).run();
  const want = new Set(all(scratch).filter(isRuleGraph).map(tripleKey));
  const have = new Set(maintained);
  const duplicated = maintained.filter((k, i) => maintained.indexOf(k) !== i);
  return { missing: [...want].filter((k) => !have.has(k)), extra: [...have].filter((k) => !want.has(k)), duplicated, inferred: want.size };
}

interface Context {
  readonly store: SlowAckStore;
  readonly random: () => number;
  readonly ngsi: string[];
  readonly alerts: string[];
  counter: number;
}

const quad = (s: string, p: string, o: oxigraph.Term, g: string) => oxigraph.quad(n(s), n(p), o as oxigraph.NamedNode, n(g)) as unknown as RDF.Quad;
const value = (random: () => number) => oxigraph.literal(String(Math.round(random() * 1000) / 10), n(`${XSD}double`));

/** Replace every quad of `subject predicate *` in data graphs (as the NGSI-LD write path and trust do) with one new value. */
function replaceValue(store: GraphStore, subject: string, predicate: string, object: oxigraph.Term, graph: string): ChangeSet {
  const deletes = store.match(n(subject), n(predicate), null, null).filter((q) => !isInferred(q as RDF.Quad)) as RDF.Quad[];
  return { deletes, inserts: [quad(subject, predicate, object, graph)] };
}

/** One random data change, as a commit of the node would bring it. */
function randomEdit(ctx: Context, only?: string): Promise<unknown> {
  const { store, random } = ctx;
  const ies = () => store.match(null, n(`${AEROS}currentCpuUsage`), null, null).filter((q) => !isInferred(q as RDF.Quad));
  const kind = only ?? pick(random, ['telemetry', 'telemetry', 'trust', 'trust', 'ram', 'create', 'create', 'alert', 'alert', 'unalert', 'retype', 'drop-entity']);
  switch (kind) {
    case 'telemetry': case 'ram': case 'trust': {
      const candidates = ies();
      if (candidates.length === 0) return Promise.resolve();
      const ie = pick(random, candidates);
      const predicate = kind === 'telemetry' ? `${AEROS}currentCpuUsage` : kind === 'ram' ? `${AEROS}ramCapacity` : `${CF}trustScore`;
      return store.commit(replaceValue(store, ie.subject.value, predicate, kind === 'ram' ? oxigraph.literal(String(pick(random, [8192, 16384, 32768]))) : value(random), ie.graph.value));
    }
    case 'create': {
      const id = `urn:ngsi-ld:InfrastructureElement:thread-diff:${ctx.counter++}`;
      ctx.ngsi.push(id);
      const cpu: AttributeInstance = { kind: 'Property', value: Math.round(random() * 1000) / 10, unitCode: 'P1', observedAt: '2026-12-03T09:00:00Z', subAttributes: new Map() };
      const quads = entityToQuads({ id, types: [`${AEROS}InfrastructureElement`], attributes: new Map([
        [`${AEROS}currentCpuUsage`, [cpu]],
        [`${AEROS}ramCapacity`, [{ kind: 'Property', value: pick(random, [8192, 16384]), subAttributes: new Map() } as AttributeInstance]],
        [`${AEROS}domain`, [{ kind: 'Relationship', object: pick(random, ['urn:ngsi-ld:Domain:thread-a', 'urn:ngsi-ld:Domain:thread-b']), subAttributes: new Map() } as AttributeInstance]],
      ]) });
      // As entityCommit writes a create: a ground N-Quads load (a DurableGraphStore logs the text as given) or a commit.
      return random() < 0.5 ? store.load(toNQuads(quads), { format: NQUADS }) : store.commit({ deletes: [], inserts: quads });
    }
    case 'alert': {
      const candidates = ies();
      if (candidates.length === 0) return Promise.resolve();
      const alert = `urn:test:alert:${ctx.counter++}`;
      ctx.alerts.push(alert);
      const type = pick(random, [`${CF}SecurityAlert`, `${CF}HealthEvent`, `${CF}SelfSecurityEvent`]);
      return store.commit({ deletes: [], inserts: [quad(alert, `${RDF_NS}type`, n(type), alert), quad(alert, `${AEROS}belongsTo`, n(pick(random, candidates).subject.value), alert)] });
    }
    case 'unalert': case 'retype': {
      if (ctx.alerts.length === 0) return Promise.resolve();
      const alert = pick(random, ctx.alerts);
      if (kind === 'unalert') return store.commit({ deletes: store.match(null, null, null, n(alert)) as RDF.Quad[], inserts: [] });
      const typed = quad(alert, `${RDF_NS}type`, n(pick(random, [`${CF}SecurityAlert`, `${CF}HealthEvent`, `${CF}SelfSecurityEvent`])), alert);
      return store.commit(store.has(typed) ? { deletes: [typed], inserts: [] } : { deletes: [], inserts: [typed] });
    }
    default: {
      // An NGSI-LD entity delete: its whole graph (natural triples and reifiers) out.
      if (ctx.ngsi.length === 0) return Promise.resolve();
      const id = ctx.ngsi.splice(Math.floor(random() * ctx.ngsi.length), 1)[0];
      return store.commit({ deletes: store.match(null, null, null, n(id)) as RDF.Quad[], inserts: [] });
    }
  }
}

describe('ReasonerThread against from-scratch runs (randomized, writes interleaved with the worker\'s)', () => {
  const script = builtReasonerWorker();
  const seeds = (process.env.REASONER_THREAD_SEEDS ?? '11,29').split(',').map(Number);
  const steps = Number(process.env.REASONER_THREAD_STEPS ?? 3);
  // Replaying / probing (not needed for CI): REASONER_THREAD_BURST=n adds n NGSI-LD creates per step, committed
  // back to back (the worker then takes large batches, as under concurrent creates); REASONER_THREAD_DEBOUNCE_MS.
  const burst = Number(process.env.REASONER_THREAD_BURST ?? 0);

  for (const seed of seeds) {
    it(`seed ${seed}: after idle(), the inferred triples equal a from-scratch run over the same data`, async () => {
      const seeded = new SeededRandom(seed); // deterministic, so a failing seed can be replayed
      const random = (): number => seeded.next();
      // Odd seeds: a DurableGraphStore (the node's store: log, fsync, group commit); even seeds: in memory.
      const dataDir = seed % 2 === 1 ? mkdtempSync(join(tmpdir(), 'cf-thread-diff-')) : undefined;
      const inner = dataDir ? await DurableGraphStore.open(dataDir) : new ObservedMemoryStore();
      const store = new SlowAckStore(inner, () => Math.floor(random() * 15));
      await inner.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
      let demo = '';
      for (const chunk of generateDemoContinuum({ ies: 3, seed, chunkQuads: 10_000 })) demo += chunk;
      await inner.load(demo, { format: NQUADS });
      const ctx: Context = { store, random, ngsi: [], alerts: [], counter: 0 };
      const inFlight = new Set<Promise<unknown>>();
      const track = (p: Promise<unknown>) => { inFlight.add(p); void p.finally(() => inFlight.delete(p)); };
      let interleaved = 0;
      let hook = false;
      let sawWrite: (() => void) | undefined;
      const errors: unknown[] = [];
      // Data changes committed while a write of the worker is in the store but not yet acknowledged.
      store.onWorkerWrite = () => {
        if (!hook) return;
        setImmediate(() => {
          if (hook) for (let k = 0; k < 1 + Math.floor(random() * 3); k++) { interleaved++; track(randomEdit(ctx)); }
          sawWrite?.();
        });
      };
      const thread = new ReasonerThread(store, { script, debounceMs: Number(process.env.REASONER_THREAD_DEBOUNCE_MS ?? 1 + Math.floor(random() * 20)), onError: (e) => errors.push(e) });
      try {
        await thread.start();
        let checked = 0;
        for (let step = 0; step < steps; step++) {
          hook = true;
          for (let e = 0; e < burst; e++) track(randomEdit(ctx, 'create'));
          for (let e = 0, count = 3 + Math.floor(random() * 10); e < count; e++) {
            track(randomEdit(ctx));
            if (random() < 0.5) await sleep(Math.floor(random() * 25)); // let the worker start a batch in between
          }
          // Until a write of the worker entered the store (and got data changes committed behind it), or 3 s.
          await Promise.race([new Promise<void>((resolve) => { sawWrite = resolve; }), sleep(3000)]);
          sawWrite = undefined;
          hook = false;
          while (inFlight.size > 0) await Promise.all([...inFlight]);
          await thread.idle();
          const result = await compare(store); // nothing writes between idle() and this read
          expect({ seed, step, missing: result.missing, extra: result.extra, duplicated: result.duplicated }).toEqual({ seed, step, missing: [], extra: [], duplicated: [] });
          checked++;
        }
        const stats = thread.stats();
        // The run exercised what it is about: incremental batches in the worker, data commits during its writes.
        expect(checked).toBe(steps);
        expect(stats.incrementalRuns).toBeGreaterThan(steps);
        expect(interleaved).toBeGreaterThan(0);
        expect(stats.crashes).toBe(0);
        expect(errors).toEqual([]);
        if (process.env.REASONER_THREAD_SEEDS) console.log(`seed ${seed}: ${steps} checks, ${stats.batches} batches (${stats.incrementalRuns} incremental, ${stats.fullRuns} full), ${stats.writes} writes, ${interleaved} edits committed during a worker write`);
      } finally {
        await thread.stop();
        await inner.close();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    }, 120_000); // ≈ 3–5 s each on a quiet machine (from-scratch runs of the built-in rules over the ontology), up to ≈ 60 s under load
  }
});
