/** orchestration/decision/DecisionRecorder.ts: decisions as linked data, read back, explained and valid against the shapes. */
import N3 from 'n3';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { ShaclValidator } from '../../../../fabric/validation/ShaclValidator.js';
import { loadShapes } from '../../../../fabric/validation/modelFiles.js';
import { DecisionRecorder, readDecision } from '../../../../orchestration/decision/DecisionRecorder.js';
import { PlacementEngine } from '../../../../orchestration/placement/PlacementEngine.js';
import type { PlacementDecision } from '../../../../orchestration/placement/PlacementDecision.js';
import { component, continuum, GOOD, ieIri, RejectingPolicyGate, service } from '../placement/continuumFixture.js';

const CF = 'https://w3id.org/continuum-fabric/ns#';
/** The decision as data: its reasons sorted, without the engine's RejectionView (a view of `rejected`). */
const sortReasons = (d: PlacementDecision) => ({ ...d, reasons: [...d.reasons].sort(), rejections: undefined });

async function planned(store: MemoryGraphStore, at: string) {
  const gate = new RejectingPolicyGate([ieIri('best')]);
  const request = service(component('app', { requiredCpu: 1, requiredRamMiB: 256, cpuArch: ['x64'] }), component('big', { requiredCpu: 64 }));
  const decisions = await new PlacementEngine(store, gate, { now: () => new Date(at) }).plan(request);
  return { request, decisions, gate };
}

describe('DecisionRecorder', () => {
  it('round trip: what is recorded reads back as the same decision, with its explanation', async () => {
    const store = await continuum({ best: { ...GOOD, usage: 0 }, ok: GOOD, arm: { ...GOOD, arch: 'arm64Architecture' } });
    const { request, decisions, gate } = await planned(store, '2026-12-02T08:00:00.000Z');
    const iris = await new DecisionRecorder(store).record(decisions, request);
    expect(iris).toEqual(['urn:ngsi-ld:PlacementDecision:svc:app:1796198400000', 'urn:ngsi-ld:PlacementDecision:svc:big:1796198400000']);
    const app = (await readDecision(store, request.components[0].id))!;
    expect(app.iri).toBe(iris[0]);
    expect(sortReasons(app.decision)).toEqual(sortReasons(decisions[0]));
    expect(app.decision.ie).toBe(ieIri('ok'));
    expect(app.policies).toEqual([gate.policy]);
    expect(app.explanation).toBe(`svc:app is placed on ${ieIri('ok')} with score ${Math.round(decisions[0].score!.total * 1000) / 1000} (`
      + Object.entries(decisions[0].score!.parts).map(([k, v]) => `${k} ${Math.round(v * 1000) / 1000}`).join(', ')
      + `), the best-scoring IE that meets every requirement and policy. 2 IEs were ruled out (by architecture 1, policy ${gate.policy} 1). Policies that ruled IEs out: ${gate.policy}.`);
    const big = (await readDecision(store, iris[1]))!;
    expect(sortReasons(big.decision)).toEqual(sortReasons(decisions[1]));
    expect(big.decision.ie).toBeUndefined();
    expect(big.explanation).toMatch(/^No IE can run svc:big: free CPU: rejected 3 of 3 IEs/);
  });

  it('writes one graph per decision, valid against shapes/PlacementDecision.ttl, in one commit', async () => {
    const store = await continuum({ best: { ...GOOD, usage: 0 }, ok: GOOD });
    const { request, decisions } = await planned(store, '2026-12-02T08:00:00.000Z');
    let commits = 0;
    const commit = store.commit.bind(store);
    store.commit = async (c) => { commits++; return commit(c); };
    const iris = await new DecisionRecorder(store).record(decisions, request);
    expect(commits).toBe(1);
    for (const iri of iris) {
      const quads = store.match(null, null, null, N3.DataFactory.namedNode(iri));
      expect(quads.length).toBeGreaterThan(5);
      const report = await new ShaclValidator(loadShapes()).validate(quads.map((q) => N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object)));
      expect(report.results).toEqual([]);
    }
    const reserved = store.match(N3.DataFactory.namedNode(iris[0]), N3.DataFactory.namedNode(`${CF}reservedRam`), null, null);
    expect(reserved.map((q) => Number(q.object.value))).toEqual([256]);
  });

  it('the latest decision wins; a second decision at the same instant gets its own IRI', async () => {
    const store = await continuum({ best: { ...GOOD, usage: 0 }, ok: GOOD });
    const recorder = new DecisionRecorder(store);
    const first = await planned(store, '2026-12-02T08:00:00.000Z');
    await recorder.record(first.decisions, first.request);
    const again = await recorder.record(first.decisions, first.request);
    expect(again[0]).toBe('urn:ngsi-ld:PlacementDecision:svc:app:1796198400000-2');
    const later = await planned(store, '2026-12-02T09:30:00.000Z');
    await recorder.record(later.decisions, later.request);
    const read = (await readDecision(store, first.request.components[0].id))!;
    expect(read.decision.decidedAt.toISOString()).toBe('2026-12-02T09:30:00.000Z');
    expect(await readDecision(store, 'urn:ngsi-ld:ServiceComponent:svc:unknown')).toBeUndefined();
  });

  it('answers "where does each component run and why" in SPARQL', async () => {
    const store = await continuum({ best: { ...GOOD, usage: 0 }, ok: GOOD });
    const { request, decisions } = await planned(store, '2026-12-02T08:00:00.000Z');
    await new DecisionRecorder(store).record(decisions, request);
    const result = await store.query(`PREFIX cf: <${CF}>
      SELECT ?component ?ie ?score ?text WHERE {
        ?d a cf:PlacementDecision ; cf:forComponent ?component ; cf:forService <urn:ngsi-ld:Service:svc> ; cf:hasExplanation/cf:explanationText ?text .
        OPTIONAL { ?d cf:placedOn ?ie ; cf:score ?score } } ORDER BY ?component`);
    const rows = result.kind === 'bindings' ? result.rows.map((r) => [r.get('component')!.value, r.get('ie')?.value]) : [];
    expect(rows).toEqual([[request.components[0].id, ieIri('ok')], [request.components[1].id, undefined]]);
  });
});

describe('DecisionRecorder rejectedLimit', () => {
  it('writes at most rejectedLimit rejected candidates, policy rejections first, and always the count', async () => {
    const store = await continuum({ best: { ...GOOD, usage: 0 }, ok: GOOD, arm: { ...GOOD, arch: 'arm64Architecture' }, arm2: { ...GOOD, arch: 'arm32Architecture' } });
    const { request, decisions, gate } = await planned(store, '2026-12-02T08:00:00.000Z');
    expect(decisions[0].rejected).toHaveLength(3);
    await new DecisionRecorder(store, { rejectedLimit: 2 }).record(decisions, request);
    const app = (await readDecision(store, request.components[0].id))!;
    expect(app.rejectedCount).toBe(3);
    expect(app.decision.rejected.map((r) => r.ie)).toEqual([ieIri('best'), ieIri('arm')]);
    expect(app.decision.rejected[0].policy).toBe(gate.policy);
    expect(app.explanation).toMatch(/3 IEs were ruled out \(by architecture 2, policy \S+ 1\)/);
  });
});


describe('DecisionRecorder keepPerComponent', () => {
  const decisionsOf = (store: MemoryGraphStore, component: string) =>
    store.match(null, N3.DataFactory.namedNode(`${CF}forComponent`), N3.DataFactory.namedNode(component), null).map((q) => q.graph.value).sort();

  it('keeps the newest decisions of each component, the one recorded included, and removes older ones graph and all', async () => {
    const store = await continuum({ best: { ...GOOD, usage: 0 }, ok: GOOD });
    const recorder = new DecisionRecorder(store, { keepPerComponent: 3 });
    const hours = ['08', '09', '10', '11', '12'];
    const recorded: string[][] = [];
    for (const h of hours) {
      const { request, decisions } = await planned(store, `2026-12-02T${h}:00:00.000Z`);
      recorded.push(await recorder.record(decisions, request));
    }
    const [app, big] = ['app', 'big'].map((c) => `urn:ngsi-ld:ServiceComponent:svc:${c}`);
    expect(decisionsOf(store, app)).toEqual(recorded.slice(2).map((iris) => iris[0]).sort());
    expect(decisionsOf(store, big)).toEqual(recorded.slice(2).map((iris) => iris[1]).sort());
    for (const gone of recorded.slice(0, 2).flat()) expect([gone, store.match(null, null, null, N3.DataFactory.namedNode(gone)).length]).toEqual([gone, 0]);
    expect((await readDecision(store, app))!.decision.decidedAt.toISOString()).toBe('2026-12-02T12:00:00.000Z');
  });

  it('keeps every decision up to the limit (default 10)', async () => {
    const store = await continuum({ best: { ...GOOD, usage: 0 }, ok: GOOD });
    const recorder = new DecisionRecorder(store);
    for (let m = 10; m < 21; m++) {
      const { request, decisions } = await planned(store, `2026-12-02T08:${m}:00.000Z`);
      await recorder.record(decisions, request);
    }
    expect(decisionsOf(store, 'urn:ngsi-ld:ServiceComponent:svc:app')).toHaveLength(10);
  });
});
