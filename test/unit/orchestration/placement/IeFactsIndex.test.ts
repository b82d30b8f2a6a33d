/**
 * orchestration/placement/IeFactsIndex.ts: placement's in-memory IE facts, read once and kept fresh from the store's
 * change feed (ObservedMemoryStore.onCommit), must always equal a full read of the store.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { IeFactsIndex } from '../../../../orchestration/placement/IeFactsIndex.js';
import { readInfrastructureElements } from '../../../../orchestration/placement/candidateQuery.js';
import { PlacementEngine } from '../../../../orchestration/placement/PlacementEngine.js';
import { DEFAULT_PLACEMENT_WEIGHTS } from '../../../../orchestration/placement/ScoringStrategy.js';
import { component, GOOD, ieIri, ieTrig, PREFIXES, RejectingPolicyGate, service, type IeSpec } from './continuumFixture.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';

async function observed(ies: Record<string, IeSpec>): Promise<ObservedMemoryStore> {
  const store = new ObservedMemoryStore();
  await store.load(PREFIXES + Object.entries(ies).map(([n, s]) => ieTrig(n, s)).join('\n'), { format: 'application/trig' });
  return store;
}

/** Sets one attribute of a subject in its own graph (delete the old values, insert the new), by SPARQL Update. */
const setValue = (store: ObservedMemoryStore, subject: string, predicate: string, value: string) => store.update(
  `DELETE { GRAPH <${subject}> { <${subject}> <${predicate}> ?old } } INSERT { GRAPH <${subject}> { <${subject}> <${predicate}> ${value} } }
   WHERE { OPTIONAL { GRAPH <${subject}> { <${subject}> <${predicate}> ?old } } }`);

describe('IeFactsIndex', () => {
  it('reads in full once, then re-reads only what the change feed reports', async () => {
    const store = await observed({ a: GOOD, b: GOOD });
    const index = new IeFactsIndex(store);
    expect((await index.current()).map((ie) => ie.iri)).toEqual([ieIri('a'), ieIri('b')]);
    await index.current();
    expect(index.stats).toEqual({ fullReads: 1, partialReads: 0, resourcesReread: 0 });
    await setValue(store, ieIri('a'), `${AEROS}currentCpuUsage`, '"91.5"^^<http://www.w3.org/2001/XMLSchema#float>');
    const ies = await index.current();
    expect(ies.find((ie) => ie.iri === ieIri('a'))!.cpuUsage).toBe(91.5);
    expect(ies.find((ie) => ie.iri === ieIri('b'))!.cpuUsage).toBe(25);
    expect(index.stats).toEqual({ fullReads: 1, partialReads: 1, resourcesReread: 1 });
  });

  it('other attributes re-read nothing; a placement attribute of a non-IE re-reads only that resource', async () => {
    const store = await observed({ a: GOOD });
    const index = new IeFactsIndex(store);
    await index.current();
    await setValue(store, ieIri('a'), `${AEROS}hostname`, '"renamed"');
    await setValue(store, 'urn:ngsi-ld:Thing:x', `${CF}trustScore`, '0.1');
    await index.current();
    expect(index.stats.fullReads).toBe(1);
    expect(index.stats.resourcesReread).toBe(1); // urn:ngsi-ld:Thing:x has a placement attribute but is no IE
    expect((await index.current()).map((ie) => ie.iri)).toEqual([ieIri('a')]);
  });

  it('sees a new IE, a deleted IE and a change of a linked power source or orchestrator', async () => {
    const store = await observed({ a: GOOD, b: GOOD });
    const index = new IeFactsIndex(store);
    await index.current();
    await store.load(PREFIXES + ieTrig('c', { ...GOOD, cores: 2 }), { format: 'application/trig' });
    await store.update(`DROP GRAPH <${ieIri('b')}>`);
    await setValue(store, 'urn:ngsi-ld:PowerSource:a', `${CF}greenEnergyRatio`, '0.05');
    await setValue(store, 'urn:ngsi-ld:LowLevelOrchestrator:a', `${AEROS}orchestrationType`, `<${AEROS}KubernetesOrchestration>`);
    const ies = await index.current();
    expect(ies.map((ie) => ie.iri)).toEqual([ieIri('a'), ieIri('c')]);
    expect(ies[0]).toMatchObject({ greenRatio: 0.05, orchestrationTypes: ['Kubernetes'] });
    expect(ies[1].cpuCores).toBe(2);
    expect(index.stats.fullReads).toBe(1);
    expect(ies).toEqual(await readInfrastructureElements(store));
  });

  it('a change too large to scan, or about a blank node, makes the next use read in full', async () => {
    const store = await observed({ a: GOOD });
    const index = new IeFactsIndex(store, { maxSubjects: 2 });
    await index.current();
    await store.load(PREFIXES + ['x', 'y', 'z'].map((n) => ieTrig(n, GOOD)).join('\n'), { format: 'application/trig' });
    expect((await index.current()).length).toBe(4);
    expect(index.stats.fullReads).toBe(2);
    await store.load(`${PREFIXES} _:b a aeros:InfrastructureElement ; aeros:cpuCores 4 .`, { format: 'text/turtle' });
    expect((await index.current()).length).toBe(5);
    expect(index.stats.fullReads).toBe(3);
  });

  it('follows the durable store\'s change feed (bulk N-Quads load, SPARQL Update)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ie-facts-index-'));
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    try {
      await store.load(PREFIXES + ieTrig('a', GOOD), { format: 'application/trig' });
      const index = new IeFactsIndex(store);
      await index.current();
      const b = ieIri('b');
      await store.load(`<${b}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${AEROS}InfrastructureElement> <${b}> .\n<${b}> <${AEROS}cpuCores> "6"^^<http://www.w3.org/2001/XMLSchema#integer> <${b}> .\n`, { format: 'application/n-quads' });
      await store.update(`DELETE WHERE { GRAPH ?g { <${ieIri('a')}> <${AEROS}cpuCores> ?c } }`);
      const ies = await index.current();
      expect(ies.map((ie) => [ie.iri, ie.cpuCores])).toEqual([[ieIri('a'), undefined], [b, 6]]);
      expect(index.stats).toMatchObject({ fullReads: 1, partialReads: 1, resourcesReread: 2 });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a change feed, reads in full on every use (MemoryGraphStore has no change counter)', async () => {
    const store = new MemoryGraphStore();
    await store.load(PREFIXES + ieTrig('a', GOOD), { format: 'application/trig' });
    const index = new IeFactsIndex(store);
    await index.current();
    await store.update(`DELETE WHERE { GRAPH ?g { <${ieIri('a')}> <${AEROS}cpuCores> ?c } }`);
    expect((await index.current())[0].cpuCores).toBeUndefined();
    expect(index.stats.fullReads).toBe(2);
  });

  it('the next plan sees a telemetry update made after the first plan', async () => {
    const store = await observed({ a: { ...GOOD, usage: 10 }, b: { ...GOOD, usage: 20 } });
    const engine = new PlacementEngine(store, new RejectingPolicyGate(), { weights: DEFAULT_PLACEMENT_WEIGHTS, now: () => new Date('2026-12-02T08:00:00Z') });
    const request = service(component('app', { requiredCpu: 1, maxCpuUsage: 50 }));
    expect((await engine.plan(request))[0].ie).toBe(ieIri('a'));
    await setValue(store, ieIri('a'), `${AEROS}currentCpuUsage`, '"95"^^<http://www.w3.org/2001/XMLSchema#float>');
    const [d] = await engine.plan(request);
    expect(d.ie).toBe(ieIri('b'));
    expect(d.rejected).toEqual([{ ie: ieIri('a'), reason: 'CPU usage: 95 %, must be at most 50 %; free CPU: 0.4 cores, needs 1' }]);
  });

  it('the next plan sees capacity reserved and released by recorded decisions', async () => {
    const store = await observed({ a: { ...GOOD, cores: 2, usage: 0 } });
    const engine = new PlacementEngine(store, new RejectingPolicyGate(), { weights: DEFAULT_PLACEMENT_WEIGHTS, now: () => new Date('2026-12-02T08:00:00Z') });
    const first = service(component('one', { requiredCpu: 2 }));
    const second = { ...service(component('two', { requiredCpu: 2 }, { id: 'urn:ngsi-ld:ServiceComponent:other:two' })), id: 'urn:ngsi-ld:Service:other' };
    const { DecisionRecorder } = await import('../../../../orchestration/decision/DecisionRecorder.js');
    const recorder = new DecisionRecorder(store);
    await recorder.record(await engine.plan(first), first);
    expect((await engine.plan(second))[0].ie).toBeUndefined();
    await recorder.release([first.components[0].id]);
    expect((await engine.plan(second))[0].ie).toBe(ieIri('a'));
  });
});

/** A random continuum change: by commit, SPARQL Update or load, on IEs, their power sources and orchestrators. */
const names = ['a', 'b', 'c', 'd'];
const change = fc.oneof(
  fc.record({ kind: fc.constant('telemetry' as const), ie: fc.constantFrom(...names), usage: fc.integer({ min: 0, max: 100 }), cores: fc.constantFrom(1, 2, 4, 8) }),
  fc.record({ kind: fc.constant('add' as const), ie: fc.constantFrom(...names), gpu: fc.boolean(), orch: fc.constantFrom('DockerOrchestration', 'KubernetesOrchestration') }),
  fc.record({ kind: fc.constant('remove' as const), ie: fc.constantFrom(...names) }),
  fc.record({ kind: fc.constant('green' as const), ie: fc.constantFrom(...names), green: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('orch' as const), ie: fc.constantFrom(...names), orch: fc.constantFrom('DockerOrchestration', 'ContainerdOrchestration') }),
  fc.record({ kind: fc.constant('untype' as const), ie: fc.constantFrom(...names) }),
  fc.record({ kind: fc.constant('extraDomain' as const), ie: fc.constantFrom(...names), domain: fc.constantFrom('urn:ngsi-ld:Domain:x', 'urn:ngsi-ld:Domain:y') }),
);

type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

async function applyChange(store: ObservedMemoryStore, c: Change): Promise<void> {
  const ie = ieIri(c.ie);
  switch (c.kind) {
    case 'telemetry':
      await setValue(store, ie, `${AEROS}currentCpuUsage`, `"${c.usage}"^^<http://www.w3.org/2001/XMLSchema#float>`);
      await setValue(store, ie, `${AEROS}cpuCores`, String(c.cores));
      return;
    case 'add':
      await store.load(PREFIXES + ieTrig(c.ie, { ...GOOD, gpu: c.gpu, orch: c.orch }), { format: 'application/trig' });
      return;
    case 'remove':
      await store.update(`DROP SILENT GRAPH <${ie}>`);
      return;
    case 'green':
      await setValue(store, `urn:ngsi-ld:PowerSource:${c.ie}`, `${CF}greenEnergyRatio`, `"${c.green}"^^<http://www.w3.org/2001/XMLSchema#double>`);
      return;
    case 'orch':
      await setValue(store, `urn:ngsi-ld:LowLevelOrchestrator:${c.ie}`, `${AEROS}orchestrationType`, `<${AEROS}${c.orch}>`);
      return;
    case 'untype':
      await store.update(`DELETE DATA { GRAPH <${ie}> { <${ie}> a <${AEROS}InfrastructureElement> } }`);
      return;
    case 'extraDomain':
      await store.update(`INSERT DATA { GRAPH <urn:ngsi-ld:inferred> { <${ie}> <${AEROS}domain> <${c.domain}> } }`);
      return;
  }
}

describe('IeFactsIndex against a full read (property)', () => {
  it('after any sequence of changes, the index equals a full read of the store', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (batches) => {
      const store = await observed({ a: GOOD, b: { ...GOOD, arch: 'arm64Architecture' } });
      const index = new IeFactsIndex(store);
      await index.current();
      for (const batch of batches) {
        for (const c of batch) await applyChange(store, c);
        expect(await index.current()).toEqual(await readInfrastructureElements(store));
      }
      expect(index.stats.fullReads).toBe(1);
    }), { numRuns: 60 });
  });
});
