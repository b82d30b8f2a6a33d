/**
 * The NGSI-LD read index (fabric/ngsi-ld/index/EntityIndex.ts) and writers other than the NGSI-LD API
 * (SPARQL Update, loads, the trust service's scores): a cached entity such a change drops is read again
 * from the store in the background (`redecode`, a chunk per macrotask), so its next retrieve is a cache
 * hit that shows the change; entities not cached before, and entities deleted meanwhile, are left alone.
 */
import { setImmediate as macrotask } from 'node:timers/promises';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { EntityIndex } from '../../../../fabric/ngsi-ld/index/EntityIndex.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToNQuads } from '../../../../fabric/ngsi-ld/mapping/nquadsText.js';
import { entity, prop, T } from '../service/serviceFixtures.js';

const id = (n: number): string => `urn:ngsi-ld:Sensor:${n}`;
const TEMP = T('temperature');
const valueOf = (e: { attributes: ReadonlyMap<string, ReadonlyArray<{ value?: unknown }>> } | undefined): unknown => e?.attributes.get(TEMP)?.[0]?.value;

async function cachedSensors(n: number): Promise<{ store: ObservedMemoryStore; index: EntityIndex }> {
  const store = new ObservedMemoryStore();
  const index = EntityIndex.attach(store)!;
  await store.commit({ deletes: [], inserts: Array.from({ length: n }, (_, i) => entityToQuads(entity(id(i), 'Sensor', { temperature: prop(i) }))).flat() });
  for (let i = 0; i < n; i++) index.read(id(i));
  return { store, index };
}

describe('EntityIndex: cached entities other writers change are read again in the background', () => {
  test('a SPARQL Update of a cached entity: cached again with the change, its next read touches no store', async () => {
    const { store, index } = await cachedSensors(2);
    await store.update(`INSERT DATA { GRAPH <${id(1)}> { <${id(1)}> <${T('humidity')}> 55 } }`);
    expect(index.stats()).toMatchObject({ cachedEntities: 1, reread: 0 }); // dropped by the change, not yet read again
    await macrotask();
    expect(index.stats()).toMatchObject({ cachedEntities: 2, reread: 1, redecoded: 0 });
    const misses = index.stats().misses;
    expect(index.read(id(1))?.attributes.get(T('humidity'))?.[0]?.value).toBe(55);
    expect(index.stats().misses).toBe(misses);
  });

  test('a load replacing many cached entities: read again a chunk per macrotask, every one in the end, with its new value', async () => {
    const { store, index } = await cachedSensors(30);
    const replaced = Array.from({ length: 30 }, (_, i) => entityToQuads(entity(id(i), 'Sensor', { temperature: prop(100 + i) }))).flat();
    await store.commit({ deletes: Array.from({ length: 30 }, (_, i) => entityToQuads(entity(id(i), 'Sensor', { temperature: prop(i) }))).flat(), inserts: [] });
    await store.load(quadsToNQuads(replaced), { format: 'application/n-quads' });
    expect(index.stats().cachedEntities).toBe(0);
    await macrotask();
    expect(index.stats().reread).toBeGreaterThan(0);
    expect(index.stats().reread).toBeLessThan(30); // not all in one macrotask
    for (let turn = 0; turn < 10 && index.stats().reread < 30; turn++) await macrotask();
    expect(index.stats()).toMatchObject({ cachedEntities: 30, reread: 30 });
    for (let i = 0; i < 30; i++) expect(valueOf(index.cachedEntity(id(i)))).toBe(100 + i);
  });

  test('an entity deleted before the background read is not cached; one never cached is left to its first read', async () => {
    const { store, index } = await cachedSensors(1);
    await store.update(`INSERT DATA { GRAPH <${id(0)}> { <${id(0)}> <${T('humidity')}> 55 } }`);
    await store.update(`DROP GRAPH <${id(0)}>`);
    await store.commit({ deletes: [], inserts: entityToQuads(entity(id(7), 'Sensor', { temperature: prop(7) })) });
    for (let turn = 0; turn < 3; turn++) await macrotask();
    expect(index.stats()).toMatchObject({ cachedEntities: 0, reread: 0 });
    expect(index.read(id(0))).toBeUndefined();
    expect(valueOf(index.read(id(7)))).toBe(7);
  });
});
