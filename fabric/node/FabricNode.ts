import { disableJsToWasmInlining } from './jsToWasmInlining.js';
import type { NodeConfig } from '../config/NodeConfig.js';
import { DurableGraphStore } from '../store/durable/DurableGraphStore.js';
import { ReplicatedGraphStore } from '../store/replica/ReplicatedGraphStore.js';
import { buildHttpApp, type HttpApp } from '../http/buildHttpApp.js';
import { packageRoot } from '../validation/modelFiles.js';
import { seedFreshStore, type SeedReport } from './seedFreshStore.js';
import { loadOntology, loadShapes } from '../validation/modelFiles.js';
import { ContextResolver } from '../ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../ngsi-ld/context/wellKnownContexts.js';
import { validationModes } from './validationModes.js';
import { EntityValidator } from '../ngsi-ld/service/EntityValidator.js';
import { NgsiLdServices } from '../ngsi-ld/service/NgsiLdServices.js';
import { TenantRegistry } from '../ngsi-ld/service/TenantRegistry.js';
import { HostedContexts } from '../ngsi-ld/context/HostedContexts.js';
import { fullQueryCompiler } from '../http/ngsi-ld/fullQueryCompiler.js';
import type { NgsiLdHttpDeps } from '../http/ngsi-ld/NgsiLdHttpDeps.js';
import type { GraphStore } from '../store/GraphStore.js';
import type { EntityIndexStats } from '../ngsi-ld/index/EntityIndex.js';
import { ReasonerService } from '../../reasoner/ReasonerService.js';
import { RuleEngine } from '../../reasoner/RuleEngine.js';
import { TrustService } from '../../reasoner/trust/TrustService.js';
import { ReasonerThread } from '../../reasoner/worker/ReasonerThread.js';
import { OneShotRunThread } from '../../reasoner/worker/OneShotRunThread.js';
import type { ReplicaSeed } from '../store/replica/protocol.js';
import { TrustOnChange } from '../../reasoner/trust/TrustOnChange.js';
import { PolicyService } from '../../reasoner/policy/PolicyService.js';
import { TenantReasoners } from './TenantReasoners.js';
import { TenantReasoning } from './TenantReasoning.js';
import { NodeTenantReasonerServices } from './NodeTenantReasonerServices.js';
import { wireOrchestration, type OrchestrationParts } from './orchestrationWiring.js';

// Before any hot code is optimized; this process and its worker threads (jsToWasmInlining.ts: a V8 11 fatal error).
disableJsToWasmInlining();

/** Where the node ended up listening, and what a fresh start seeded. */
export interface NodeStartInfo {
  readonly url: string;
  readonly quads: number;
  readonly seeded?: SeedReport;
  /** The default container runtime of orchestration (kind 'dry-run' when none is configured). */
  readonly runtime?: { readonly kind: string; readonly endpoint: string };
}

/** Parts a test or an embedding program may substitute (the config stays the node's settings). */
export interface FabricNodeOptions {
  /** The compiled reasoner worker (default reasonerWorkerScript(): beside the compiled module, or <package>/dist). */
  readonly reasonerWorkerScript?: URL | string;
}

/** A worker's seed from a store's data directory, after a durability barrier (an empty commit): read-only recovery sees every acknowledged write. */
async function dataDirSeed(store: GraphStore, dataDir: string): Promise<ReplicaSeed> {
  await store.commit({ deletes: [], inserts: [] });
  return { kind: 'dataDir', dataDir };
}

/**
 * The one composition root: durable store in the data directory → query
 * replicas → HTTP app → listen. Plain constructors, no container. On an empty
 * data directory it seeds the ontology, the shapes and (with demo on) the demo
 * continuum. stop() closes HTTP first, then the store (which snapshots).
 */
export class FabricNode {
  private durable?: DurableGraphStore;
  private store?: ReplicatedGraphStore;
  private app?: HttpApp;
  private tenants?: TenantRegistry;
  /** The named tenants' reasoning (reasoner and trust on change), with incremental reasoning. */
  private namedReasoners?: TenantReasoners<TenantReasoning>;
  private stopping?: Promise<void>;
  /** The reasoner's worker threads, and trust on change when config.incrementalReasoning: stopped after HTTP. */
  private reasoning: Array<{ stop(): Promise<void> }> = [];
  private firstReasoning: Promise<void> = Promise.resolve();
  private readIndexWarm: Promise<void> = Promise.resolve();
  private readIndexCounters: () => Promise<EntityIndexStats | undefined> = async () => undefined;
  private orchestration?: OrchestrationParts;

  constructor(readonly config: NodeConfig, private readonly options: FabricNodeOptions = {}) {}

  async start(): Promise<NodeStartInfo> {
    const { config } = this;
    this.durable = await DurableGraphStore.open(config.dataDir);
    let seeded: SeedReport | undefined;
    if (this.durable.size() === 0) {
      seeded = await seedFreshStore(this.durable, { packageRoot: packageRoot(), demo: config.demo, demoIes: config.demoIes, demoSeed: config.demoSeed });
    }
    const durable = this.durable;
    this.store = new ReplicatedGraphStore(durable, { replicas: config.queryReplicas, timeoutMs: config.queryTimeoutMs, dataDir: config.dataDir });
    const store = this.store;
    let replicasReady = false;
    const replicasReadyPromise = store.ready().then(() => { replicasReady = true; });
    // Orchestration (issue 5, docs/orchestration.md): runtimes from the config (dry-run when none), placement, reconciler.
    // Policies (issue 4, docs/policies.md): seeded from shapes/policies/; checks read the durable store in-process (no
    // replica round trip). One service answers /policies and gates placement.
    const policies = new PolicyService(durable);
    const orchestration = wireOrchestration(store, policies, config, (e, context) => this.app?.log.warn({ err: e }, `orchestration: ${context}`));
    this.orchestration = orchestration;
    const ruleEngine = new RuleEngine(store);
    // The reasoner's worker threads see the store as a query replica does: read-only recovery from the data
    // directory after a durability barrier (an empty commit), then (incremental reasoning) the commit records.
    const seed = (): Promise<ReplicaSeed> => dataDirSeed(durable, config.dataDir);
    const script = this.options.reasonerWorkerScript;
    // POST /reasoner/run off the main thread (docs/reasoner.md "POST /reasoner/run in a worker thread"): in the
    // incremental reasoner's worker, queued with its batches, or else in a worker thread of its own per run.
    // Trust scores (issue 4, docs/trust.md): with incremental reasoning kept on change, on the main thread or (config
    // trustInReasonerWorker) in the reasoner's worker thread.
    const { runner, trust } = config.incrementalReasoning
      ? this.startOnChange(store, seed)
      : { runner: new OneShotRunThread(store, { seed, ...(script ? { script } : {}) }), trust: new TrustService(store) };
    if (!config.incrementalReasoning) this.reasoning = [runner];
    const ngsiLd = this.ngsiLd(store);
    // Reasoner (issue 4, docs/reasoner.md): built-in rules from shapes/rules/ plus the rules graph, over the default tenant.
    const reasoner = new ReasonerService(store, ruleEngine, runner);
    // /reasoner and /trust with NGSILD-Tenant (§4.14): a named tenant's from its store, runs and recomputes in its reasoning.
    const tenantReasoning = new NodeTenantReasonerServices({
      defaults: { store, reasoner, trust, ...(runner instanceof ReasonerThread ? { incremental: { health: () => runner.health() } } : {}) },
      trustInWorker: config.trustInReasonerWorker,
      tenants: this.tenants!,
      ...(this.namedReasoners ? { reasoners: this.namedReasoners } : {}),
      oneShot: (tenantStore) => new OneShotRunThread(tenantStore, script ? { script } : {}),
    });
    this.reasoning.push({ stop: () => tenantReasoning.close() });
    this.app = buildHttpApp({
      store,
      ngsiLd,
      reasoner,
      // Trust scores (issue 4, docs/trust.md): POST /trust/recompute (in the reasoner's worker when trust runs there), GET /trust/{ie}.
      trust,
      tenantReasoning,
      policies,
      orchestration: orchestration.http,
      config: { queryTimeoutMs: config.queryTimeoutMs, bodyLimitBytes: config.bodyLimitBytes, writeToken: config.writeToken },
      ready: async () => replicasReady,
      stats: () => {
        const s = durable.stats();
        return { quads: s.quadCount, walBytes: s.walBytes, lastSnapshotTime: s.lastSnapshotTime ? s.lastSnapshotTime.getTime() / 1000 : undefined };
      },
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    });
    await this.app.listen({ host: config.host, port: config.port });
    await replicasReadyPromise;
    orchestration.reconciler.start();
    const address = this.app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return { url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`, quads: durable.size(), seeded, runtime: orchestration.defaultRuntime };
  }

  /** Resolves when the first (full) runs of incremental reasoning and trust are over (at once when it is off). */
  reasoningSettled(): Promise<void> {
    return this.firstReasoning;
  }

  /** The default tenant's NGSI-LD read index counters (EntityIndex.stats: hits, misses, …); undefined without an index. */
  readIndexStats(): Promise<EntityIndexStats | undefined> {
    return this.readIndexCounters();
  }

  /** Resolves when the default tenant's NGSI-LD read index has warmed its entity cache (EntityIndex.warmedUp). */
  readIndexWarmed(): Promise<void> {
    return this.readIndexWarm;
  }

  /**
   * Incremental reasoning and trust on data change (issue 4, docs/reasoner.md, docs/trust.md), both
   * debounced by config.reasoningDebounceMs; the reasoner's first (full) run starts right away. The
   * reasoner runs in a worker thread (docs/reasoner.md "Incremental reasoning in a worker thread"), seeded
   * like a query replica: read-only recovery from the data directory after a durability barrier (an empty
   * commit), then the store's commit records. Trust on change runs on the main thread, or with
   * config.trustInReasonerWorker in the same worker (docs/trust.md "In the reasoner's worker thread"): its writes
   * come back as the reasoner's do, but not marked own, and a write whose IE's entity graph was deleted meanwhile
   * leaves that graph alone; POST /trust/recompute runs there too.
   * Returns the reasoner thread, which also makes the full runs of POST /reasoner/run, and the node's trust service.
   */
  private startOnChange(store: GraphStore, seed: () => Promise<ReplicaSeed>): { runner: ReasonerThread; trust: TrustService } {
    const debounceMs = this.config.reasoningDebounceMs;
    const script = this.options.reasonerWorkerScript;
    const trustOptions = { debounceMs, minRerankIntervalMs: this.config.trustRerankIntervalMs };
    const onMain = !this.config.trustInReasonerWorker;
    const reasoner = new ReasonerThread(store, { debounceMs, seed, ...(script ? { script } : {}), ...(onMain ? {} : { trust: trustOptions }) });
    const trust = new TrustService(store, onMain ? {} : { recomputeIn: reasoner });
    const trustOnChange = onMain ? new TrustOnChange(store, trust, trustOptions) : undefined;
    this.reasoning = trustOnChange ? [reasoner, trustOnChange] : [reasoner];
    this.firstReasoning = Promise.all([
      reasoner.start().catch((error: unknown) => console.error('Incremental reasoner: the first run failed:', error)),
      (trustOnChange ? trustOnChange.start() : reasoner.trustStarted()).catch((error: unknown) => console.error('Trust on change could not start:', error)),
    ]).then(() => undefined);
    return { runner: reasoner, trust };
  }

  /**
   * NGSI-LD (issue 3): the node's store is the default tenant; named tenants get durable
   * stores under <dataDir>/tenants/, seeded with the ontology and shapes when created.
   * Writes are checked against the SHACL shapes in the mode `ngsiLdValidation` sets per type
   * (reject → GS CIM 009 §5.5.1 BadRequestData, warn → accepted with a Warning header, off).
   */
  private ngsiLd(store: GraphStore): Omit<NgsiLdHttpDeps, 'guard'> {
    const root = packageRoot();
    const seed = async (_tenant: string, tenantStore: GraphStore): Promise<void> => {
      await seedFreshStore(tenantStore, { packageRoot: root, demo: false, demoIes: 0, demoSeed: 0 });
    };
    // Each named tenant's derived graphs and trust scores are kept by a reasoner and trust on change of its own while the
    // tenant is written to (TenantReasoners, TenantReasoning).
    const reasoners = this.config.incrementalReasoning ? this.tenantReasoners() : undefined;
    this.namedReasoners = reasoners;
    const onOpen = reasoners ? (tenant: string, tenantStore: GraphStore, dir: string | undefined) => reasoners.opened(tenant, tenantStore, dir) : undefined;
    this.tenants = new TenantRegistry({ defaultStore: store, dataDir: this.config.dataDir, onCreate: seed, ...(onOpen ? { onOpen } : {}) });
    const contexts = new ContextResolver();
    const { ngsiLdValidation } = this.config;
    const validator = new EntityValidator({ shapes: loadShapes(root), ontology: loadOntology(root), defaultMode: ngsiLdValidation.default });
    const modes = validationModes(ngsiLdValidation, contexts.localDocument(CONTINUUM_CONTEXT_URL) ?? {}, (iri) => validator.isTargeted(iri));
    for (const [type, mode] of Object.entries(modes)) validator.setMode(type, mode);
    // Read index per tenant (fabric/ngsi-ld/index), its entity cache warmed in the background; the default
    // tenant's services (and so its index) are built now, so warming starts with the node.
    const services = new NgsiLdServices(this.tenants, { validator, index: { warm: true, cachedEntities: this.config.readIndexEntities } });
    this.readIndexWarm = services.forRead(undefined).then((s) => s.index?.warmedUp(), () => undefined);
    this.readIndexCounters = () => services.forRead(undefined).then((s) => s.index?.stats(), () => undefined);
    // Hosted @contexts (GS CIM 009 §5.13.2) are node-wide and durable in the node's store: hosted again before serving.
    const hosted = new HostedContexts(contexts, store);
    const { skipped } = hosted.restore();
    for (const problem of skipped) console.warn(`Hosted @context not restored (contexts graph): ${problem}`);
    return {
      services,
      contexts,
      hosted,
      compileQuery: fullQueryCompiler,
      identity: { id: this.config.domain, alias: this.config.domain, startedAt: new Date() },
    };
  }

  /**
   * Reasoning of the named tenants: each a ReasonerThread seeded from the tenant's data directory and trust on change
   * over the tenant's store (TenantReasoning), at most config.maxTenantReasoners at once, stopped after
   * config.tenantReasonerIdleMs without a write (docs/configuration.md); all stopped with the node.
   */
  private tenantReasoners(): TenantReasoners<TenantReasoning> {
    const { config } = this;
    const script = this.options.reasonerWorkerScript;
    const create = (_tenant: string, store: GraphStore, dir: string): TenantReasoning => new TenantReasoning(store, {
      debounceMs: config.reasoningDebounceMs,
      trustRerankIntervalMs: config.trustRerankIntervalMs,
      trustInReasonerWorker: config.trustInReasonerWorker,
      seed: () => dataDirSeed(store, dir),
      ...(script ? { script } : {}),
    });
    const reasoners = new TenantReasoners({ create, idleMs: config.tenantReasonerIdleMs, maxRunning: config.maxTenantReasoners });
    this.reasoning.push({ stop: () => reasoners.close() });
    return reasoners;
  }

  /** Graceful shutdown: stop accepting requests, then close the store (snapshot + release the lock). Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.orchestration?.reconciler.stop();
      await this.app?.close();
      for (const part of this.reasoning) await part.stop();
      await this.orchestration?.registry.close();
      await this.tenants?.close();
      if (this.store) await this.store.close();
      else await this.durable?.close();
    })();
    return this.stopping;
  }
}
