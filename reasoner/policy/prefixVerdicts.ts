/**
 * Placement's fast path (issue 5, PolicyGate.allowsEachPrefix, docs/policies.md "Checking a whole plan at once"):
 * would `/policies/check` allow the placements P1..Pk for every prefix length k asked? A planner that checks each
 * component as it places it asks exactly these prefixes; answering them with one evaluation of the whole plan
 * instead of one per component is what this file does, with the verdicts of the per-prefix checks:
 * - monotone Violation policies (monotonicity.ts): their violations only grow with the placements, so the whole
 *   plan's check (PolicyService.check, the very `/policies/check` evaluation) finding none of them means no prefix
 *   has one — valid only when the overlay only adds triples, i.e. no component first proposed after the shortest
 *   prefix has a stored placement that the longer prefixes would replace;
 * - the other Violation policies (e.g. cfpol:ServiceSpread: GROUP BY / HAVING) are evaluated prefix by prefix, their
 *   SPARQL constraints only (one query per prefix, for the nodes that are targets of the constraint for the whole plan,
 *   found by one query first); one with a non-monotone SHACL Core part makes the answer false.
 * Warning and Info policies never make a check refuse, so they are not evaluated. False means "not sure": the
 * planner then checks prefix by prefix as before, so a false answer costs time, never a different decision.
 */
import N3 from 'n3';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import type { PolicyVerdict, ProposedPlacement } from '../../orchestration/placement/PolicyGate.js';
import type { CompiledPolicy } from './compilePolicies.js';
import { fillPlaceholders } from './placementOverlay.js';
import { POLICY } from './policyVocabulary.js';
import { affectedNodesOfSubLists } from './affectedNodes.js';

export interface PrefixCheckContext {
  readonly store: GraphStore;
  /** The compiled policies of the store (PolicyService.current()). */
  readonly policies: readonly CompiledPolicy[];
  /** PolicyService.check: the `/policies/check` evaluation of a list of placements. */
  check(placements: readonly ProposedPlacement[]): Promise<PolicyVerdict>;
}

const { namedNode } = N3.DataFactory;

export async function allowsEachPrefix(ctx: PrefixCheckContext, placements: readonly ProposedPlacement[], lengths: readonly number[]): Promise<boolean> {
  // As slice(0, n): a length beyond the list is the whole list; an empty prefix proposes nothing and is allowed.
  const sizes = [...new Set(lengths.map((n) => Math.min(n, placements.length)))].filter((n) => n > 0).sort((a, b) => a - b);
  if (sizes.length === 0) return true;
  const refusing = ctx.policies.filter((p) => !p.deactivated && p.severity === 'Violation');
  const perPrefix = refusing.filter((p) => !p.monotone);
  if (perPrefix.some((p) => p.hasCore)) return false;
  // The overlay only adds triples when no component first proposed after the shortest prefix is placed already.
  const early = new Set(placements.slice(0, sizes[0]).map((p) => p.component));
  const iePredicate = namedNode(POLICY.infrastructureElement);
  for (const p of placements.slice(sizes[0])) {
    if (!early.has(p.component) && ctx.store.match(namedNode(p.component), iePredicate, null, null).length > 0) return false;
  }
  const verdict = await ctx.check(placements.slice(0, sizes[sizes.length - 1]));
  const gating = new Set(perPrefix.map((p) => p.iri));
  if (verdict.violations.some((v) => v.severity === 'Violation' && !gating.has(v.policy))) return false;
  const constraints = perPrefix.flatMap((p) => p.sparql);
  if (constraints.length === 0) return true;
  const all = placements.map((p): [string, string] => [p.component, p.ie]);
  const affected = await affectedNodesOfSubLists(ctx.store, all);
  const whole = all.slice(0, sizes[sizes.length - 1]);
  const wholeMoved = [...new Set(whole.map(([c]) => c))];
  for (const c of constraints) {
    // The constraint's focus nodes for the whole plan: target tests only see more with more placements, so a node that
    // is not a target for the whole plan is none for a prefix either; each prefix is evaluated for these nodes only.
    const found = await ctx.store.query(fillPlaceholders(c.targets, whole, wholeMoved, affected(whole)));
    const targets = new Set(found.kind === 'bindings' ? found.rows.map((row) => row.get('this')!.value) : []);
    if (targets.size === 0) continue;
    for (const size of sizes) {
      const rows = all.slice(0, size);
      const focus = affected(rows).filter((n) => targets.has(n));
      if (focus.length === 0) continue;
      const result = await ctx.store.query(fillPlaceholders(c.given, rows, [...new Set(rows.map(([r]) => r))], focus));
      if (result.kind === 'bindings' && result.rows.some((row) => row.get('this') !== undefined)) return false;
    }
  }
  return true;
}
