/**
 * The NGSI-LD read index (fabric/ngsi-ld/index/EntityIndex.ts): a read-through cache of decoded
 * entities and a type directory that follow the store's change feed, so writes through NGSI-LD,
 * SPARQL Update and bulk loads are all seen by the next read (one store, two views); tenants never
 * mix (GS CIM 009 v1.8 §4.14); the entity cache is bounded.
 */
import { setImmediate as macrotask } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { EntityIndex } from '../../../../fabric/ngsi-ld/index/EntityIndex.js';
import { EntityWriter } from '../../../../fabric/ngsi-ld/service/EntityWriter.js';
import { EntityService } from '../../../../fabric/ngsi-ld/service/EntityService.js';
import { NgsiLdServices, servicesFor } from '../../../../fabric/ngsi-ld/service/NgsiLdServices.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { TenantRegistry } from '../../../../fabric/ngsi-ld/service/TenantRegistry.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToNQuads } from '../../../../fabric/ngsi-ld/mapping/nquadsText.js';
import { entity, prop, T, TestClock } from '../service/serviceFixtures.js';

const id = (n: number): string => `urn:ngsi-ld:Sensor:${n}`;
const TEMP = T('temperature');
const valueOf = (e: { attributes: ReadonlyMap<string, ReadonlyArray<{ value?: unknown }>> } | undefined): unknown => e?.attributes.get(TEMP)?.[0]?.value;

function indexed(): { store: ObservedMemoryStore; index: EntityIndex; entities: EntityService } {
  const store = new ObservedMemoryStore();
  const index = EntityIndex.attach(store)!;
  const clock = new TestClock();
  return { store, index, entities: new EntityService(new EntityWriter(store, { clock: clock.now }), index) };
}

describe('EntityIndex: entity reads', () => {
  test('a store without a change feed gets no index', () => {
    expect(EntityIndex.attach(new MemoryGraphStore())).toBeUndefined();
  });

  test('reads through once, then answers from the cache', async () => {
    const { index, entities } = indexed();
    await entities.create(entity(id(1), 'Sensor', { temperature: prop(20) }));
    expect(valueOf(index.read(id(1)))).toBe(20);
    const misses = index.stats().misses;
    expect(index.read(id(1))).toBe(index.read(id(1)));
    expect(index.stats().misses).toBe(misses);
    expect(index.stats().hits).toBeGreaterThanOrEqual(2);
    expect(index.read(id(2))).toBeUndefined();
  });

  test('NGSI-LD writes are seen by the next read: update, delete', async () => {
    const { index, entities } = indexed();
    await entities.create(entity(id(1), 'Sensor', { temperature: prop(20) }));
    expect(valueOf(entities.retrieve(id(1)))).toBe(20);
    await entities.updateAttributes(id(1), { attributes: new Map([[TEMP, [prop(21)]]]) });
    expect(valueOf(entities.retrieve(id(1)))).toBe(21);
    await entities.delete(id(1));
    expect(index.read(id(1))).toBeUndefined();
    expect(entities.find(id(1))).toBeUndefined();
  });

  test('a SPARQL Update is seen by the next read', async () => {
    const { store, index, entities } = indexed();
    await entities.create(entity(id(1), 'Sensor', { temperature: prop(20) }));
    expect(index.read(id(1))?.attributes.has(T('humidity'))).toBe(false);
    await store.update(`INSERT DATA { GRAPH <${id(1)}> { <${id(1)}> <${T('humidity')}> 55 } }`);
    expect(index.read(id(1))?.attributes.get(T('humidity'))?.[0]?.value).toBe(55);
    await store.update(`DROP GRAPH <${id(1)}>`);
    expect(index.read(id(1))).toBeUndefined();
  });

  test('bulk loads (N-Quads and TriG) are seen by the next read', async () => {
    const { store, index } = indexed();
    expect(index.read(id(1))).toBeUndefined();
    await store.load(quadsToNQuads(entityToQuads(entity(id(1), 'Sensor', { temperature: prop(1) }))), { format: 'application/n-quads' });
    expect(valueOf(index.read(id(1)))).toBe(1);
    await store.load(`<${id(1)}> { <${id(1)}> <${T('humidity')}> 7 . }`, { format: 'application/trig' });
    expect(index.read(id(1))?.attributes.get(T('humidity'))?.[0]?.value).toBe(7);
  });

  test('a durable store: the feed reports ground loads with their own text, comments and odd spacing included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entity-index-'));
    const store = await DurableGraphStore.open(dir);
    try {
      const index = EntityIndex.attach(store)!;
      await store.load(`<${id(1)}>\t<${T('temperature')}>   "3"^^<http://www.w3.org/2001/XMLSchema#integer>\t<${id(1)}> . # first\n`
        + `<${id(1)}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${T('Sensor')}> <${id(1)}>.\n`, { format: 'application/n-quads' });
      expect(index.read(id(1))?.types).toEqual([T('Sensor')]);
      await store.load(`# only a comment\n<${id(1)}> <${T('humidity')}> "a \\" > ." <${id(1)}> .\n`, { format: 'application/n-quads' });
      expect(index.read(id(1))?.attributes.get(T('humidity'))?.[0]?.value).toBe('a " > .');
      expect((await index.directory()).idsOfType(T('Sensor'))).toEqual([id(1)]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('memory bound: beyond cachedEntities the least recently used entity is dropped (and read again on demand)', async () => {
    const store = new ObservedMemoryStore();
    const index = EntityIndex.attach(store, { cachedEntities: 2 })!;
    await store.commit({ deletes: [], inserts: [1, 2, 3].flatMap((n) => entityToQuads(entity(id(n), 'Sensor', { temperature: prop(n) }))) });
    index.read(id(1));
    index.read(id(2));
    index.read(id(1)); // 1 is now the most recent
    index.read(id(3)); // evicts 2
    expect(index.stats().cachedEntities).toBe(2);
    const misses = index.stats().misses;
    index.read(id(1));
    index.read(id(3));
    expect(index.stats().misses).toBe(misses);
    expect(valueOf(index.read(id(2)))).toBe(2);
    expect(index.stats().misses).toBe(misses + 1);
  });
});

describe('EntityIndex: background warm-up', () => {
  test('decodes every entity into the cache until it is full, then reads hit', async () => {
    const store = new ObservedMemoryStore();
    await store.commit({ deletes: [], inserts: [1, 2, 3, 4, 5].flatMap((n) => entityToQuads(entity(id(n), 'Sensor', { temperature: prop(n) }))) });
    const index = EntityIndex.attach(store, { cachedEntities: 3 })!;
    await index.warm();
    expect(index.stats()).toMatchObject({ warmed: 3, cachedEntities: 3, misses: 0 });
    expect(valueOf(index.read(id(1)))).toBe(1);
    expect(index.stats().misses).toBe(0);
    await store.update(`DELETE DATA { GRAPH <${id(1)}> { <${id(1)}> <${TEMP}> 1 } } ; INSERT DATA { GRAPH <${id(1)}> { <${id(1)}> <${TEMP}> 11 } }`);
    expect(valueOf(index.read(id(1)))).toBe(11);
  });

  test('warmedUp resolves once the background warm-up asked by `warm` is over (the bench waits for it)', async () => {
    const store = new ObservedMemoryStore();
    await store.commit({ deletes: [], inserts: [1, 2, 3, 4, 5].flatMap((n) => entityToQuads(entity(id(n), 'Sensor', { temperature: prop(n) }))) });
    const index = EntityIndex.attach(store, { warm: true })!;
    expect(index.stats().warm).toBe(false);
    await index.warmedUp();
    expect(index.stats()).toMatchObject({ warm: true, warmed: 5, cachedEntities: 5 });
    const cold = EntityIndex.attach(store)!; // no warm-up asked: warm at once, nothing decoded
    await cold.warmedUp();
    expect(cold.stats()).toMatchObject({ warm: true, warmed: 0, cachedEntities: 0 });
  });
});

describe('EntityIndex: cached entities a write replaced are decoded again in the background', () => {
  // A durable store: the writer writes the index through when it can tell an applied commit (GraphStore.changeCount).
  const opened: Array<{ store: DurableGraphStore; dir: string }> = [];
  afterEach(async () => {
    for (const { store, dir } of opened.splice(0)) {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  /** Services whose writer writes the index through (servicesFor). */
  async function written(): Promise<{ store: DurableGraphStore; index: EntityIndex; entities: EntityService; writer: EntityWriter }> {
    const dir = mkdtempSync(join(tmpdir(), 'entity-index-redecode-'));
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    opened.push({ store, dir });
    const services = servicesFor(store, { clock: new TestClock().now });
    return { store, index: services.index!, entities: services.entities, writer: services.writer };
  }
  /** The write of temperature `value`, resolved once applied (before it is durable, in the microtasks of its commit's tick). */
  const applied = (writer: EntityWriter, e: string, value: number | undefined): Promise<unknown> =>
    writer.writePending(e, (current) => ({
      next: value === undefined ? undefined : { ...current!, attributes: new Map([[TEMP, [prop(value)]]]) }, result: undefined,
    }));


  test('an NGSI-LD write of a cached entity: back in the cache after the write, from the written graph (no store read)', async () => {
    const { store, index, entities } = await written();
    await entities.create(entity(id(1), 'Sensor', { temperature: prop(20) }));
    await entities.create(entity(id(2), 'Sensor', { temperature: prop(30) }));
    index.read(id(1));
    index.read(id(2));
    expect(index.stats().cachedEntities).toBe(2);
    const dumps = jest.spyOn(store, 'dump');
    await entities.updateAttributes(id(1), { attributes: new Map([[TEMP, [prop(21)]]]) });
    await macrotask();
    expect(index.stats()).toMatchObject({ cachedEntities: 2, redecoded: 1 });
    expect(dumps).not.toHaveBeenCalled();
    const decoded = index.cachedEntity(id(1)); // cached, not only held as written
    expect(valueOf(decoded)).toBe(21);
    expect(index.read(id(1))).toBe(decoded);
    expect(decoded).toEqual(quadsToEntity(readEntityGraph(store, id(1)), id(1)));
  });

  test('many writes at once are decoded a chunk per macrotask, every one in the end', async () => {
    const { index, entities, writer } = await written();
    const ids = Array.from({ length: 30 }, (_, n) => id(n));
    for (const [n, e] of ids.entries()) await entities.create(entity(e, 'Sensor', { temperature: prop(n) }));
    for (const e of ids) index.read(e);
    await Promise.all(ids.map((e, n) => applied(writer, e, 100 + n))); // one coalesced commit
    expect(index.stats()).toMatchObject({ cachedEntities: 0, redecoded: 0 });
    await macrotask();
    expect(index.stats().redecoded).toBeGreaterThan(0);
    expect(index.stats().redecoded).toBeLessThan(30); // not all in one macrotask
    for (let turn = 0; turn < 10 && index.stats().redecoded < 30; turn++) await macrotask();
    expect(index.stats()).toMatchObject({ cachedEntities: 30, redecoded: 30 });
    for (const [n, e] of ids.entries()) expect(valueOf(index.cachedEntity(e))).toBe(100 + n);
  });

  test('an entity not cached before the write (a create) is left to its first read', async () => {
    const { index, entities } = await written();
    await entities.create(entity(id(1), 'Sensor', { temperature: prop(20) }));
    await macrotask();
    expect(index.stats()).toMatchObject({ cachedEntities: 0, redecoded: 0 });
    expect(valueOf(index.read(id(1)))).toBe(20);
  });

  test('a SPARQL Update right after the write, before the background decode: the written graph is not cached', async () => {
    const { store, index, entities, writer } = await written();
    await entities.create(entity(id(1), 'Sensor', { temperature: prop(20) }));
    index.read(id(1));
    await applied(writer, id(1), 21);
    expect(index.storedGraph(id(1))).toBeDefined();
    expect(index.stats().redecoded).toBe(0); // still to come
    const update = store.update(`INSERT DATA { GRAPH <${id(1)}> { <${id(1)}> <${T('humidity')}> 55 } }`);
    expect(index.storedGraph(id(1))).toBeUndefined();
    await update;
    await macrotask();
    expect(index.stats().redecoded).toBe(0);
    const read = index.read(id(1));
    expect(valueOf(read)).toBe(21);
    expect(read?.attributes.get(T('humidity'))?.[0]?.value).toBe(55);
  });

  test('deletes after a write: nothing stale is decoded, the entity is gone', async () => {
    const { store, index, entities, writer } = await written();
    for (const n of [1, 2]) await entities.create(entity(id(n), 'Sensor', { temperature: prop(20) }));
    index.read(id(1));
    index.read(id(2));
    await applied(writer, id(1), 21);
    const drop = store.update(`DROP GRAPH <${id(1)}>`); // before the background decode
    await entities.updateAttributes(id(2), { attributes: new Map([[TEMP, [prop(22)]]]) });
    await entities.delete(id(2)); // NGSI-LD: after it, whenever the decode ran
    await drop;
    await macrotask();
    expect(index.stats().cachedEntities).toBe(0);
    expect(index.read(id(1))).toBeUndefined();
    expect(index.read(id(2))).toBeUndefined();
  });
});

describe('EntityIndex: the type directory', () => {
  test('ids per type in id order, kept by NGSI-LD writes, SPARQL Update and loads', async () => {
    const { store, index, entities } = indexed();
    for (const n of [3, 1, 2]) await entities.create(entity(id(n), n === 2 ? ['Sensor', 'Device'] : 'Sensor'));
    const directory = await index.directory();
    expect(directory.idsOfType(T('Sensor'))).toEqual([id(1), id(2), id(3)]);
    expect(directory.idsOfType(T('Device'))).toEqual([id(2)]);
    await entities.create(entity(id(0), 'Device'));
    await entities.delete(id(3));
    expect(directory.idsOfType(T('Sensor'))).toEqual([id(1), id(2)]);
    expect(directory.idsOfType(T('Device'))).toEqual([id(0), id(2)]);
    await store.update(`DELETE DATA { GRAPH <${id(2)}> { <${id(2)}> a <${T('Sensor')}> } } ;
      INSERT DATA { GRAPH <${id(9)}> { <${id(9)}> a <${T('Sensor')}> } GRAPH <urn:other> { <${id(8)}> a <${T('Sensor')}> } }`);
    expect(directory.idsOfType(T('Sensor'))).toEqual([id(1), id(9)]); // a type triple outside the entity's graph is no entity
    await store.load(Array.from({ length: 50 }, (_, k) => `<urn:b:${k}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${T('Bulk')}> <urn:b:${k}> .`).join('\n'), { format: 'application/n-quads' });
    expect(directory.idsOfType(T('Bulk'))).toEqual(Array.from({ length: 50 }, (_, k) => `urn:b:${k}`).sort());
    expect(directory.allIds()).toEqual([id(0), id(1), id(2), id(9), ...Array.from({ length: 50 }, (_, k) => `urn:b:${k}`)].sort());
  });

  test('changes made while the directory loads are replayed on its answer', async () => {
    const { store, index, entities } = indexed();
    await entities.create(entity(id(1), 'Sensor'));
    const loading = index.directory(); // the SELECT is in flight
    await entities.create(entity(id(2), 'Sensor'));
    await entities.delete(id(1));
    const directory = await loading;
    expect(directory.idsOfType(T('Sensor'))).toEqual([id(2)]);
    expect(store.size()).toBeGreaterThan(0);
  });
});

describe('EntityIndex per tenant (§4.14)', () => {
  test('each tenant store has its own index: entities and types never mix', async () => {
    const clock = new TestClock();
    const dataDir = mkdtempSync(join(tmpdir(), 'entity-index-tenants-'));
    const tenants = new TenantRegistry({ defaultStore: new ObservedMemoryStore(), dataDir, openDurable: async () => new ObservedMemoryStore() });
    const services = new NgsiLdServices(tenants, { clock: clock.now });
    const main = await services.forWrite(undefined);
    const acme = await services.forWrite('acme');
    expect(main.index).toBeDefined();
    expect(acme.index).toBeDefined();
    expect(acme.index).not.toBe(main.index);
    await main.entities.create(entity(id(1), 'Sensor', { temperature: prop(1) }));
    await acme.entities.create(entity(id(1), 'Sensor', { temperature: prop(2) }));
    await acme.entities.create(entity(id(2), 'Sensor'));
    expect(valueOf(main.entities.retrieve(id(1)))).toBe(1);
    expect(valueOf(acme.entities.retrieve(id(1)))).toBe(2);
    expect((await main.index!.directory()).idsOfType(T('Sensor'))).toEqual([id(1)]);
    expect((await acme.index!.directory()).idsOfType(T('Sensor'))).toEqual([id(1), id(2)]);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
