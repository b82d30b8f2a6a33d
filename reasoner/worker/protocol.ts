/**
 * Messages between the main thread and the reasoner worker (docs/reasoner.md "Incremental reasoning in a
 * worker thread"). postMessage keeps order per port: a write's receipt is posted after the record its
 * commit produced, and an idle request after every record forwarded before it.
 */
import type { CommitRecord, ReplicaSeed } from '../../fabric/store/replica/protocol.js';
import type { DerivationBudget } from '../fixpoint.js';
import type { IncrementalCounters, IncrementalRunSummary } from '../IncrementalReasoner.js';
import type { RunStats } from '../RuleEngine.js';
import type { TrustRunSummary } from '../trust/TrustService.js';
import type { TransferredError } from './transferredError.js';

/** A commit record of the node's store; `own`: produced by committing one of this worker's reasoner writes. */
export interface ForwardedRecord extends CommitRecord {
  readonly own?: true;
}

/** Trust on change in the worker (docs/trust.md "Recomputation on change"): TrustOnChangeOptions. */
export interface WorkerTrustOptions {
  readonly debounceMs: number;
  readonly minRerankIntervalMs: number;
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
  /** Mode 'incremental': also run trust on change here (its writes are not the reasoner's own). */
  readonly trust?: WorkerTrustOptions;
  /** Mode 'incremental' without trust: the replica leaves out the NGSI-LD reifier metadata (replicaWithoutMetadata.ts). */
  readonly leaveOutReifierMetadata?: boolean;
}

/**
 * A write of the worker's trust service (not marked own: the reasoner follows it). `exactAt`: the replica's seq
 * when it was computed (ChangeSet.exactAt when the node's store is still there). `entities`: IEs whose entity graph
 * (GRAPHS.entity) held the IE (rdf:type aeros:InfrastructureElement) then; the main thread drops the write's quads in
 * the graphs of those no longer there (deleted meanwhile), so a late score never resurrects a deleted entity.
 */
export interface TrustWrite {
  readonly exactAt?: number;
  readonly entities: readonly string[];
}

/** Light summary of a trust run on change (TrustChangeRun without the per-IE results). */
export interface TrustRunReport {
  readonly changedIes: number;
  readonly domains: number;
  readonly written: number;
  readonly millis: number;
}

export type ToReasoner =
  | { readonly type: 'records'; readonly records: readonly ForwardedRecord[] }
  /** The main thread committed write `id`; `seq`: the record it produced (absent when nothing changed). */
  | { readonly type: 'written'; readonly id: number; readonly seq?: number }
  | { readonly type: 'writeFailed'; readonly id: number; readonly message: string }
  /** Reply 'idle' with this id once every record received so far is processed and its results written. */
  | { readonly type: 'idle'; readonly id: number }
  /** A full run (POST /reasoner/run), serialized with the incremental batches; reply 'ran' once its write is committed. */
  | { readonly type: 'run'; readonly id: number }
  /** POST /trust/recompute in the worker's trust service; reply 'trustRecomputed' once its writes are committed. */
  | { readonly type: 'trustRecompute'; readonly id: number; readonly domains?: readonly string[] }
  /** Process trust's pending and deferred changes now (TrustOnChange.flush); reply 'trustFlushed' once written. */
  | { readonly type: 'trustFlush'; readonly id: number };

export type FromReasoner =
  /** Commit this change (N-Quads texts, deletes before inserts) to the node's store; `trust`: a write of trust. */
  | { readonly type: 'write'; readonly id: number; readonly deletes: string; readonly inserts: string; readonly trust?: TrustWrite }
  /** The first (full) run is over. */
  | { readonly type: 'started'; readonly summary: IncrementalRunSummary; readonly counters: IncrementalCounters }
  | { readonly type: 'startFailed'; readonly message: string }
  /** A full run found the rules reading the reifier metadata this worker's replica left out: seed a new one with it. */
  | { readonly type: 'needsReifierMetadata'; readonly reason: string }
  /** A batch was processed (IncrementalReasonerOptions.onRun). */
  | { readonly type: 'run'; readonly summary: IncrementalRunSummary; readonly counters: IncrementalCounters }
  | { readonly type: 'batchFailed'; readonly message: string }
  | { readonly type: 'idle'; readonly id: number; readonly counters: IncrementalCounters }
  /** The full run `id` is over and its write committed by the main thread. */
  | { readonly type: 'ran'; readonly id: number; readonly stats: RunStats }
  | { readonly type: 'runFailed'; readonly id: number; readonly error: TransferredError }
  /** Trust on change started (its first full recompute, when it made one, is written). */
  | { readonly type: 'trustStarted' }
  | { readonly type: 'trustStartFailed'; readonly message: string }
  /** A trust run on change was written (TrustOnChangeOptions.onRun). */
  | { readonly type: 'trustRun'; readonly report: TrustRunReport }
  | { readonly type: 'trustFailed'; readonly message: string }
  | { readonly type: 'trustRecomputed'; readonly id: number; readonly summary: TrustRunSummary }
  | { readonly type: 'trustRecomputeFailed'; readonly id: number; readonly error: TransferredError }
  | { readonly type: 'trustFlushed'; readonly id: number; readonly report?: TrustRunReport };
