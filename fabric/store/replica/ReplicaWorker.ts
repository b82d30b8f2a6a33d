/**
 * One query replica: a worker thread, its queue of queries (one in flight at
 * a time, so a query's time limit counts evaluation, not waiting), the time
 * limit, and respawning. On timeout the thread is terminated — the only way
 * to stop synchronous WASM evaluation — and a fresh replica is seeded.
 */
import { Worker } from 'node:worker_threads';
import { InternalError, QueryTimeoutError } from '../../errors/FabricError.js';
import type { CommitRecord, FromReplica, QueryFailure, QueryReply, QueryRequest, ReplicaSeed } from './protocol.js';
import { RecordOutbox } from './RecordOutbox.js';

const MAX_FAILED_STARTS = 3;

export interface ReplicaJob {
  readonly request: Omit<QueryRequest, 'id' | 'type'>;
  readonly timeoutMs: number;
  resolve(reply: QueryReply | QueryFailure): void;
  reject(error: Error): void;
}

export interface ReplicaWorkerOptions {
  readonly script: URL | string;
  /** Called synchronously at each (re)spawn; the seed and the record stream start at the same instant. */
  readonly seed: () => ReplicaSeed | Promise<ReplicaSeed>;
  /** Delay before respawning after a crash (not after a timeout). */
  readonly crashRespawnDelayMs?: number;
}

export class ReplicaWorker {
  /** Undefined while seeding and between a crash and the delayed respawn (the new seed covers commits made meanwhile). */
  private worker: Worker | undefined;
  /** Records committed while the next thread is being seeded; posted to it first. */
  private pendingRecords: CommitRecord[] | undefined;
  /** Records for the running thread, posted together once per event-loop turn or before the next query. */
  /** Without a thread the records are dropped: the next seed (spawn) covers them. */
  private readonly outbox = new RecordOutbox<CommitRecord>((records) => {
    if (this.worker && this.state !== 'closed') this.worker.postMessage({ type: 'records', records });
  });
  private failedStarts = 0;
  private state: 'starting' | 'ready' | 'closed' = 'starting';
  private readonly queue: ReplicaJob[] = [];
  private current: { job: ReplicaJob; id: number; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private readyWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  restarts = 0;
  timeouts = 0;
  crashes = 0;

  constructor(private readonly options: ReplicaWorkerOptions) {
    this.spawn();
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Queries waiting or running here (the pool picks the least loaded replica). */
  get load(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  ready(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new InternalError('Query replica closed'));
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /**
   * Forward a committed change: batched per event-loop turn (RecordOutbox), and always before a later query
   * (pump flushes first), so postMessage order keeps read-your-writes.
   */
  forward(record: CommitRecord): void {
    if (this.state === 'closed') return;
    if (this.worker) this.outbox.push(record);
    else this.pendingRecords?.push(record);
  }

  run(job: ReplicaJob): void {
    if (this.state === 'closed') {
      job.reject(new InternalError('Query replica closed'));
      return;
    }
    this.queue.push(job);
    this.pump();
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const closed = new InternalError('Query replica closed');
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.job.reject(closed);
      this.current = undefined;
    }
    for (const job of this.queue.splice(0)) job.reject(closed);
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(closed);
    await this.worker?.terminate();
  }

  /**
   * Start a replica. Records committed from this instant on are buffered and
   * posted once the thread exists; the seed covers everything before it
   * (a dump taken now, or the data directory after a durability barrier).
   */
  private spawn(): void {
    this.state = 'starting';
    this.worker = undefined;
    this.outbox.clear(); // committed before the seed below: it covers them
    const pending: CommitRecord[] = [];
    this.pendingRecords = pending;
    let seed: ReplicaSeed | Promise<ReplicaSeed>;
    try {
      seed = this.options.seed();
    } catch (error) {
      this.onCrash(error as Error);
      return;
    }
    if (seed instanceof Promise) {
      seed.then((s) => this.startThread(s, pending), (error: unknown) => {
        if (this.pendingRecords === pending) this.onCrash(error instanceof Error ? error : new Error(String(error)));
      });
    } else {
      this.startThread(seed, pending);
    }
  }

  private startThread(seed: ReplicaSeed, pending: CommitRecord[]): void {
    if (this.state === 'closed' || this.pendingRecords !== pending) return; // superseded
    const worker = new Worker(this.options.script, { workerData: { seed } });
    worker.unref(); // per-query timers keep the process alive while a query runs
    this.worker = worker;
    this.pendingRecords = undefined;
    if (pending.length > 0) worker.postMessage({ type: 'records', records: pending });
    worker.on('message', (message: FromReplica) => {
      if (worker === this.worker) this.onMessage(message);
    });
    worker.on('error', (error) => {
      if (worker === this.worker) this.onCrash(error);
    });
    worker.on('exit', (code) => {
      if (worker === this.worker && this.state !== 'closed') this.onCrash(new Error(`query replica exited with code ${code}`));
    });
  }

  private onMessage(message: FromReplica): void {
    if (message.type === 'ready') {
      this.state = 'ready';
      this.failedStarts = 0;
      for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
      this.pump();
      return;
    }
    if (!this.current || this.current.id !== message.id) return;
    clearTimeout(this.current.timer);
    const { job } = this.current;
    this.current = undefined;
    job.resolve(message);
    if (message.type === 'error' && message.reason === 'trap') {
      // The replica's oxigraph is broken after a trap: every later query would fail. A fresh one is seeded at once.
      this.crashes++;
      this.restart();
      return;
    }
    this.pump();
  }

  private pump(): void {
    if (this.state !== 'ready' || this.current) return;
    const job = this.queue.shift();
    if (!job) return;
    const id = this.nextId++;
    const timer = setTimeout(() => this.onTimeout(id), job.timeoutMs);
    this.current = { job, id, timer };
    this.outbox.flush(); // every change committed before the query reaches the replica first
    this.worker!.postMessage({ type: 'query', id, ...job.request });
  }

  private onTimeout(id: number): void {
    if (!this.current || this.current.id !== id) return;
    const { job } = this.current;
    this.current = undefined;
    this.timeouts++;
    job.reject(new QueryTimeoutError(job.timeoutMs));
    this.restart();
  }

  private onCrash(error: Error): void {
    if (this.state === 'closed') return;
    this.crashes++;
    const failed = new InternalError(`Query replica failed: ${error.message}`);
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.job.reject(failed);
      this.current = undefined;
    }
    // A start may fail transiently (a snapshot deleted while read); after repeated failures, waiting queries fail.
    if (this.state === 'starting' && ++this.failedStarts >= MAX_FAILED_STARTS) for (const job of this.queue.splice(0)) job.reject(failed);
    this.state = 'starting';
    const old = this.worker;
    this.worker = undefined; // ignore the dead thread's late events
    this.pendingRecords = undefined; // the next seed covers commits made until the respawn
    this.outbox.clear();
    void old?.terminate();
    const delay = this.options.crashRespawnDelayMs ?? 1000;
    setTimeout(() => {
      if (this.state !== 'closed') {
        this.restarts++;
        this.spawn();
      }
    }, delay).unref();
  }

  /** Replace the thread at once; queued queries wait for the new replica's readiness. */
  private restart(): void {
    const old = this.worker;
    this.restarts++;
    this.spawn();
    void old?.terminate();
  }
}
