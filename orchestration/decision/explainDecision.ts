/** A placement decision in plain words (cf:explanationText): where and why, or why nowhere. */
import type { PlacementDecision } from '../placement/PlacementDecision.js';
import { rejectionsOf } from '../placement/rejectionView.js';

const short = (iri: string, prefix: string) => (iri.startsWith(prefix) ? iri.slice(prefix.length) : iri);
const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

/** How many IEs each criterion ruled out, most first: "status 40, free CPU 12". */
export function rejectionSummary(decision: PlacementDecision): string {
  return [...rejectionsOf(decision).criterionCounts()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ');
}

export function explainDecision(decision: PlacementDecision): string {
  const component = short(decision.component, 'urn:ngsi-ld:ServiceComponent:');
  const view = rejectionsOf(decision);
  const rejected = view.count;
  const ruledOut = rejected === 0 ? 'No IE was ruled out.'
    : `${rejected} IE${rejected === 1 ? ' was' : 's were'} ruled out (by ${rejectionSummary(decision)}).`;
  const policies = view.policies();
  const policyText = policies.length > 0 ? ` Policies that ruled IEs out: ${policies.join(', ')}.` : '';
  if (!decision.ie) return `No IE can run ${component}: ${decision.reasons.join('; ')}. ${ruledOut}${policyText}`;
  const parts = decision.score ? Object.entries(decision.score.parts).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') : '';
  const score = decision.score ? ` with score ${fmt(decision.score.total)} (${parts})` : '';
  return `${component} is placed on ${decision.ie}${score}, the best-scoring IE that meets every requirement and policy. ${ruledOut}${policyText}`;
}
