/**
 * The NGSI-LD read caches (StoreVersionedCache): the entity read model (EntityWriter.read) and the id
 * lists of repeated queries (EntityQueryService) are valid only while the store's change counter
 * (GraphStore.changeCount) stands still, so writes through SPARQL Update or the bulk load — not only
 * through NGSI-LD — are seen by the next read. Stores without a counter get no cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import type { GraphStore } from '../../../../fabric/store/GraphStore.js';
import { EntityWriter } from '../../../../fabric/ngsi-ld/service/EntityWriter.js';
import { EntityService } from '../../../../fabric/ngsi-ld/service/EntityService.js';
import { EntityQueryService, type CompiledEntityQuery } from '../../../../fabric/ngsi-ld/service/EntityQueryService.js';
import { StoreVersionedCache } from '../../../../fabric/ngsi-ld/service/StoreVersionedCache.js';
import { entity, EX, instance, prop, T } from './serviceFixtures.js';

const byType = (type: string): CompiledEntityQuery => ({ select: `SELECT ?id WHERE { GRAPH ?id { ?id a <${EX}${type}> } } ORDER BY ?id` });
const id = (n: number): string => `urn:ngsi-ld:Sensor:${n}`;

describe('StoreVersionedCache', () => {
  const counting = (): { store: GraphStore; bump(): void } => {
    let n = 0;
    return { store: { changeCount: () => n } as unknown as GraphStore, bump: () => { n++; } };
  };

  test('hits while the counter stands still, empties when it moves', () => {
    const { store, bump } = counting();
    const cache = new StoreVersionedCache<string>(store, 10);
    cache.set('a', 'A', cache.currentVersion());
    expect(cache.get('a')).toBe('A');
    bump();
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test('a value computed before a change is not cached', () => {
    const { store, bump } = counting();
    const cache = new StoreVersionedCache<string>(store, 10);
    const version = cache.currentVersion();
    bump();
    cache.set('a', 'stale', version);
    expect(cache.get('a')).toBeUndefined();
  });

  test('evicts the least recently used entry beyond its size', () => {
    const { store } = counting();
    const cache = new StoreVersionedCache<number>(store, 2);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3, 0);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c')]).toEqual([1, 3]);
  });

  test('a store without a change counter caches nothing', () => {
    const cache = new StoreVersionedCache<string>(new MemoryGraphStore(), 10);
    expect(cache.enabled).toBe(false);
    cache.set('a', 'A', cache.currentVersion());
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('read caches over a durable store: every write path invalidates', () => {
  let dir: string;
  let store: DurableGraphStore;
  let writer: EntityWriter;
  let entities: EntityService;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-caches-'));
    store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    writer = new EntityWriter(store);
    entities = new EntityService(writer);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the durable store counts every effective change', async () => {
    const before = store.changeCount();
    await store.update(`INSERT DATA { GRAPH <${id(1)}> { <${id(1)}> a <${EX}Sensor> } }`);
    expect(store.changeCount()).toBeGreaterThan(before);
    const after = store.changeCount();
    await store.update(`INSERT DATA { GRAPH <${id(1)}> { <${id(1)}> a <${EX}Sensor> } }`); // no effective change
    expect(store.changeCount()).toBe(after);
  });

  test('retrieve sees a SPARQL Update of the entity graph made after a cached read', async () => {
    await entities.create(entity(id(1), 'Sensor', { t: prop(1) }));
    expect(instance(entities.retrieve(id(1)), 't')!.value).toBe(1);
    expect(entities.retrieve(id(1))).toBe(entities.retrieve(id(1))); // served from the cache
    await store.update(`DELETE WHERE { GRAPH <${id(1)}> { <${id(1)}> <${T('t')}> ?v } } ;
      INSERT DATA { GRAPH <${id(1)}> { <${id(1)}> <${T('t')}> 2 } }`);
    expect(instance(entities.retrieve(id(1)), 't')!.value).toBe(2);
  });

  test('retrieve sees a bulk load and an NGSI-LD write', async () => {
    await entities.create(entity(id(1), 'Sensor', { t: prop(1) }));
    entities.retrieve(id(1));
    await store.load(`<${id(1)}> <${T('u')}> "x" <${id(1)}> .\n`, { format: 'application/n-quads' });
    expect(instance(entities.retrieve(id(1)), 'u')!.value).toBe('x');
    await entities.merge(id(1), { attributes: new Map([[T('t'), [prop(5)]]]) });
    expect(instance(entities.retrieve(id(1)), 't')!.value).toBe(5);
  });

  test('a repeated query is served from its cached id list until the store changes', async () => {
    const query = new EntityQueryService(store, writer);
    for (let i = 0; i < 5; i++) await entities.create(entity(id(i), 'Sensor'));
    const first = await query.query(byType('Sensor'), { limit: 2, offset: 1, count: true });
    const second = await query.query(byType('Sensor'), { limit: 2, offset: 3, count: true });
    const third = await query.query(byType('Sensor'), { limit: 10, count: true });
    expect(first.entities.map((e) => e.id)).toEqual([id(1), id(2)]);
    expect(second.entities.map((e) => e.id)).toEqual([id(3), id(4)]);
    expect(third.count).toBe(5);
    await store.update(`INSERT DATA { GRAPH <${id(9)}> { <${id(9)}> a <${EX}Sensor> } }`);
    await store.update(`DROP GRAPH <${id(0)}>`);
    const after = await query.query(byType('Sensor'), { limit: 10, count: true });
    expect(after.entities.map((e) => e.id)).toEqual([id(1), id(2), id(3), id(4), id(9)]);
    expect(after.count).toBe(5);
  });
});
