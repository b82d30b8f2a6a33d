/**
 * reasoner/trust/trustWrites.ts attributeQuads on IEs stored before 2026-12-04, whose reifiers carry cf:attribute /
 * cf:subject (docs/ngsi-ld-mapping.md "Reifiers"): a trust run replaces every instance of cf:trustScore, the old
 * reifiers' quads included, and leaves no orphan behind; the change stays exact.
 */
import oxigraph from 'oxigraph';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { reifierIri } from '../../../../fabric/ngsi-ld/mapping/reifierIri.js';
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { TrustService } from '../../../../reasoner/trust/TrustService.js';
import { legacyLinks, withLegacyReifierLinks } from '../../ngsi-ld/mapping/legacyReifierQuads.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const SCORE = 'https://w3id.org/continuum-fabric/ns#trustScore';
const D = 'urn:ngsi-ld:Domain:legacy';
const DATASET = 'urn:ngsi-ld:Dataset:someone-else';
const ie = (i: number): string => `urn:ngsi-ld:InfrastructureElement:legacy:${i}`;
const prop = (value: unknown, extra: Partial<AttributeInstance> = {}): AttributeInstance => ({ kind: 'Property', value, subAttributes: new Map(), ...extra } as AttributeInstance);

function oldIe(i: number): Entity {
  const attributes = new Map<string, AttributeInstance[]>([
    [`${AEROS}domain`, [{ kind: 'Relationship', object: D, subAttributes: new Map() } as AttributeInstance]],
    [`${AEROS}cpuCores`, [prop(2 + i)]],
    [`${AEROS}currentCpuUsage`, [prop(10 + 30 * i)]],
    [`${AEROS}ramCapacity`, [prop(4096)]],
    [`${AEROS}availableRam`, [prop(1000 + 100 * i)]],
    // A score written before, and one of another writer's dataset: trust replaces both.
    [SCORE, [prop(0.1234, { observedAt: '2025-01-01T00:00:00Z' }), prop(0.5, { datasetId: DATASET })]],
  ]);
  return { id: ie(i), types: [`${AEROS}InfrastructureElement`], attributes };
}

test('a trust run replaces old-shape score instances whole: no cf:attribute / cf:subject or stale reifier left', async () => {
  const store = new ObservedMemoryStore();
  await store.load(readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8'), { format: 'text/turtle', graph: GRAPHS.ontology });
  await store.commit({ deletes: [], inserts: [0, 1, 2].flatMap((i) => withLegacyReifierLinks(entityToQuads(oldIe(i)))) });
  let seq = 0;
  store.onCommit(() => { seq++; });
  Object.assign(store, { changeCount: () => seq });
  const exactness: boolean[] = [];
  const commit = store.commit.bind(store);
  store.commit = (change) => { exactness.push(change.exactAt === seq); return commit(change); };
  const run = await new TrustService(store, { now: () => new Date('2026-12-04T10:00:00Z') }).recompute();
  expect(run.written).toBe(3);
  expect(exactness.length).toBeGreaterThan(0);
  expect(exactness.every(Boolean)).toBe(true);
  for (const r of run.results) {
    const graph = readEntityGraph(store, r.ie);
    const scores = quadsToEntity(graph, r.ie)!.attributes.get(SCORE)!;
    expect(scores).toEqual([prop(r.storedScore, { observedAt: '2026-12-04T10:00:00.000Z' })]);
    expect(graph.filter((q) => q.subject.value === reifierIri(r.ie, SCORE, DATASET))).toEqual([]);
    const scoreReifier = reifierIri(r.ie, SCORE, undefined);
    expect(legacyLinks(graph).filter((q) => q.subject.value === scoreReifier)).toEqual([]);
    // The other attributes were not rewritten: they keep their old shape (and read as before).
    expect(legacyLinks(graph).filter((q) => q.subject.value === reifierIri(r.ie, `${AEROS}cpuCores`, undefined))).toHaveLength(2);
    expect(store.match(oxigraph.namedNode(r.ie), oxigraph.namedNode(SCORE), null, null)).toHaveLength(1);
  }
});
