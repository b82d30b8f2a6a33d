/**
 * N query replicas behind one entry point: least-loaded dispatch, commit
 * records broadcast to all, readiness and counters for /ready and metrics.
 */
import { ReplicaWorker, type ReplicaWorkerOptions } from './ReplicaWorker.js';
import type { CommitRecord, QueryFailure, QueryReply, QueryRequest } from './protocol.js';

export interface ReplicaPoolStats {
  readonly replicas: number;
  readonly ready: number;
  readonly busy: number;
  readonly queued: number;
  readonly restarts: number;
  readonly timeouts: number;
  readonly crashes: number;
}

export class ReplicaPool {
  private readonly workers: ReplicaWorker[];

  constructor(size: number, options: ReplicaWorkerOptions) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`replica pool size must be a positive integer, got ${size}`);
    this.workers = Array.from({ length: size }, () => new ReplicaWorker(options));
  }

  /** Resolves once every replica has been seeded (used by the /ready endpoint). */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.ready()));
  }

  forward(record: CommitRecord): void {
    for (const worker of this.workers) worker.forward(record);
  }

  query(request: Omit<QueryRequest, 'id' | 'type'>, timeoutMs: number): Promise<QueryReply | QueryFailure> {
    return new Promise((resolve, reject) => this.pick().run({ request, timeoutMs, resolve, reject }));
  }

  stats(): ReplicaPoolStats {
    let ready = 0, busy = 0, queued = 0, restarts = 0, timeouts = 0, crashes = 0;
    for (const w of this.workers) {
      if (w.isReady) ready++;
      if (w.busy) busy++;
      queued += w.load - (w.busy ? 1 : 0);
      restarts += w.restarts;
      timeouts += w.timeouts;
      crashes += w.crashes;
    }
    return { replicas: this.workers.length, ready, busy, queued, restarts, timeouts, crashes };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }

  /** Least loaded, preferring replicas that are ready over ones still (re)seeding. */
  private pick(): ReplicaWorker {
    let best = this.workers[0];
    for (const w of this.workers) {
      const better = (w.isReady && !best.isReady) || (w.isReady === best.isReady && w.load < best.load);
      if (better) best = w;
    }
    return best;
  }
}
