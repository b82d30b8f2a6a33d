/**
 * reasoner/trust/TrustService.ts on a real oxigraph MemoryGraphStore: inputs as linked data
 * (IEs written as NGSI-LD entities, aerOS sample events mapped to cf: events), the score in the
 * IE's entity graph (NGSI-LD and SPARQL), statuses, breakdowns and the RDF configuration.
 */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { TrustService } from '../../../../reasoner/trust/TrustService.js';
import { trustEventEntities, type TrustEventKind } from '../../../../reasoner/trust/aerosTrustEvents.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/aeros-trust');
const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
const sampleJson = (file: string) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));

const prop = (value: unknown): AttributeInstance[] => [{ kind: 'Property', value, subAttributes: new Map() } as AttributeInstance];
const rel = (object: string): AttributeInstance[] => [{ kind: 'Relationship', object, subAttributes: new Map() } as AttributeInstance];

interface IeSpec { id: string; domain: string; telemetry?: [number, number, number, number, number]; status?: string }

function ieEntity(s: IeSpec): Entity {
  const attributes = new Map<string, AttributeInstance[]>([[`${AEROS}domain`, rel(s.domain)]]);
  if (s.status) attributes.set(`${AEROS}infrastructureElementStatus`, prop(s.status));
  if (s.telemetry) {
    ['cpuCores', 'currentCpuUsage', 'ramCapacity', 'availableRam', 'currentRamUsage'].forEach((p, j) => attributes.set(`${AEROS}${p}`, prop(s.telemetry![j])));
  }
  return { id: s.id, types: [`${AEROS}InfrastructureElement`], attributes };
}

async function storeWith(ies: IeSpec[], events: Entity[] = []): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
  await store.commit({ deletes: [], inserts: [...ies.map(ieEntity), ...events].flatMap((e) => entityToQuads(e)) });
  return store;
}

const events = (kind: TrustEventKind, file: string) => trustEventEntities(kind, sampleJson(file), { domain: 'MyDomain' });
const ieOf = (id: string) => `urn:ngsi-ld:InfrastructureElement:${id}`;
const at = (iso: string) => () => new Date(iso);

async function select(store: MemoryGraphStore, query: string): Promise<string[][]> {
  const r = await store.query(`PREFIX cf: <${CF}> PREFIX aeros: <${AEROS}> ${query}`);
  if (r.kind !== 'bindings') throw new Error('bindings expected');
  return r.rows.map((row) => r.variables.map((v) => row.get(v)?.value ?? ''));
}

describe('TrustService on the aerOS samples', () => {
  const ies: IeSpec[] = ['fa163e5e25ef', 'fa163e32c6ee', 'fa163ec323f9', 'fa163ed55867'].map((m) => ({ id: ieOf(`MyDomain:${m}`), domain: 'urn:ngsi-ld:Domain:MyDomain' }));
  const allEvents = () => [...events('SecurityAlert', 'self-sec-alert.json'), ...events('SelfSecurityEvent', 'self-security-alerts.json'), ...events('HealthEvent', 'self-healing-alerts.json')];

  it('reproduces the sample security values: 0.4 for the IE with one priority-3 alert, 1.0 for the others', async () => {
    const store = await storeWith(ies, allEvents());
    const { results } = await new TrustService(store, { now: at('2025-03-06T11:30:54Z') }).recompute();
    const byIe = new Map(results.map((r) => [r.ie, r]));
    // self-sec-alert.json: priority 3 → 1 − 3/5 = 0.4 (trust-manager-scores.json: security 0.4 for MyDomain:fa163e32c6ee)
    expect(byIe.get(ieOf('MyDomain:fa163e32c6ee'))!.security).toBeCloseTo(0.4, 12);
    for (const m of ['fa163e5e25ef', 'fa163ec323f9', 'fa163ed55867']) expect(byIe.get(ieOf(`MyDomain:${m}`))!.security).toBe(1);
    // The self-security log is from 2024-09: outside the 7-day window in March 2025 → reputation 1.0.
    expect(byIe.get(ieOf('MyDomain:fa163e5e25ef'))!.reputation).toBe(1);
    // Four self-healing alerts: penalty 4 · 0.01.
    expect(byIe.get(ieOf('MyDomain:fa163e5e25ef'))!.healthEvents).toBe(4);
    // No telemetry in the samples: TOPSIS cannot rank the four IEs → single-element reliability 0.8.
    // fa163e32c6ee: 0.3·0.8 + 0.5·0.4 + 0.2·1.0 = 0.24 + 0.2 + 0.2 = 0.64
    expect(byIe.get(ieOf('MyDomain:fa163e32c6ee'))!.score).toBeCloseTo(0.64, 12);
    // fa163e5e25ef: 0.24 + 0.5 + 0.2 − 0.04 = 0.90
    expect(byIe.get(ieOf('MyDomain:fa163e5e25ef'))!.score).toBeCloseTo(0.9, 12);
  });

  it('counts self-security events inside the reputation window', async () => {
    const store = await storeWith(ies, allEvents());
    const { results } = await new TrustService(store, { now: at('2024-09-05T00:00:00Z') }).recompute();
    const r = results.find((x) => x.ie === ieOf('MyDomain:fa163e5e25ef'))!;
    // priorities 5, 4, 4 on 2024-09-03 → mean 13/3 = 4.3333 → 1 − 4.3333/5 = 0.133333
    expect(r.reputation).toBeCloseTo(0.133333, 6);
    expect(r.selfSecurityEvents).toHaveLength(3);
    // The security alert of 2025-02 has no window: it counts whenever it is in the graph.
    expect(results.find((x) => x.ie === ieOf('MyDomain:fa163e32c6ee'))!.security).toBeCloseTo(0.4, 12);
  });
});

describe('TrustService reliability', () => {
  it('ranks the IEs of a domain by TOPSIS and gives a single-IE domain 0.8', async () => {
    const store = await storeWith([
      { id: ieOf('d1:a'), domain: 'urn:ngsi-ld:Domain:d1', telemetry: [4, 50, 8192, 4096, 4096] },
      { id: ieOf('d1:b'), domain: 'urn:ngsi-ld:Domain:d1', telemetry: [8, 20, 16384, 12288, 4096] },
      { id: ieOf('d1:c'), domain: 'urn:ngsi-ld:Domain:d1', telemetry: [2, 90, 4096, 512, 3584] },
      { id: ieOf('d2:solo'), domain: 'urn:ngsi-ld:Domain:d2', telemetry: [1, 99, 512, 10, 500] },
    ]);
    const { results } = await new TrustService(store).recompute();
    const rel = new Map(results.map((r) => [r.ie, r.reliability]));
    // Closeness worked out in topsis.test.ts: A 0.368498, B 0.941308, C 0.058692.
    expect(rel.get(ieOf('d1:a'))).toBeCloseTo(0.368498, 5);
    expect(rel.get(ieOf('d1:b'))).toBeCloseTo(0.941308, 5);
    expect(rel.get(ieOf('d1:c'))).toBeCloseTo(0.058692, 5);
    expect(rel.get(ieOf('d2:solo'))).toBe(0.8);
    // No events: B scores 0.3·0.941308 + 0.5 + 0.2 = 0.982392
    expect(results.find((r) => r.ie === ieOf('d1:b'))!.score).toBeCloseTo(0.982392, 5);
  });

  it('treats a missing criterion value as the domain\'s worst value for it', async () => {
    const a = { id: ieOf('m:a'), domain: 'urn:ngsi-ld:Domain:m', telemetry: [4, 50, 8192, 4096, 4096] as [number, number, number, number, number] };
    const b = { id: ieOf('m:b'), domain: 'urn:ngsi-ld:Domain:m', telemetry: [8, 20, 16384, 12288, 4096] as [number, number, number, number, number] };
    const withCpu = await storeWith([a, b, { id: ieOf('m:c'), domain: 'urn:ngsi-ld:Domain:m', telemetry: [2, 50, 4096, 512, 3584] }]);
    const partial = ieEntity({ id: ieOf('m:c'), domain: 'urn:ngsi-ld:Domain:m', telemetry: [2, 0, 4096, 512, 3584] });
    (partial.attributes as Map<string, unknown>).delete(`${AEROS}currentCpuUsage`);
    const missing = await storeWith([a, b]);
    await missing.commit({ deletes: [], inserts: entityToQuads(partial) });
    const explicit = (await new TrustService(withCpu).recompute()).results.map((r) => [r.ie, r.reliability]).sort();
    const imputed = (await new TrustService(missing).recompute()).results.map((r) => [r.ie, r.reliability]).sort();
    // currentCpuUsage is a cost: the worst present value is 50 (IE a), so c ranks as if it reported 50.
    expect(imputed).toEqual(explicit);
    expect(imputed.find(([ie]) => ie === ieOf('m:c'))![1]).toBeLessThan(0.2);
  });
});

describe('TrustService outputs', () => {
  const alert = (ie: string, priority: number, n: number): Entity[] =>
    trustEventEntities('SecurityAlert', Array.from({ length: n }, (_, i) => ({ node_name: ie, priority, timestamp: `2026-12-01T10:00:0${i}`, message: 'scan' })));
  const health = (ie: string, n: number): Entity[] =>
    trustEventEntities('HealthEvent', Array.from({ length: n }, (_, i) => ({ node_name: ie, scenario: 'Sensor Failure', timestamp: `2026-12-01T11:00:${String(i).padStart(2, '0')}` })));

  it('writes cf:trustScore into the IE entity graph, visible to SPARQL and to NGSI-LD retrieval', async () => {
    const store = await storeWith([{ id: ieOf('d:x'), domain: 'urn:ngsi-ld:Domain:d', status: 'Ready' }]);
    await new TrustService(store, { now: at('2026-12-01T12:00:00Z') }).recompute();
    await new TrustService(store, { now: at('2026-12-01T12:05:00Z') }).recompute(); // a second run replaces, not adds
    await store.commit({ deletes: [], inserts: alert('d:x', 1, 1).flatMap((e) => entityToQuads(e)) }); // 0.94 − 0.5·0.2 = 0.84
    await new TrustService(store, { now: at('2026-12-01T12:10:00Z') }).recompute();
    // single IE, no events: 0.3·0.8 + 0.5 + 0.2 = 0.94; then one priority-1 alert: security 1 − 1/5 = 0.8
    const rows = await select(store, `SELECT ?g ?s WHERE { GRAPH ?g { <${ieOf('d:x')}> cf:trustScore ?s } }`);
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe(ieOf('d:x'));
    expect(Number(rows[0][1])).toBeCloseTo(0.84, 12);
    const entity = quadsToEntity(readEntityGraph(store, ieOf('d:x')), ieOf('d:x'))!;
    const score = entity.attributes.get(`${CF}trustScore`)!;
    expect(score).toHaveLength(1);
    expect(score[0].kind).toBe('Property');
    expect(score[0].value).toBeCloseTo(0.84, 12);
    expect(score[0].observedAt).toBe('2026-12-01T12:10:00.000Z'); // the run that changed the score
    expect(entity.attributes.get(`${AEROS}infrastructureElementStatus`)![0].value).toBe('Ready');
  });

  it('leaves an unchanged stored score as it is, observedAt included; the breakdown says when it was recomputed', async () => {
    const store = await storeWith([{ id: ieOf('d:x'), domain: 'urn:ngsi-ld:Domain:d', status: 'Ready' }]);
    await new TrustService(store, { now: at('2026-12-01T12:00:00Z') }).recompute();
    const graphBefore = readEntityGraph(store, ieOf('d:x')).length;
    const commits: Array<{ deletes: unknown[]; inserts: unknown[] }> = [];
    const commit = store.commit.bind(store);
    store.commit = async (change) => { commits.push({ deletes: [...change.deletes], inserts: [...change.inserts] }); return commit(change); };
    const fresh = new TrustService(store, { now: at('2026-12-01T12:05:00Z') }); // no memory of what was written: rewrites the breakdown
    expect((await fresh.recompute()).written).toBe(1);
    const inEntityGraph = (qs: unknown[]): number => (qs as Array<{ graph: { value: string } }>).filter((q) => q.graph.value === ieOf('d:x')).length;
    expect(commits.map((c) => inEntityGraph(c.deletes) + inEntityGraph(c.inserts))).toEqual([0]);
    const entity = quadsToEntity(readEntityGraph(store, ieOf('d:x')), ieOf('d:x'))!;
    expect(readEntityGraph(store, ieOf('d:x'))).toHaveLength(graphBefore);
    expect(entity.attributes.get(`${CF}trustScore`)![0]).toMatchObject({ value: 0.94, observedAt: '2026-12-01T12:00:00.000Z' });
    expect((await fresh.breakdown(ieOf('d:x')))!.computedAt).toBe('2026-12-01T12:05:00Z');
    expect(entity.attributes.get(`${AEROS}infrastructureElementStatus`)![0].value).toBe('Ready');
  });

  it('floors the score at 0', async () => {
    // one priority-5 alert: security 0; 100 health events: 0.24 + 0 + 0.2 − 1.0 = −0.56 → 0
    const store = await storeWith([{ id: ieOf('d:y'), domain: 'urn:ngsi-ld:Domain:d' }], [...alert('d:y', 5, 1), ...health('d:y', 60), ...health('d:y', 40).map((e) => ({ ...e, id: `${e.id}-b` }))]);
    const { results } = await new TrustService(store, { now: at('2026-12-02T00:00:00Z') }).recompute();
    expect(results[0].healthEvents).toBe(100);
    expect(results[0].score).toBe(0);
  });

  it('flips the status to Untrusted below the threshold and back to Ready when the score recovers', async () => {
    const ie = ieOf('d:z');
    const bad = alert('d:z', 5, 2); // security 1 − 5/5 = 0 → 0.24 + 0 + 0.2 = 0.44 < 0.5
    const store = await storeWith([{ id: ie, domain: 'urn:ngsi-ld:Domain:d', status: 'Ready' }], bad);
    const service = new TrustService(store, { now: at('2026-12-02T00:00:00Z') });
    const first = await service.recompute();
    expect(first.untrusted).toEqual([ie]);
    const status = () => quadsToEntity(readEntityGraph(store, ie), ie)!.attributes.get(`${AEROS}infrastructureElementStatus`)!;
    expect(status().map((s) => s.value)).toEqual(['Untrusted']);
    expect(await select(store, `SELECT ?s WHERE { <${ie}> aeros:infrastructureElementStatus ?s }`)).toEqual([[`${AEROS}UntrustedInfrastructureElement`]]);
    expect((await service.recompute()).untrusted).toEqual([]); // stays Untrusted, no second flip
    await store.commit({ deletes: bad.flatMap((e) => entityToQuads(e)), inserts: [] }); // the alerts are resolved
    const third = await service.recompute();
    expect(third.recovered).toEqual([ie]);
    expect(status().map((s) => s.value)).toEqual(['Ready']);
  });

  it('leaves a status it did not set alone (Overload, or an Untrusted set by someone else)', async () => {
    const store = await storeWith([
      { id: ieOf('d:o'), domain: 'urn:ngsi-ld:Domain:o', status: 'Overload' },
      { id: ieOf('d:u'), domain: 'urn:ngsi-ld:Domain:u', status: 'Untrusted' },
    ], alert('d:o', 5, 1));
    const run = await new TrustService(store).recompute();
    expect(run.untrusted).toEqual([]); // d:o scores 0.44 but is Overload
    expect(run.recovered).toEqual([]); // d:u scores 0.94 but its Untrusted is not trust's
    expect(await select(store, `SELECT ?ie ?s WHERE { ?ie aeros:infrastructureElementStatus ?s } ORDER BY ?ie`)).toEqual([
      [ieOf('d:o'), `${AEROS}OverloadInfrastructureElement`],
      [ieOf('d:u'), `${AEROS}UntrustedInfrastructureElement`],
    ]);
  });

  it('keeps a breakdown queryable by SPARQL and readable as JSON', async () => {
    const ie = ieOf('d:b');
    const store = await storeWith([{ id: ie, domain: 'urn:ngsi-ld:Domain:d' }], [...alert('d:b', 2, 1), ...health('d:b', 3)]);
    const service = new TrustService(store, { now: at('2026-12-02T00:00:00Z') });
    await service.recompute();
    const rows = await select(store, `SELECT ?score ?rel ?sec ?rep ?health ?n WHERE {
      GRAPH <${GRAPHS.trust}> { ?b a cf:TrustBreakdown ; cf:aboutInfrastructureElement <${ie}> ; cf:computedScore ?score ;
        cf:reliability ?rel ; cf:security ?sec ; cf:reputation ?rep ; cf:healthEventCount ?health .
        { SELECT ?b (COUNT(?e) AS ?n) WHERE { ?b cf:usedEvent ?e } GROUP BY ?b } } }`);
    // security 1 − 2/5 = 0.6; TS = 0.3·0.8 + 0.5·0.6 + 0.2·1 − 0.01·3 = 0.24 + 0.3 + 0.2 − 0.03 = 0.71
    expect(rows).toHaveLength(1);
    expect(rows[0].slice(0, 5).map(Number)).toEqual([expect.closeTo(0.71, 12), 0.8, expect.closeTo(0.6, 12), 1, 3]);
    expect(rows[0][5]).toBe('4');
    const view = (await service.breakdown(ie))!;
    expect(view.trustScore).toBeCloseTo(0.71, 12);
    expect(view.inputs.securityAlerts).toHaveLength(1);
    expect(view.inputs.healthEvents).toHaveLength(3);
    expect(view.inputs.domain).toBe('urn:ngsi-ld:Domain:d');
    expect(view.weights).toMatchObject({ reliabilityWeight: 0.3, securityWeight: 0.5, reputationWeight: 0.2, healthPenalty: 0.01 });
    expect(view.computedAt).toBe('2026-12-02T00:00:00Z');
    expect(await service.breakdown(ieOf('d:none'))).toBeUndefined();
  });

  it('takes weights and criteria from the RDF configuration', async () => {
    const store = await storeWith([{ id: ieOf('d:w'), domain: 'urn:ngsi-ld:Domain:d' }]);
    await store.update(`PREFIX cf: <${CF}> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
      DELETE { GRAPH ?g { cf:DefaultTrustConfiguration cf:singleElementReliability ?v } } INSERT { GRAPH ?g { cf:DefaultTrustConfiguration cf:singleElementReliability "0.5"^^xsd:double } }
      WHERE { GRAPH ?g { cf:DefaultTrustConfiguration cf:singleElementReliability ?v } }`);
    const { results } = await new TrustService(store).recompute();
    // 0.3·0.5 + 0.5 + 0.2 = 0.85
    expect(results[0].score).toBeCloseTo(0.85, 12);
  });
});
