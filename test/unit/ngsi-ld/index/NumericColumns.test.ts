/**
 * Numeric columns of the read index (fabric/ngsi-ld/index/NumericColumns.ts), differential: a query
 * walk that decides `attribute <op> number` conjuncts (GS CIM 009 v1.8 §4.9) from column slots must
 * return what the store-evaluated SPARQL query returns (same ids, order and count, §5.7.2, §6.3.10),
 * across writes between queries — every kind taken in turn, on random entities: NGSI-LD creates, updates and deletes (write-through) and
 * SPARQL Updates (values replaced, second values, types removed and restored, graphs dropped).
 */
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { EntityIndex } from '../../../../fabric/ngsi-ld/index/EntityIndex.js';
import { EntityWriter } from '../../../../fabric/ngsi-ld/service/EntityWriter.js';
import { EntityService } from '../../../../fabric/ngsi-ld/service/EntityService.js';
import { EntityQueryService } from '../../../../fabric/ngsi-ld/service/EntityQueryService.js';
import { compileEntityQuery } from '../../../../fabric/ngsi-ld/query/EntityQueryCompiler.js';
import { parseEntityQuery, type EntityQueryParameters } from '../../../../fabric/ngsi-ld/query/EntityQuery.js';
import type { AttributeInstance } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { SeededRandom } from '../../../../fabric/demo/SeededRandom.js';
import { attrs, entity, prop, rel, T, TestClock } from '../service/serviceFixtures.js';

const seeded = new SeededRandom(20261203);
const rnd = (): number => seeded.next();
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const chance = (p: number): boolean => rnd() < p;
const expand = (term: string): string => (term.includes(':') ? term : T(term));
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const NUMBERS = [-2, 0, 1, 2.5, 8, 16, 40, 55.5, 99];
const id = (n: number): string => `urn:ngsi-ld:Sensor:${n}`;

/** A value for temperature / humidity: mostly single numbers, sometimes what the columns cannot decide. */
function reading(): AttributeInstance | AttributeInstance[] {
  const r = rnd();
  if (r < 0.7) return prop(pick(NUMBERS));
  if (r < 0.78) return prop(pick(['8', 'warm']));
  if (r < 0.84) return prop(chance(0.5));
  if (r < 0.92) return [prop(pick(NUMBERS)), prop(pick(NUMBERS), { datasetId: 'urn:ds:b' })];
  return rel('urn:x:thing');
}

function randomEntity(n: number): ReturnType<typeof entity> {
  const a: Record<string, AttributeInstance | AttributeInstance[]> = {};
  if (chance(0.9)) a.temperature = reading();
  if (chance(0.8)) a.humidity = reading();
  if (chance(0.5)) a.name = prop(pick(['north', 'south']));
  return entity(id(n), chance(0.8) ? 'Sensor' : pick(['Other', ['Sensor', 'Other']]), a);
}

function numericLeaf(): string {
  return `${pick(['temperature', 'humidity'])}${pick(['==', '!=', '>', '>=', '<', '<='])}${pick(NUMBERS)}`;
}

function randomQuery(): EntityQueryParameters {
  const leaves = Array.from({ length: 1 + Math.floor(rnd() * 3) }, numericLeaf);
  const r = rnd();
  // Mostly plain conjunctions (exact), sometimes with a conjunct or condition the columns do not decide.
  if (r < 0.12) leaves.push('name=="north"');
  if (r >= 0.12 && r < 0.2) leaves.push(`(${numericLeaf()}|${numericLeaf()})`);
  const q: EntityQueryParameters = { type: pick(['Sensor', 'Sensor', 'Sensor', 'Other']), q: leaves.join(';') };
  if (r >= 0.2 && r < 0.27) return { ...q, attrs: 'name' };
  if (r >= 0.27 && r < 0.32) return { ...q, idPattern: '[13579]$' };
  return q;
}

describe('NumericColumns: query walks deciding numeric q conjuncts from columns', () => {
  const store = new ObservedMemoryStore();
  const index = EntityIndex.attach(store)!;
  const clock = new TestClock();
  const writer = new EntityWriter(store, { clock: clock.now, index });
  const entities = new EntityService(writer, index);
  const viaIndex = new EntityQueryService(store, writer, { cachedSelects: 0 }, index);
  const viaSparql = new EntityQueryService(store, writer, { cachedSelects: 0 });
  let next = 0;
  const live = new Set<number>();

  /** Every kind of write, taken in turn (so each occurs several times in a short run), on a random live entity. */
  const WRITES = ['ngsi-update', 'sparql-replace', 'bare-value', 'type-removed', 'create', 'type-restored', 'ngsi-update', 'graph-dropped', 'ngsi-delete', 'bare-value', 'create'] as const;
  const written = new Map<string, number>();
  const untyped = new Set<number>();

  async function write(kind: (typeof WRITES)[number]): Promise<void> {
    const n = pick([...live]);
    clock.advance();
    written.set(kind, (written.get(kind) ?? 0) + 1);
    switch (kind) {
      case 'ngsi-update':
        await entities.updateAttributes(id(n), { attributes: attrs({ [pick(['temperature', 'humidity'])]: reading() }) });
        return;
      case 'sparql-replace':
        await store.update(`DELETE WHERE { GRAPH <${id(n)}> { <${id(n)}> <${T('temperature')}> ?v } };
          INSERT DATA { GRAPH <${id(n)}> { <${id(n)}> <${T('temperature')}> ${pick(NUMBERS)} } }`);
        return;
      case 'bare-value':
        // A bare value, next to a reified instance where there is one (it joins the default instance: an array, §4.9).
        await store.update(`INSERT DATA { GRAPH <${id(n)}> { <${id(n)}> <${T('humidity')}> ${pick([...NUMBERS, '"8"', '<urn:x:thing>'])} } }`);
        return;
      case 'type-removed':
        await store.update(`DELETE DATA { GRAPH <${id(n)}> { <${id(n)}> <${RDF_TYPE}> <${T('Sensor')}> } }`);
        untyped.add(n);
        return;
      case 'type-restored': {
        const m = untyped.size > 0 ? pick([...untyped]) : n;
        untyped.delete(m);
        await store.update(`INSERT DATA { GRAPH <${id(m)}> { <${id(m)}> <${RDF_TYPE}> <${T('Sensor')}> } }`);
        return;
      }
      case 'graph-dropped':
        await store.update(`DROP SILENT GRAPH <${id(n)}>`);
        live.delete(n);
        return;
      case 'ngsi-delete':
        if (live.size > 1) {
          await entities.delete(id(n)).catch(() => undefined); // no longer an entity after a SPARQL write: NotFound
          live.delete(n);
        }
        return;
      case 'create':
        await entities.create(randomEntity(next));
        live.add(next++);
    }
  }

  beforeAll(async () => {
    for (let k = 0; k < 40; k++) {
      await entities.create(randomEntity(next));
      live.add(next++);
    }
  });

  test('random queries between writes of every kind: same ids, order and count as SPARQL', async () => {
    let compared = 0;
    let exact = 0;
    let nonEmpty = 0;
    let writes = 0;
    const shapes = new Set<string>();
    for (let round = 0; round < 16; round++) {
      for (let w = 0; w < 2; w++) await write(WRITES[writes++ % WRITES.length]);
      for (let k = 0; k < 6; k++) {
        const params = randomQuery();
        const compiled = compileEntityQuery(parseEntityQuery(params), expand);
        expect(compiled.indexed?.columnar).toBeDefined();
        if (compiled.indexed!.columnar!.exact) exact++;
        const paging = { limit: pick([1, 3, 20, 200]), offset: pick([0, 0, 2, 11]), count: chance(0.4) };
        const a = await viaIndex.query(compiled, paging);
        const b = await viaSparql.query(compiled, paging);
        const label = `round ${round} ${JSON.stringify(params)} ${JSON.stringify(paging)}`;
        expect({ label, ids: a.entities.map((e) => e.id), count: a.count }).toEqual({ label, ids: b.entities.map((e) => e.id), count: b.count });
        expect(a.entities).toEqual(b.entities);
        compared++;
        if (b.entities.length > 0) nonEmpty++;
        shapes.add(params.attrs ? 'attrs' : params.idPattern ? 'idPattern' : params.q!.includes('|') ? 'or' : params.q!.includes('name') ? 'name' : 'numbers');
      }
    }
    // Not vacuous: every write kind ran at least twice, every query shape ran, most queries are exact, many find something.
    expect([...written.values()].every((count) => count >= 2) && written.size === new Set(WRITES).size).toBe(true);
    expect([...shapes].sort()).toEqual(['attrs', 'idPattern', 'name', 'numbers', 'or']);
    expect(compared).toBe(96);
    expect(exact).toBeGreaterThan(53); // the shares the 360-query version asserted (> 200 exact, > 150 non-empty)
    expect(nonEmpty).toBeGreaterThan(36);
  });

});

describe('NumericColumns: reads saved and forgotten', () => {
  test('once the columns know the slots, an exact query reads only the entities of its page; a write forgets its entity', async () => {
    const store = new ObservedMemoryStore();
    const index = EntityIndex.attach(store)!;
    const writer = new EntityWriter(store, { clock: new TestClock().now, index });
    const entities = new EntityService(writer, index);
    const viaIndex = new EntityQueryService(store, writer, { cachedSelects: 0 }, index);
    const viaSparql = new EntityQueryService(store, writer, { cachedSelects: 0 });
    for (let n = 0; n < 30; n++) await entities.create(entity(id(n), 'Sensor', { temperature: prop(n % 7), humidity: prop(n * 3) }));
    const compiled = compileEntityQuery(parseEntityQuery({ type: 'Sensor', q: 'temperature>=2;humidity<80' }), expand);
    expect(compiled.indexed?.columnar?.exact).toBe(true);
    const full = await viaSparql.query(compiled, { limit: 1000, count: true });
    expect(full.count).toBeGreaterThan(8);
    await index.warm(); // entities decoded, so the filling walk below does not yield (which would stop it filling)
    await viaIndex.query(compiled, { limit: 1000 }); // fills the slots
    const reads = (): number => index.stats().hits + index.stats().misses;
    const before = reads();
    const page = await viaIndex.query(compiled, { limit: 3, offset: 5, count: true });
    expect(page.entities.map((e) => e.id)).toEqual(full.entities.slice(5, 8).map((e) => e.id));
    expect(page.count).toBe(full.count);
    expect(reads() - before).toBe(3);
    // The written entity's slots are forgotten: the next walk reads it again and sees its new value.
    const first = full.entities[0].id;
    await entities.updateAttributes(first, { attributes: attrs({ temperature: prop(-1) }) });
    const again = await viaIndex.query(compiled, { limit: 1000, count: true });
    expect(again.entities.map((e) => e.id)).toEqual((await viaSparql.query(compiled, { limit: 1000 })).entities.map((e) => e.id));
    expect(again.entities.map((e) => e.id)).not.toContain(first);
    expect(again.count).toBe(full.count! - 1);
  });

  test('walks that yield while writes land (cold entities): later walks still answer what SPARQL answers', async () => {
    const store = new ObservedMemoryStore();
    const index = EntityIndex.attach(store)!; // no warm-up: every first read decodes a graph, so walks yield
    const writer = new EntityWriter(store, { clock: new TestClock().now, index });
    const viaIndex = new EntityQueryService(store, writer, { cachedSelects: 0 }, index);
    const viaSparql = new EntityQueryService(store, writer, { cachedSelects: 0 });
    const quads = Array.from({ length: 400 }, (_, n) => entity(id(n), 'Sensor', { temperature: prop(n % 9), humidity: prop(n % 13) }))
      .flatMap((e) => entityToQuads(e));
    await store.commit({ deletes: [], inserts: quads });
    const compiled = compileEntityQuery(parseEntityQuery({ type: 'Sensor', q: 'temperature>=3;humidity!=4' }), expand);
    const writes = async (): Promise<void> => {
      for (let k = 0; k < 30; k++) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const n = Math.floor(rnd() * 400);
        if (k % 10 === 9) await store.commit({ deletes: [], inserts: entityToQuads(entity(id(1000 + k), 'Sensor', { temperature: prop(5), humidity: prop(1) })) });
        else await store.update(`DELETE WHERE { GRAPH <${id(n)}> { <${id(n)}> <${T('temperature')}> ?v } }; INSERT DATA { GRAPH <${id(n)}> { <${id(n)}> <${T('temperature')}> ${k % 6} } }`);
      }
    };
    await Promise.all([viaIndex.query(compiled, { limit: 1000, count: true }), viaIndex.query(compiled, { limit: 5, offset: 100 }), writes()]);
    for (const paging of [{ limit: 1000, count: true }, { limit: 7, offset: 50, count: true }]) {
      const a = await viaIndex.query(compiled, paging);
      const b = await viaSparql.query(compiled, paging);
      expect({ ids: a.entities.map((e) => e.id), count: a.count }).toEqual({ ids: b.entities.map((e) => e.id), count: b.count });
    }
  });

  test('a walk that yields while its type\'s id list changes stops using its columns (the generation check)', async () => {
    // No entity cache: every read decodes a graph (≈ 0.3 ms and more), so a walk over 300 candidates yields many times.
    const store = new ObservedMemoryStore();
    const index = EntityIndex.attach(store, { cachedEntities: 0 })!;
    const writer = new EntityWriter(store, { clock: new TestClock().now, index });
    const viaIndex = new EntityQueryService(store, writer, { cachedSelects: 0 }, index);
    const viaSparql = new EntityQueryService(store, writer, { cachedSelects: 0 });
    const quads = Array.from({ length: 300 }, (_, n) => entity(id(n), 'Sensor', { temperature: prop(n % 9), name: prop('north') }))
      .flatMap((e) => entityToQuads(e));
    await store.commit({ deletes: [], inserts: quads });
    // Not exact (name is no column conjunct): a candidate the columns accept is read, one they reject is skipped.
    const compiled = compileEntityQuery(parseEntityQuery({ type: 'Sensor', q: 'temperature>=4;name=="north"' }), expand);
    expect(compiled.indexed?.columnar?.exact).toBe(false);
    await viaIndex.query(compiled, { limit: 1000 }); // fills every slot (no change meanwhile: the columns stay)
    const ids = [...(await index.directory()).idsOfType(T('Sensor'))];
    const last = ids[ids.length - 1];
    expect(index.read(last)?.attributes.get(T('temperature'))?.[0].value).toBeLessThan(4); // its slot rejects it
    let walkDone = false;
    const walk = viaIndex.query(compiled, { limit: 1000, count: true }).finally(() => { walkDone = true; });
    // Runs at the walk's first yield (a macrotask queued before the walk's own setImmediate).
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(walkDone).toBe(false);
    // A new entity of the type (positions move: a new generation of the id list), a query that starts the new
    // generation's columns (the old column objects leave the index, and with them the change feed's forgetting),
    // then the last entity, rejected by its old slot, changes to a value that passes.
    await store.commit({ deletes: [], inserts: entityToQuads(entity(`${id(0)}-new`, 'Sensor', { temperature: prop(5), name: prop('north') })) });
    await viaIndex.query(compiled, { limit: 1 });
    await store.update(`DELETE WHERE { GRAPH <${last}> { <${last}> <${T('temperature')}> ?v } }; INSERT DATA { GRAPH <${last}> { <${last}> <${T('temperature')}> 8 } }`);
    const walked = (await walk).entities.map((e) => e.id);
    const now = (await viaSparql.query(compiled, { limit: 1000 })).entities.map((e) => e.id);
    expect(walked).toContain(last);
    // The walk misses only the id created behind it (a page reflects the entities as they are when read).
    expect(walked).toEqual(now.filter((x) => x !== `${id(0)}-new`));
  });
});

