/**
 * The outcome of placing one component: the chosen IE with its score breakdown, and every rejected candidate with
 * its reason. Recorded as linked data (cf:PlacementDecision, shapes/PlacementDecision.ttl); same inputs → same decision.
 */
export interface ScoreBreakdown {
  readonly total: number;
  /** Weighted parts, e.g. { freeCpu: 0.21, freeRam: 0.18, trust: 0.2, energyEfficiency: 0.05, green: 0.04, spread: 0.1 }. */
  readonly parts: Readonly<Record<string, number>>;
}

export interface RejectedCandidate {
  readonly ie: string;
  /** Plain-language reason ("CPU usage 91 % above 80 %", "policy cfpol:GpuTrust: trustScore 0.4 < 0.7"). */
  readonly reason: string;
  /** IRI of the policy that rejected it, when a policy did. */
  readonly policy?: string;
}

/**
 * What the recorder and the summaries read of `rejected` without wording every rejection (at 10k IEs a component
 * rejects thousands): their count, a few worded, how many each criterion ruled out, the policies that did.
 */
export interface RejectionView {
  readonly count: number;
  /** The first `n` of `rejected`, in its order. */
  head(n: number): RejectedCandidate[];
  /** At most `n`: all of `rejected` when they are no more, else policy rejections first, then by IE IRI. */
  recordedSample(n: number): RejectedCandidate[];
  /** Per criterion (reasonCriterion), how many rejected IEs failed it. */
  criterionCounts(): Map<string, number>;
  /** The policies that rejected an IE, in the order of `rejected`. */
  policies(): string[];
}

export interface PlacementDecision {
  readonly component: string;
  readonly service: string;
  /** The chosen IE; absent when no candidate is left (the component becomes Failed with `reasons`). */
  readonly ie?: string;
  readonly score?: ScoreBreakdown;
  readonly rejected: readonly RejectedCandidate[];
  /** The same rejections, read without wording them all (PlacementEngine's decisions have it; rejectionsOf). */
  readonly rejections?: RejectionView;
  /** Why nothing could be chosen (only when `ie` is absent). */
  readonly reasons: readonly string[];
  readonly decidedAt: Date;
}
