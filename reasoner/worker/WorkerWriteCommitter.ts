/**
 * The main thread's side of the reasoner worker's writes (docs/reasoner.md "Incremental reasoning in a worker
 * thread"; docs/trust.md "In the reasoner's worker thread"): commits each write to the node's store and tells
 * ReasonerThread which records it produced. The store's change feed reports a commit's records synchronously
 * inside the store call, so a flag set around each call (`observe` reads it) tells them:
 * - a reasoner write's records are marked `own` for the worker generation that asked (the replica then hides them
 *   from its reasoner); a write of a worker that has since died is not own for its successor;
 * - a trust write's records are not own (the reasoner must follow them); its entity-graph guard
 *   (trustWriteGuard.ts) runs synchronously right before the commit, so no other write interleaves.
 * The answer (`written` with the last record's seq, or `writeFailed`) goes back once every part is durable.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { messageOf } from '../../fabric/store/rdfText.js';
import { commitWorkerWrite } from './commitWorkerWrite.js';
import { entitiesGone, withoutGraphs } from './trustWriteGuard.js';
import type { ToReasoner, TrustWrite } from './protocol.js';

export interface WorkerWrite {
  readonly id: number;
  readonly deletes: string;
  readonly inserts: string;
  readonly trust?: TrustWrite;
}

export class WorkerWriteCommitter {
  /** While a write is being committed: the generation of the worker that asked, and whether its records are own. */
  private committing: { generation: number; own: boolean; seq?: number } | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Reasoner writes committed. */
  writes = 0;
  /** Trust writes committed. */
  trustWrites = 0;
  /** Entity graphs whose quads a trust write left out: deleted after trust computed (trustWriteGuard.ts). */
  droppedEntityGraphs = 0;

  constructor(private readonly store: GraphStore, private readonly sliceLines?: number) {}

  /** Called for every record of the store, inside the store call: whether it is own for the worker of `generation`. */
  observe(seq: number, generation: number): boolean {
    const committing = this.committing;
    if (!committing) return false;
    committing.seq = seq;
    return committing.own && committing.generation === generation;
  }

  /** Commit `write` of the worker of `generation`; `answer` gets the receipt (posted after the write's records). */
  commit(write: WorkerWrite, generation: number, answer: (reply: ToReasoner) => void): void {
    const state: { generation: number; own: boolean; seq?: number } = { generation, own: write.trust === undefined };
    const inside = <T>(call: () => T): T => {
      this.committing = state;
      try {
        return call();
      } finally {
        this.committing = undefined;
      }
    };
    let committed: Promise<unknown>;
    try {
      committed = write.trust ? this.commitTrust(write, write.trust, inside) : commitWorkerWrite(this.store, write.deletes, write.inserts, inside, { derivedOnly: true, ...(this.sliceLines !== undefined ? { sliceLines: this.sliceLines } : {}) });
    } catch (error) {
      committed = Promise.reject(error);
    }
    const done = committed.then(() => {
      if (write.trust) this.trustWrites++;
      else this.writes++;
      answer({ type: 'written', id: write.id, ...(state.seq !== undefined ? { seq: state.seq } : {}) });
    }, (error: unknown) => answer({ type: 'writeFailed', id: write.id, message: messageOf(error) }));
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  /** Resolves once every write being committed is durable (or failed). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * A trust write: exact as computed when the store is still at the replica's seq (nothing can have been deleted
   * since); otherwise its lines in entity graphs that no longer hold their IE are dropped. ONE store call (trust
   * slices its bulk writes itself), started in this tick.
   */
  private commitTrust(write: WorkerWrite, trust: TrustWrite, inside: <T>(call: () => T) => T): Promise<unknown> {
    const exact = trust.exactAt !== undefined && trust.exactAt === this.store.changeCount?.();
    const gone = exact ? new Set<string>() : entitiesGone(this.store, trust.entities);
    this.droppedEntityGraphs += gone.size;
    return commitWorkerWrite(this.store, withoutGraphs(write.deletes, gone), withoutGraphs(write.inserts, gone), inside, { sliceLines: Number.POSITIVE_INFINITY, ...(exact ? { exactAt: trust.exactAt } : {}) });
  }
}
