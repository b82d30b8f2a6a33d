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
 * entities stay locked by its writer until it is applied. If the store refuses the combined change
 * (nothing is applied: every GraphStore applies a commit or load all-or-nothing), each write is
 * committed alone, in queue order, so only the write that the store refuses fails. A write is
 * acknowledged when the commit holding it is durable (its `durable` promise).
 */
import type { CommitReceipt, GraphStore } from '../../store/GraphStore.js';
import { combinedChange, type GraphChange } from './graphDifference.js';

/** Commits one change against the store (EntityWriter.commit); `basis` as in ChangeSet.exactAt. */
export type CommitFunction = (change: GraphChange, basis: number | undefined) => Promise<CommitReceipt>;

export interface QueuedWrite {
  readonly change: GraphChange;
  /** The store's change count when the write read its graphs (undefined: unknown). */
  readonly basis: number | undefined;
  /**
   * Called once, right after the change was applied in memory (`ok`) or refused (`!ok`), in the same
   * tick; `unchangedSinceRead`: no other commit came between the write's read (`basis`) and its own.
   */
  readonly settled: (ok: boolean, durable: Promise<CommitReceipt>, unchangedSinceRead: boolean) => void;
}

export interface CoalescerStats {
  /** Store commits made for queued writes. */
  readonly commits: number;
  /** Writes queued. */
  readonly writes: number;
}

export class CommitCoalescer {
  private queue: QueuedWrite[] = [];
  private commits = 0;
  private writes = 0;

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
    return { commits: this.commits, writes: this.writes };
  }

  /** Commits everything queued as one change (see the file comment). Synchronous up to the durability wait. */
  flush(): void {
    const writes = this.queue;
    this.queue = [];
    if (writes.length === 0) return;
    if (writes.length === 1) {
      this.commitSingle(writes[0]);
      return;
    }
    const count = this.store.changeCount!();
    // Exact only when every write read its graphs at the current count (nothing changed since).
    const exact = writes.every((w) => w.basis === count);
    this.commits++;
    const durable = this.tryCommit(combinedChange(writes.map((w) => w.change)), exact ? count : undefined);
    if (this.store.changeCount!() > count) {
      for (const write of writes) write.settled(true, durable, write.basis === count);
      return;
    }
    // Refused (or an effective no-op, which committing alone repeats harmlessly): one commit per write.
    durable.catch(() => undefined);
    for (const write of writes) this.commitSingle(write);
  }

  /** Commits one write by itself, now (no coalescing). */
  commitAlone(write: QueuedWrite): void {
    this.writes++;
    this.commitSingle(write);
  }

  /** The commit's promise; a synchronous throw (e.g. a term the text writer refuses) becomes a rejection. */
  private tryCommit(change: GraphChange, basis: number | undefined): Promise<CommitReceipt> {
    try {
      return this.commitOne(change, basis);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private commitSingle(write: QueuedWrite): void {
    const count = this.store.changeCount!();
    this.commits++;
    const durable = this.tryCommit(write.change, write.basis === count ? count : undefined);
    const applied = this.store.changeCount!() > count || (write.change.deletes.length === 0 && write.change.inserts.length === 0);
    if (!applied) durable.catch(() => undefined); // the writer reports the error through `durable`
    write.settled(applied, durable, write.basis === count);
  }
}
