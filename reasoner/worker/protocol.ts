/**
 * Messages between the main thread and the reasoner worker (docs/reasoner.md "Incremental reasoning in a
 * worker thread"). postMessage keeps order per port: a write's receipt is posted after the record its
 * commit produced, and an idle request after every record forwarded before it.
 */
import type { CommitRecord, ReplicaSeed } from '../../fabric/store/replica/protocol.js';
import type { DerivationBudget } from '../fixpoint.js';
import type { IncrementalCounters, IncrementalRunSummary } from '../IncrementalReasoner.js';
import type { RunStats } from '../RuleEngine.js';
import type { TransferredError } from './transferredError.js';

/** A commit record of the node's store; `own`: produced by committing one of this worker's writes. */
export interface ForwardedRecord extends CommitRecord {
  readonly own?: true;
}

/** What the worker needs besides its seed: the same rule sources and settings as the node's RuleEngine. */
export interface ReasonerWorkerData {
  /**
   * 'incremental': the IncrementalReasoner follows the forwarded records (ReasonerThread); 'run': one full
   * RuleEngine.run on request, on the seed alone (OneShotRunThread, POST /reasoner/run with incremental reasoning off).
   */
  readonly mode: 'incremental' | 'run';
  readonly seed: ReplicaSeed;
  /** Folder of built-in rule files (RuleEngineOptions.ruleFolder); null = none. */
  readonly ruleFolder: string | null;
  readonly budget?: Partial<DerivationBudget>;
  readonly debounceMs: number;
  readonly maxBatchQuads?: number;
}

export type ToReasoner =
  | { readonly type: 'records'; readonly records: readonly ForwardedRecord[] }
  /** The main thread committed write `id`; `seq`: the record it produced (absent when nothing changed). */
  | { readonly type: 'written'; readonly id: number; readonly seq?: number }
  | { readonly type: 'writeFailed'; readonly id: number; readonly message: string }
  /** Reply 'idle' with this id once every record received so far is processed and its results written. */
  | { readonly type: 'idle'; readonly id: number }
  /** A full run (POST /reasoner/run), serialized with the incremental batches; reply 'ran' once its write is committed. */
  | { readonly type: 'run'; readonly id: number };

export type FromReasoner =
  /** Commit this change (N-Quads texts, deletes before inserts) to the node's store. */
  | { readonly type: 'write'; readonly id: number; readonly deletes: string; readonly inserts: string }
  /** The first (full) run is over. */
  | { readonly type: 'started'; readonly summary: IncrementalRunSummary; readonly counters: IncrementalCounters }
  | { readonly type: 'startFailed'; readonly message: string }
  /** A batch was processed (IncrementalReasonerOptions.onRun). */
  | { readonly type: 'run'; readonly summary: IncrementalRunSummary; readonly counters: IncrementalCounters }
  | { readonly type: 'batchFailed'; readonly message: string }
  | { readonly type: 'idle'; readonly id: number; readonly counters: IncrementalCounters }
  /** The full run `id` is over and its write committed by the main thread. */
  | { readonly type: 'ran'; readonly id: number; readonly stats: RunStats }
  | { readonly type: 'runFailed'; readonly id: number; readonly error: TransferredError };
