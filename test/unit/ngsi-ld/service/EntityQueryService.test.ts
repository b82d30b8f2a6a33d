/**
 * EntityQueryService (GS CIM 009 v1.8 §5.7.2 Query Entities, §5.7.3 POST query; §6.3.10
 * paging, §6.3.13 count) with hand-written compiled queries: paging, counting and the
 * post-filter path, independent of the query compiler.
 */
import { InvalidRequestError, TooManyResultsError } from '../../../../fabric/errors/FabricError.js';
import { EntityQueryService, countQueryFor, type CompiledEntityQuery } from '../../../../fabric/ngsi-ld/service/EntityQueryService.js';
import { BatchService } from '../../../../fabric/ngsi-ld/service/BatchService.js';
import { entity, EX, instance, prop, setup } from './serviceFixtures.js';

const id = (n: number): string => `urn:ngsi-ld:Sensor:${String(n).padStart(3, '0')}`;
const byType = (type: string): CompiledEntityQuery => ({ select: `SELECT ?id WHERE { GRAPH ?id { ?id a <${EX}${type}> } } ORDER BY ?id` });

async function sensors(n = 30, options = {}) {
  const ctx = setup();
  await new BatchService(ctx.writer).create([
    ...Array.from({ length: n }, (_, i) => entity(id(i), 'Sensor', { t: prop(i) })),
    entity('urn:ngsi-ld:Room:1', 'Room'),
  ]);
  return { ...ctx, query: new EntityQueryService(ctx.store, ctx.writer, options) };
}

describe('§5.7.2 paging in id order', () => {
  test('default limit 20 from offset 0, ordered by id', async () => {
    const { query } = await sensors();
    const page = await query.query(byType('Sensor'));
    expect(page.entities.map((e) => e.id)).toEqual(Array.from({ length: 20 }, (_, i) => id(i)));
    expect(page.count).toBeUndefined();
  });

  test('offset / limit select the window; count=true gives the total', async () => {
    const { query } = await sensors();
    const page = await query.query(byType('Sensor'), { limit: 5, offset: 27, count: true });
    expect(page.entities.map((e) => e.id)).toEqual([id(27), id(28), id(29)]);
    expect(page.count).toBe(30);
    expect(instance(page.entities[0], 't')!.value).toBe(27);
  });

  test('limit=0 with count=true gives only the count; limit=0 alone is InvalidRequest', async () => {
    const { query } = await sensors();
    expect(await query.query(byType('Sensor'), { limit: 0, count: true })).toEqual({ entities: [], count: 30 });
    await expect(query.query(byType('Sensor'), { limit: 0 })).rejects.toBeInstanceOf(InvalidRequestError);
  });

  test('negative offset is InvalidRequest; a limit above the maximum is TooManyResults', async () => {
    const { query } = await sensors(3, { maxLimit: 10 });
    await expect(query.query(byType('Sensor'), { offset: -1 })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(query.query(byType('Sensor'), { limit: 11 })).rejects.toBeInstanceOf(TooManyResultsError);
  });
});

describe('post-filter path (geo / JSON paths evaluated in JS)', () => {
  const even: CompiledEntityQuery = { ...byType('Sensor'), postFilter: (e) => (instance(e, 't')!.value as number) % 2 === 0 };

  test('offset and limit apply to the entities that pass; the count is over all of them', async () => {
    const { query } = await sensors(30, { chunkSize: 4 });
    const page = await query.query(even, { limit: 3, offset: 2, count: true });
    expect(page.entities.map((e) => e.id)).toEqual([id(4), id(6), id(8)]);
    expect(page.count).toBe(15);
  });

  test('the last page may be short', async () => {
    const { query } = await sensors(30, { chunkSize: 7 });
    const page = await query.query(even, { limit: 10, offset: 10 });
    expect(page.entities.map((e) => e.id)).toEqual([id(20), id(22), id(24), id(26), id(28)]);
  });
});

test('countQueryFor keeps the prologue outside the sub-query', () => {
  const q = countQueryFor(`PREFIX ex: <${EX}>\nSELECT ?id WHERE { GRAPH ?id { ?id a ex:Sensor } } ORDER BY ?id`);
  expect(q.startsWith(`PREFIX ex: <${EX}>`)).toBe(true);
  expect(q).toContain('SELECT (COUNT(*) AS ?count) WHERE {');
});
