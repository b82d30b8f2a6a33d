/**
 * RejectionView over worded rejections (a decision built by hand, or read back from the graph) and the one accessor
 * the readers of decisions use: the decision's own view where the engine gave one, else this.
 */
import type { PlacementDecision, RejectedCandidate, RejectionView } from './PlacementDecision.js';
import { reasonCriterion } from './candidateFilters.js';

/** Policy rejections first, then by IE IRI: the order in which a recorded decision lists its sample. */
export const recordedOrder = (a: { ie: string; policy?: string }, b: { ie: string; policy?: string }): number =>
  Number(!a.policy) - Number(!b.policy) || (a.ie < b.ie ? -1 : a.ie > b.ie ? 1 : 0);

/** The criteria one worded rejection names, each once ("free CPU; free RAM" → free CPU, free RAM). */
export const criteriaOfReason = (reason: string): Set<string> => new Set(reason.split('; ').map(reasonCriterion));

export function wordedRejectionView(rejected: readonly RejectedCandidate[]): RejectionView {
  return {
    count: rejected.length,
    head: (n) => rejected.slice(0, n),
    recordedSample: (n) => (rejected.length <= n ? [...rejected] : [...rejected].sort(recordedOrder).slice(0, n)),
    criterionCounts: () => {
      const counts = new Map<string, number>();
      for (const r of rejected) for (const k of criteriaOfReason(r.reason)) counts.set(k, (counts.get(k) ?? 0) + 1);
      return counts;
    },
    policies: () => [...new Set(rejected.flatMap((r) => (r.policy ? [r.policy] : [])))],
  };
}

export function rejectionsOf(decision: PlacementDecision): RejectionView {
  return decision.rejections ?? wordedRejectionView(decision.rejected);
}
