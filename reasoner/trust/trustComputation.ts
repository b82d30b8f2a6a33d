/**
 * Trust scores of a set of IEs from their inputs (trustInputs.ts), pure TypeScript:
 * reliability by TOPSIS among the IEs of each domain (topsis.ts), security and reputation
 * from event priorities, the weighted sum floored at 0 (trustFormula.ts).
 * - a domain with one IE (or an IE without a domain) gets the single-element reliability;
 * - IEs TOPSIS cannot tell apart (all equal) get it as well;
 * - a missing criterion value is imputed with the domain's worst value for it (min of a
 *   benefit, max of a cost); a criterion no IE of the domain reports is left out there.
 */
import type { TrustConfiguration } from './TrustConfiguration.js';
import { topsisCloseness } from './topsis.js';
import { priorityComponent, trustScore } from './trustFormula.js';
import type { EventInput, IeInput } from './trustInputs.js';

export interface TrustResult {
  readonly ie: string;
  readonly domain?: string;
  readonly domainSize: number;
  readonly score: number;
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

function reliabilityByIe(ies: readonly IeInput[], config: TrustConfiguration): Map<string, { value: number; telemetry: Record<string, number> }> {
  const out = new Map<string, { value: number; telemetry: Record<string, number> }>();
  const byDomain = new Map<string, IeInput[]>();
  for (const ie of ies) {
    const key = ie.domain ?? `\u0000${ie.ie}`; // no domain: alone
    const list = byDomain.get(key) ?? [];
    list.push(ie);
    byDomain.set(key, list);
  }
  for (const members of byDomain.values()) {
    const used = config.criteria.map((c, j) => ({ c, j })).filter(({ j }) => members.some((m) => m.criteria[j] !== undefined));
    const worst = used.map(({ c, j }) => {
      let w = c.weight > 0 ? Infinity : -Infinity;
      for (const m of members) {
        const v = m.criteria[j];
        if (v !== undefined) w = c.weight > 0 ? Math.min(w, v) : Math.max(w, v);
      }
      return w;
    });
    const matrix = members.map((m) => used.map(({ j }, k) => m.criteria[j] ?? worst[k]));
    const closeness = members.length < 2 || used.length === 0
      ? members.map(() => config.singleElementReliability)
      : topsisCloseness(matrix, used.map(({ c }) => c), config.singleElementReliability);
    members.forEach((m, i) => {
      const telemetry: Record<string, number> = {};
      used.forEach(({ c }, k) => { telemetry[c.property] = matrix[i][k]; });
      out.set(m.ie, { value: closeness[i], telemetry });
    });
  }
  return out;
}

export function computeTrust(ies: readonly IeInput[], events: readonly EventInput[], config: TrustConfiguration): TrustResult[] {
  const reliability = reliabilityByIe(ies, config);
  const eventsByIe = new Map<string, EventInput[]>();
  for (const e of events) {
    const list = eventsByIe.get(e.ie) ?? [];
    list.push(e);
    eventsByIe.set(e.ie, list);
  }
  const domainSizes = new Map<string, number>();
  for (const ie of ies) if (ie.domain) domainSizes.set(ie.domain, (domainSizes.get(ie.domain) ?? 0) + 1);
  return ies.map((ie) => {
    const mine = eventsByIe.get(ie.ie) ?? [];
    const alerts = mine.filter((e) => e.kind === 'SecurityAlert');
    const selfSecurity = mine.filter((e) => e.kind === 'SelfSecurityEvent');
    const health = mine.filter((e) => e.kind === 'HealthEvent');
    const priorities = (list: EventInput[]): number[] => list.map((e) => e.priority).filter((p): p is number => p !== undefined);
    const rel = reliability.get(ie.ie)!;
    const components = {
      reliability: rel.value,
      security: priorityComponent(priorities(alerts), config.maxPriority),
      reputation: priorityComponent(priorities(selfSecurity), config.maxPriority),
      healthEvents: health.length,
    };
    return {
      ie: ie.ie,
      domain: ie.domain,
      domainSize: ie.domain ? domainSizes.get(ie.domain)! : 1,
      score: trustScore(components, config),
      ...components,
      telemetry: rel.telemetry,
      securityAlerts: alerts.map((e) => e.event).sort(),
      selfSecurityEvents: selfSecurity.map((e) => e.event).sort(),
      healthEventIds: health.map((e) => e.event).sort(),
    };
  });
}
