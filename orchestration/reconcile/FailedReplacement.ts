/**
 * Re-placement of Failed components by the reconciler (issue 5 reconciliation; aerOS: the HLO allocates again a
 * component its LLO could not run). A Failed component is placed anew — Failed → Locating → Starting → Running, or
 * back to Failed with the planner's reasons — when
 *   - it has no IE (no candidate when it was planned),
 *   - its IE is Overloaded / Untrusted / … / gone from the graph / its runtime does not answer (ieHealth.ts): that IE
 *     is avoided, or
 *   - it failed `afterFailures` times on its IE since it was placed there (a container that keeps failing, restarts
 *     that keep failing): that IE is avoided.
 * Otherwise it is left to the reconciler's restart on the same IE. A job that failed on its IE is not re-placed (its
 * failure is its result).
 *
 * No flapping: attempts back off exponentially (baseDelayMs, doubled per attempt, at most maxDelayMs) and stop after
 * maxAttempts; a Running spell of stableMs ends a series. Every attempt is a transition in the service's history
 * graph (cf:StatusTransition, reason "re-placement attempt N: why") and its PlacementDecision is recorded as linked
 * data, so the attempt count and the backoff are computed from the graph and survive a restart of the node. An IE that
 * becomes Ready (absent from the Ready IEs of the previous pass that looked) triggers an attempt at once, whatever the
 * backoff. Passes look only while some component is Failed: the Ready IEs are one SELECT over every IE's status, ≈ 0.6–0.8 s
 * of the main thread per pass at 100k IEs (decoding 100k rows), paid every interval by a node with nothing to re-place.
 */
import type { ComponentRecord, Transition } from '../lifecycle/OrchestrationRepository.js';
import type { OrchestrationService } from '../OrchestrationService.js';
import type { ServiceRequest } from '../request/ServiceRequest.js';
import { ieProblem } from './ieHealth.js';

/** Prefix of the cf:transitionReason of a re-placement attempt (Failed → Locating). */
export const REPLACEMENT_REASON = 're-placement attempt';

export interface ReplacementOptions {
  /** Wait after the first failed attempt; doubled per further attempt. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Failures on one IE (since placed there) after which the component is moved off it. */
  readonly afterFailures: number;
  /** Attempts in a series before giving up (until an update, or a Running spell). */
  readonly maxAttempts: number;
  /** A Running spell at least this long ends a series of attempts and of failures. */
  readonly stableMs: number;
}

export interface ReplacementState {
  /** Re-placement attempts in the current series. */
  readonly attempts: number;
  readonly lastAttemptAt?: number;
  /** Failed transitions on the component's current IE since it was placed there. */
  readonly failuresOnIe: number;
}

/** The series state of one component from its history (oldest first). */
export function replacementState(history: readonly Transition[], ie: string | undefined, now: number, stableMs: number): ReplacementState {
  let attempts = 0;
  let lastAttemptAt: number | undefined;
  let failuresOnIe = 0;
  history.forEach((t, i) => {
    const at = Date.parse(t.at);
    if (t.reason?.startsWith(REPLACEMENT_REASON)) {
      attempts += 1;
      lastAttemptAt = at;
    }
    const placedHere = t.ie === ie && ((t.to === 'Starting' && t.from === 'Locating') || t.to === 'Migrating');
    if (placedHere) failuresOnIe = 0;
    if (t.to === 'Failed' && ie !== undefined && t.ie === ie) failuresOnIe += 1;
    if (t.to === 'Running') {
      const next = history[i + 1];
      const end = next ? Date.parse(next.at) : now;
      if (end - at >= stableMs) {
        attempts = 0;
        lastAttemptAt = undefined;
        failuresOnIe = 0;
      }
    }
  });
  return { attempts, lastAttemptAt, failuresOnIe };
}

/** Earliest time of the next attempt (0: now). */
export function nextAttemptAt(state: ReplacementState, options: Pick<ReplacementOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  if (state.attempts === 0 || state.lastAttemptAt === undefined) return 0;
  return state.lastAttemptAt + Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (state.attempts - 1));
}

export interface ReplacementReport {
  readonly replaced: string[];
  readonly failed: string[];
  readonly held: Array<{ component: string; reason: string }>;
}

export class FailedComponentReplacer {
  private previousReady?: Set<string>;
  private newlyReady: string[] = [];

  constructor(private readonly service: OrchestrationService, private readonly options: ReplacementOptions, private readonly now: () => Date) {}

  /**
   * Called once per pass: notes the IEs that became Ready since the previous pass that looked. `anyFailed`: whether a
   * component is Failed now; when none is, nothing is looked up (the previous Ready IEs stay the reference, so an IE
   * that became Ready meanwhile still counts as new at the next pass with a Failed component).
   */
  async beginPass(anyFailed: boolean): Promise<void> {
    if (!anyFailed) {
      this.newlyReady = [];
      return;
    }
    const ready = await this.service.repository.readyIes();
    this.newlyReady = this.previousReady ? [...ready].filter((ie) => !this.previousReady!.has(ie)).sort() : [];
    this.previousReady = ready;
  }

  /**
   * Re-places the component when it is Failed and should move (see the file comment); true when it was handled here
   * (attempted or held back), false when it is left to the reconciler's restart. The caller holds the service lock;
   * `runtimeAnswered`: whether the runtime of its IE answered this pass.
   */
  async consider(request: ServiceRequest, c: ComponentRecord, runtimeAnswered: boolean, report: ReplacementReport): Promise<boolean> {
    if (c.status !== 'Failed' || !request.components.some((x) => x.id === c.id)) return false;
    const now = this.now().getTime();
    const history = this.service.repository.history(c.serviceId).filter((t) => t.component === c.id);
    const state = replacementState(history, c.ie, now, this.options.stableMs);
    const cause = this.cause(c, state, runtimeAnswered);
    if (!cause) return false;
    if (state.attempts >= this.options.maxAttempts) {
      report.held.push({ component: c.id, reason: `${cause.why}; gave up re-placing after ${state.attempts} attempts` });
      return true;
    }
    const notBefore = nextAttemptAt(state, this.options);
    const early = now < notBefore && this.newlyReady.length > 0;
    if (now < notBefore && !early) {
      report.held.push({ component: c.id, reason: `${cause.why}; re-placement attempt ${state.attempts + 1} not before ${new Date(notBefore).toISOString()}` });
      return true;
    }
    const trigger = early ? ` (now: ${this.newlyReady.join(', ')} became Ready)` : '';
    const locating = await this.service.lifecycle.transition(c, 'Locating', {
      ie: undefined, reason: `${REPLACEMENT_REASON} ${state.attempts + 1}: ${cause.why}${trigger}`,
    });
    const previous = new Map(c.ie ? [[c.id, c.ie]] : []);
    await this.service.placeAndStart(request, [locating], previous, cause.avoid ? { [c.name]: [cause.avoid] } : undefined);
    const after = this.service.repository.readComponent(c.id);
    (after?.status === 'Failed' ? report.failed : report.replaced).push(c.id);
    return true;
  }

  /** Why the component should be placed anew, and the IE it must leave; undefined = restart it where it is. */
  private cause(c: ComponentRecord, state: ReplacementState, runtimeAnswered: boolean): { why: string; avoid?: string } | undefined {
    if (!c.ie) return { why: `not placed (${c.reason ?? 'no IE'})` };
    if (c.isJob) return undefined;
    const problem = ieProblem(this.service.repository, c.ie, runtimeAnswered);
    if (problem) return { why: `leaving ${c.ie}: ${problem}`, avoid: c.ie };
    if (state.failuresOnIe >= this.options.afterFailures) {
      return { why: `leaving ${c.ie}: failed ${state.failuresOnIe} times there (last: ${c.reason ?? 'unknown'})`, avoid: c.ie };
    }
    return undefined;
  }
}
