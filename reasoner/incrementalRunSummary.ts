/**
 * What the incremental reasoner reports per batch and in total (docs/reasoner.md "Incremental re-evaluation"):
 * IncrementalReasoner's onRun summaries and stats(), also carried between threads (reasoner/worker/protocol.ts).
 */
import type { RunStats } from './RuleEngine.js';

export interface IncrementalRunSummary {
  /** 'full': everything recomputed; 'incremental': delta evaluation; 'none': no rule affected. */
  readonly kind: 'full' | 'incremental' | 'none';
  /** Why a batch ran in full when it was not the first one (e.g. a change reached a rule's property path). */
  readonly fullReason?: string;
  /** Full runs: whether the mirror left out the NGSI-LD reifier metadata (no rule can read it: reifierMetadata.ts). */
  readonly reifierMetadata?: 'left out' | 'kept';
  /** Changed quads in the batch (outside the inferred graphs). */
  readonly changes: number;
  /** Ids of the rules that ran (every rule for a full run). */
  readonly rulesRun: readonly string[];
  /** Rule executions: delta queries for an incremental batch, rule runs for a full one. */
  readonly executions: number;
  readonly rounds: number;
  readonly added: number;
  readonly removed: number;
  readonly millis: number;
  readonly full?: RunStats;
}

export interface IncrementalCounters {
  readonly batches: number;
  readonly fullRuns: number;
  readonly incrementalRuns: number;
  readonly ruleExecutions: number;
  readonly ignoredOwnRecords: number;
  /** Inserted and deleted statements no rule can use, applied to the mirror as text (changeRelevance.ts, inertChanges.ts). */
  readonly inertQuads: number;
}
