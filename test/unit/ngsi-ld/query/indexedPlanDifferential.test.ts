/**
 * Differential test of the two query paths of EntityQueryService (GS CIM 009 v1.8 §5.7.2): the
 * SPARQL SELECT of EntityQueryCompiler and the JS plan over the read index (query/indexedPlan.ts,
 * fabric/ngsi-ld/index). Random entities (numbers, strings, booleans, language maps, relationships,
 * vocab values, JSON values, several instances with datasetIds, sub-attributes, unitCode, scopes,
 * ids outside the BMP), plus the hand-written graphs of queryFixtures (an enumeration individual,
 * bare natural triples as SPARQL Update writes them), and random queries (types, q, scopeQ, attrs,
 * ids, idPattern, limit / offset / count). For every query the compiler marks indexable, both paths
 * must return the same ids in the same order and the same count.
 */
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { EntityIndex } from '../../../../fabric/ngsi-ld/index/EntityIndex.js';
import { EntityWriter } from '../../../../fabric/ngsi-ld/service/EntityWriter.js';
import { EntityQueryService } from '../../../../fabric/ngsi-ld/service/EntityQueryService.js';
import { compileEntityQuery } from '../../../../fabric/ngsi-ld/query/EntityQueryCompiler.js';
import { parseEntityQuery, type EntityQueryParameters } from '../../../../fabric/ngsi-ld/query/EntityQuery.js';
import { ENTITIES, expand } from './queryFixtures.js';
import { SeededRandom } from '../../../../fabric/demo/SeededRandom.js';

const EX = 'https://example.org/ns#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const NGSI = 'https://uri.etsi.org/ngsi-ld/';

/** Seeded (SeededRandom, mulberry32), so a failure can be replayed. */
const random = (seed: number): (() => number) => { const r = new SeededRandom(seed); return () => r.next(); };

const rnd = random(20261202);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const chance = (p: number): boolean => rnd() < p;

const NUMBERS = [-3, 0, 1, 2, 2.5, 7, 10, 20, 99];
const STRINGS = ['Alpha', 'alpha', 'Beta', 'gamma', '', 'Zeta street', 'é'];
const URIS = ['urn:ngsi-ld:Person:1', 'urn:ngsi-ld:Person:2', 'urn:x:é'];
const SCOPES = ['/Madrid', '/Madrid/Gardens', '/Madrid/Gardens/North', '/Paris', '/Paris/Nord'];
const ID_TAILS = ['a', 'b', 'B', 'a1', 'é', '\uF900', '😀', 'z', 'a-b', '0'];

const instance = (kind: AttributeInstance['kind'], extra: Partial<AttributeInstance>): AttributeInstance => ({ kind, subAttributes: new Map(), ...extra });

function scalarInstance(extra: Partial<AttributeInstance> = {}): AttributeInstance {
  const r = rnd();
  const value = r < 0.45 ? pick(NUMBERS) : r < 0.75 ? pick(STRINGS) : r < 0.85 ? chance(0.5) : r < 0.92 ? [pick(NUMBERS), pick(NUMBERS)] : { [`${EX}k`]: pick(NUMBERS) };
  const sub = chance(0.3) ? new Map([[`${EX}accuracy`, [instance('Property', { value: pick(NUMBERS) })]]]) : new Map();
  return instance('Property', { value, subAttributes: sub, ...(chance(0.3) ? { unitCode: pick(['CEL', 'KMH']) } : {}), ...extra });
}

function randomEntity(n: number): Entity {
  const attributes = new Map<string, AttributeInstance[]>();
  if (chance(0.85)) attributes.set(`${EX}temperature`, chance(0.2) ? [scalarInstance(), scalarInstance({ datasetId: pick(['urn:ds:a', 'urn:ds:b']) })] : [scalarInstance()]);
  if (chance(0.7)) {
    attributes.set(`${EX}name`, [chance(0.7) ? instance('Property', { value: pick(STRINGS) })
      : instance('LanguageProperty', { languageMap: { en: pick(STRINGS), ...(chance(0.5) ? { es: pick(STRINGS) } : {}) } })]);
  }
  if (chance(0.5)) attributes.set(`${EX}owner`, [instance('Relationship', { object: pick(URIS) })]);
  if (chance(0.3)) attributes.set(`${EX}status`, [instance('VocabProperty', { vocab: `${EX}${pick(['On', 'Off'])}` })]);
  if (chance(0.4)) attributes.set(`${EX}on`, [instance('Property', { value: chance(0.5) })]);
  const types = ['A', 'B', 'C'].filter(() => chance(0.45));
  return {
    id: `urn:x:${pick(ID_TAILS)}${n}`,
    types: (types.length > 0 ? types : ['A']).map((t) => `${EX}${t}`),
    ...(chance(0.5) ? { scope: [pick(SCOPES), ...(chance(0.3) ? [pick(SCOPES)] : [])] } : {}),
    attributes,
  };
}

function qValue(): string {
  const r = rnd();
  if (r < 0.5) return String(pick(NUMBERS));
  if (r < 0.75) return JSON.stringify(pick(STRINGS));
  if (r < 0.85) return String(chance(0.5));
  return pick(URIS);
}

function qLeaf(): string {
  const path = pick(['temperature', 'temperature', 'name', 'owner', 'on', 'status', 'temperature.accuracy', 'temperature.unitCode', 'temperature.datasetId', 'missing', 'temperature[k]']);
  const r = rnd();
  if (r < 0.12) return path;
  if (r < 0.25) return `${path}${pick(['~=', '!~='])}${pick(['^A', '(?i)alpha', 'a$', 'Person:1', '.'])}`;
  if (r < 0.35) return `${path}${pick(['==', '!='])}${pick(['1..10', '"Alpha".."Beta"', '0..2.5'])}`;
  if (r < 0.45) return `${path}${pick(['==', '!='])}${qValue()},${qValue()}`;
  return `${path}${pick(['==', '!=', '>', '>=', '<', '<='])}${qValue()}`;
}

function randomQ(depth = 0): string {
  const r = rnd();
  if (depth > 1 || r < 0.5) return qLeaf();
  const op = chance(0.5) ? ';' : '|';
  const inner = `${randomQ(depth + 1)}${op}${randomQ(depth + 1)}`;
  return depth > 0 || chance(0.5) ? `(${inner})` : inner;
}

function randomQuery(): EntityQueryParameters {
  const p: Record<string, string> = {};
  if (chance(0.8)) p.type = pick(['A', 'B', 'C', 'A,B', 'A;B', '(A|C);B', 'Machine', 'Sensor', 'Nothing']);
  if (chance(0.75)) p.q = randomQ();
  if (chance(0.15)) p.scopeQ = pick(['/Madrid', '/Madrid/#', '/+/Gardens', '/Paris;/Madrid', '/Paris,/Madrid/#']);
  if (chance(0.15)) p.attrs = pick(['owner', 'status,on', 'missing', 'temperature']);
  if (chance(0.1)) p.idPattern = pick(['^urn:x:a', 'é', '(?i)B', '[0-9]$']);
  if (chance(0.08)) p.id = ['urn:x:a1', 'urn:x:b2', 'urn:ngsi-ld:Machine:E1', 'urn:x:😀7'].filter(() => chance(0.6)).join(',') || 'urn:x:z9';
  if (Object.keys(p).length === 0) p.type = 'A';
  return p;
}

const TRIG = `
@prefix ex: <${EX}> . @prefix rdf: <${RDF}> . @prefix cf: <${CF}> . @prefix ngsi: <${NGSI}> .
<urn:ngsi-ld:Machine:E1> {
  <urn:ngsi-ld:Machine:E1> a ex:Machine ; ex:name ex:MachineStatus_Running .
  <https://w3id.org/continuum-fabric/.well-known/genid/attr/e1name> rdf:reifies <<( <urn:ngsi-ld:Machine:E1> ex:name ex:MachineStatus_Running )>> ;
    cf:attributeKind ngsi:Property ; cf:attribute ex:name ; cf:subject <urn:ngsi-ld:Machine:E1> ; cf:jsonValue "\\"Alpha\\""^^rdf:JSON .
}
<urn:ngsi-ld:Machine:E2> { <urn:ngsi-ld:Machine:E2> a ex:Machine ; ex:name "Beta" ; ex:temperature 7 . }
<urn:ngsi-ld:Machine:B1> { <urn:ngsi-ld:Machine:B1> a ex:Machine, ex:A ; ex:temperature 12 ; ex:owner <urn:ngsi-ld:Person:1> ; ex:name "gamma"@en . }
<urn:x:untyped> { <urn:x:untyped> ex:temperature 1 . }
`;

describe('the JS query path over the read index returns what the SPARQL path returns', () => {
  const store = new ObservedMemoryStore();
  const index = EntityIndex.attach(store)!;
  const writer = new EntityWriter(store);
  const sparqlPath = new EntityQueryService(store, writer, { cachedSelects: 0 });
  const indexPath = new EntityQueryService(store, writer, { cachedSelects: 0 }, index);

  beforeAll(async () => {
    const entities = new Map<string, Entity>();
    for (let n = 0; n < 150; n++) {
      const e = randomEntity(n);
      entities.set(e.id, e);
    }
    await store.commit({ deletes: [], inserts: [...entities.values(), ...ENTITIES].flatMap((e) => entityToQuads(e)) });
    await store.load(TRIG, { format: 'application/trig' });
  });

  test('400 random queries: same ids, same order, same count', async () => {
    let compared = 0;
    let nonEmpty = 0;
    const indexableKinds = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const params = randomQuery();
      const compiled = compileEntityQuery(parseEntityQuery(params), expand);
      if (!compiled.indexed) continue;
      const paging = { limit: pick([1, 5, 20, 200]), offset: pick([0, 0, 3, 17]), count: chance(0.5) };
      const viaSparql = await sparqlPath.query(compiled, paging);
      const viaIndex = await indexPath.query({ ...compiled }, paging);
      const label = `${JSON.stringify(params)} ${JSON.stringify(paging)}`;
      expect({ label, ids: viaIndex.entities.map((e) => e.id), count: viaIndex.count })
        .toEqual({ label, ids: viaSparql.entities.map((e) => e.id), count: viaSparql.count });
      compared++;
      if (viaSparql.entities.length > 0) nonEmpty++;
      if (params.q) indexableKinds.add('q');
      if (params.scopeQ) indexableKinds.add('scopeQ');
      if (params.attrs) indexableKinds.add('attrs');
      if (params.idPattern) indexableKinds.add('idPattern');
      if (params.id) indexableKinds.add('id');
    }
    // The comparison must not be vacuous: most queries take the JS path and many find something.
    expect(compared).toBeGreaterThan(300);
    expect(nonEmpty).toBeGreaterThan(100);
    expect([...indexableKinds].sort()).toEqual(['attrs', 'id', 'idPattern', 'q', 'scopeQ']);
    expect(index.stats().directoryLoaded).toBe(true);
  });

  test.each([
    'on>false', 'on<true', 'on>=false', 'on!=true', 'name>"Alpha"', 'name<="alpha"', 'name=="Alpha"', 'name!="gamma"',
    'owner==urn:ngsi-ld:Person:1', 'owner>urn:ngsi-ld:Person:1', 'status==https://example.org/ns#On', 'name~=(?i)ALPHA',
    'temperature>=2.5', 'temperature==2.5,7', 'temperature!=1..10', 'temperature[k]>2', 'temperature.unitCode=="CEL"',
    'temperature.datasetId==urn:ds:a', 'temperature.accuracy<3', 'temperature=="Alpha"', 'temperature~="a"',
  ])('fixed q %s', async (q) => {
    for (const type of ['A', 'Machine', undefined]) {
      const params = { ...(type ? { type } : {}), q };
      const compiled = compileEntityQuery(parseEntityQuery(params), expand);
      expect(compiled.indexed).toBeDefined();
      const paging = { limit: 200, count: true };
      const viaSparql = await sparqlPath.query(compiled, paging);
      const viaIndex = await indexPath.query(compiled, paging);
      expect({ params, ids: viaIndex.entities.map((e) => e.id) }).toEqual({ params, ids: viaSparql.entities.map((e) => e.id) });
    }
  });

  test('a DateTime comparison stays on the SPARQL path', () => {
    expect(compileEntityQuery(parseEntityQuery({ type: 'A', q: 'temperature.observedAt>2020-01-01T00:00:00Z' }), expand).indexed).toBeUndefined();
    expect(compileEntityQuery(parseEntityQuery({ type: 'A', q: 'temperature>3' }), expand).indexed).toBeDefined();
  });
});
