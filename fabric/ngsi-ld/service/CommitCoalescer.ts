/**
 * Entity writes planned in the same event-loop turn go to the store as ONE commit: one oxigraph
 * load (or DELETE DATA + load), one write-ahead-log record and fsync, one change-feed record,
 * one replica message — instead of one of each per write (docs/benchmarks.md §4: the load of a
 * 65-quad IE costs ≈ 0.3 ms fixed per transaction, half as much per IE in a load of 50). The
 * queue is flushed in a `setImmediate` callback, i.e. after the poll phase in which the HTTP
 * requests of the turn were parsed and planned, so concurrent requests coalesce and a lone
 * write waits one loop iteration at most.
 *
 * Each queued write is a unit of atomicity (one entity, or one batch's successful items) whose
 * entities stay locked by its writer until it is applied. Before committing, a write whose read is
 * older than the store's current change count is validated (`readIsCurrent`, readValidation.ts): a
 * SPARQL Update or another service may have changed its graphs meanwhile (they take no entity lock),
 * and then the write is not committed but settled `stale`, for its writer to plan again (docs/ngsi-ld-api.md
 * "Writes racing SPARQL Update"). The checks and the commit run in one tick. If the store refuses the
 * combined change (nothing is applied: every GraphStore applies a commit or load all-or-nothing),
 * each write is committed alone, in queue order, so only the write that the store refuses fails.
 * A write is acknowledged when the commit holding it is durable (its `durable` promise).
 */
import type { CommitReceipt, GraphStore } from '../../store/GraphStore.js';
import { combinedChange, type GraphChange } from './graphDifference.js';

/**
 * Commits one change against the store (entityCommit.ts). `basis`: a change count at which
 * the change is known exact (ChangeSet.exactAt) when `change.exact`, or undefined.
 */
export type CommitFunction = (change: GraphChange, basis: number | undefined) => Promise<CommitReceipt>;

/**
 * How a queued write ended, told in the tick of its commit: `applied` (in memory; `durable` resolves once
 * on disk), `refused` (nothing applied; `durable` rejects with the store's error) or `stale` (not
 * committed: one of its graphs changed since its read).
 */
export type WriteSettlement =
  | { readonly status: 'applied' | 'refused'; readonly durable: Promise<CommitReceipt> }
  | { readonly status: 'stale' };

export interface QueuedWrite {
  readonly change: GraphChange;
  /** The store's change count when the write read its graphs (undefined: unknown). */
  readonly basis: number | undefined;
  /** Whether the graphs the write read still hold what it read; asked only when the count moved since `basis`. */
  readonly readIsCurrent: () => boolean;
  /** Called once, in the tick the write was committed, refused or found stale. */
  readonly settled: (settlement: WriteSettlement) => void;
}

export interface CoalescerStats {
  /** Store commits made for queued writes. */
  readonly commits: number;
  /** Writes queued or committed alone (a write planned again counts again). */
  readonly writes: number;
  /** Writes not committed because a graph they read had changed (their writers planned them again). */
  readonly stale: number;
}

const STALE: WriteSettlement = { status: 'stale' };

export class CommitCoalescer {
  private queue: QueuedWrite[] = [];
  private commits = 0;
  private writes = 0;
  private stale = 0;

  constructor(private readonly store: GraphStore, private readonly commitOne: CommitFunction) {}

  /** Whether the store lets the coalescer tell an applied commit from a refused one (GraphStore.changeCount). */
  static supports(store: GraphStore): boolean {
    return typeof store.changeCount === 'function';
  }

  enqueue(write: QueuedWrite): void {
    this.writes++;
    this.queue.push(write);
    if (this.queue.length === 1) setImmediate(() => this.flush());
  }

  stats(): CoalescerStats {
    return { commits: this.commits, writes: this.writes, stale: this.stale };
  }

  /** Commits everything queued and still current as one change (see the file comment). Synchronous up to the durability wait. */
  flush(): void {
    const queued = this.queue;
    this.queue = [];
    const count = this.store.changeCount!();
    const writes = queued.filter((write) => this.current(write, count));
    if (writes.length === 0) return;
    if (writes.length === 1) {
      this.commitSingle(writes[0], count);
      return;
    }
    this.commits++;
    // Every write's graphs are as it read them at `count`, so the combined difference is exact there.
    const durable = this.tryCommit(combinedChange(writes.map((w) => w.change)), count);
    if (this.store.changeCount!() > count) {
      for (const write of writes) write.settled({ status: 'applied', durable });
      return;
    }
    // Refused (or an effective no-op, which committing alone repeats harmlessly): one commit per write.
    durable.catch(() => undefined);
    for (const write of writes) this.commitSingle(write, this.store.changeCount!());
  }

  /** Commits one write by itself, now (no coalescing), unless it is stale. */
  commitAlone(write: QueuedWrite): void {
    this.writes++;
    const count = this.store.changeCount!();
    if (this.current(write, count)) this.commitSingle(write, count);
  }

  /** Whether the write may be committed at `count`; a stale one is settled here. */
  private current(write: QueuedWrite, count: number): boolean {
    if (write.basis === count || write.readIsCurrent()) return true;
    this.stale++;
    write.settled(STALE);
    return false;
  }

  /** The commit's promise; a synchronous throw (e.g. a term the text writer refuses) becomes a rejection. */
  private tryCommit(change: GraphChange, basis: number | undefined): Promise<CommitReceipt> {
    try {
      return this.commitOne(change, basis);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Commits a write whose graphs are current at `count` (checked by the caller). */
  private commitSingle(write: QueuedWrite, count: number): void {
    this.commits++;
    const durable = this.tryCommit(write.change, count);
    const applied = this.store.changeCount!() > count || (write.change.deletes.length === 0 && write.change.inserts.length === 0);
    if (!applied) durable.catch(() => undefined); // the writer reports the error through `durable`
    write.settled({ status: applied ? 'applied' : 'refused', durable });
  }
}
