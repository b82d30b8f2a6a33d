/**
 * Entities stored before 2026-12-04, whose reifiers carry cf:attribute / cf:subject (docs/ngsi-ld-mapping.md
 * "Reifiers"), in a durable store's log records or snapshot: after a restart they read as written, an update or a
 * delete (§5.6.3, §5.6.5, §5.6.6) removes every quad of a reifier it replaces (no orphaned cf:attribute /
 * cf:subject), and the attribute details (§5.7.10) count their instances as before.
 */
import type * as RDF from '@rdfjs/types';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToNQuads } from '../../../../fabric/ngsi-ld/mapping/nquadsText.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import type { Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { servicesFor } from '../../../../fabric/ngsi-ld/service/NgsiLdServices.js';
import { legacyLinks, withLegacyReifierLinks } from '../mapping/legacyReifierQuads.js';
import { entity, prop, rel, T, TestClock } from './serviceFixtures.js';

const ID = 'urn:ngsi-ld:Vehicle:L1';
const AT = '2025-06-01T00:00:00Z';

function oldVehicle(): Entity {
  const v = entity(ID, 'Vehicle', {
    speed: [
      prop(80, { observedAt: AT, unitCode: 'KMH', createdAt: AT, modifiedAt: AT, subAttributes: new Map([[T('accuracy'), [prop(0.5)]]]) }),
      prop(81, { datasetId: 'urn:ngsi-ld:Dataset:gps', createdAt: AT, modifiedAt: AT }),
    ],
    brand: prop('Mercedes', { createdAt: AT, modifiedAt: AT }),
    owner: rel('urn:ngsi-ld:Person:p1', { createdAt: AT, modifiedAt: AT }),
  });
  return { ...v, createdAt: AT, modifiedAt: AT };
}

const lines = (quads: readonly RDF.Quad[]): string[] => quadsToNQuads(quads).split('\n').filter(Boolean).sort();

/** The quads `entity` has when written now, as the store keeps them (canonical literals). */
async function freshlyWritten(e: Entity): Promise<string[]> {
  const store = new MemoryGraphStore();
  await store.commit({ deletes: [], inserts: entityToQuads(e) });
  return lines(readEntityGraph(store, e.id));
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A durable store that held the old-shape entity in its log (`snapshot`: in its snapshot), reopened. */
async function reopenedWithOldShape(snapshot: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'cf-legacy-reifiers-'));
  dirs.push(dir);
  const first = await DurableGraphStore.open(dir, { snapshotOnClose: snapshot });
  await first.commit({ deletes: [], inserts: withLegacyReifierLinks(entityToQuads(oldVehicle())) });
  await first.close();
  const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
  const clock = new TestClock();
  return { store, clock, services: servicesFor(store, { clock: clock.now }) };
}

describe.each([['log records', false], ['a snapshot', true]] as const)('old-shape reifiers from %s', (_from, snapshot) => {
  test('read as written, and the stored graph really has the old shape', async () => {
    const { store, services } = await reopenedWithOldShape(snapshot);
    expect(legacyLinks(readEntityGraph(store, ID))).toHaveLength(2 * 5); // speed ×2, accuracy, brand, owner
    expect(services.entities.retrieve(ID)).toEqual(quadsToEntity(entityToQuads(oldVehicle()), ID));
    await store.close();
  });

  test('an attribute update rewrites the graph without orphans: exactly the quads of the entity written now', async () => {
    const { store, services } = await reopenedWithOldShape(snapshot);
    await services.entities.updateAttribute(ID, T('brand'), [prop('Audi')]);
    const graph = readEntityGraph(store, ID);
    expect(legacyLinks(graph)).toEqual([]);
    const now = services.entities.retrieve(ID);
    expect(now.attributes.get(T('brand'))![0].value).toBe('Audi');
    expect(lines(graph)).toEqual(await freshlyWritten(now));
    await store.close();
  });

  test('deleting an attribute (all instances) and then the entity leaves nothing behind', async () => {
    const { store, services } = await reopenedWithOldShape(snapshot);
    await services.entities.deleteAttribute(ID, T('speed'), { deleteAll: true });
    const graph = readEntityGraph(store, ID);
    expect(lines(graph)).toEqual(await freshlyWritten(services.entities.retrieve(ID)));
    expect(graph.some((q) => q.predicate.value === T('accuracy'))).toBe(false);
    await services.entities.delete(ID);
    expect(readEntityGraph(store, ID)).toEqual([]);
    await store.close();
  });

  test('attribute details (§5.7.10) count the old-shape instances as the new shape\'s', async () => {
    const { store, services } = await reopenedWithOldShape(snapshot);
    const fresh = new MemoryGraphStore();
    await fresh.commit({ deletes: [], inserts: entityToQuads(oldVehicle()) });
    const expected = await servicesFor(fresh).attributes.attributeInfo(T('speed'));
    expect(expected).toMatchObject({ attributeCount: 2, attributeTypes: ['Property'] });
    expect(await services.attributes.attributeInfo(T('speed'))).toEqual(expected);
    expect((await services.attributes.attributeInfo(T('owner'))).attributeTypes).toEqual(['Relationship']);
    await store.close();
  });
});
