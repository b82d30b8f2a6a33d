/**
 * The aerOS Trust Manager's score (issue 4, docs/trust.md):
 *   TS = wRel·reliability + wSec·security + wRep·reputation − penalty·healthEvents, floored at 0.
 * Security and reputation are "mean priority ÷ maxPriority, starting at 1.0": 1.0 without
 * events, else 1 − mean/maxPriority (clamped to 0–1). This is the reading under which the
 * reference output reproduces: the one priority-3 alert of IE fa163e32c6ee gives its sample
 * security 0.4, and IEs without alerts have 1.0 (test/fixtures/aeros-trust, docs/trust.md).
 */
import type { TrustConfiguration } from './TrustConfiguration.js';

export interface TrustComponents {
  readonly reliability: number;
  readonly security: number;
  readonly reputation: number;
  readonly healthEvents: number;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** 1.0 without priorities, else 1 − mean/maxPriority in 0–1. */
export function priorityComponent(priorities: readonly number[], maxPriority: number): number {
  if (priorities.length === 0) return 1;
  const mean = priorities.reduce((s, p) => s + p, 0) / priorities.length;
  return clamp01(1 - mean / maxPriority);
}

export type TrustWeights = Pick<TrustConfiguration, 'reliabilityWeight' | 'securityWeight' | 'reputationWeight' | 'healthPenalty'>;

export function trustScore(c: TrustComponents, w: TrustWeights): number {
  const score = w.reliabilityWeight * c.reliability + w.securityWeight * c.security + w.reputationWeight * c.reputation - w.healthPenalty * c.healthEvents;
  return Math.max(0, score);
}
