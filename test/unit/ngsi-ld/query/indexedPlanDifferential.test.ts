/**
 * Differential test of the two query paths of EntityQueryService (GS CIM 009 v1.8 §5.7.2): the
 * SPARQL SELECT of EntityQueryCompiler and the JS plan over the read index (query/indexedPlan.ts,
 * fabric/ngsi-ld/index). Random entities (numbers, strings, booleans, language maps, relationships,
 * vocab values, JSON values, several instances with datasetIds, sub-attributes, unitCode, scopes,
 * ids outside the BMP), plus the hand-written graphs of queryFixtures (an enumeration individual,
 * bare natural triples as SPARQL Update writes them), and random queries (types, q, scopeQ, attrs,
 * ids, idPattern, several EntitySelectors (§5.2.23, a union), limit / offset / count). For every query the compiler marks indexable, both paths
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
import { evaluateQ } from '../../../../fabric/ngsi-ld/query/qEvaluator.js';
import type { TypeExpression } from '../../../../fabric/ngsi-ld/query/parseTypeExpression.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { compareIds } from '../../../../fabric/ngsi-ld/index/idOrder.js';
import { EX, URIS, chance, instance, pick, randomEntity, randomQuery } from './randomEntities.js';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const NGSI = 'https://uri.etsi.org/ngsi-ld/';

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

/** Bare objects as SPARQL Update writes them (`INSERT DATA { GRAPH <e> { <e> P o } }`): numbers (integer, decimal), strings, lang strings, IRIs, booleans. */
const BARE_OBJECTS = ['1', '-2', '2.5', '7', '"Alpha"', '"alpha"@en', '<urn:ngsi-ld:Person:1>', '<urn:ngsi-ld:Person:2>', 'true', '"[-2]"^^rdf:JSON'];

/**
 * Fixed cases of a bare natural triple next to a reified instance of another shape (each once failed:
 * the decode merged the bare object into the instance, and the two paths read the mix differently).
 */
const MIXED: readonly [Entity, string][] = [
  [{ id: 'urn:x:mix:array', types: [`${EX}A`], attributes: new Map([[`${EX}temperature`, [instance('Property', { value: [-2] })]]]) }, 'ex:temperature 1'],
  [{ id: 'urn:x:mix:pureArray', types: [`${EX}A`], attributes: new Map([[`${EX}temperature`, [instance('Property', { value: [7, 10] })]]]) }, 'ex:name "x"'],
  [{ id: 'urn:x:mix:relationship', types: [`${EX}A`], attributes: new Map([[`${EX}owner`, [instance('Relationship', { object: URIS[0] })]]]) }, 'ex:owner 1'],
  [{ id: 'urn:x:mix:relString', types: [`${EX}A`], attributes: new Map([[`${EX}owner`, [instance('Relationship', { object: URIS[1] })]]]) }, 'ex:owner "Alpha"'],
  [{ id: 'urn:x:mix:language', types: [`${EX}A`], attributes: new Map([[`${EX}name`, [instance('LanguageProperty', { languageMap: { en: 'Alpha' } })]]]) }, 'ex:name 7'],
  [{ id: 'urn:x:mix:datasetOnly', types: [`${EX}A`], attributes: new Map([[`${EX}temperature`, [instance('Property', { value: 2, datasetId: 'urn:ds:a' })]]]) }, 'ex:temperature "Alpha"'],
  [{ id: 'urn:x:mix:datasets', types: [`${EX}A`], attributes: new Map([[`${EX}temperature`, [instance('Property', { value: [1, 2] }), instance('Property', { value: 5, datasetId: 'urn:ds:b' })]]]) }, 'ex:temperature <urn:ngsi-ld:Person:2>'],
  [{ id: 'urn:x:mix:object', types: [`${EX}A`], attributes: new Map([[`${EX}temperature`, [instance('Property', { value: { [`${EX}k`]: 2 } })]]]) }, 'ex:temperature 2.5'],
  [{ id: 'urn:x:mix:vocab', types: [`${EX}A`], attributes: new Map([[`${EX}status`, [instance('VocabProperty', { vocab: `${EX}On` })]]]) }, 'ex:status "On"'],
  // A bare IRI joins the default VocabProperty instance: it reads as a vocab (compared with the expanded value) too.
  [{ id: 'urn:x:mix:vocabJoined', types: [`${EX}A`], attributes: new Map([[`${EX}status`, [instance('VocabProperty', { vocab: `${EX}Off` })]]]) }, 'ex:status ex:On'],
  [{ id: 'urn:x:mix:boolean', types: [`${EX}A`], attributes: new Map([[`${EX}on`, [instance('Property', { value: true })]]]) }, 'ex:on 1'],
];

const AEROS = 'https://w3id.org/aerOS/continuum#';
const STATUS = `${AEROS}infrastructureElementStatus`; // rdfs:range an enumeration (ontology/continuum.ttl)
const URL = `${AEROS}publicUrl`; // rdfs:range xsd:anyURI
const DECIDED = `${CF}decidedAt`; // rdfs:range xsd:dateTime
const READY = `${AEROS}ReadyInfrastructureElement`;
const OVERLOAD = `${AEROS}OverloadInfrastructureElement`;
const withAttributes = (id: string, type: string, attributes: Record<string, AttributeInstance[]>): Entity =>
  ({ id, types: [`${EX}${type}`], attributes: new Map(Object.entries(attributes)) });

/**
 * Values the ontology writes in their own way (docs/ngsi-ld-mapping.md, Enumerations, string datatypes) and
 * Relationships, alone or joined by bare objects (SPARQL Update): each pair is an NGSI-LD entity and the bare
 * triples added to it. Once the two paths differed on each (the enumeration individual joined by a bare object
 * compared as its code on one path and as its IRI on the other; typed strings; Relationship objects ordered).
 */
const ONTOLOGY_VALUES: readonly [Entity, readonly string[]][] = [
  [withAttributes('urn:x:ont:ready', 'A', {
    [STATUS]: [instance('Property', { value: 'Ready' })], [URL]: [instance('Property', { value: 'https://a.example/x' })],
    [DECIDED]: [instance('Property', { value: '2024-01-01T00:00:00Z' })], [`${EX}owner`]: [instance('Relationship', { object: URIS[0] })],
    [`${EX}name`]: [instance('Property', { value: 'Alpha 1' })], // Date.parse takes it for 2001-01-01: no xsd:dateTime
  }), []],
  // Joined by a bare object: the natural triples win (the individual reads as its IRI, the typed string as a DateTime).
  [withAttributes('urn:x:ont:joined', 'A', {
    [STATUS]: [instance('Property', { value: 'READY' })], [DECIDED]: [instance('Property', { value: '2024-05-01T00:00:00Z' })],
    [`${EX}owner`]: [instance('Relationship', { object: URIS[1] })],
  }), [`<${STATUS}> 1`, `<${DECIDED}> "x"`, '<https://example.org/ns#owner> <urn:ngsi-ld:Person:3>']],
  // A datasetId instance takes no bare object: it keeps its code; the bare objects are an instance of their own.
  [withAttributes('urn:x:ont:dataset', 'Machine', {
    [STATUS]: [instance('Property', { value: 'OVERLOAD', datasetId: 'urn:ds:a' })],
    [`${EX}owner`]: [instance('Relationship', { object: URIS[0], datasetId: 'urn:ds:a' })],
    [`${EX}name`]: [instance('ListRelationship', { object: [URIS[1], URIS[0]] })],
  }), [`<${STATUS}> "Ready"`, '<https://example.org/ns#owner> "Alpha"']],
  // Bare values only: an individual reads as its code; two individuals as a Relationship; typed literals.
  [withAttributes('urn:x:ont:bare', 'A', {}), [`<${STATUS}> <${READY}>`, `<${URL}> "https://b.example/y"^^<http://www.w3.org/2001/XMLSchema#anyURI>`,
    `<${DECIDED}> "2024-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>`, '<https://example.org/ns#owner> <urn:ngsi-ld:Person:2>']],
  [withAttributes('urn:x:ont:bareTwo', 'Machine', {}), [`<${STATUS}> <${READY}>`, `<${STATUS}> <${OVERLOAD}>`,
    '<https://example.org/ns#owner> <urn:ngsi-ld:Person:1>', '<https://example.org/ns#owner> "urn:ngsi-ld:Person:9"']],
];

function insertBare(id: string, triples: readonly string[]): string {
  return `PREFIX ex: <${EX}> PREFIX rdf: <${RDF}> INSERT DATA { GRAPH <${id}> { ${triples.map((t) => `<${id}> ${t} .`).join(' ')} } }`;
}

const typeHolds = (e: TypeExpression, types: readonly string[]): boolean =>
  e.kind === 'type' ? types.includes(expand(e.name)) : e.kind === 'and' ? e.operands.every((o) => typeHolds(o, types)) : e.operands.some((o) => typeHolds(o, types));

const hasJson = (e: Entity): boolean => [...e.attributes.values()].flat().some((i) => typeof i.value === 'object' && i.value !== null);

describe.each([
  ['values may be arrays and objects (rdf:JSON: the SPARQL path post-filters q)', true],
  ['no array or object values (the SPARQL path is exact SPARQL)', false],
])('the JS query path over the read index returns what the SPARQL path returns: %s', (_, json) => {
  const store = new ObservedMemoryStore();
  const index = EntityIndex.attach(store)!;
  const writer = new EntityWriter(store);
  const sparqlPath = new EntityQueryService(store, writer, { cachedSelects: 0 });
  const indexPath = new EntityQueryService(store, writer, { cachedSelects: 0 }, index);
  /** Third oracle: every entity as GET /entities/{id} reads it from the store (quadsToEntity), q evaluated on it by §4.9 (evaluateQ). */
  let retrieved: Entity[] = [];
  const oracle = (params: EntityQueryParameters): string[] | undefined => {
    if (Object.keys(params).some((k) => k !== 'type' && k !== 'q')) return undefined;
    const query = parseEntityQuery(params);
    return retrieved.filter((e) => e.types.length > 0 && (!query.type || typeHolds(query.type, e.types)) && (!query.q || evaluateQ(query.q, e, expand)))
      .map((e) => e.id);
  };

  beforeAll(async () => {
    const entities = new Map<string, Entity>();
    for (let n = 0; n < 150; n++) {
      const e = randomEntity(n, json);
      entities.set(e.id, e);
    }
    const mixed = MIXED.filter(([e, bare]) => json || (!hasJson(e) && !bare.includes('JSON')));
    const ontology = ONTOLOGY_VALUES.map(([e]) => e);
    await store.commit({ deletes: [], inserts: [...entities.values(), ...ENTITIES, ...mixed.map(([e]) => e), ...ontology].flatMap((e) => entityToQuads(e)) });
    await store.load(TRIG, { format: 'application/trig' });
    // A bare natural triple (SPARQL Update) next to the reified instances of some entities, of any shape.
    for (const e of entities.values()) {
      if (!chance(0.3)) continue;
      const attribute = pick([...e.attributes.keys(), `${EX}temperature`, `${EX}name`]);
      const bare = (): string => pick(BARE_OBJECTS.filter((o) => json || !o.includes('JSON')));
      await store.update(insertBare(e.id, [`<${attribute}> ${bare()}`, ...(chance(0.2) ? [`<${attribute}> ${bare()}`] : [])]));
    }
    for (const [e, bare] of mixed) await store.update(insertBare(e.id, [bare]));
    for (const [e, bare] of ONTOLOGY_VALUES) if (bare.length > 0) await store.update(insertBare(e.id, bare));
    // Whether the store holds rdf:JSON values of temperature decides the SPARQL plan (EntityQueryCompiler jsonValues).
    const probe = await store.query(compileEntityQuery(parseEntityQuery({ q: 'temperature==1' }), expand).jsonValues!.probe);
    expect(probe.kind === 'boolean' && probe.value).toBe(json);
    const graphs = await store.query('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }');
    const ids = graphs.kind === 'bindings' ? graphs.rows.map((r) => r.get('g')!.value) : [];
    retrieved = ids.sort(compareIds).flatMap((id) => quadsToEntity(readEntityGraph(store, id), id) ?? []);
    expect(retrieved.length).toBeGreaterThan(150);
  });

  test('400 random queries: same ids, same order, same count', async () => {
    let compared = 0;
    let oracled = 0;
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
      const expected = oracle(params);
      if (expected) {
        const offset = paging.offset ?? 0;
        expect({ label, ids: viaIndex.entities.map((e) => e.id), count: viaIndex.count })
          .toEqual({ label, ids: expected.slice(offset, offset + paging.limit), count: paging.count ? expected.length : undefined });
        oracled++;
      }
      compared++;
      if (viaSparql.entities.length > 0) nonEmpty++;
      if (params.q) indexableKinds.add('q');
      if (params.scopeQ) indexableKinds.add('scopeQ');
      if (params.attrs) indexableKinds.add('attrs');
      if (params.idPattern) indexableKinds.add('idPattern');
      if (params.id) indexableKinds.add('id');
      if (params.selectors) indexableKinds.add('selectors');
    }
    // The comparison must not be vacuous: most queries take the JS path and many find something.
    expect(compared).toBeGreaterThan(300);
    expect(nonEmpty).toBeGreaterThan(100);
    expect(oracled).toBeGreaterThan(150);
    expect([...indexableKinds].sort()).toEqual(['attrs', 'id', 'idPattern', 'q', 'scopeQ', 'selectors']);
    expect(index.stats().directoryLoaded).toBe(true);
  });

  test.each([
    'on>false', 'on<true', 'on>=false', 'on!=true', 'name>"Alpha"', 'name<="alpha"', 'name=="Alpha"', 'name!="gamma"',
    'owner==urn:ngsi-ld:Person:1', 'owner>urn:ngsi-ld:Person:1', 'status==https://example.org/ns#On', 'name~=(?i)ALPHA',
    'temperature>=2.5', 'temperature==2.5,7', 'temperature!=1..10', 'temperature[k]>2', 'temperature.unitCode=="CEL"',
    'temperature.datasetId==urn:ds:a', 'temperature.accuracy<3', 'temperature=="Alpha"', 'temperature~="a"',
    // bare values next to reified instances of another shape (MIXED), and arrays (§4.9: "included in the target value")
    'temperature==-2', 'temperature==1', 'temperature>0', 'temperature<0', 'temperature!=1', 'temperature==7', 'temperature!=7',
    'temperature==1..2', 'temperature==2.5', 'temperature==urn:ngsi-ld:Person:2', 'temperature=="urn:ngsi-ld:Person:2"',
    'owner==1', 'owner=="1"', 'owner!=1', 'owner>0', 'owner=="Alpha"', 'owner~="^A"', 'owner!~="^A"', 'name==7', 'name>5', 'name!=7',
    'status=="On"', 'status==https://example.org/ns#On', 'on==1', 'on>=0', 'on==true', 'on!=true', 'temperature[k]==2',
    // '!' (does not exist), [tag] into a LanguageProperty, a VocabProperty compared with the value expanded as a vocab term
    '!owner', '!status', '!temperature.accuracy', '!temperature.unitCode', '(!owner|on==true);!missing', '!temperature[k]', '!name|!owner',
    'name[en]=="Alpha"', 'name[es]~=a', '!name[es]', 'name[EN]!="Beta"', 'status!="On"', 'status=="Off","On"', 'status>"On"', 'status=="Off".."On"',
  ])('fixed q %s', async (q) => {
    for (const type of ['A', 'Machine', undefined]) {
      const params = { ...(type ? { type } : {}), q };
      const compiled = compileEntityQuery(parseEntityQuery(params), expand);
      expect(compiled.indexed).toBeDefined();
      const paging = { limit: 200, count: true };
      const viaSparql = await sparqlPath.query(compiled, paging);
      const viaIndex = await indexPath.query(compiled, paging);
      expect({ params, ids: viaIndex.entities.map((e) => e.id) }).toEqual({ params, ids: viaSparql.entities.map((e) => e.id) });
      expect({ params, ids: viaIndex.entities.map((e) => e.id) }).toEqual({ params, ids: oracle(params) });
    }
  });

  // §4.9 on values the ontology writes in its own way and on Relationships (ONTOLOGY_VALUES); a DateTime
  // comparison is not indexable: there the SPARQL path alone is compared with q on the retrieved entities.
  test.each([
    'aeros:infrastructureElementStatus=="Ready"', 'aeros:infrastructureElementStatus=="READY"', 'aeros:infrastructureElementStatus=="Overloaded"',
    'aeros:infrastructureElementStatus=="OVERLOAD"', `aeros:infrastructureElementStatus==${READY}`, `aeros:infrastructureElementStatus=="${READY}"`,
    'aeros:infrastructureElementStatus!="Ready"', 'aeros:infrastructureElementStatus>"Q"', 'aeros:infrastructureElementStatus~=^R',
    'aeros:infrastructureElementStatus!~=^R', 'aeros:infrastructureElementStatus<"i"', 'aeros:infrastructureElementStatus==1',
    'aeros:publicUrl=="https://a.example/x"', 'aeros:publicUrl=="https://b.example/y"', 'aeros:publicUrl~=^https', 'aeros:publicUrl>"h"',
    'aeros:publicUrl==https://a.example/x', 'aeros:publicUrl!="https://a.example/x"',
    'cf:decidedAt=="2024-01-01T00:00:00Z"', 'cf:decidedAt=="2024-05-01T00:00:00Z"', 'cf:decidedAt>"2024"', 'cf:decidedAt~=^2024',
    'cf:decidedAt!="2024-01-01T00:00:00Z"', 'cf:decidedAt=="x"', 'cf:decidedAt>2023-06-01T00:00:00Z', 'cf:decidedAt==2024-01-01T00:00:00Z',
    'owner>"urn"', 'owner<"v"', 'owner>="urn:ngsi-ld:Person:1"', 'owner~=Person', 'owner!~=zzz', 'owner!~=Person:9', 'owner!~="quoted"',
    'owner=="urn:ngsi-ld:Person:1".."urn:ngsi-ld:Person:3"', 'owner!=urn:ngsi-ld:Person:1', 'owner==urn:ngsi-ld:Person:3',
    'name>"urn"', 'name~=Person:1', 'name==urn:ngsi-ld:Person:1', 'name!=urn:ngsi-ld:Person:1', 'status~=On$', 'status>"h"',
    'name>2000-01-01T00:00:00Z', 'name<2030-01-01', 'name>00:00:00',
  ])('q %s on ontology-typed values, enumerations and relationships', async (q) => {
    for (const type of ['A', 'Machine', undefined]) {
      const params = { ...(type ? { type } : {}), q };
      const compiled = compileEntityQuery(parseEntityQuery(params), expand);
      const paging = { limit: 200, count: true };
      const viaSparql = await sparqlPath.query(compiled, paging);
      expect({ params, ids: viaSparql.entities.map((e) => e.id) }).toEqual({ params, ids: oracle(params) });
      if (compiled.indexed) {
        const viaIndex = await indexPath.query(compiled, paging);
        expect({ params, ids: viaIndex.entities.map((e) => e.id) }).toEqual({ params, ids: oracle(params) });
      }
    }
  });

  test('the ontology cases are not vacuous: the retrieved entities show codes, strings and relationships as written', () => {
    const shown = (id: string, attribute: string): unknown => retrieved.find((e) => e.id === id)?.attributes.get(attribute)?.map((i) => i.value ?? i.object);
    expect(shown('urn:x:ont:ready', STATUS)).toEqual(['Ready']);
    expect(shown('urn:x:ont:ready', URL)).toEqual(['https://a.example/x']);
    expect(shown('urn:x:ont:ready', DECIDED)).toEqual(['2024-01-01T00:00:00Z']);
    expect(shown('urn:x:ont:joined', STATUS)).toEqual([expect.arrayContaining([1, READY])]);
    expect(shown('urn:x:ont:dataset', STATUS)).toEqual(['Ready', 'OVERLOAD']);
    expect(shown('urn:x:ont:bare', STATUS)).toEqual(['Ready']);
    expect(shown('urn:x:ont:bare', URL)).toEqual(['https://b.example/y']);
    expect(retrieved.find((e) => e.id === 'urn:x:ont:bareTwo')?.attributes.get(STATUS)?.[0].kind).toBe('Relationship');
  });

  test('a DateTime comparison stays on the SPARQL path', () => {
    expect(compileEntityQuery(parseEntityQuery({ type: 'A', q: 'temperature.observedAt>2020-01-01T00:00:00Z' }), expand).indexed).toBeUndefined();
    expect(compileEntityQuery(parseEntityQuery({ type: 'A', q: 'temperature>3' }), expand).indexed).toBeDefined();
  });
});
