/**
 * commitEntityChange on a durable store: an insert-only change is one ground N-Quads load (its text is the change
 * record); a change with deletes is one commit, exact at `basis` when its graph is unchanged since — and applied
 * right when the store moved on since `basis` (the store then ignores the exactAt mark and checks each quad).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import type { ChangeRecord, ChangeSet, LoadOptions } from '../../../../fabric/store/GraphStore.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { parseNQuads, quadsToNQuads } from '../../../../fabric/ngsi-ld/mapping/nquadsText.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { commitEntityChange } from '../../../../fabric/ngsi-ld/service/entityCommit.js';
import { createdEntity, mergedEntity } from '../../../../fabric/ngsi-ld/service/entityEdits.js';
import { graphDifference } from '../../../../fabric/ngsi-ld/service/graphDifference.js';
import { entity, instance, prop } from './serviceFixtures.js';

const ID = 'urn:ngsi-ld:Sensor:c1';
const NOW = '2026-01-01T00:00:00.000Z';

async function durable() {
  const dir = mkdtempSync(join(tmpdir(), 'cf-commit-'));
  const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
  const records: ChangeRecord[] = [];
  store.onCommit((r) => records.push(r));
  return { store, records, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

describe('commitEntityChange', () => {
  test('an insert-only change is one load whose text is the change record', async () => {
    const { store, records, close } = await durable();
    const quads = entityToQuads(createdEntity(entity(ID, 'Sensor', { t: prop(1) }), NOW));
    await commitEntityChange(store, graphDifference(ID, [], quads), store.changeCount());
    expect(records).toHaveLength(1);
    expect(records[0].inserts).toBe(quadsToNQuads(quads));
    expect(readEntityGraph(store, ID)).toHaveLength(quads.length);
    await close();
  });

  test('a change with deletes, exact at the current count or past it, leaves the graph equal to the next entity', async () => {
    for (const moved of [false, true]) {
      const { store, close } = await durable();
      const created = createdEntity(entity(ID, 'Sensor', { t: prop(1), u: prop(2) }), NOW);
      await commitEntityChange(store, graphDifference(ID, [], entityToQuads(created)), store.changeCount());
      const before = readEntityGraph(store, ID);
      const basis = store.changeCount();
      const next = mergedEntity(quadsToEntity(before, ID)!, { types: [], attributes: entity(ID, 'Sensor', { t: prop(5) }).attributes }, NOW);
      const change = graphDifference(ID, before, entityToQuads(next));
      expect(change.exact && change.deletes.length > 0).toBe(true);
      if (moved) await store.load('<urn:x> <urn:p> <urn:y> <urn:other> .', { format: 'application/n-quads' });
      await commitEntityChange(store, change, basis);
      const stored = quadsToEntity(readEntityGraph(store, ID), ID)!;
      expect([instance(stored, 't')!.value, instance(stored, 'u')!.value]).toEqual([5, 2]);
      expect(readEntityGraph(store, ID)).toHaveLength(entityToQuads(next).length);
      await close();
    }
  });

  test('marks a change validated (lenient parse) only when every IRI and language tag of its inserts passes the checks', async () => {
    const store = new MemoryGraphStore();
    const loads: LoadOptions[] = [];
    const commits: ChangeSet[] = [];
    const load = store.load.bind(store);
    const commit = store.commit.bind(store);
    store.load = (data, options) => { loads.push(options); return load(data, options); };
    store.commit = (change) => { commits.push(change); return commit(change); };
    const quads = entityToQuads(createdEntity(entity(ID, 'Sensor', { t: prop(1) }), NOW));
    await commitEntityChange(store, graphDifference(ID, [], quads), undefined);
    expect(loads.at(-1)?.validated).toBe(true);
    // Quads that bypassed the codec's checks (an invalid IRI): not validated, so oxigraph's strict parse refuses them.
    const other = 'urn:ngsi-ld:Sensor:%zz';
    const invalid = quadsToNQuads(entityToQuads(createdEntity(entity(ID.replace('c1', 'c2'), 'Sensor', { t: prop(1) }), NOW))).replaceAll(ID.replace('c1', 'c2'), other);
    const size = store.size();
    await expect(commitEntityChange(store, graphDifference(other, [], parseNQuads(invalid)), undefined)).rejects.toThrow();
    expect(loads.at(-1)?.validated).toBeUndefined();
    expect(store.size()).toBe(size);
    // A change with deletes carries the mark on its ChangeSet.
    const before = readEntityGraph(store, ID);
    const next = mergedEntity(quadsToEntity(before, ID)!, { types: [], attributes: entity(ID, 'Sensor', { t: prop(5) }).attributes }, NOW);
    await commitEntityChange(store, graphDifference(ID, before, entityToQuads(next)), undefined);
    expect(commits.at(-1)?.validated).toBe(true);
  });
});
