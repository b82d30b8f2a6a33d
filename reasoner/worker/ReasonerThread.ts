/**
 * Incremental reasoning in a worker thread (issue 4; docs/reasoner.md "Incremental reasoning in a worker
 * thread"). The main thread's part: spawn the worker (reasonerWorker.ts) with a seed, forward every commit
 * record of the node's store to it (batched per event-loop turn, as ReplicaWorker does), and commit the
 * changes the worker writes (WorkerWriteCommitter.ts). The records the reasoner's writes produce are marked
 * `own` — the change feed reports them synchronously inside the commit, as IncrementalReasoner's own()
 * relies on — so the worker applies them to its replica without handing them to its reasoner.
 * With `trust`, trust on change runs in the worker too (docs/trust.md "In the reasoner's worker thread"), its writes
 * not own; without it the worker's replica leaves out the NGSI-LD reifier metadata until a full run finds the rules
 * reading it (replicaWithoutMetadata.ts; a new worker is then seeded with everything). A crashed worker is respawned
 * with a fresh seed and a full run. Same surface as IncrementalReasoner: start(), stop(), idle(), stats(); run() (POST
 * /reasoner/run, docs/reasoner.md "POST /reasoner/run in a worker thread"); recomputeTrust() (POST /trust/recompute).
 */
import { Worker } from 'node:worker_threads';
import type { ChangeRecord, GraphStore } from '../../fabric/store/GraphStore.js';
import type { ReplicaSeed } from '../../fabric/store/replica/protocol.js';
import type { IncrementalCounters, IncrementalRunSummary } from '../IncrementalReasoner.js';
import type { RunStats } from '../RuleEngine.js';
import type { TrustRunSummary } from '../trust/TrustService.js';
import type { InputScope } from '../trust/trustInputs.js';
import { addCounters as add, NO_COUNTERS as ZERO, type ReasonerThreadCounters } from './threadCounters.js';
import { RecordOutbox } from '../../fabric/store/replica/RecordOutbox.js';
import { WorkerWriteCommitter } from './WorkerWriteCommitter.js';
import { WorkerRequests } from './WorkerRequests.js';
import { isWasmTrap } from './wasmTrap.js';
import { ThreadHealth, type ReasonerThreadHealth } from './threadHealth.js';
import { ReasonerUnavailableError } from '../../fabric/errors/ReasonerError.js';
import { baseWorkerData, reasonerWorkerScript, type ReasonerWorkerOptions } from './workerScript.js';
import type { ForwardedRecord, FromReasoner, ReasonerWorkerData, ToReasoner, TrustRunReport, WorkerTrustOptions } from './protocol.js';

/** `seed` is asked at each (re)spawn; records committed from that instant on are forwarded. */
export interface ReasonerThreadOptions extends ReasonerWorkerOptions {
  /** As IncrementalReasonerOptions. */
  readonly debounceMs?: number;
  readonly maxBatchQuads?: number;
  readonly onRun?: (summary: IncrementalRunSummary) => void;
  readonly onError?: (error: unknown) => void;
  /** Run trust on change in the worker too, with these TrustOnChange options (docs/trust.md). */
  readonly trust?: WorkerTrustOptions;
  /** A trust run on change was written (with `trust`). */
  readonly onTrustRun?: (report: TrustRunReport) => void;
  /** Delay before respawning after a crash (default 1000 ms, doubled after each failed start up to 30 s). */
  readonly crashRespawnDelayMs?: number;
}

export type { ReasonerThreadCounters, ReasonerThreadHealth };

const MAX_RESPAWN_DELAY_MS = 30_000;
/** After this many failed starts in a row, start() rejects (respawning goes on, slower). */
const MAX_FAILED_STARTS = 3;

export class ReasonerThread {
  private worker: Worker | undefined;
  /** Bumped at every spawn: a write requested by an older worker is not marked own for the new one. */
  private generation = 0;
  /** Records committed while the next worker is being seeded; posted to it first. */
  private pendingRecords: ForwardedRecord[] | undefined;
  private readonly outbox = new RecordOutbox<ForwardedRecord>((records) => this.worker?.postMessage({ type: 'records', records } satisfies ToReasoner));
  private readonly committer: WorkerWriteCommitter;
  private unsubscribe: (() => void) | undefined;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private first: { resolve: (s: IncrementalRunSummary) => void; reject: (e: Error) => void } | undefined;
  private trustFirst: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private readonly trustReady: Promise<void>;
  /** Idle waits, full runs, trust recomputes and flushes not answered yet. */
  private readonly requests = new WorkerRequests((message) => this.post(message));
  /** Counters of dead workers, and the current worker's latest. */
  private past: IncrementalCounters = ZERO;
  private current: IncrementalCounters = ZERO;
  private crashes = 0;
  /** Starting, running, restarting, given up (GET /reasoner/status). */
  private readonly condition = new ThreadHealth();
  /** Whether the current worker finished its first run. */
  private workerStarted = false;
  private respawnTimer: NodeJS.Timeout | undefined;
  /** Seed workers with the NGSI-LD reifier metadata (trust runs there, or the rules were found to read it). */
  private keepReifierMetadata: boolean;

  constructor(private readonly store: GraphStore, private readonly options: ReasonerThreadOptions = {}) {
    this.committer = new WorkerWriteCommitter(store, options.sliceLines);
    this.trustReady = options.trust ? new Promise((resolve, reject) => { this.trustFirst = { resolve, reject }; }) : Promise.resolve();
    this.trustReady.catch(() => undefined); // read through trustStarted()
    this.keepReifierMetadata = options.trust !== undefined;
  }

  /** Follow the store's change feed and start the worker; resolves after its first (full) run. */
  start(): Promise<IncrementalRunSummary> {
    if (!this.store.onCommit) return Promise.reject(new Error('The store has no change feed (GraphStore.onCommit): incremental reasoning needs one.'));
    if (this.state !== 'new') return Promise.reject(new Error('ReasonerThread.start() may be called once.'));
    this.state = 'running';
    this.unsubscribe = this.store.onCommit((record) => this.onRecord(record));
    const first = new Promise<IncrementalRunSummary>((resolve, reject) => { this.first = { resolve, reject }; });
    this.spawn();
    return first;
  }

  /** With `trust`: resolves once trust on change has started in the first worker (its first full recompute written). */
  trustStarted(): Promise<void> {
    return this.trustReady;
  }

  /** Stop following the feed, let writes being committed finish, end the thread. Pending changes are dropped. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.condition.stopped();
    this.unsubscribe?.();
    if (this.respawnTimer) clearTimeout(this.respawnTimer);
    this.first?.reject(new Error('The reasoner thread was stopped.'));
    this.first = undefined;
    this.trustFirst?.reject(new Error('The reasoner thread was stopped.'));
    this.trustFirst = undefined;
    this.requests.fail(new Error('The reasoner thread was stopped during the request.'), true);
    await this.committer.settled();
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /** Resolves once every record committed before the call is processed by the worker and its results are committed. */
  idle(): Promise<void> {
    if (this.state !== 'running') return Promise.resolve();
    return this.requests.idle();
  }

  /**
   * A full run in the worker (POST /reasoner/run), queued with its incremental batches; resolves with the run's
   * statistics once its write is committed to the store. Rejects if the worker dies meanwhile (it then restarts
   * with a full run of its own) or with the run's typed error (e.g. DerivationBudgetExceededError).
   */
  run(): Promise<RunStats> {
    if (this.state !== 'running') return Promise.reject(new ReasonerUnavailableError(this.condition.gaveUpBecause() ?? 'The reasoner thread is not running (starting, restarting or stopped: GET /reasoner/status says which).'));
    return this.requests.run();
  }

  /**
   * POST /trust/recompute in the worker's trust service (with `trust`): covers every record committed before the
   * call; resolves once its writes are committed to the store.
   */
  recomputeTrust(scope: InputScope = {}): Promise<TrustRunSummary> {
    if (this.state !== 'running' || !this.options.trust) return Promise.reject(new Error('Trust does not run in the reasoner thread.'));
    return this.requests.recomputeTrust(scope);
  }

  /** Process trust's changes received so far now, deferred re-rankings included (TrustOnChange.flush); resolves once written. */
  flushTrust(): Promise<TrustRunReport | undefined> {
    if (this.state !== 'running' || !this.options.trust) return Promise.resolve(undefined);
    return this.requests.flushTrust();
  }

  /** What the thread is doing and its last failure (GET /reasoner/status). */
  health(): ReasonerThreadHealth {
    return this.condition.view();
  }

  stats(): ReasonerThreadCounters {
    const { writes, trustWrites, droppedEntityGraphs } = this.committer;
    return { ...add(this.past, this.current), crashes: this.crashes, writes, trustWrites, droppedEntityGraphs };
  }

  private onRecord(record: ChangeRecord): void {
    const own = this.committer.observe(record.seq, this.generation);
    const forwarded: ForwardedRecord = own ? { seq: record.seq, deletes: record.deletes, inserts: record.inserts, own: true } : record;
    if (this.state !== 'running') return;
    if (!this.worker) {
      this.pendingRecords?.push(forwarded); // without a pending list a respawn is due: its seed covers the record
      return;
    }
    this.outbox.push(forwarded);
  }

  /** Post after every record forwarded so far; without a thread, requests are posted to the next one. */
  private post(message: ToReasoner): void {
    if (!this.worker) return;
    this.outbox.flush();
    this.worker.postMessage(message);
  }

  private spawn(): void {
    this.generation++;
    this.condition.spawning();
    this.workerStarted = false;
    this.worker = undefined;
    this.outbox.clear();
    const pending: ForwardedRecord[] = [];
    this.pendingRecords = pending;
    // A synchronous seed (the default dump) is taken now, in the same tick as the record buffer starts.
    let seeded: Promise<ReplicaSeed>;
    try {
      seeded = Promise.resolve(this.options.seed ? this.options.seed() : { kind: 'nquads', nquads: this.store.dump('application/n-quads') });
    } catch (error) {
      seeded = Promise.reject(error);
    }
    seeded.then((s) => this.startThread(s, pending), (error: unknown) => {
      if (this.pendingRecords === pending) this.onCrash(error instanceof Error ? error : new Error(String(error)));
    });
  }

  private startThread(seed: ReplicaSeed, pending: ForwardedRecord[]): void {
    if (this.state !== 'running' || this.pendingRecords !== pending) return; // stopped or superseded
    const data: ReasonerWorkerData = {
      ...baseWorkerData(this.options, 'incremental', seed, this.options.debounceMs ?? 200),
      ...(this.options.maxBatchQuads !== undefined ? { maxBatchQuads: this.options.maxBatchQuads } : {}),
      ...(this.options.trust ? { trust: this.options.trust } : {}),
      ...(this.keepReifierMetadata ? {} : { leaveOutReifierMetadata: true }),
    };
    const worker = new Worker(this.options.script ?? reasonerWorkerScript(), { workerData: data });
    this.worker = worker;
    this.pendingRecords = undefined;
    // Requests made while respawning, after the records committed meanwhile.
    if (pending.length > 0) worker.postMessage({ type: 'records', records: pending } satisfies ToReasoner);
    this.requests.repost((message) => worker.postMessage(message));
    worker.on('message', (message: FromReasoner) => {
      if (worker === this.worker) this.onMessage(worker, message);
    });
    worker.on('error', (error) => {
      if (worker === this.worker) this.onCrash(error);
    });
    worker.on('exit', (code) => {
      if (worker === this.worker && this.state === 'running') this.onCrash(new Error(`reasoner worker exited with code ${code}`));
    });
  }

  private onMessage(worker: Worker, message: FromReasoner): void {
    const fail = this.options.onError ?? ((e: unknown) => console.error('Incremental reasoning failed:', e));
    switch (message.type) {
      case 'write':
        if (this.state === 'running') this.committer.commit(message, this.generation, (reply) => { if (worker === this.worker) this.post(reply); });
        break;
      case 'started':
        this.current = message.counters;
        this.workerStarted = true;
        this.condition.started();
        this.first?.resolve(message.summary);
        this.first = undefined;
        break;
      case 'startFailed': {
        const failure = `The reasoner's first run failed: ${message.message}`;
        this.condition.failed(failure);
        this.first?.reject(new Error(failure));
        this.first = undefined;
        break;
      }
      case 'run':
        this.current = message.counters;
        this.condition.ran();
        this.options.onRun?.(message.summary);
        break;
      case 'needsReifierMetadata':
        console.info(`Incremental reasoning: the rules read the NGSI-LD reifier metadata (${message.reason}); the worker is seeded again with it.`);
        this.keepReifierMetadata = true;
        this.replaceWorker();
        this.spawn(); // requests not answered are posted to the new worker
        break;
      case 'batchFailed': this.condition.failed(message.message); fail(new Error(message.message)); break;
      case 'idle':
        this.current = message.counters;
        this.requests.answer(message);
        break;
      case 'trustStarted': this.trustFirst?.resolve(); this.trustFirst = undefined; break;
      case 'trustStartFailed':
        this.trustFirst?.reject(new Error(`Trust on change could not start in the reasoner worker: ${message.message}`));
        this.trustFirst = undefined;
        break;
      case 'trustRun': this.options.onTrustRun?.(message.report); break;
      case 'trustFailed': fail(new Error(`Trust recomputation on change failed: ${message.message}`)); break;
      default: this.requests.answer(message); break; // answers to run, trust recompute and flush requests
    }
  }

  /** End the current worker; its counters are kept, the next seed covers what is committed until the next spawn. */
  private replaceWorker(): void {
    const old = this.worker;
    this.past = add(this.past, this.current);
    this.current = ZERO;
    this.worker = undefined;
    this.pendingRecords = undefined;
    this.outbox.clear();
    void old?.terminate();
  }

  private onCrash(error: Error): void {
    if (this.state !== 'running') return;
    this.crashes++;
    this.condition.crashed(error.message, !this.workerStarted);
    this.replaceWorker();
    this.requests.fail(new Error(`The reasoner worker died before the request was answered (${error.message}); it restarts with a full run of its own.`));
    (this.options.onError ?? ((e) => console.error('Incremental reasoning: the worker thread died, respawning:', e)))(error);
    const failedStarts = this.condition.failedStartCount;
    if (!this.workerStarted && failedStarts >= MAX_FAILED_STARTS) {
      this.first?.reject(new Error(`The reasoner worker failed to start ${failedStarts} times: ${error.message}`));
      this.first = undefined;
      if (isWasmTrap(error)) {
        // Deterministic at this data size (oxigraph's WASM memory is 4 GiB per thread: docs/reasoner.md "Limits"):
        // respawning would re-seed the whole store every 30 s for nothing. Stop, loudly; a restart tries again.
        const stopped = new Error(`The reasoner worker ran out of WebAssembly memory at start ${failedStarts} times (${error.message}); incremental reasoning is stopped until the node restarts.`);
        this.state = 'stopped';
        this.condition.gaveUp(stopped.message);
        this.unsubscribe?.();
        this.requests.fail(stopped, true);
        this.trustFirst?.reject(stopped);
        this.trustFirst = undefined;
        console.error(`Incremental reasoning stopped: ${stopped.message} Derived facts are not maintained${this.options.trust ? ', nor trust scores on change' : ''} (docs/reasoner.md "Limits").`);
        return;
      }
    }
    const base = this.options.crashRespawnDelayMs ?? 1000;
    const delay = Math.min(MAX_RESPAWN_DELAY_MS, base * 2 ** Math.max(0, failedStarts - 1));
    this.respawnTimer = setTimeout(() => {
      this.respawnTimer = undefined;
      if (this.state === 'running') this.spawn();
    }, delay);
  }
}
