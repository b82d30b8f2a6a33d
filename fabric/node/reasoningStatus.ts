/**
 * GET /reasoner/status from a reasoner thread's health (reasoner/worker/threadHealth.ts; docs/reasoner.md "HTTP API"):
 * the same words for the default tenant's reasoner and a named tenant's (GS CIM 009 v1.8 §4.14), so a thread that gave
 * up or is being respawned is never reported as `running`.
 */
import type { ReasonerStatus } from '../../reasoner/TenantReasonerServices.js';
import type { ReasonerFailure, ReasonerThreadHealth } from '../../reasoner/worker/threadHealth.js';

export type ThreadStatus = Pick<ReasonerStatus, 'reasoning' | 'trust' | 'failure' | 'lastError'>;

const iso = (ms: number): string => new Date(ms).toISOString();

/** A failure as `failure` (why, since when). */
export function failureOf(failure: ReasonerFailure, failedStarts?: number): NonNullable<ReasonerStatus['failure']> {
  return { reason: failure.message, since: iso(failure.at), ...(failedStarts !== undefined ? { failedStarts } : {}) };
}

/** `trustInWorker`: trust on change runs in this thread (trustInReasonerWorker), so it stops with it. */
export function threadStatus(health: ReasonerThreadHealth, trustInWorker: boolean): ThreadStatus {
  const { state, lastFailure, failedStarts } = health;
  if (state === 'gaveUp') {
    const failure = lastFailure ?? { message: 'The reasoner worker gave up.', at: health.since ?? Date.now() };
    return { reasoning: 'failed', trust: trustInWorker ? 'failed' : 'onChange', failure: { ...failureOf(failure, failedStarts), since: iso(health.since ?? failure.at) } };
  }
  if (state === 'restarting' || (state === 'starting' && failedStarts > 0)) { // a new worker is due or being seeded after failures
    return { reasoning: 'restarting', trust: 'onChange', ...(lastFailure ? { failure: failureOf(lastFailure, failedStarts) } : {}) };
  }
  const reasoning = state === 'running' ? 'running' : state === 'stopped' ? 'stopped' : 'starting';
  return { reasoning, trust: 'onChange', ...(lastFailure ? { lastError: { message: lastFailure.message, at: iso(lastFailure.at) } } : {}) };
}
