/** orchestration/placement/PlacementEngine.ts on a small hand-built continuum (MemoryGraphStore). */
import { PlacementEngine } from '../../../../orchestration/placement/PlacementEngine.js';
import { DecisionRecorder } from '../../../../orchestration/decision/DecisionRecorder.js';
import { DEFAULT_PLACEMENT_WEIGHTS } from '../../../../orchestration/placement/ScoringStrategy.js';
import { component, continuum, GOOD, ieIri, RejectingPolicyGate, service } from './continuumFixture.js';

const NOW = new Date('2026-12-02T08:00:00Z');
const engine = (store: Awaited<ReturnType<typeof continuum>>, gate = new RejectingPolicyGate(), extra = {}) =>
  new PlacementEngine(store, gate, { now: () => NOW, weights: DEFAULT_PLACEMENT_WEIGHTS, ...extra });

/** Somewhere around the edge site (lon -0.38, lat 39.47). */
const AREA = { type: 'Polygon', coordinates: [[[-0.5, 39.3], [-0.2, 39.3], [-0.2, 39.6], [-0.5, 39.6], [-0.5, 39.3]]] };

describe('PlacementEngine filters', () => {
  const demanding = {
    cpuArch: ['x64'], cpuCores: 4, maxCpuUsage: 50, requiredCpu: 2, requiredRamMiB: 4096, requiredDiskGiB: 10, gpu: true, realtime: true,
    tier: ['Edge'], domains: ['urn:ngsi-ld:Domain:edge'], minEnergyEfficiency: 0.5, minGreenEnergyRatio: 0.5, minTrustScore: 0.7,
    orchestrationTypes: ['Docker'], area: AREA,
  };
  // One IE per filter, each failing exactly that filter.
  const cases: Array<[string, Partial<typeof GOOD>, RegExp]> = [
    ['overloaded', { status: 'OverloadInfrastructureElement' }, /^status: Overload, not Ready$/],
    ['arm', { arch: 'arm64Architecture' }, /^architecture: arm64, needs x64$/],
    ['few-cores', { cores: 3, usage: 0 }, /^CPU cores: 3, needs at least 4$/],
    ['busy', { usage: 80, cores: 16 }, /^CPU usage: 80 %, must be at most 50 %$/],
    ['no-cpu-left', { cores: 4, usage: 50.5 }, /^CPU usage: 50.5 %, must be at most 50 %; free CPU: 1.98 cores, needs 2$/],
    ['small-ram', { ram: 1000 }, /^free RAM: 1000 MB, needs 4096 MB$/],
    ['small-disk', { disk: 2000 }, /^free disk: 2000 MB, needs 10240 MB$/],
    ['no-gpu', { gpu: false }, /^GPU: none, needs one$/],
    ['not-rt', { rt: false }, /^real time: not capable/],
    ['cloud', { tier: 'CloudTier' }, /^tier: Cloud, needs Edge$/],
    ['other-domain', { domain: 'urn:ngsi-ld:Domain:cloud' }, /^domain: urn:ngsi-ld:Domain:cloud, needs urn:ngsi-ld:Domain:edge$/],
    ['wasteful', { ee: 0.2 }, /^energy efficiency: 0.2, needs at least 0.5$/],
    ['brown', { green: 0.1 }, /^green energy ratio: 0.1, needs at least 0.5$/],
    ['untrusted', { trust: 0.4 }, /^trust score: 0.4, needs at least 0.7$/],
    ['k8s', { orch: 'KubernetesOrchestration' }, /^orchestration type: Kubernetes, needs Docker$/],
    ['far-away', { lon: 8.68, lat: 50.11 }, /^area: outside the requested area$/],
  ];

  it.each(cases)('rejects %s with its reason and places on the IE that meets everything', async (name, override, reason) => {
    const store = await continuum({ good: GOOD, [name]: { ...GOOD, ...override } });
    const [d] = await engine(store).plan(service(component('app', demanding)));
    expect(d.ie).toBe(ieIri('good'));
    expect(d.rejected).toEqual([{ ie: ieIri(name), reason: expect.stringMatching(reason) }]);
  });

  it('an IE lacking the attributes says so ("unknown") instead of guessing', async () => {
    const store = await continuum({ bare: { status: 'ReadyInfrastructureElement' } });
    const [d] = await engine(store).plan(service(component('app', { requiredCpu: 1, minTrustScore: 0.5, area: AREA })));
    expect(d.ie).toBeUndefined();
    expect(d.rejected[0].reason).toBe('free CPU: unknown, needs 1; trust score: unknown, needs at least 0.5; area: location unknown');
  });

  it('without any candidate the decision has no IE and reasons counting each criterion', async () => {
    const store = await continuum({ a: { ...GOOD, arch: 'arm64Architecture' }, b: { ...GOOD, arch: 'arm32Architecture', gpu: false }, c: { ...GOOD, status: 'UntrustedInfrastructureElement' } });
    const [d] = await engine(store).plan(service(component('app', { cpuArch: ['x64'], gpu: true })));
    expect(d.ie).toBeUndefined();
    expect(d.score).toBeUndefined();
    expect(d.reasons).toEqual(['architecture: rejected 2 of 3 IEs', 'GPU: rejected 1 of 3 IEs', 'status: rejected 1 of 3 IEs']);
    expect(d.rejected.map((r) => r.ie)).toEqual([ieIri('a'), ieIri('b'), ieIri('c')]);
  });

  it('a pinned IE is the only one considered; a missing one is named', async () => {
    const store = await continuum({ a: GOOD, b: { ...GOOD, usage: 0 } });
    const [pinned] = await engine(store).plan(service(component('app', { ie: ieIri('a') })));
    expect(pinned).toMatchObject({ ie: ieIri('a'), rejected: [] });
    const [missing] = await engine(store).plan(service(component('app', { ie: ieIri('nowhere') })));
    expect(missing.reasons).toEqual([`IE ${ieIri('nowhere')} (pinned by app) is not in the continuum`]);
  });
});

describe('PlacementEngine reservation', () => {
  it('never over-commits an IE across two components of one service', async () => {
    // big: 4 free cores (8 × 50 %), small: 3 free cores. Each component needs 3 cores.
    const store = await continuum({ big: { ...GOOD, cores: 8, usage: 50 }, small: { ...GOOD, cores: 6, usage: 50, trust: 0.1 } });
    const decisions = await engine(store).plan(service(component('one', { requiredCpu: 3 }), component('two', { requiredCpu: 3 })));
    const ies = decisions.map((d) => d.ie);
    expect(new Set(ies).size).toBe(2);
    const onBig = decisions.find((d) => d.ie === ieIri('big'))!;
    const other = decisions.find((d) => d !== onBig)!;
    expect(other.rejected).toEqual([{ ie: ieIri('big'), reason: 'free CPU: 1 cores (3 reserved), needs 3' }]);
    const third = await engine(store).plan(service(component('one', { requiredCpu: 3 }), component('two', { requiredCpu: 3 }), component('three', { requiredCpu: 3 })));
    const placed = third.filter((d) => d.ie);
    expect(placed).toHaveLength(2);
    expect(new Set(placed.map((d) => d.ie)).size).toBe(2);
    // placed in a fixed order (equal needs: by name, so one, three, two): the last one finds no room left
    const failed = third.find((d) => !d.ie)!;
    expect(failed.component).toBe('urn:ngsi-ld:ServiceComponent:svc:two');
    expect(failed.rejected.map((r) => r.reason)).toEqual(['free CPU: 1 cores (3 reserved), needs 3', 'free CPU: 0 cores (3 reserved), needs 3']);
  });

  it('counts capacity reserved by recorded decisions of other services, until they are released', async () => {
    const store = await continuum({ only: { ...GOOD, cores: 4, usage: 0, ram: 8000 } });
    const first = service(component('db', { requiredRamMiB: 6000 }));
    const recorder = new DecisionRecorder(store);
    await recorder.record(await engine(store).plan(first), first);
    const second = { ...service(component('cache', { requiredRamMiB: 4000 })), id: 'urn:ngsi-ld:Service:other', name: 'other' };
    const [blocked] = await engine(store).plan(second);
    expect(blocked.ie).toBeUndefined();
    expect(blocked.rejected[0].reason).toBe('free RAM: 2000 MB (6000 MB reserved), needs 4000 MB');
    // re-planning the first service itself does not count its own old reservation
    const [again] = await engine(store).plan(first);
    expect(again.ie).toBe(ieIri('only'));
    await recorder.release([first.components[0].id], new Date('2026-12-02T09:00:00Z'));
    expect((await engine(store).plan(second))[0].ie).toBe(ieIri('only'));
  });
});

describe('PlacementEngine affinity, anti-affinity, only and avoid', () => {
  const three = { a: GOOD, b: { ...GOOD, usage: 30 }, c: { ...GOOD, usage: 35 } };

  it('puts components with affinity on one IE, and keeps anti-affinity partners apart', async () => {
    const store = await continuum(three);
    const decisions = await engine(store).plan(service(
      component('web', {}, { affinity: ['cache'] }), component('cache'),
      component('db', {}, { antiAffinity: ['web'] }),
    ));
    const ie = Object.fromEntries(decisions.map((d) => [d.component.split(':').pop(), d.ie]));
    expect(ie.web).toBe(ie.cache);
    expect(ie.db).not.toBe(ie.web);
    const db = decisions.find((d) => d.component.endsWith(':db'))!;
    expect(db.rejected).toEqual([{ ie: ie.web, reason: 'anti-affinity: web already runs there' }]);
  });

  it('fails an anti-affinity partner when only one IE exists', async () => {
    const store = await continuum({ a: GOOD });
    const decisions = await engine(store).plan(service(component('x', {}, { antiAffinity: ['y'] }), component('y')));
    expect(decisions.filter((d) => d.ie).length).toBe(1);
    const failed = decisions.find((d) => !d.ie)!;
    expect(failed.rejected[0].reason).toMatch(/^anti-affinity: [xy] already runs there$/);
  });

  it('affinity requires capacity for the whole group on one IE', async () => {
    const store = await continuum({ a: { ...GOOD, cores: 4, usage: 50 }, b: { ...GOOD, cores: 2, usage: 0 } });
    const decisions = await engine(store).plan(service(component('p', { requiredCpu: 1.5 }, { affinity: ['q'] }), component('q', { requiredCpu: 1.5 })));
    expect(decisions.map((d) => d.ie)).toEqual([undefined, undefined]);
    expect(decisions[0].rejected.map((r) => r.reason)).toEqual([
      'free CPU: 0.5 cores (1.5 reserved), needs 1.5 (for q)', 'free CPU: 0.5 cores (1.5 reserved), needs 1.5 (for q)']);
  });

  it('`only` re-places the named components and keeps the others where they are; `avoid` moves away', async () => {
    const store = await continuum(three);
    const request = service(component('web', {}, { antiAffinity: ['db'] }), component('db'));
    const recorder = new DecisionRecorder(store);
    const first = await engine(store).plan(request);
    await recorder.record(first, request);
    const dbIe = first[1].ie!;
    const moved = await new PlacementEngine(store, new RejectingPolicyGate(), { now: () => new Date(NOW.getTime() + 1000), weights: DEFAULT_PLACEMENT_WEIGHTS })
      .plan(request, { only: ['db'], avoid: { db: [dbIe] } });
    expect(moved).toHaveLength(1);
    expect(moved[0].ie).not.toBe(dbIe);
    expect(moved[0].ie).not.toBe(first[0].ie);
    expect(moved[0].rejected.map((r) => r.reason).sort()).toEqual(['anti-affinity: web already runs there', 'avoided: db is being moved away from this IE']);
  });
});

describe('PlacementEngine determinism, scoring and policies', () => {
  it('same inputs give the same decisions, whatever order the IEs were written in; ties go to the smaller IRI', async () => {
    const names = ['m', 'c', 'x', 'a', 'k'];
    const one = await continuum(Object.fromEntries(names.map((n) => [n, GOOD])));
    const two = await continuum(Object.fromEntries([...names].reverse().map((n) => [n, GOOD])));
    const request = service(component('p', { requiredCpu: 1 }), component('q', { requiredCpu: 1 }), component('r'));
    const d1 = await engine(one).plan(request);
    expect(await engine(two).plan(request)).toEqual(d1);
    expect(await engine(one).plan(request)).toEqual(d1);
    // all IEs equal: the spread criterion sends each component to a different IE, smallest IRIs first
    expect(d1.map((d) => d.ie)).toEqual([ieIri('a'), ieIri('c'), ieIri('k')]);
  });

  it('scores with the weights of the RDF placement configuration', async () => {
    const store = await continuum({ trusted: { ...GOOD, trust: 1, usage: 80 }, idle: { ...GOOD, trust: 0.2, usage: 0 } }, { ontology: true });
    const withDefaults = new PlacementEngine(store, new RejectingPolicyGate(), { now: () => NOW });
    const [d] = await withDefaults.plan(service(component('app')));
    expect(d.ie).toBe(ieIri('idle'));
    expect(Object.keys(d.score!.parts).sort()).toEqual(['energyEfficiency', 'freeCpu', 'freeRam', 'green', 'spread', 'trust']);
    expect(d.score!.parts.freeCpu).toBeCloseTo(0.25 * 1, 9);
    expect(d.score!.parts.trust).toBeCloseTo(0.2 * 0.2, 9);
    expect(d.score!.total).toBeCloseTo(Object.values(d.score!.parts).reduce((s, x) => s + x, 0), 9);
    await store.update(`PREFIX cf: <https://w3id.org/continuum-fabric/ns#>
      DELETE { GRAPH ?g { cf:DefaultPlacementConfiguration cf:trustWeight ?w } } INSERT { GRAPH ?g { cf:DefaultPlacementConfiguration cf:trustWeight 5.0 } }
      WHERE { GRAPH ?g { cf:DefaultPlacementConfiguration cf:trustWeight ?w } }`);
    expect((await withDefaults.plan(service(component('app'))))[0].ie).toBe(ieIri('trusted'));
  });

  it('asks the policies best candidate first; a rejection names the policy and its message', async () => {
    const store = await continuum({ best: { ...GOOD, usage: 0 }, second: { ...GOOD, usage: 10 }, third: { ...GOOD, usage: 20 } });
    const gate = new RejectingPolicyGate([ieIri('best')]);
    const [d] = await engine(store, gate).plan(service(component('app', {}, { labels: ['personal-data'] })));
    expect(d.ie).toBe(ieIri('second'));
    expect(d.rejected).toEqual([{ ie: ieIri('best'), policy: gate.policy, reason: `policy ${gate.policy}: personal data must stay off ${ieIri('best')}` }]);
    expect(gate.checks).toHaveLength(2); // ranked: stops at the first allowed candidate
    const all = new RejectingPolicyGate([ieIri('best')]);
    await engine(store, all, { policyChecks: 'all' }).plan(service(component('app')));
    expect(all.checks).toHaveLength(3);
  });

  it('passes the placements already made in the plan to each policy check', async () => {
    const store = await continuum({ a: GOOD, b: { ...GOOD, usage: 30 } });
    const gate = new RejectingPolicyGate();
    const decisions = await engine(store, gate).plan(service(component('p'), component('q')));
    expect(gate.checks.at(-1)).toEqual([{ component: decisions[0].component, ie: decisions[0].ie }, { component: decisions[1].component, ie: decisions[1].ie }]);
  });
});

describe('PlacementEngine tenants', () => {
  it('places on the tenant store when one is asked for, and refuses a tenant it cannot reach', async () => {
    const main = await continuum({ main: GOOD });
    const tenant = await continuum({ tenant: GOOD });
    const gate = new RejectingPolicyGate();
    const withTenants = new PlacementEngine(main, gate, { now: () => NOW, storeForTenant: async (t) => (t === 'acme' ? tenant : main) });
    expect((await withTenants.plan(service(component('app')), { tenant: 'acme' }))[0].ie).toBe(ieIri('tenant'));
    expect((await withTenants.plan(service(component('app'))))[0].ie).toBe(ieIri('main'));
    await expect(engine(main).plan(service(component('app')), { tenant: 'acme' })).rejects.toThrow(/tenant 'acme' is not configured/);
  });
});

