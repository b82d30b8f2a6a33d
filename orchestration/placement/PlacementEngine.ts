/**
 * The Planner (aerOS: the HLO allocator) decided from the graph, explainably and deterministically:
 * 1. The IEs with the attributes placement needs and the capacity held by current decisions come from in-memory
 *    indexes of the graph, one per (tenant) store, read in full once and then kept fresh from the store's change
 *    feed (IeFactsIndex, ReservationIndex); the weights come from the RDF cf:PlacementConfiguration (ScoringStrategy.ts).
 * 2. Components are placed in a fixed order (affinity groups together; pinned first, then the largest needs, then by
 *    name), reserving capacity as they go, so that no IE is ever over-committed.
 * 3. Per component (group), every IE is checked in TypeScript (candidateFilters.ts) — each rejected IE gets its
 *    reasons — then the feasible ones are scored and, best first, checked by the policies (PolicyGate, issue 4's
 *    `/policies/check`): the first one no policy rejects is chosen. Ties go to the smaller IE IRI. A rejected IE's
 *    reason is worded when first read (RejectionList).
 * 4. One policy check per plan when the gate can (PolicyGate.allowsEachPrefix): place as if every check allowed,
 *    then confirm all those checks at once; if not confirmed, place again checking one by one (same decisions).
 * Nothing is written: DecisionRecorder records the decisions.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { InvalidRequestError } from '../../fabric/errors/FabricError.js';
import { CF } from '../../fabric/rdf/namespaces.js';
import type { ComponentRequest, ServiceRequest } from '../request/ServiceRequest.js';
import type { PlacementDecision, RejectedCandidate } from './PlacementDecision.js';
import type { Planner, PlanOptions } from './Planner.js';
import type { PolicyGate, PolicyVerdict, ProposedPlacement } from './PolicyGate.js';
import type { IeFacts } from './candidateQuery.js';
import { IeFactsIndex } from './IeFactsIndex.js';
import { ReservationIndex } from './ReservationIndex.js';
import { areaTest, isRejected, needOf, reasonCriterion, rejectionReasons, type Need, type Taken } from './candidateFilters.js';
import { readPlacementWeights, ScoringStrategy, type PlacementWeights } from './ScoringStrategy.js';
import { affinityGroups, antiAffinityPartners } from './affinityGroups.js';
import { RejectionList } from './RejectionList.js';

export interface PlacementEngineOptions {
  /** Fixed weights; default: read from `configuration` in the store on every plan. */
  readonly weights?: PlacementWeights;
  /** The cf:PlacementConfiguration to read weights from (default cf:DefaultPlacementConfiguration). */
  readonly configuration?: string;
  /**
   * 'ranked' (default): feasible IEs are checked by the policies best first until one is allowed (the rest are
   * not checked). 'all': every feasible IE is checked, so the decision lists every policy rejection.
   */
  readonly policyChecks?: 'ranked' | 'all';
  /** The store of an NGSI-LD tenant (PlanOptions.tenant); without it, plans for a named tenant are refused. */
  readonly storeForTenant?: (tenant: string) => Promise<GraphStore>;
  readonly now?: () => Date;
}

interface Scored { ie: IeFacts; total: number }

/** What one plan() reads once, shared by its placement passes. */
interface PlanInput {
  readonly request: ServiceRequest;
  readonly options: PlanOptions;
  readonly store: GraphStore;
  readonly ies: readonly IeFacts[];
  readonly reservations: Awaited<ReturnType<ReservationIndex['current']>>;
  readonly scoring: ScoringStrategy;
  readonly decidedAt: Date;
}

const ALLOWED: PolicyVerdict = { allowed: true, violations: [] };

const NOTHING_TAKEN: Taken = { cpu: 0, ram: 0, disk: 0 };
const plus = (t: Taken, n: Need): Taken => ({ cpu: t.cpu + n.cpu, ram: t.ram + n.ram, disk: t.disk + n.disk });

/** The in-memory views placement reads one store through. */
interface StoreViews { readonly ies: IeFactsIndex; readonly reservations: ReservationIndex }

export class PlacementEngine implements Planner {
  private readonly views = new WeakMap<GraphStore, StoreViews>();

  constructor(private readonly store: GraphStore, private readonly policies: PolicyGate, private readonly options: PlacementEngineOptions = {}) {}

  async plan(request: ServiceRequest, options: PlanOptions = {}): Promise<PlacementDecision[]> {
    const store = await this.storeOf(options.tenant);
    const [ies, reservations, weights] = await Promise.all([
      this.viewsOf(store).ies.current(), this.viewsOf(store).reservations.current(),
      this.options.weights ? Promise.resolve(this.options.weights) : readPlacementWeights(store, this.options.configuration),
    ]);
    const input: PlanInput = { request, options, store, ies, reservations, scoring: new ScoringStrategy(weights), decidedAt: (this.options.now ?? (() => new Date()))() };
    const gate = this.policies;
    if (this.options.policyChecks !== 'all' && gate.allowsEachPrefix) {
      // Fast path (docs/orchestration.md "Placement" 3., one check per plan): place as if every check allowed, recording
      // the checks asked; if the gate confirms that each of them would have been allowed, the decisions are exactly
      // those of checking one by one. Otherwise (a policy refuses, or the gate cannot tell at once) place again,
      // checking one by one.
      const asked: ProposedPlacement[][] = [];
      const optimistic: PolicyGate = { check: async (p) => { asked.push([...p]); return ALLOWED; } };
      const decisions = await this.place(input, optimistic);
      if (asked.length === 0) return decisions;
      const whole = asked[asked.length - 1];
      const prefixes = asked.every((a) => a.length <= whole.length && a.every((p, i) => p.component === whole[i].component && p.ie === whole[i].ie));
      if (prefixes && await gate.allowsEachPrefix(whole, asked.map((a) => a.length), options.tenant)) return decisions;
    }
    return this.place(input, gate);
  }

  /** One placement of the request's components, asking `gate` per candidate as described at the top. */
  private async place(input: PlanInput, gate: PolicyGate): Promise<PlacementDecision[]> {
    const { request, options, store, ies, reservations, scoring, decidedAt } = input;
    const only = options.only ? new Set(options.only) : undefined;
    const placing = request.components.filter((c) => !only || only.has(c.name));
    const placingIds = new Set(placing.map((c) => c.id));
    let ieByIri: Map<string, IeFacts> | undefined;
    const ieOf = (iri: string) => (ieByIri ??= new Map(ies.map((ie) => [ie.iri, ie]))).get(iri);

    // Capacity held by current decisions, except those of the components being (re)placed now.
    const taken = new Map<string, Taken>();
    const take = (ie: string, n: Need) => {
      const t = taken.get(ie) ?? { cpu: 0, ram: 0, disk: 0 };
      taken.set(ie, { cpu: t.cpu + n.cpu, ram: t.ram + n.ram, disk: t.disk + n.disk });
    };
    const placedOn = new Map<string, string>(); // component name → IE, for this service
    const componentNames = new Map(request.components.map((c) => [c.id, c.name]));
    for (const r of reservations) {
      if (placingIds.has(r.component)) continue;
      take(r.ie, { cpu: r.cpu, ram: r.ram, disk: r.disk });
      const name = componentNames.get(r.component);
      if (name) placedOn.set(name, r.ie);
    }
    await this.keptWithoutDecision(store, request, placingIds, placedOn);

    const decisions: PlacementDecision[] = [];
    const proposals: ProposedPlacement[] = [...placedOn].map(([name, ie]) => ({ component: request.components.find((c) => c.name === name)!.id, ie }));
    for (const group of affinityGroups(placing)) {
      const base = { service: request.id, decidedAt };
      const fail = (reasons: string[], rejected: RejectionList = new RejectionList()) => {
        for (const c of group) decisions.push({ ...base, component: c.id, get rejected() { return rejected.list(); }, rejections: rejected, reasons });
      };
      const fixed = this.fixedIe(group, request, placedOn);
      if ('error' in fixed) { fail([fixed.error]); continue; }
      const fixedIe = fixed.ie ? ieOf(fixed.ie) : undefined;
      const pool = fixed.ie ? (fixedIe ? [fixedIe] : []) : ies;
      if (fixed.ie && pool.length === 0) { fail([`IE ${fixed.ie} (${fixed.why}) is not in the continuum`]); continue; }
      if (!fixed.ie && pool.length === 0) { fail(['the continuum has no infrastructure element']); continue; }
      const feasible: Scored[] = [];
      const needs = group.map((c) => needOf(c.requirements));
      const areas = group.map((c) => areaTest(c.requirements.area));
      const rejected = new RejectionList(group.length === 1 ? { requirements: group[0].requirements, need: needs[0], ...(areas[0] ? { inArea: areas[0] } : {}) } : undefined);
      const anti = group.map((c) => antiAffinityPartners(c, request.components));
      const suffixes = group.map((c) => (group.length > 1 ? ` (for ${c.name})` : ''));
      const avoided = group.map((c) => options.avoid?.[c.name]);
      const siblings = new Map<string, number>();
      for (const ie of placedOn.values()) siblings.set(ie, (siblings.get(ie) ?? 0) + 1);
      const scratch: string[] = [];
      const single = group.length === 1;
      for (const ie of pool) {
        // Hot loop (every IE × every component). One component (the usual case): the criteria are tested without
        // wording them; a rejected IE's reason is worded only when the decision's `rejected` is read (RejectionList).
        if (single) {
          const t0 = taken.get(ie.iri) ?? NOTHING_TAKEN;
          let extra: string[] | undefined;
          for (const partner of anti[0]) if (placedOn.get(partner) === ie.iri) (extra ??= []).push(`anti-affinity: ${partner} already runs there`);
          if (avoided[0]?.includes(ie.iri)) (extra ??= []).push(`avoided: ${group[0].name} is being moved away from this IE`);
          if (isRejected(ie, group[0].requirements, needs[0], t0, areas[0])) rejected.addFiltered(ie, t0, extra);
          else if (extra) rejected.add({ ie: ie.iri, reason: extra.join('; ') });
          else feasible.push({ ie, total: scoring.total(ie, needs[0], t0, siblings.get(ie.iri) ?? 0) });
          continue;
        }
        // Groups (affinity): reasons first, scores only for the IEs that pass.
        let reasons: string[] | undefined;
        let t = taken.get(ie.iri) ?? NOTHING_TAKEN;
        for (let i = 0; i < group.length; i++) {
          scratch.length = 0;
          const own = rejectionReasons(ie, group[i].requirements, needs[i], t, areas[i], scratch);
          for (let k = 0; k < own.length; k++) (reasons ??= []).push(own[k] + suffixes[i]);
          for (const partner of anti[i]) if (placedOn.get(partner) === ie.iri) (reasons ??= []).push(`anti-affinity: ${partner} already runs there${suffixes[i]}`);
          if (avoided[i]?.includes(ie.iri)) (reasons ??= []).push(`avoided: ${group[i].name} is being moved away from this IE`);
          if (i + 1 < group.length) t = plus(t, needs[i]);
        }
        if (reasons) { rejected.add({ ie: ie.iri, reason: reasons.length === 1 ? reasons[0] : reasons.join('; ') }); continue; }
        t = taken.get(ie.iri) ?? NOTHING_TAKEN;
        let sib = siblings.get(ie.iri) ?? 0;
        let total = 0;
        for (let i = 0; i < group.length; i++) {
          total += scoring.total(ie, needs[i], t, sib);
          t = plus(t, needs[i]);
          sib++;
        }
        feasible.push({ ie, total });
      }
      const chosen = await this.firstAllowed(gate, bestFirst(feasible), group, proposals, rejected, options.tenant);
      if (!chosen) { fail(summarise(rejected.list(), pool.length, fixed), rejected); continue; }
      // The score breakdown of the chosen IE, member by member as ranked (score().total equals total()).
      let t = taken.get(chosen.ie.iri) ?? NOTHING_TAKEN;
      let sib = siblings.get(chosen.ie.iri) ?? 0;
      const scores = group.map((_, i) => {
        const score = scoring.score(chosen.ie, needs[i], t, sib);
        t = plus(t, needs[i]);
        sib++;
        return score;
      });
      group.forEach((c, i) => {
        take(chosen.ie.iri, needs[i]);
        placedOn.set(c.name, chosen.ie.iri);
        proposals.push({ component: c.id, ie: chosen.ie.iri });
        decisions.push({ ...base, component: c.id, ie: chosen.ie.iri, score: scores[i], get rejected() { return rejected.list(); }, rejections: rejected, reasons: [] });
      });
    }
    const order = new Map(request.components.map((c, i) => [c.id, i]));
    return decisions.sort((a, b) => order.get(a.component)! - order.get(b.component)!);
  }

  /** The indexes of a store, created at its first plan (one per tenant store). */
  private viewsOf(store: GraphStore): StoreViews {
    let views = this.views.get(store);
    if (!views) {
      views = { ies: new IeFactsIndex(store), reservations: new ReservationIndex(store) };
      this.views.set(store, views);
    }
    return views;
  }

  private async storeOf(tenant: string | undefined): Promise<GraphStore> {
    if (tenant === undefined) return this.store;
    if (!this.options.storeForTenant) throw new InvalidRequestError(`Placement for tenant '${tenant}' is not configured on this node.`);
    return this.options.storeForTenant(tenant);
  }

  /** Kept components (PlanOptions.only) without a current decision: their IE from cf:infrastructureElement. */
  private async keptWithoutDecision(store: GraphStore, request: ServiceRequest, placingIds: Set<string>, placedOn: Map<string, string>): Promise<void> {
    const kept = request.components.filter((c) => !placingIds.has(c.id) && !placedOn.has(c.name));
    if (kept.length === 0) return;
    const result = await store.query(`SELECT ?c ?ie WHERE { VALUES ?c { ${kept.map((c) => `<${c.id}>`).join(' ')} } ?c <${CF}infrastructureElement> ?ie } ORDER BY ?c ?ie`);
    if (result.kind !== 'bindings') return;
    for (const row of result.rows) {
      const name = kept.find((c) => c.id === row.get('c')!.value)!.name;
      if (!placedOn.has(name)) placedOn.set(name, row.get('ie')!.value);
    }
  }

  /** The one IE a group must go to (pinned, or affinity with a component already placed), if any. */
  private fixedIe(group: readonly ComponentRequest[], request: ServiceRequest, placedOn: Map<string, string>): { ie?: string; why?: string } | { error: string } {
    const wanted = new Map<string, string>();
    for (const c of group) {
      if (c.requirements.ie) wanted.set(c.requirements.ie, `pinned by ${c.name}`);
      for (const other of request.components) {
        const linked = c.affinity.includes(other.name) || other.affinity.includes(c.name);
        const ie = placedOn.get(other.name);
        if (linked && ie && !group.includes(other)) wanted.set(ie, `affinity of ${c.name} with ${other.name}`);
      }
      for (const partner of antiAffinityPartners(c, group)) return { error: `${c.name} has anti-affinity with ${partner}, but affinity puts them on one IE` };
    }
    if (wanted.size > 1) return { error: `the components ${group.map((c) => c.name).join(', ')} must share one IE but are bound to several: ${[...wanted].map(([ie, why]) => `${ie} (${why})`).join(', ')}` };
    const [entry] = wanted;
    return entry ? { ie: entry[0], why: entry[1] } : {};
  }

  private async firstAllowed(gate: PolicyGate, feasible: Iterable<Scored>, group: readonly ComponentRequest[], proposals: ProposedPlacement[], rejected: RejectionList, tenant?: string): Promise<Scored | undefined> {
    let chosen: Scored | undefined;
    const before = rejected.length;
    for (const candidate of feasible) {
      const verdict = await gate.check([...proposals, ...group.map((c) => ({ component: c.id, ie: candidate.ie.iri }))], tenant);
      const violations = verdict.violations.filter((v) => v.severity === 'Violation');
      if (verdict.allowed && violations.length === 0) {
        chosen ??= candidate;
        if (this.options.policyChecks !== 'all') break;
      } else {
        const list = violations.length > 0 ? violations : verdict.violations;
        rejected.add({
          ie: candidate.ie.iri,
          reason: list.length > 0 ? list.map((v) => `policy ${v.policy}: ${v.message}`).join('; ') : 'policy: placement not allowed',
          ...(list[0] ? { policy: list[0].policy } : {}),
        });
      }
    }
    // The filters' rejections come in pool order (by IRI); only policy rejections need sorting in.
    if (rejected.length > before) rejected.sortByIe();
    return chosen;
  }
}

/** `a` ranks before `b`: the higher score, then the smaller IRI (a total order: IRIs are unique). */
const ranksBefore = (a: Scored, b: Scored) => a.total > b.total || (a.total === b.total && a.ie.iri < b.ie.iri);
/** Candidates checked by selection before the rest is sorted: usually the first is allowed. */
const SELECTED_FIRST = 4;

/** The feasible IEs best first; the first few by selection (O(n) each), the rest sorted only when reached. */
function* bestFirst(feasible: readonly Scored[]): Generator<Scored> {
  const picked = new Array<boolean>(feasible.length).fill(false);
  for (let k = 0; k < Math.min(SELECTED_FIRST, feasible.length); k++) {
    let best = -1;
    for (let i = 0; i < feasible.length; i++) if (!picked[i] && (best < 0 || ranksBefore(feasible[i], feasible[best]))) best = i;
    picked[best] = true;
    yield feasible[best];
  }
  if (feasible.length > SELECTED_FIRST) yield* feasible.filter((_, i) => !picked[i]).sort((a, b) => (ranksBefore(a, b) ? -1 : 1));
}

/** Why nothing could be chosen: how many IEs each criterion rejected, most first. */
function summarise(rejected: readonly RejectedCandidate[], considered: number, fixed: { ie?: string; why?: string }): string[] {
  const counts = new Map<string, number>();
  for (const r of rejected) for (const part of r.reason.split('; ')) {
    const k = reasonCriterion(part);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const lines = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k}: rejected ${n} of ${considered} IE${considered === 1 ? '' : 's'}`);
  if (fixed.ie) lines.unshift(`only ${fixed.ie} was considered (${fixed.why})`);
  return lines.length > 0 ? lines : ['no IE was left'];
}
