/** The reasoner thread's counters (ReasonerThread.stats()): the worker's IncrementalCounters, summed over respawns. */
import type { IncrementalCounters } from '../IncrementalReasoner.js';

export interface ReasonerThreadCounters extends IncrementalCounters {
  /** Worker threads that died (error or exit) and were respawned. */
  readonly crashes: number;
  /** Writes of the worker's reasoner committed to the store. */
  readonly writes: number;
  /** Writes of the worker's trust service committed to the store (trust on change in the worker). */
  readonly trustWrites: number;
  /** Entity graphs whose quads a trust write left out: deleted after trust computed (trustWriteGuard.ts). */
  readonly droppedEntityGraphs: number;
}

export const NO_COUNTERS: IncrementalCounters = { batches: 0, fullRuns: 0, incrementalRuns: 0, ruleExecutions: 0, ignoredOwnRecords: 0, inertQuads: 0 };

export function addCounters(a: IncrementalCounters, b: IncrementalCounters): IncrementalCounters {
  return {
    batches: a.batches + b.batches, fullRuns: a.fullRuns + b.fullRuns, incrementalRuns: a.incrementalRuns + b.incrementalRuns,
    ruleExecutions: a.ruleExecutions + b.ruleExecutions, ignoredOwnRecords: a.ignoredOwnRecords + b.ignoredOwnRecords, inertQuads: a.inertQuads + b.inertQuads,
  };
}
