/**
 * reasoner/trust/TrustService.ts, what it writes: only IEs whose stored (rounded) score or breakdown inputs
 * changed, large writes through the N-Quads text path, breakdowns of IEs that are gone removed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { TrustService } from '../../../../reasoner/trust/TrustService.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
const prop = (value: unknown): AttributeInstance[] => [{ kind: 'Property', value, subAttributes: new Map() } as AttributeInstance];
const rel = (object: string): AttributeInstance[] => [{ kind: 'Relationship', object, subAttributes: new Map() } as AttributeInstance];
const D = 'urn:ngsi-ld:Domain:big';
const ie = (i: number) => `urn:ngsi-ld:InfrastructureElement:big:${String(i).padStart(4, '0')}`;

function ieEntity(i: number, cpuUsage: number): Entity {
  const attributes = new Map<string, AttributeInstance[]>([[`${AEROS}domain`, rel(D)]]);
  for (const [p, v] of [['cpuCores', 2 + (i % 7)], ['currentCpuUsage', cpuUsage], ['ramCapacity', 4096 * (1 + (i % 4))], ['availableRam', 1000 + 37 * i], ['currentRamUsage', 500 + 11 * i]] as const) {
    attributes.set(`${AEROS}${p}`, prop(v));
  }
  return { id: ie(i), types: [`${AEROS}InfrastructureElement`], attributes };
}

async function bigDomain(n: number): Promise<ObservedMemoryStore> {
  const store = new ObservedMemoryStore();
  await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
  await store.commit({ deletes: [], inserts: Array.from({ length: n }, (_, i) => entityToQuads(ieEntity(i, 10 + ((i * 7919) % 80)))).flat() });
  return store;
}

const scores = (store: ObservedMemoryStore): Map<string, number> =>
  new Map(store.match(null, oxigraph.namedNode(`${CF}trustScore`), null, null).map((q) => [q.subject.value, Number(q.object.value)]));

describe('TrustService writes', () => {
  it('writes a large first run as N-Quads text: every score readable by SPARQL and NGSI-LD, rounded to 4 decimals', async () => {
    const store = await bigDomain(300);
    const loads: string[] = [];
    const load = store.load.bind(store);
    store.load = async (data, options) => { loads.push(options.format); return load(data, options); };
    const run = await new TrustService(store).recompute();
    expect(loads).toEqual(['application/n-quads']); // 300 IEs × ~20 quads: above the text threshold (5,000)
    expect(run.written).toBe(300);
    const stored = scores(store);
    expect(stored.size).toBe(300);
    for (const r of run.results) {
      expect(stored.get(r.ie)).toBe(r.storedScore);
      expect(Math.abs(r.storedScore - r.score)).toBeLessThanOrEqual(0.00005 + 1e-12);
    }
    const entity = quadsToEntity(readEntityGraph(store, ie(7)), ie(7))!;
    expect(entity.attributes.get(`${CF}trustScore`)![0].value).toBe(stored.get(ie(7)));
  });

  it('after one IE\'s telemetry changes a little, writes that IE and only the members whose rounded score moved', async () => {
    const store = await bigDomain(250);
    const trust = new TrustService(store, { now: () => new Date('2026-12-02T10:00:00Z') });
    const first = await trust.recompute();
    const before = scores(store);
    const s = oxigraph.namedNode(ie(5));
    const p = oxigraph.namedNode(`${AEROS}currentCpuUsage`);
    const old = Number(store.match(s, p, null, s)[0].object.value);
    await store.commit({ deletes: store.match(s, p, null, s), inserts: [oxigraph.quad(s, p, oxigraph.literal(String(old + 5)), s)] });
    const run = await trust.recomputeChanged({ domains: [D] }, [ie(5)]);
    const after = scores(store);
    const moved = [...after].filter(([i, v]) => before.get(i) !== v).map(([i]) => i);
    expect(run.ies).toBe(250);
    expect(moved).toContain(ie(5));
    expect(run.written).toBe(moved.length); // nothing written whose stored score and inputs stayed
    expect(run.written).toBeLessThan(250);
    // Every stored score is the formula's value at 4 decimals for the new data (as a full run computes it).
    const check = await new TrustService(store).recompute();
    for (const r of check.results) expect(after.get(r.ie)).toBe(r.storedScore);
    expect(first.written).toBe(250);
  });

  it('when an IE joins a domain, writes it and only the members whose rounded score moved, each commit exact', async () => {
    // Every NGSI-LD create of an IE joins a domain: rewriting every member for the new domain size made trust on
    // change O(domain) per create (bench ngsi-ld create --incremental-reasoning stalled the node).
    const store = await bigDomain(250);
    let seq = 0;
    store.onCommit(() => { seq++; });
    Object.assign(store, { changeCount: () => seq });
    const trust = new TrustService(store, { now: () => new Date('2026-12-02T10:00:00Z') });
    await trust.recompute();
    const before = scores(store);
    await store.commit({ deletes: [], inserts: entityToQuads(ieEntity(250, 50)) });
    const commits: Array<{ exactAt?: number; at: number; deletes: number }> = [];
    const commit = store.commit.bind(store);
    store.commit = (change) => { commits.push({ exactAt: change.exactAt, at: seq, deletes: change.deletes.length }); return commit(change); };
    const run = await trust.recomputeChanged({ domains: [D] }, [ie(250)]);
    const after = scores(store);
    const moved = [...after].filter(([i, v]) => before.get(i) !== v).map(([i]) => i);
    expect(moved).toContain(ie(250));
    expect(run.written).toBe(moved.length);
    expect(run.written).toBeLessThan(251); // not the whole domain
    expect(commits.length).toBeGreaterThan(0);
    for (const c of commits) expect(c.exactAt).toBe(c.at);
    // The scores equal a full run's (which ranks the domain of 251 anew).
    const check = await new TrustService(store).recompute();
    for (const r of check.results) expect(after.get(r.ie)).toBe(r.storedScore);
  });

  it('removes the breakdown of an IE that is no longer an InfrastructureElement at the next full run', async () => {
    const store = await bigDomain(3);
    const trust = new TrustService(store);
    await trust.recompute();
    await store.commit({ deletes: store.match(oxigraph.namedNode(ie(2)), null, null, null), inserts: [] });
    await trust.recompute();
    expect(await trust.breakdown(ie(2))).toBeUndefined();
    expect(await trust.breakdown(ie(1))).toBeDefined();
  });
});
