/**
 * A trust score in plain words (issue 4 "Explanations": every trust score can be explained, which facts), from its
 * stored breakdown (trustBreakdown.ts): the aerOS Trust Manager's formula with this score's numbers, what each
 * component came from (TOPSIS over the domain's IEs and the telemetry used, the alerts and events counted) and the
 * status that follows. Served as `explanation` by GET /trust/{ieId} and printed by `continuum explain <IE>`.
 */
import type { TrustBreakdownView } from './trustBreakdown.js';
import { DEFAULT_TRUST_CONFIGURATION as DEFAULTS } from './TrustConfiguration.js';
import { localName as iriLocalName } from '../../fabric/rdf/localName.js';

const num = (x: number): string => String(Math.round(x * 10_000) / 10_000);
const signed = (x: number): string => (x < 0 ? `−${num(-x)}` : `+${num(x)}`);
const localName = (iri: string): string => iriLocalName(iri) || iri;
type NumericSetting = 'reliabilityWeight' | 'securityWeight' | 'reputationWeight' | 'healthPenalty' | 'maxPriority' | 'untrustedThreshold' | 'reputationWindowMs';
/** A setting as the score used it (its breakdown's weightsUsed), else the default. */
const setting = (weights: Record<string, unknown>, key: NumericSetting): number => (typeof weights[key] === 'number' ? (weights[key] as number) : DEFAULTS[key]);

/** "7 days", "36 hours", "90 minutes". */
function duration(ms: number): string {
  const units: Array<[number, string]> = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${unit}${ms / size === 1 ? '' : 's'}`;
  return `${ms} ms`;
}

function events(kind: string, ids: readonly string[], value: number, maxPriority: number, window?: string): string {
  if (ids.length === 0) return `${num(value)}: no ${kind}${window ? ` in the last ${window}` : ''}.`;
  const counted = ids.length === 1 ? kind.replace(/s$/, '') : kind;
  return `${num(value)}: 1 − the mean priority of ${ids.length} ${counted}${window ? ` in the last ${window}` : ''} ÷ ${maxPriority}`
    + ` (${ids.map((id) => `<${id}>`).join(', ')}).`;
}

export function explainTrust(b: Omit<TrustBreakdownView, 'explanation'>): string {
  const w = b.weights;
  const [wRel, wSec, wRep, penalty, maxPriority, threshold] = (['reliabilityWeight', 'securityWeight', 'reputationWeight', 'healthPenalty', 'maxPriority', 'untrustedThreshold'] as const).map((k) => setting(w, k));
  const window = duration(setting(w, 'reputationWindowMs'));
  const c = b.components;
  const lines = [
    `Trust score ${num(b.trustScore)} of <${b.infrastructureElement}>, computed at ${b.computedAt} with <${b.configuration}>:`
      + ` ${wRel} × reliability ${num(c.reliability)} + ${wSec} × security ${num(c.security)} + ${wRep} × reputation ${num(c.reputation)}`
      + ` − ${penalty} × ${c.healthEvents} health event${c.healthEvents === 1 ? '' : 's'}, floored at 0.`,
  ];
  const criteria = (w.criteria ?? {}) as Record<string, number>;
  const used = Object.keys(b.inputs.telemetry).sort().map((p) => `${localName(p)} ${b.inputs.telemetry[p]} (${signed(criteria[p] ?? 0)})`);
  lines.push(b.inputs.domainSize > 1
    ? `Reliability ${num(c.reliability)}: TOPSIS closeness among the ${b.inputs.domainSize} IEs of domain <${b.inputs.domain}>, over ${used.join(', ') || 'no telemetry'} (criterion weights in parentheses, negative = less is better).`
    : `Reliability ${num(c.reliability)}: the only IE ${b.inputs.domain ? `of domain <${b.inputs.domain}>` : 'without a domain'}, so the single-element reliability.`);
  lines.push(`Security ${events('security alerts', b.inputs.securityAlerts, c.security, maxPriority)}`);
  lines.push(`Reputation ${events('self-security events', b.inputs.selfSecurityEvents, c.reputation, maxPriority, window)}`);
  if (b.inputs.healthEvents.length > 0) lines.push(`Health events: ${b.inputs.healthEvents.map((id) => `<${id}>`).join(', ')}.`);
  const status = b.status.map(localName).join(', ') || 'none';
  lines.push(b.untrustedByTrust
    ? `Status ${status}: the score is below the threshold ${threshold}, so trust marked the IE Untrusted; it recovers when the score does.`
    : `Status ${status}; below the threshold ${threshold} trust would mark the IE Untrusted.`);
  return lines.join('\n');
}
