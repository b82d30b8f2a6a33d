/**
 * Trust scores of a set of IEs from their inputs (trustInputs.ts), pure TypeScript:
 * reliability by TOPSIS among the IEs of each domain (topsis.ts), security and reputation
 * from event priorities, the weighted sum floored at 0 (trustFormula.ts).
 * - a domain with one IE (or an IE without a domain) gets the single-element reliability;
 * - IEs TOPSIS cannot tell apart (all equal) get it as well;
 * - a missing criterion value is imputed with the domain's worst value for it (min of a
 *   benefit, max of a cost); a criterion no IE of the domain reports is left out there.
 * The hot path (trust on change) ranks one domain into flat arrays (rankDomain) and scores it
 * without building a result object per IE; resultOf builds one only for the IEs written.
 */
import type { TrustConfiguration } from './TrustConfiguration.js';
import { topsisClosenessFlat } from './topsis.js';
import { priorityComponent, trustScore } from './trustFormula.js';
import type { EventInput, IeInput } from './trustInputs.js';

export interface TrustResult {
  readonly ie: string;
  readonly domain?: string;
  readonly domainSize: number;
  /** The formula's value at full precision. */
  readonly score: number;
  /** The score as stored in cf:trustScore (rounded, see storedScore) — the value the status decision uses. */
  readonly storedScore: number;
  readonly reliability: number;
  readonly security: number;
  readonly reputation: number;
  readonly healthEvents: number;
  /** Criterion property IRI → value used (after imputation). */
  readonly telemetry: Readonly<Record<string, number>>;
  readonly securityAlerts: readonly string[];
  readonly selfSecurityEvents: readonly string[];
  readonly healthEventIds: readonly string[];
}

/** Decimals of cf:trustScore as stored (and of the breakdown's cf:computedScore); docs/trust.md "Precision". */
export const DEFAULT_SCORE_DECIMALS = 4;

/** The score rounded to `decimals` places, as it is written to the store. */
export function storedScore(score: number, decimals: number = DEFAULT_SCORE_DECIMALS): number {
  const f = 10 ** decimals;
  return Math.round(score * f) / f;
}

/** The event-derived part of an IE's score. */
export interface EventSummary {
  readonly security: number;
  readonly reputation: number;
  readonly healthEvents: number;
  readonly securityAlerts: readonly string[];
  readonly selfSecurityEvents: readonly string[];
  readonly healthEventIds: readonly string[];
}

export const NO_EVENTS: EventSummary = { security: 1, reputation: 1, healthEvents: 0, securityAlerts: [], selfSecurityEvents: [], healthEventIds: [] };

export function summarizeEvents(events: readonly EventInput[] | undefined, config: TrustConfiguration): EventSummary {
  if (!events || events.length === 0) return NO_EVENTS;
  const alerts = events.filter((e) => e.kind === 'SecurityAlert');
  const selfSecurity = events.filter((e) => e.kind === 'SelfSecurityEvent');
  const health = events.filter((e) => e.kind === 'HealthEvent');
  const priorities = (list: EventInput[]): number[] => list.map((e) => e.priority).filter((p): p is number => p !== undefined);
  return {
    security: priorityComponent(priorities(alerts), config.maxPriority),
    reputation: priorityComponent(priorities(selfSecurity), config.maxPriority),
    healthEvents: health.length,
    securityAlerts: alerts.map((e) => e.event).sort(),
    selfSecurityEvents: selfSecurity.map((e) => e.event).sort(),
    healthEventIds: health.map((e) => e.event).sort(),
  };
}

/** TOPSIS of one domain (or one IE alone): closeness per member and the criterion values used, imputed. */
export interface DomainRanking {
  readonly members: readonly IeInput[];
  /** Indexes (into config.criteria) of the criteria some member reports. */
  readonly used: readonly number[];
  /** Row-major members × used: the values TOPSIS ranked (missing ones imputed). */
  readonly values: Float64Array;
  readonly reliability: Float64Array;
}

export function rankDomain(members: readonly IeInput[], config: TrustConfiguration): DomainRanking {
  const m = members.length;
  const used = config.criteria.map((_, j) => j).filter((j) => members.some((x) => x.criteria[j] !== undefined));
  const n = used.length;
  const values = new Float64Array(m * n);
  used.forEach((j, k) => {
    const benefit = config.criteria[j].weight > 0;
    let worst = benefit ? Infinity : -Infinity;
    for (const x of members) {
      const v = x.criteria[j];
      if (v !== undefined) worst = benefit ? Math.min(worst, v) : Math.max(worst, v);
    }
    for (let i = 0; i < m; i++) values[i * n + k] = members[i].criteria[j] ?? worst;
  });
  const reliability = m < 2 || n === 0
    ? new Float64Array(m).fill(config.singleElementReliability)
    : topsisClosenessFlat(values, m, used.map((j) => config.criteria[j]), config.singleElementReliability);
  return { members, used, values, reliability };
}

/** Full-precision score of member i of a ranking, given its events. */
export function scoreOf(ranking: DomainRanking, i: number, events: EventSummary, config: TrustConfiguration): number {
  return trustScore({ reliability: ranking.reliability[i], security: events.security, reputation: events.reputation, healthEvents: events.healthEvents }, config);
}

/** The result (score, components, inputs used) of member i of a ranking. */
export function resultOf(ranking: DomainRanking, i: number, events: EventSummary, config: TrustConfiguration, decimals: number = DEFAULT_SCORE_DECIMALS): TrustResult {
  const ie = ranking.members[i];
  const n = ranking.used.length;
  const telemetry: Record<string, number> = {};
  ranking.used.forEach((j, k) => { telemetry[config.criteria[j].property] = ranking.values[i * n + k]; });
  const score = scoreOf(ranking, i, events, config);
  return {
    ie: ie.ie,
    domain: ie.domain,
    domainSize: ie.domain ? ranking.members.length : 1,
    score,
    storedScore: storedScore(score, decimals),
    reliability: ranking.reliability[i],
    security: events.security,
    reputation: events.reputation,
    healthEvents: events.healthEvents,
    telemetry,
    securityAlerts: events.securityAlerts,
    selfSecurityEvents: events.selfSecurityEvents,
    healthEventIds: events.healthEventIds,
  };
}

/** IEs grouped by domain; each IE without a domain is a group of its own. */
export function groupByDomain(ies: readonly IeInput[]): IeInput[][] {
  const byDomain = new Map<string, IeInput[]>();
  for (const ie of ies) {
    const key = ie.domain ?? `\u0000${ie.ie}`; // no domain: alone
    const list = byDomain.get(key);
    if (list) list.push(ie);
    else byDomain.set(key, [ie]);
  }
  return [...byDomain.values()];
}

export function groupEventsByIe(events: readonly EventInput[]): Map<string, EventInput[]> {
  const out = new Map<string, EventInput[]>();
  for (const e of events) {
    const list = out.get(e.ie);
    if (list) list.push(e);
    else out.set(e.ie, [e]);
  }
  return out;
}

/** Results for every IE in `ies`, in the order given. */
export function computeTrust(ies: readonly IeInput[], events: readonly EventInput[], config: TrustConfiguration, decimals: number = DEFAULT_SCORE_DECIMALS): TrustResult[] {
  const eventsByIe = groupEventsByIe(events);
  const byIe = new Map<string, TrustResult>();
  for (const members of groupByDomain(ies)) {
    const ranking = rankDomain(members, config);
    members.forEach((m, i) => byIe.set(m.ie, resultOf(ranking, i, summarizeEvents(eventsByIe.get(m.ie), config), config, decimals)));
  }
  return ies.map((ie) => byIe.get(ie.ie)!);
}
