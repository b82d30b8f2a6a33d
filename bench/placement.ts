/**
 * `placement`: PlacementEngine.plan() for a service of 10 (and optionally 2) components over the demo continuum
 * (fabric/demo, seed 42) at 1k / 10k / 100k IEs, seeded like a fresh node (ontology, shapes, the 10 example
 * policies) in a MemoryGraphStore wrapped with a change feed (ObservedMemoryStore, as the durable store offers it).
 * Per size: the first (cold) plan of a new engine — the full read of the IEs and decisions into its indexes —, the
 * warm plan (indexes fresh) with an allow-all PolicyGate and with the 10 policies (PolicyService), placements per
 * second, and the time from one IE telemetry update (SPARQL Update) to the next plan seeing it. Same-run baseline:
 * naive first-fit, one SPARQL query per component (the IEs meeting its requirements, by IRI; the first with room
 * left, reservations kept in memory), no scoring, no reasons. Then the quality check against the exhaustive optimum.
 */
import { fmt, gc, parseSizes, sizeLabel, summarise, table } from './harness.js';
import { generateDemoContinuum } from '../fabric/demo/DemoContinuumGenerator.js';
import { MemoryGraphStore } from '../fabric/store/MemoryGraphStore.js';
import { ObservedMemoryStore } from '../fabric/store/replica/ObservedMemoryStore.js';
import { seedFreshStore } from '../fabric/node/seedFreshStore.js';
import { packageRoot } from '../fabric/validation/modelFiles.js';
import { AEROS, CF, GRAPHS } from '../fabric/rdf/namespaces.js';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { PlacementEngine } from '../orchestration/placement/PlacementEngine.js';
import { DecisionRecorder } from '../orchestration/decision/DecisionRecorder.js';
import { readInfrastructureElements, type IeFacts } from '../orchestration/placement/candidateQuery.js';
import { needOf, rejectionReasons } from '../orchestration/placement/candidateFilters.js';
import { affinityGroups, antiAffinityPartners } from '../orchestration/placement/affinityGroups.js';
import { ScoringStrategy } from '../orchestration/placement/ScoringStrategy.js';
import type { PlacementDecision } from '../orchestration/placement/PlacementDecision.js';
import type { PolicyGate } from '../orchestration/placement/PolicyGate.js';
import type { ComponentRequest, ServiceRequest } from '../orchestration/request/ServiceRequest.js';
import { PolicyService } from '../reasoner/policy/PolicyService.js';

const SEED = 42;

export const help = `placement [--sizes 1k,10k,100k] [--components 10] [--runs 5] [--quality-instances 20]
  Sizes count InfrastructureElements of the demo continuum (fabric/demo, seed ${SEED}), seeded like a fresh node (ontology,
  shapes, the example policies) in an ObservedMemoryStore (MemoryGraphStore + change feed). Per component count, a
  service whose components need 0.25-1 cores and 256-1024 MB, some x64 / arm64 / real time, a maximum CPU usage of
  80 %, two anti-affine replicas (also written to the store, for the policies). Rows: "cold" = the first plan of a new
  engine (full read of IEs and decisions into its indexes), median of --runs; "warm" = plan with the indexes fresh,
  p50 of 3 x --runs back-to-back plans (no forced GC between them) after three warm-up plans, with an allow-all PolicyGate, with PolicyService (the example
  policies; one check per plan, PolicyGate.allowsEachPrefix) and with the same policies checked once per component; "update → plan" = one IE's aeros:currentCpuUsage set to 99 by SPARQL Update (the IE the previous plan
  chose) and the next plan, which must move that component; "naive first-fit" = one SPARQL query per component, first
  IE by IRI with room left, median of --runs after a warm-up. Then the engine's decisions are recorded once.
  Then --quality-instances demo continua of 8 IEs (seeds 1..n): the engine's 4-component placement against the
  exhaustive optimum of the same objective (sum of the scores, components in the engine's order), gap in %.`;

const allowAll: PolicyGate = { check: async () => ({ allowed: true, violations: [] }) };

function serviceOf(n: number): ServiceRequest {
  const components: ComponentRequest[] = [];
  for (let i = 0; i < n; i++) {
    const name = `c${String(i).padStart(2, '0')}`;
    components.push({
      id: `urn:ngsi-ld:ServiceComponent:bench:${name}`, name, image: 'busybox', args: [], env: {}, ports: [], isJob: false,
      requirements: {
        requiredCpu: [0.25, 0.5, 1][i % 3], requiredRamMiB: [256, 512, 1024][i % 3], maxCpuUsage: 80,
        ...(i % 4 === 1 ? { cpuArch: ['x64'] } : i % 4 === 2 ? { cpuArch: ['arm64'] } : {}),
        ...(i % 5 === 3 ? { realtime: true } : {}),
      },
      affinity: [], antiAffinity: i === 1 ? ['c00'] : [], labels: [],
    });
  }
  return { id: 'urn:ngsi-ld:Service:bench', name: 'bench', components };
}

/** The baseline: per component one SPARQL query for the IEs meeting its requirements, first by IRI with room left. */
async function naiveFirstFit(store: GraphStore, request: ServiceRequest): Promise<Array<string | undefined>> {
  const used = new Map<string, { cpu: number; ram: number }>();
  const out: Array<string | undefined> = [];
  for (const c of request.components) {
    const r = c.requirements;
    const arch = r.cpuArch ? `?ie aeros:cpuArchitecture aeros:${r.cpuArch[0]}Architecture .` : '';
    const rt = r.realtime ? '?ie aeros:realTimeCapable true .' : '';
    const result = await store.query(`PREFIX aeros: <https://w3id.org/aerOS/continuum#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
      SELECT ?ie ?free ?ram WHERE { ?ie a aeros:InfrastructureElement ; aeros:infrastructureElementStatus aeros:ReadyInfrastructureElement ;
        aeros:cpuCores ?cores ; aeros:currentCpuUsage ?u ; aeros:availableRam ?ram . ${arch} ${rt}
        BIND (xsd:double(?cores) * (100 - xsd:double(?u)) / 100 AS ?free)
        FILTER (?u <= ${r.maxCpuUsage ?? 100} && ?free >= ${r.requiredCpu ?? 0} && ?ram >= ${r.requiredRamMiB ?? 0}) } ORDER BY ?ie`);
    const rows = result.kind === 'bindings' ? result.rows : [];
    const hit = rows.find((row) => {
      const u = used.get(row.get('ie')!.value) ?? { cpu: 0, ram: 0 };
      return Number(row.get('free')!.value) - u.cpu >= (r.requiredCpu ?? 0) && Number(row.get('ram')!.value) - u.ram >= (r.requiredRamMiB ?? 0);
    });
    const ie = hit?.get('ie')!.value;
    if (ie) {
      const u = used.get(ie) ?? { cpu: 0, ram: 0 };
      used.set(ie, { cpu: u.cpu + (r.requiredCpu ?? 0), ram: u.ram + (r.requiredRamMiB ?? 0) });
    }
    out.push(ie);
  }
  return out;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  gc();
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * Back-to-back timing without a forced GC before each sample: warm plans allocate a reason for every rejected IE
 * (~50k at 10k IEs), and after a forced full GC V8 starts again from a small young generation, which measured
 * ~2.5x slower plans (10k: ~130 vs ~50 ms) than the steady state a planner in a running node is in.
 */
async function steady(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * Objective of a full assignment (component index → IE) under the engine's own scoring: components taken in the
 * engine's order, each scored with the capacity and siblings of those before it; -Infinity when infeasible.
 */
function objective(request: ServiceRequest, ies: readonly IeFacts[], assignment: readonly number[], scoring: ScoringStrategy): number {
  const order = affinityGroups(request.components).flat();
  const taken = new Map<number, { cpu: number; ram: number; disk: number }>();
  const siblings = new Map<number, number>();
  let total = 0;
  for (const c of order) {
    const i = request.components.indexOf(c);
    const ie = assignment[i];
    const need = needOf(c.requirements);
    const t = taken.get(ie) ?? { cpu: 0, ram: 0, disk: 0 };
    if (rejectionReasons(ies[ie], c.requirements, need, t).length > 0) return -Infinity;
    for (const partner of antiAffinityPartners(c, request.components)) {
      if (assignment[request.components.findIndex((x) => x.name === partner)] === ie) return -Infinity;
    }
    total += scoring.score(ies[ie], need, t, siblings.get(ie) ?? 0).total;
    taken.set(ie, { cpu: t.cpu + need.cpu, ram: t.ram + need.ram, disk: t.disk + need.disk });
    siblings.set(ie, (siblings.get(ie) ?? 0) + 1);
  }
  return total;
}

/** Greedy (the engine) against the exhaustive optimum of the same objective on small continua. */
async function quality(instances: number, iesPer: number, componentsPer: number): Promise<string> {
  const gaps: number[] = [];
  let optimal = 0;
  let greedyFewer = 0;
  let infeasible = 0;
  for (let seed = 1; seed <= instances; seed++) {
    const store = new MemoryGraphStore();
    for (const chunk of generateDemoContinuum({ ies: iesPer, seed })) await store.load(chunk, { format: 'application/n-quads' });
    const ies = await readInfrastructureElements(store);
    const request = serviceOf(componentsPer);
    const scoring = new ScoringStrategy();
    const decisions = await new PlacementEngine(store, allowAll, { weights: scoring.weights }).plan(request);
    const index = new Map(ies.map((ie, i) => [ie.iri, i]));
    let best = -Infinity;
    const assignment = new Array<number>(componentsPer).fill(0);
    for (let k = 0; k < ies.length ** componentsPer; k++) {
      let x = k;
      for (let c = 0; c < componentsPer; c++) { assignment[c] = x % ies.length; x = Math.floor(x / ies.length); }
      best = Math.max(best, objective(request, ies, assignment, scoring));
    }
    if (best === -Infinity) { infeasible++; continue; }
    if (decisions.some((d) => !d.ie)) { greedyFewer++; continue; }
    const greedy = objective(request, ies, request.components.map((c) => index.get(decisions.find((d) => d.component === c.id)!.ie!)!), scoring);
    const gap = (best - greedy) / best * 100;
    gaps.push(gap);
    if (gap < 1e-9) optimal++;
  }
  const s = summarise(gaps);
  return table(['instances', 'IEs', 'components', 'greedy optimal', 'mean gap %', 'median gap %', 'max gap %', 'greedy placed fewer', 'no full placement exists'],
    [[String(instances), String(iesPer), String(componentsPer), `${optimal}/${gaps.length}`, fmt(gaps.reduce((a, b) => a + b, 0) / (gaps.length || 1), 2), fmt(s.median, 2), fmt(s.max, 2), String(greedyFewer), String(infeasible)]]);
}

/** The service's components in the store, with the requirements the policies read (ram-fits, cpu-architecture, real-time). */
function serviceQuads(request: ServiceRequest): string {
  const lines: string[] = [];
  const q = (s: string, p: string, o: string) => lines.push(`<${s}> <${p}> ${o} <${s}> .`);
  q(request.id, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `<${AEROS}Service>`);
  for (const c of request.components) {
    const r = c.requirements;
    const req = `${c.id}:requirements`;
    q(c.id, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `<${AEROS}ServiceComponent>`);
    q(c.id, `${AEROS}isPartOfService`, `<${request.id}>`);
    q(c.id, `${AEROS}infrastructureElementRequirements`, `<${req}>`);
    q(req, `${AEROS}requiredRam`, `"${r.requiredRamMiB ?? 0}"^^<http://www.w3.org/2001/XMLSchema#integer>`);
    if (r.realtime) q(req, `${AEROS}realTimeCapable`, '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>');
    if (r.cpuArch) q(req, `${AEROS}cpuArchitecture`, `<${AEROS}${r.cpuArch[0]}Architecture>`);
  }
  return lines.join('\n') + '\n';
}

const cpuUsage = (store: ObservedMemoryStore, ie: string, value: number) => store.update(`DELETE { GRAPH ?g { <${ie}> <${AEROS}currentCpuUsage> ?u } }
  INSERT { GRAPH <${ie}> { <${ie}> <${AEROS}currentCpuUsage> "${value}"^^<http://www.w3.org/2001/XMLSchema#float> } }
  WHERE { OPTIONAL { GRAPH ?g { <${ie}> <${AEROS}currentCpuUsage> ?u } } }`);

const placedCount = (ds: readonly PlacementDecision[]) => ds.filter((d) => d.ie).length;

export async function run(flags: Map<string, string>): Promise<string> {
  const sizes = parseSizes(flags.get('sizes') ?? '1k,10k,100k');
  const counts = (flags.get('components') ?? '10').split(',').map(Number);
  const runs = Number(flags.get('runs') ?? 5);
  const rows: Array<Array<string | number>> = [];
  let policyCount = 0;
  for (const ies of sizes) {
    const memory = new MemoryGraphStore();
    const seeded = await seedFreshStore(memory, { packageRoot: packageRoot(), demo: true, demoIes: ies, demoSeed: SEED });
    policyCount = seeded.policyQuads > 0 ? (await memory.query(`SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH <${GRAPHS.policies}> { ?p a <${CF}Policy> } }`).then((r) => (r.kind === 'bindings' ? Number(r.rows[0].get('n')!.value) : 0))) : 0;
    const store = new ObservedMemoryStore(memory);
    for (const n of counts) {
      const request = serviceOf(n);
      await store.load(serviceQuads(request), { format: 'application/n-quads' });
      const row = (planner: string, samples: number[], extra: Array<string | number> = []) => {
        const s = summarise(samples);
        rows.push([sizeLabel(ies), String(n), planner, fmt(s.median), `${fmt(s.min)}–${fmt(s.max)}`, ...extra]);
      };
      // Cold: a new engine's first plan reads every IE and decision into its indexes.
      const cold: number[] = [];
      let decisions: PlacementDecision[] = [];
      for (let i = 0; i < runs; i++) cold.push(await time(async () => { decisions = await new PlacementEngine(store, allowAll).plan(request); }));
      const rejectedOf = (ds: readonly PlacementDecision[]) => String(ds.reduce((s, d) => s + d.rejected.length, 0));
      row('engine, cold (first plan: full read into the indexes)', cold, [`${placedCount(decisions)}/${n}`, rejectedOf(decisions), '']);
      // Warm: indexes fresh; placements per second over the measured plans.
      const engine = new PlacementEngine(store, allowAll);
      for (let i = 0; i < 3; i++) await engine.plan(request);
      const warm: number[] = [];
      let placed = 0;
      for (let i = 0; i < 3 * runs; i++) {
        warm.push(await steady(async () => { decisions = await engine.plan(request); }));
        placed += placedCount(decisions);
      }
      const perSecond = placed / (warm.reduce((a, b) => a + b, 0) / 1000);
      row('engine, warm (indexes fresh), allow-all policies', warm, [`${placedCount(decisions)}/${n}`, rejectedOf(decisions), fmt(perSecond, 0)]);
      // Freshness: one IE's telemetry changes; the next plan must see it (the component placed there moves).
      const fresh: number[] = [];
      const nextPlan: number[] = [];
      let seen = 0;
      for (let i = 0; i < runs; i++) {
        const target = decisions.find((d) => d.ie)!;
        const before = target.ie!;
        const t0 = performance.now();
        await cpuUsage(store, before, 99);
        const t1 = performance.now();
        decisions = await engine.plan(request);
        const t2 = performance.now();
        fresh.push(t2 - t0);
        nextPlan.push(t2 - t1);
        if (decisions.find((d) => d.component === target.component)!.ie !== before) seen++;
      }
      row('one IE telemetry update (SPARQL Update) + next plan', fresh, [`moved ${seen}/${runs}`, '', '']);
      row('… of which the next plan (re-reads that IE)', nextPlan, ['', '', '']);
      // With the example policies (PolicyService, as orchestrationWiring gives the engine).
      const withPolicies = new PlacementEngine(store, new PolicyService(store));
      for (let i = 0; i < 3; i++) await withPolicies.plan(request);
      const policed: number[] = [];
      for (let i = 0; i < 3 * runs; i++) policed.push(await steady(async () => { decisions = await withPolicies.plan(request); }));
      const policyRejected = decisions.reduce((s, d) => s + d.rejected.filter((r) => r.policy).length, 0);
      row(`engine, warm, ${policyCount} policies (PolicyService: one check per plan; ${policyRejected} policy rejections)`, policed, [`${placedCount(decisions)}/${n}`, rejectedOf(decisions), fmt(placedCount(decisions) / (summarise(policed).median / 1000), 0)]);
      // Same-run comparison: the same policies checked once per component (a gate without allowsEachPrefix).
      const service = new PolicyService(store);
      const oneByOne = new PlacementEngine(store, { check: (p, t) => service.check(p, t) });
      for (let i = 0; i < 3; i++) await oneByOne.plan(request);
      const perComponent: number[] = [];
      for (let i = 0; i < 3 * runs; i++) perComponent.push(await steady(async () => { decisions = await oneByOne.plan(request); }));
      row(`engine, warm, ${policyCount} policies checked once per component`, perComponent, [`${placedCount(decisions)}/${n}`, rejectedOf(decisions), fmt(placedCount(decisions) / (summarise(perComponent).median / 1000), 0)]);
      // Baseline.
      const naive: number[] = [];
      let naivePlaced: Array<string | undefined> = [];
      for (let i = 0; i <= runs; i++) {
        const ms = await time(async () => { naivePlaced = await naiveFirstFit(store, request); });
        if (i > 0) naive.push(ms);
      }
      row('naive first-fit (1 query per component)', naive, [`${naivePlaced.filter(Boolean).length}/${n}`, '', fmt(naivePlaced.filter(Boolean).length / (summarise(naive).median / 1000), 0)]);
      const recordMs = await time(() => new DecisionRecorder(store).record(decisions, request));
      rows.push([sizeLabel(ies), String(n), 'record the decisions (DecisionRecorder, once)', fmt(recordMs), '', '', '', '']);
    }
  }
  const latency = table(['IEs', 'components', 'planner', 'median / p50 ms', 'min–max ms', 'placed', 'rejections listed', 'placements/s'], rows);
  const instances = Number(flags.get('quality-instances') ?? 20);
  return instances > 0 ? `${latency}\n\nPlacement quality (same objective, exhaustive search):\n\n${await quality(instances, 8, 4)}` : latency;
}
