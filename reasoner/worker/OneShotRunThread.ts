/**
 * POST /reasoner/run off the main thread when incremental reasoning is off (issue 4; docs/reasoner.md
 * "POST /reasoner/run in a worker thread"): each run spawns the reasoner worker (reasonerWorker.ts) in mode
 * 'run', seeded like a query replica — a durable node passes read-only recovery from its data directory after
 * a durability barrier, otherwise the store's N-Quads dump is taken on the main thread —, where the unchanged
 * RuleEngine.run copies, runs the rules to a fixpoint and computes the change; the main thread commits the
 * change (commitWorkerWrite.ts: a first run's inserts as N-Quads loads of 10,000 lines) and the thread ends.
 * Runs are serialized: one at a time per runner (per node). Same statistics as RuleEngine.run (RunStats);
 * `millis` and `phases` are the worker's, from the copy on — the seed (recovery) is not counted.
 */
import { Worker } from 'node:worker_threads';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { messageOf } from '../../fabric/store/rdfText.js';
import type { RunStats } from '../RuleEngine.js';
import { commitWorkerWrite } from './commitWorkerWrite.js';
import { receivedError } from './transferredError.js';
import { baseWorkerData, reasonerWorkerScript, type ReasonerWorkerOptions } from './workerScript.js';
import type { FromReasoner, ToReasoner } from './protocol.js';

/** `seed` is asked once per run. */
export type OneShotRunOptions = ReasonerWorkerOptions;

export class OneShotRunThread {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly workers = new Set<Worker>();
  private stopped = false;
  /** Runs made (tests). */
  runs = 0;

  constructor(private readonly store: GraphStore, private readonly options: OneShotRunOptions = {}) {}

  /** One full run in a fresh worker thread, after the runs requested before; resolves once its write is committed. */
  run(): Promise<RunStats> {
    const next = this.queue.then(() => this.runOnce());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Refuse new runs, end a run's thread (its write, if committing, finishes; a run not yet written writes nothing). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.workers].map((w) => w.terminate()));
    await this.queue;
  }

  private async runOnce(): Promise<RunStats> {
    if (this.stopped) throw new Error('The reasoner is stopped.');
    const seed = await (this.options.seed ? this.options.seed() : { kind: 'nquads' as const, nquads: this.store.dump('application/n-quads') });
    if (this.stopped) throw new Error('The reasoner is stopped.');
    const data = baseWorkerData(this.options, 'run', seed, 0);
    const worker = new Worker(this.options.script ?? reasonerWorkerScript(), { workerData: data });
    this.workers.add(worker);
    const commits = new Set<Promise<unknown>>();
    try {
      return await new Promise<RunStats>((resolve, reject) => {
        worker.on('message', (message: FromReasoner) => {
          if (message.type === 'write') commits.add(this.commit(worker, message.id, message.deletes, message.inserts, commits));
          else if (message.type === 'ran') resolve(message.stats);
          else if (message.type === 'runFailed') reject(receivedError(message.error));
        });
        worker.on('error', reject);
        worker.on('exit', (code) => reject(new Error(`The reasoner worker exited (code ${code}) before its run ended.`)));
        worker.postMessage({ type: 'run', id: 1 } satisfies ToReasoner);
      });
    } finally {
      this.workers.delete(worker);
      await Promise.allSettled([...commits]);
      this.runs++;
      await worker.terminate();
    }
  }

  /**
   * Commit a write of the worker and acknowledge it. No seq is passed back: this worker follows no records, so
   * its replica never waits for the record of its write (the run reads nothing of the store after writing).
   */
  private commit(worker: Worker, id: number, deletes: string, inserts: string, commits: Set<Promise<unknown>>): Promise<unknown> {
    let committed: Promise<unknown>;
    try {
      committed = commitWorkerWrite(this.store, deletes, inserts, undefined, { derivedOnly: true, ...(this.options.sliceLines !== undefined ? { sliceLines: this.options.sliceLines } : {}) });
    } catch (error) {
      committed = Promise.reject(error);
    }
    const done = committed.then(
      () => worker.postMessage({ type: 'written', id } satisfies ToReasoner),
      (error: unknown) => worker.postMessage({ type: 'writeFailed', id, message: messageOf(error) } satisfies ToReasoner),
    );
    void done.finally(() => commits.delete(done));
    return done;
  }
}
