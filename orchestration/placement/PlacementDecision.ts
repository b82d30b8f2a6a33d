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

export interface PlacementDecision {
  readonly component: string;
  readonly service: string;
  /** The chosen IE; absent when no candidate is left (the component becomes Failed with `reasons`). */
  readonly ie?: string;
  readonly score?: ScoreBreakdown;
  readonly rejected: readonly RejectedCandidate[];
  /** Why nothing could be chosen (only when `ie` is absent). */
  readonly reasons: readonly string[];
  readonly decidedAt: Date;
}
