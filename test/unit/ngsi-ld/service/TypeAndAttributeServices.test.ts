/**
 * TypeService (GS CIM 009 v1.8 §5.7.5–§5.7.7) and AttributeService (§5.7.8–§5.7.10) over a
 * MemoryGraphStore: SPARQL aggregates over the entity graphs.
 */
import { ResourceNotFoundError } from '../../../../fabric/errors/FabricError.js';
import { AttributeService } from '../../../../fabric/ngsi-ld/service/AttributeService.js';
import { EntityService } from '../../../../fabric/ngsi-ld/service/EntityService.js';
import { TypeService } from '../../../../fabric/ngsi-ld/service/TypeService.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { EntityIndex } from '../../../../fabric/ngsi-ld/index/EntityIndex.js';
import { EntityWriter } from '../../../../fabric/ngsi-ld/service/EntityWriter.js';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { factory, RDF_REIFIES } from '../../../../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import { entity, EX, prop, rel, setup, T } from './serviceFixtures.js';

const { namedNode, literal, quad } = factory;

async function populated() {
  const ctx = setup();
  const entities = new EntityService(ctx.writer);
  await entities.create(entity('urn:ngsi-ld:Vehicle:1', 'Vehicle', { speed: prop(10), owner: rel('urn:ngsi-ld:Person:1') }));
  await entities.create(entity('urn:ngsi-ld:Vehicle:2', 'Vehicle', { speed: [prop(20), prop(21, { datasetId: 'urn:d:gps' })] }));
  await entities.create(entity('urn:ngsi-ld:Person:1', ['Person', 'Agent'], { name: prop('Ana') }));
  // Not entity graphs: the ontology graph and a triple SPARQL wrote into an entity graph without a reifier.
  await ctx.store.update(`INSERT DATA { GRAPH <${GRAPHS.ontology}> { <${EX}Vehicle> a <http://www.w3.org/2002/07/owl#Class> } }`);
  await ctx.store.update(`INSERT DATA { GRAPH <urn:ngsi-ld:Person:1> { <urn:ngsi-ld:Person:1> <${EX}knows> <urn:ngsi-ld:Person:2> } }`);
  return { ...ctx, types: new TypeService(ctx.store), attributes: new AttributeService(ctx.store) };
}

describe('TypeService', () => {
  test('§5.7.5 lists each entity type once, sorted; ontology graph classes are not entity types', async () => {
    const { types } = await populated();
    expect(await types.listTypes()).toEqual([T('Agent'), T('Person'), T('Vehicle')]);
  });

  test('§5.7.6 details: attribute names per type (SPARQL-written attributes included)', async () => {
    const { types } = await populated();
    expect(await types.listTypeDetails()).toEqual([
      { type: T('Agent'), attributeNames: [T('knows'), T('name')] },
      { type: T('Person'), attributeNames: [T('knows'), T('name')] },
      { type: T('Vehicle'), attributeNames: [T('owner'), T('speed')] },
    ]);
  });

  test('§5.7.7 type info: entity count and attribute kinds', async () => {
    const { types } = await populated();
    expect(await types.typeInfo(T('Vehicle'))).toEqual({
      type: T('Vehicle'),
      entityCount: 2,
      attributeDetails: [
        { attributeName: T('owner'), attributeTypes: ['Relationship'] },
        { attributeName: T('speed'), attributeTypes: ['Property'] },
      ],
    });
    expect((await types.typeInfo(T('Person'))).attributeDetails).toContainEqual({ attributeName: T('knows'), attributeTypes: ['Relationship'] });
  });

  test('§5.7.7 an unknown type (or one that cannot be an IRI) is ResourceNotFound', async () => {
    const { types } = await populated();
    await expect(types.typeInfo(T('Nothing'))).rejects.toBeInstanceOf(ResourceNotFoundError);
    await expect(types.typeInfo('bad iri>')).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe('TypeService with the read index answers §5.7.5 as the SPARQL scan does', () => {
  test('from its type directory, following creates, type changes, SPARQL writes and deletes', async () => {
    const store = new ObservedMemoryStore();
    const index = EntityIndex.attach(store)!;
    const writer = new EntityWriter(store, { index });
    const entities = new EntityService(writer, index);
    const viaIndex = new TypeService(store, index);
    const viaSparql = new TypeService(store);
    const both = async (): Promise<string[]> => {
      const fromIndex = await viaIndex.listTypes();
      expect(fromIndex).toEqual(await viaSparql.listTypes());
      return fromIndex;
    };
    await entities.create(entity('urn:ngsi-ld:Vehicle:1', 'Vehicle', { speed: prop(10) }));
    await entities.create(entity('urn:ngsi-ld:Person:1', ['Person', 'Agent'], { name: prop('Ana') }));
    // Code point order: a type IRI with a character above U+FFFF sorts after one with U+F900.
    await entities.create(entity('urn:ngsi-ld:X:1', ['\u{1F600}', '\uF900'], {}));
    // Not entity types: the ontology graph's classes, a literal object of rdf:type, a graph not named by its subject.
    await store.update(`INSERT DATA { GRAPH <${GRAPHS.ontology}> { <${EX}Vehicle> a <http://www.w3.org/2002/07/owl#Class> } }`);
    await store.update(`INSERT DATA { GRAPH <urn:ngsi-ld:Vehicle:1> { <urn:ngsi-ld:Vehicle:1> a "Car" } }`);
    await store.update(`INSERT DATA { GRAPH <urn:g> { <urn:other> a <${EX}Ghost> } }`);
    // A type written by SPARQL Update into an entity graph is a type of that entity.
    await store.update(`INSERT DATA { GRAPH <urn:ngsi-ld:Vehicle:1> { <urn:ngsi-ld:Vehicle:1> a <${EX}Truck> } }`);
    expect(await both()).toEqual([T('Agent'), T('Person'), T('Truck'), T('Vehicle'), T('\uF900'), T('\u{1F600}')]);
    await entities.delete('urn:ngsi-ld:Person:1');
    await store.update(`DELETE DATA { GRAPH <urn:ngsi-ld:Vehicle:1> { <urn:ngsi-ld:Vehicle:1> a <${EX}Truck> } }`);
    expect(await both()).toEqual([T('Vehicle'), T('\uF900'), T('\u{1F600}')]);
  });
});

describe('AttributeService', () => {
  test('§5.7.8 lists each attribute once, sorted', async () => {
    const { attributes } = await populated();
    expect(await attributes.listAttributes()).toEqual([T('knows'), T('name'), T('owner'), T('speed')]);
  });

  test('§5.7.9 details: the types of the entities having each attribute', async () => {
    const { attributes } = await populated();
    expect(await attributes.listAttributeDetails()).toContainEqual({ attributeName: T('name'), typeNames: [T('Agent'), T('Person')] });
  });

  test('§5.7.10 attribute info counts instances (datasetIds included) and unreified triples', async () => {
    const { attributes } = await populated();
    expect(await attributes.attributeInfo(T('speed'))).toEqual({ attributeName: T('speed'), attributeCount: 3, attributeTypes: ['Property'], typeNames: [T('Vehicle')] });
    expect((await attributes.attributeInfo(T('knows'))).attributeCount).toBe(1);
    await expect(attributes.attributeInfo(T('nothing'))).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  test('§5.7.10 a triple annotated in RDF 1.2 (a reifier without cf:attributeKind) counts as one instance, as retrieval reads it', async () => {
    const { attributes, store } = await populated();
    const person = 'urn:ngsi-ld:Person:1';
    const g = namedNode(person);
    const likes = quad(g, namedNode(T('likes')), namedNode('urn:ngsi-ld:Person:3'), g);
    const note = namedNode('urn:test:note');
    await store.commit({ deletes: [], inserts: [likes, quad(note, namedNode(RDF_REIFIES), quad(likes.subject, likes.predicate, likes.object), g), quad(note, namedNode(`${EX}source`), literal('by hand'), g)] });
    const read = quadsToEntity(store.match(null, null, null, namedNode(person)), person)!;
    expect(read.attributes.get(T('likes'))).toHaveLength(1);
    expect(await attributes.attributeInfo(T('likes'))).toMatchObject({ attributeCount: 1, attributeTypes: ['Relationship'] });
  });
});
