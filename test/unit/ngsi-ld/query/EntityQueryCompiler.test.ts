/**
 * EntityQueryCompiler (GS CIM 009 v1.8 §5.7.2 Query Entities) over the RDF mapping: which entity
 * ids each query returns from a MemoryGraphStore — types (§4.17), q (§4.9), scopeQ (§4.19),
 * id / idPattern / attrs (§6.4.3.2), geo-queries (§4.10), count and paging (§6.3.10, §6.3.13).
 */
import type { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { compileEntityQuery, type CompiledEntityQuery } from '../../../../fabric/ngsi-ld/query/EntityQueryCompiler.js';
import { parseEntityQuery, type EntityQueryParameters } from '../../../../fabric/ngsi-ld/query/EntityQuery.js';
import { ENTITIES, expand, PARIS_BLOCK, queryStore, sensor } from './queryFixtures.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';

let store: MemoryGraphStore;
beforeAll(async () => {
  store = await queryStore();
});

const byId = new Map(ENTITIES.map((e) => [e.id, e]));

async function selectIds(sparql: string): Promise<string[]> {
  const result = await store.query(sparql);
  if (result.kind !== 'bindings') throw new Error('not a SELECT');
  return result.rows.map((row) => row.get(result.variables[0])!.value);
}

/** The SELECT's ids, post-filtered (when the query has a post-filter) on each entity as read back from the store. */
async function run(params: EntityQueryParameters): Promise<string[]> {
  const compiled = compileEntityQuery(parseEntityQuery(params), expand);
  const probe = compiled.jsonValues ? await store.query(compiled.jsonValues.probe) : undefined;
  const plan = compiled.jsonValues && probe?.kind === 'boolean' && probe.value ? compiled.jsonValues : compiled;
  const ids = await selectIds(plan.select);
  return plan.postFilter ? ids.filter((id) => plan.postFilter!(quadsToEntity(readEntityGraph(store, id), id)!)) : ids;
}

const S = (...n: number[]): string[] => n.map(sensor);

describe('§4.17 types: exact match on the expanded IRI, , | ; ()', () => {
  test.each([
    ['Sensor', S(1, 2, 3)],
    ['Sensor;Device', S(3)],
    ['Room|Device', ['urn:ngsi-ld:Room:R1', sensor(3)]],
    ['(Room,Sensor);Device', S(3)],
    ['Machine', ['urn:ngsi-ld:Machine:B1', 'urn:ngsi-ld:Machine:E1', 'urn:ngsi-ld:Machine:E2']],
    ['Thing', []],
  ])('type=%s', async (type, expected) => {
    expect(await run({ type })).toEqual(expected);
  });
});

describe('§4.9 q over natural triples and reifiers', () => {
  test.each([
    ['temperature>21', S(2, 3)],
    ['temperature==99', S(2)],
    ['temperature==20..26', S(1, 2)],
    ['temperature!=20..26', S(3)],
    ['temperature!=20', S(2, 3)],
    ['temperature==20,30', S(1, 3)],
    ['temperature.datasetId==urn:ds:raw', S(2)],
    ['temperature.observedAt>2023-12-31T00:00:00Z', S(1)],
    ['temperature.observedAt<2023-12-31T00:00:00Z', []],
    ['temperature.unitCode=="CEL"', S(1)],
    ['temperature.accuracy<1', S(1)],
    ['temperature.accuracy', S(1)],
    ['name=="Alpha"', S(1)],
    ['name>"Alpha"', S(2, 3)],
    ['name=="Alpha","gamma"', S(1, 3)],
    ['name~=^[A-Z]', S(1, 2)],
    ['name~=(?i)^G', S(3)],
    ['name!~=^A', S(2, 3)],
    ['on==true', S(1)],
    ['on==false', S(2)],
    ['installed>2024-01-01T00:00:00Z', S(2)],
    ['installed==2023-01-01T00:00:00Z..2023-12-31T23:59:59Z', S(1)],
    ['owner==urn:ngsi-ld:Person:1', S(1)],
    ['owner=="urn:ngsi-ld:Person:2"', S(3)],
    ['owner', S(1, 3)],
    ['(temperature>26|name=="Beta");on==false', S(2)],
    ['temperature>26|name=="Beta";on==false', S(2, 3)],
    ['temperature>26;temperature<29', S(2)],
    ['config[net.port]==443', S(2)],
    ['config[net][port]>10', S(1, 2)],
    ['config[mode]=="a"|temperature==30', S(1, 3)],
    ['config[net.port]!=80', S(2)],
    // '!' (attribute does not exist): attributes, sub-attributes, members, JSON paths, inside ; | ()
    ['!owner', S(2)],
    ['!temperature.accuracy', S(2, 3)],
    ['!temperature.unitCode', S(2, 3)],
    ['!temperature.observedAt;!on', S(3)],
    ['(!owner|on==true);temperature<26', S(1, 2)],
    ['!config[net.port]', S(3)],
    ['!config[mode]', S(2, 3)],
    ['!missing', S(1, 2, 3)],
    ['!temperature', []],
    // [tag] into a LanguageProperty: that language's strings only
    ['label=="Hello"', S(1, 2)],
    ['label[en]=="Hello"', S(1)],
    ['label[fr]=="Hello"', S(2)],
    ['label[FR]~=^Bon', S(1)],
    ['label[de]', []],
    ['!label[fr]', S(3)],
    // a VocabProperty: the query value expanded as a vocab term (short term or IRI), never a Relationship object
    ['category=="Sensor"', S(1, 2)],
    ['category=="https://example.org/ns#Sensor"', S(1, 2, 3)],
    ['category==https://example.org/ns#Sensor', S(1, 2, 3)],
    ['category=="Actuator","Gate"', S(2)],
    ['category!="Actuator"', S(1, 3)],
    ['category!="Sensor"', S(3)],
  ])('type=Sensor&q=%s', async (q, expected) => {
    expect(await run({ type: 'Sensor', q })).toEqual(expected);
  });

  test('an enumeration value stored as an individual IRI compares as its code (cf:jsonValue)', async () => {
    expect(await run({ type: 'Machine', q: 'status=="Running"' })).toEqual(['urn:ngsi-ld:Machine:E1']);
    expect(await run({ type: 'Machine', q: 'status=="Stopped"' })).toEqual(['urn:ngsi-ld:Machine:E2']);
    expect(await run({ type: 'Machine', q: 'status~=^Run' })).toEqual(['urn:ngsi-ld:Machine:E1']);
    expect(await run({ type: 'Machine', q: 'status>"R"' })).toEqual(['urn:ngsi-ld:Machine:E1', 'urn:ngsi-ld:Machine:E2']);
  });

  test('natural triples written without reifiers (SPARQL Update) are attributes too; no type needed', async () => {
    expect(await run({ q: 'temperature<15' })).toEqual(['urn:ngsi-ld:Machine:B1']);
    expect(await run({ q: 'owner==urn:ngsi-ld:Person:1' })).toEqual(['urn:ngsi-ld:Machine:B1', sensor(1)]);
  });

  test('q terms with JSON paths: SPARQL selects a superset, the post-filter decides', async () => {
    const compiled = compileEntityQuery(parseEntityQuery({ type: 'Sensor', q: 'config[net.port]==443' }), expand);
    expect(compiled.postFilter).toBeDefined();
    expect(compiled.count).toBeUndefined();
    expect(await selectIds(compiled.select)).toEqual(S(1, 2));
    // Members (unitCode, datasetId, observedAt) and existence are exact SPARQL: no array value can hold them.
    for (const q of ['temperature.unitCode=="CEL"', 'temperature.observedAt>2023-12-31T00:00:00Z', 'owner;temperature']) {
      expect(compileEntityQuery(parseEntityQuery({ type: 'Sensor', q }), expand).postFilter).toBeUndefined();
    }
  });

  test('§4.9 arrays: while the store holds rdf:JSON values of a compared attribute, value terms select a superset and q post-filters', async () => {
    const compiled = compileEntityQuery(parseEntityQuery({ type: 'Sensor', q: 'config==443|temperature>1' }), expand);
    expect(compiled.postFilter).toBeUndefined();
    expect(compiled.count).toBeDefined(); // exact while the probe fails
    const { probe, select, postFilter } = compiled.jsonValues!;
    expect(probe).toMatch(/^ASK /);
    const asked = await store.query(probe);
    expect(asked.kind === 'boolean' && asked.value).toBe(true); // config holds JSON objects
    expect(postFilter).toBeDefined();
    expect(select).toContain('<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>');
    expect(await selectIds(select)).toEqual(S(1, 2, 3));
    expect(await run({ type: 'Sensor', q: 'config==443|temperature>1' })).toEqual(S(1, 2, 3));
    expect(await run({ type: 'Sensor', q: 'config==443' })).toEqual([]);
    const noJson = compileEntityQuery(parseEntityQuery({ type: 'Sensor', q: 'temperature>1' }), expand).jsonValues!;
    const none = await store.query(noJson.probe);
    expect(none.kind === 'boolean' && none.value).toBe(false);
  });

  test('SPARQL and the JS evaluator agree on every mapped entity (same q semantics twice)', async () => {
    const { evaluateQ } = await import('../../../../fabric/ngsi-ld/query/qEvaluator.js');
    const { parseQ } = await import('../../../../fabric/ngsi-ld/query/parseQ.js');
    for (const q of ['temperature>21', 'temperature!=20..26', 'temperature.observedAt>2023-12-31T00:00:00Z', 'name~=^[A-Z]', 'name!~=^A',
      'installed>2024-01-01T00:00:00Z', 'owner==urn:ngsi-ld:Person:1', 'temperature.accuracy<1', 'on==false;name>"A"', 'temperature.datasetId==urn:ds:raw',
      '!owner', '(!owner|on==true);!temperature.accuracy', 'label[en]=="Hello"', '!label[fr]', 'category=="Sensor"', 'category!="Actuator"']) {
      const js = ENTITIES.filter((e) => evaluateQ(parseQ(q), e, expand)).map((e) => e.id).sort();
      const sparql = (await run({ q })).filter((id) => byId.has(id));
      expect([q, sparql]).toEqual([q, js]);
    }
  });
});

describe('§4.19 scopeQ, §6.4.3.2 id / idPattern / attrs', () => {
  test.each([
    ['/Madrid', S(2)],
    ['/Madrid/#', S(1, 2)],
    ['/+/Nord', S(3)],
    ['/Madrid/#|/Paris/#', S(1, 2, 3)],
    ['/Madrid;/Madrid/Gardens', []],
    ['/#', S(1, 2, 3)],
  ])('scopeQ=%s', async (scopeQ, expected) => {
    expect(await run({ scopeQ })).toEqual(expected);
  });

  test('id list, idPattern and attrs (at least one of)', async () => {
    expect(await run({ id: `${sensor(1)},${sensor(3)}`, q: 'temperature>21' })).toEqual(S(3));
    expect(await run({ idPattern: '^urn:ngsi-ld:Sensor:S[12]$' })).toEqual(S(1, 2));
    expect(await run({ type: 'Sensor', attrs: 'owner,nothing' })).toEqual(S(1, 3));
  });

  test('terms become IRIs only through the expander; bad IRIs are refused, not injected', () => {
    expect(() => compileEntityQuery(parseEntityQuery({ id: 'urn:a> } <x' }), expand)).toThrow(/valid absolute IRI/);
    const q = compileEntityQuery(parseEntityQuery({ q: 'name=="a\\" } DROP ALL"' }), expand);
    expect(q.select).toContain('"a\\" } DROP ALL"');
  });

  test('the SPARQL text is built only when read, but its IRI checks run at compile time, whatever the path', () => {
    const bad = (term: string): string => (term === 'odd' ? 'not an iri' : expand(term));
    for (const params of [{ type: 'odd' }, { type: 'Sensor', q: 'odd>1' }, { type: 'Sensor', attrs: 'odd' }, { type: '(Sensor;odd)|Room' }]) {
      expect(() => compileEntityQuery(parseEntityQuery(params), bad)).toThrow(/valid absolute IRI/);
    }
    const compiled = compileEntityQuery(parseEntityQuery({ type: 'Sensor', q: 'temperature.accuracy' }), expand);
    expect(compiled.indexed).toBeDefined();
    expect(compiled.select).toBe(compiled.select);
    expect(compiled.select).toMatch(/^SELECT DISTINCT \?id WHERE .* ORDER BY \?id$/);
    expect(compiled.count).toMatch(/^SELECT \(COUNT\(DISTINCT \?id\) AS \?count\) WHERE /);
    expect(compiled.page(5, 10)).toBe(`${compiled.select} LIMIT 5 OFFSET 10`);
    expect({ ...compiled }.select).toBe(compiled.select); // a copy carries the text too
  });
});

describe('§4.10 geo-queries (post-filter with @turf/turf)', () => {
  const spain = '[[[-10,35],[4,35],[4,44],[-10,44],[-10,35]]]';
  const eastParis = '[[[2.35,48.80],[2.50,48.80],[2.50,48.95],[2.35,48.95],[2.35,48.80]]]';
  test.each([
    ['near;maxDistance==10000', 'Point', '[-3.70,40.42]', S(1)],
    ['near;minDistance==100000', 'Point', '[-3.70,40.42]', S(2, 3)],
    ['near;maxDistance==600000;minDistance==2000', 'Point', '[-3.70,40.42]', S(2)], // S1 is ~1.1 km away
    ['near;maxDistance==100', 'Point', '[2.35,48.87]', S(3)], // inside the polygon: distance 0
    ['within', 'Polygon', spain, S(1, 2)],
    ['disjoint', 'Polygon', spain, S(3)],
    ['intersects', 'Polygon', eastParis, S(3)],
    ['overlaps', 'Polygon', eastParis, S(3)],
    ['contains', 'Point', '[2.35,48.87]', S(3)],
    ['equals', 'Point', '[2.17,41.38]', S(2)],
    ['equals', 'Polygon', JSON.stringify(PARIS_BLOCK.coordinates), S(3)],
    ['within', 'MultiPolygon', `[${spain},${eastParis}]`, S(1, 2)],
    ['intersects', 'LineString', '[[-4,40],[3,42]]', []],
    ['intersects', 'LineString', '[[2.2,48.87],[2.5,48.87]]', S(3)],
  ])('georel=%s geometry=%s coordinates=%s', async (georel, geometry, coordinates, expected) => {
    expect(await run({ type: 'Sensor', georel, geometry, coordinates })).toEqual(expected);
  });

  test('geoproperty names another GeoProperty; entities without it never match', async () => {
    expect(await run({ georel: 'within', geometry: 'Polygon', coordinates: spain, geoproperty: 'name' })).toEqual([]);
  });
});

describe('§6.3.10 paging and §6.3.13 count', () => {
  test('count and page without a post-filter are exact SPARQL', async () => {
    const compiled: CompiledEntityQuery = compileEntityQuery(parseEntityQuery({ type: 'Sensor', q: 'temperature' }), expand);
    const count = await store.query(compiled.count!);
    expect(count.kind === 'bindings' && Number(count.rows[0].get(count.variables[0])!.value)).toBe(3);
    expect(await selectIds(compiled.page(1, 1))).toEqual(S(2));
    expect(await selectIds(compiled.page(5, 2))).toEqual(S(3));
  });

  test('orderById: false drops ORDER BY (index order) but selects the same entities', async () => {
    const unordered = compileEntityQuery(parseEntityQuery({ type: 'Sensor', q: 'temperature>10' }), expand, { orderById: false });
    expect(unordered.select).not.toContain('ORDER BY');
    expect((await selectIds(unordered.select)).sort()).toEqual(S(1, 2, 3));
  });
});

describe('query plan: a conjunction of positive q terms is joined, not one EXISTS per term', () => {
  const select = (q: string): string => compileEntityQuery(parseEntityQuery({ type: 'Sensor', q }), expand).select;
  /** `text` without each `start…` group, up to the bracket that closes the first `open` of `start`. */
  const withoutGroups = (text: string, start: string, open: string, close: string): string => {
    let out = text;
    for (let at = out.indexOf(start); at >= 0; at = out.indexOf(start)) {
      let depth = 0;
      let end = at + start.indexOf(open);
      for (; end < out.length; end++) {
        if (out[end] === open) depth++;
        else if (out[end] === close && --depth === 0) break;
      }
      out = out.slice(0, at) + out.slice(end + 1);
    }
    return out;
  };
  /**
   * The text without the lookups of the value a string term compares, which may test EXISTS on the rows the joined
   * terms produced: OPTIONAL groups (an enumeration code in a reifier's cf:jsonValue, retrievedValueSparql.ts) and
   * the VocabProperty test (`IF(isIRI(?v), …)`), which equality evaluates only on an IRI equal to the expanded value.
   */
  const withoutOptionals = (text: string): string => withoutGroups(withoutGroups(text, 'OPTIONAL {', '{', '}'), 'IF(isIRI(', '(', ')');
  test.each(['temperature>21;name=="Beta"', 'temperature>26;temperature<29', 'owner;on==false', 'temperature.observedAt>2023-12-31T00:00:00Z'])('%s', (q) => {
    expect(withoutOptionals(select(q))).not.toContain('EXISTS');
    expect(withoutOptionals(select(q))).toContain(`?id <${expand(q.split(/[>;=<.]/)[0])}> ?v`);
  });
  test.each(['temperature>26|name=="Beta"', 'temperature!=20', 'name!~=^A', 'config[net.port]==443'])('%s keeps EXISTS', (q) => {
    expect(select(q)).toContain('EXISTS');
  });
  test('the joined plan returns the same entities as the EXISTS plan over multi-valued attributes', async () => {
    // Sensor 2 has temperature 25.5 and 99 (two datasetIds): each term is met by a different value.
    expect(await run({ type: 'Sensor', q: 'temperature>26;temperature<29;on==false' })).toEqual(S(2));
    expect(await run({ type: 'Sensor', q: 'temperature>21;name~=^[A-Z]' })).toEqual(S(2));
  });
});
