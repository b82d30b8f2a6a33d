/**
 * readValidation: whether an entity graph still holds exactly the quads a write read — compared with the store's
 * graph (a change of the same size counts), or, when `before` is the array the read index holds as written, told by
 * the index (which drops it on any change touching the graph).
 */
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { EntityIndex } from '../../../../fabric/ngsi-ld/index/EntityIndex.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { storedForm } from '../../../../fabric/ngsi-ld/mapping/storedForm.js';
import { createdEntity } from '../../../../fabric/ngsi-ld/service/entityEdits.js';
import { graphUnchanged, readStillCurrent } from '../../../../fabric/ngsi-ld/service/readValidation.js';
import { entity, EX, prop } from './serviceFixtures.js';

const A = 'urn:ngsi-ld:Sensor:a';
const B = 'urn:ngsi-ld:Sensor:b';
const NOW = '2026-01-01T00:00:00.000Z';

async function withEntities() {
  const store = new ObservedMemoryStore();
  for (const id of [A, B]) await store.commit({ deletes: [], inserts: entityToQuads(createdEntity(entity(id, 'Sensor', { t: prop(1) }), NOW)) });
  return store;
}

describe('read validation', () => {
  test('unchanged graph: current; a change elsewhere does not matter', async () => {
    const store = await withEntities();
    const before = readEntityGraph(store, A);
    await store.update(`INSERT DATA { GRAPH <${B}> { <${B}> <${EX}x> 1 } }`);
    expect(graphUnchanged(store, undefined, { id: A, before })).toBe(true);
    expect(readStillCurrent(store, undefined, [{ id: A, before }, { id: B, before: readEntityGraph(store, B) }])).toBe(true);
  });

  test('a value replaced (same number of quads), a quad added, the graph cleared: not current', async () => {
    for (const update of [
      `DELETE { GRAPH <${A}> { <${A}> <${EX}t> ?v } } INSERT { GRAPH <${A}> { <${A}> <${EX}t> 2 } } WHERE { GRAPH <${A}> { <${A}> <${EX}t> ?v } }`,
      `INSERT DATA { GRAPH <${A}> { <${A}> <${EX}x> 1 } }`,
      `CLEAR GRAPH <${A}>`,
    ]) {
      const store = await withEntities();
      const before = readEntityGraph(store, A);
      await store.update(update);
      expect(graphUnchanged(store, undefined, { id: A, before })).toBe(false);
      expect(readStillCurrent(store, undefined, [{ id: B, before: readEntityGraph(store, B) }, { id: A, before }])).toBe(false);
    }
  });

  test('the graph the read index holds as written is current until a change touches it', async () => {
    const store = await withEntities();
    const index = EntityIndex.attach(store)!;
    index.written(A, storedForm(readEntityGraph(store, A))!);
    const held = index.storedGraph(A)!;
    expect(graphUnchanged(store, index, { id: A, before: held })).toBe(true);
    await store.update(`INSERT DATA { GRAPH <${A}> { <${A}> <${EX}x> 1 } }`);
    expect(index.storedGraph(A)).toBeUndefined();
    expect(graphUnchanged(store, index, { id: A, before: held })).toBe(false);
    index.detach();
  });
});
