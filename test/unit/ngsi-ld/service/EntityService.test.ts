/**
 * EntityService over a MemoryGraphStore (GS CIM 009 v1.8 §5.6, §5.7.1; §4.8 system attributes).
 */
import { jest } from '@jest/globals';
import N3 from 'n3';
import { AlreadyExistsError, BadRequestDataError, ResourceNotFoundError } from '../../../../fabric/errors/FabricError.js';
import { NGSI_LD_NULL } from '../../../../fabric/ngsi-ld/codec/ngsiLdVocabulary.js';
import { EntityService } from '../../../../fabric/ngsi-ld/service/EntityService.js';
import { attrs, entity, EX, instance, prop, rel, setup, T } from './serviceFixtures.js';

const ID = 'urn:ngsi-ld:Vehicle:A1';

function service() {
  const ctx = setup();
  return { ...ctx, entities: new EntityService(ctx.writer) };
}

async function withVehicle() {
  const ctx = service();
  await ctx.entities.create(entity(ID, 'Vehicle', {
    speed: prop(80, { observedAt: '2026-01-01T00:00:00.000Z', unitCode: 'KMH', subAttributes: new Map([[T('accuracy'), [prop(0.5)]]]) }),
    brand: prop('Mercedes'),
    owner: rel('urn:ngsi-ld:Person:p1'),
  }));
  return ctx;
}

describe('EntityService create (§5.6.1) and retrieve (§5.7.1)', () => {
  test('a created entity reads back with createdAt = modifiedAt on the entity and each attribute (§4.8)', async () => {
    const { entities, clock } = await withVehicle();
    const e = entities.retrieve(ID);
    expect(e.types).toEqual([T('Vehicle')]);
    expect(e.createdAt).toBe(clock.iso);
    expect(e.modifiedAt).toBe(clock.iso);
    expect(instance(e, 'speed')).toMatchObject({ value: 80, unitCode: 'KMH', createdAt: clock.iso, modifiedAt: clock.iso });
    expect(instance(e, 'owner')?.object).toBe('urn:ngsi-ld:Person:p1');
  });

  test('SPARQL sees natural triples in the entity graph', async () => {
    const { store } = await withVehicle();
    const result = await store.query(`SELECT ?v WHERE { GRAPH <${ID}> { <${ID}> a <${EX}Vehicle> ; <${EX}speed> ?v } }`);
    expect(result.kind === 'bindings' && result.rows.map((r) => r.get('v')?.value)).toEqual(['80']);
  });

  test('creating an existing id fails with AlreadyExists (409) and changes nothing', async () => {
    const { entities, store } = await withVehicle();
    const before = store.size();
    await expect(entities.create(entity(ID, 'Other', { x: prop(1) }))).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(store.size()).toBe(before);
    expect(entities.retrieve(ID).types).toEqual([T('Vehicle')]);
  });

  test('two concurrent creates of one id: exactly one wins', async () => {
    const { entities } = service();
    const results = await Promise.allSettled([entities.create(entity(ID, 'A', { x: prop(1) })), entities.create(entity(ID, 'B', { x: prop(2) }))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof AlreadyExistsError)).toHaveLength(1);
  });

  test('an entity without type is BadRequestData (§4.5.1)', async () => {
    const { entities } = service();
    await expect(entities.create({ id: ID, types: [], attributes: new Map() })).rejects.toBeInstanceOf(BadRequestDataError);
  });

  test('retrieving a missing entity is ResourceNotFound (404)', () => {
    const { entities } = service();
    expect(() => entities.retrieve(ID)).toThrow(ResourceNotFoundError);
    expect(entities.find(ID)).toBeUndefined();
  });

  test('every write is one store commit', async () => {
    const { entities, store } = await withVehicle();
    const commit = jest.spyOn(store, 'commit');
    await entities.merge(ID, { attributes: attrs({ speed: prop(90) }) });
    await entities.appendAttributes(ID, { attributes: attrs({ colour: prop('red') }) });
    await entities.deleteAttribute(ID, T('colour'));
    expect(commit).toHaveBeenCalledTimes(3);
  });
});

describe('EntityService replace (§5.6.18)', () => {
  test('replaces types and attributes, keeps createdAt, advances modifiedAt', async () => {
    const { entities, clock } = await withVehicle();
    const created = clock.iso;
    const later = clock.advance(10);
    await entities.replace(ID, entity('', 'Car', { colour: prop('blue') }));
    const e = entities.retrieve(ID);
    expect(e.types).toEqual([T('Car')]);
    expect([...e.attributes.keys()]).toEqual([T('colour')]);
    expect(e.createdAt).toBe(created);
    expect(e.modifiedAt).toBe(later);
  });

  test('a payload id different from the URL id is BadRequestData; a missing entity is ResourceNotFound', async () => {
    const { entities } = await withVehicle();
    await expect(entities.replace(ID, entity('urn:x:other', 'Car'))).rejects.toBeInstanceOf(BadRequestDataError);
    await expect(entities.replace('urn:ngsi-ld:Vehicle:none', entity('', 'Car'))).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe('EntityService merge-patch (§5.6.17)', () => {
  test('value replaced, observedAt / unitCode / sub-attributes kept when not given', async () => {
    const { entities, clock } = await withVehicle();
    const created = clock.iso;
    const later = clock.advance(5);
    await entities.merge(ID, { attributes: attrs({ speed: prop(95) }) });
    const speed = instance(entities.retrieve(ID), 'speed')!;
    expect(speed.value).toBe(95);
    expect(speed.observedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(speed.unitCode).toBe('KMH');
    expect(speed.subAttributes.get(T('accuracy'))?.[0].value).toBe(0.5);
    expect(speed.createdAt).toBe(created);
    expect(speed.modifiedAt).toBe(later);
  });

  test('observedAt / unitCode given are merged in; a sub-attribute is added without dropping the others', async () => {
    const { entities } = await withVehicle();
    await entities.merge(ID, { attributes: attrs({ speed: prop(70, { observedAt: '2026-02-01T00:00:00.000Z', subAttributes: new Map([[T('source'), [prop('radar')]]]) }) }) });
    const speed = instance(entities.retrieve(ID), 'speed')!;
    expect(speed.observedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(speed.unitCode).toBe('KMH');
    expect([...speed.subAttributes.keys()].sort()).toEqual([T('accuracy'), T('source')]);
  });

  test('NGSI-LD Null deletes an attribute and a sub-attribute; new attributes are added; types are added', async () => {
    const { entities } = await withVehicle();
    await entities.merge(ID, {
      types: [T('Car')],
      attributes: attrs({
        brand: prop(NGSI_LD_NULL),
        owner: rel(NGSI_LD_NULL),
        speed: prop(60, { subAttributes: new Map([[T('accuracy'), [prop(NGSI_LD_NULL)]]]) }),
        colour: prop('green'),
      }),
    });
    const e = entities.retrieve(ID);
    expect([...e.types].sort()).toEqual([T('Car'), T('Vehicle')]);
    expect(e.attributes.has(T('brand'))).toBe(false);
    expect(e.attributes.has(T('owner'))).toBe(false);
    expect(instance(e, 'speed')!.subAttributes.size).toBe(0);
    expect(instance(e, 'colour')!.value).toBe('green');
  });

  test('merging a missing entity is ResourceNotFound', async () => {
    const { entities } = service();
    await expect(entities.merge(ID, { attributes: attrs({ a: prop(1) }) })).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe('EntityService delete (§5.6.6)', () => {
  test('removes the whole entity graph; a second delete is ResourceNotFound', async () => {
    const { entities, store } = await withVehicle();
    await entities.delete(ID);
    expect(store.match(null, null, null, N3.DataFactory.namedNode(ID))).toHaveLength(0);
    await expect(entities.delete(ID)).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe('EntityService append attributes (§5.6.3)', () => {
  test('adds new attributes and overwrites existing ones (all updated → 204)', async () => {
    const { entities } = await withVehicle();
    const result = await entities.appendAttributes(ID, { attributes: attrs({ brand: prop('Audi'), colour: prop('red') }) });
    expect(result.updated.sort()).toEqual([T('brand'), T('colour')]);
    expect(result.notUpdated).toEqual([]);
    const e = entities.retrieve(ID);
    expect(instance(e, 'brand')!.value).toBe('Audi');
    expect(instance(e, 'colour')!.value).toBe('red');
  });

  test('noOverwrite keeps existing attributes and reports them in notUpdated (207)', async () => {
    const { entities } = await withVehicle();
    const result = await entities.appendAttributes(ID, { attributes: attrs({ brand: prop('Audi'), colour: prop('red') }) }, { noOverwrite: true });
    expect(result.updated).toEqual([T('colour')]);
    expect(result.notUpdated).toEqual([expect.objectContaining({ attributeName: T('brand') })]);
    expect(instance(entities.retrieve(ID), 'brand')!.value).toBe('Mercedes');
  });

  test('a new datasetId adds an instance beside the default one (§4.5.5)', async () => {
    const { entities } = await withVehicle();
    await entities.appendAttributes(ID, { attributes: attrs({ speed: prop(81, { datasetId: 'urn:ngsi-ld:Dataset:gps' }) }) });
    const e = entities.retrieve(ID);
    expect(e.attributes.get(T('speed'))).toHaveLength(2);
    expect(instance(e, 'speed', 'urn:ngsi-ld:Dataset:gps')!.value).toBe(81);
    expect(instance(e, 'speed')!.value).toBe(80);
  });

  test('appending to a missing entity is ResourceNotFound', async () => {
    const { entities } = service();
    await expect(entities.appendAttributes(ID, { attributes: attrs({ a: prop(1) }) })).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe('EntityService update attributes (§5.6.2)', () => {
  test('existing attributes are replaced (createdAt kept), missing ones reported in notUpdated', async () => {
    const { entities, clock } = await withVehicle();
    const created = clock.iso;
    clock.advance(3);
    const result = await entities.updateAttributes(ID, { attributes: attrs({ brand: prop('BMW'), colour: prop('red') }) });
    expect(result.updated).toEqual([T('brand')]);
    expect(result.notUpdated).toEqual([expect.objectContaining({ attributeName: T('colour') })]);
    const e = entities.retrieve(ID);
    expect(instance(e, 'brand')).toMatchObject({ value: 'BMW', createdAt: created, modifiedAt: clock.iso });
    expect(e.attributes.has(T('colour'))).toBe(false);
  });

  test('an update replaces the instance as a whole: unitCode not given is gone', async () => {
    const { entities } = await withVehicle();
    await entities.updateAttributes(ID, { attributes: attrs({ speed: prop(10) }) });
    expect(instance(entities.retrieve(ID), 'speed')!.unitCode).toBeUndefined();
  });

  test('nothing updated → nothing written', async () => {
    const { entities, store, clock } = await withVehicle();
    const modified = entities.retrieve(ID).modifiedAt;
    clock.advance(1);
    const commit = jest.spyOn(store, 'commit');
    const result = await entities.updateAttributes(ID, { attributes: attrs({ nope: prop(1) }) });
    expect(result.updated).toEqual([]);
    expect(commit).not.toHaveBeenCalled();
    expect(entities.retrieve(ID).modifiedAt).toBe(modified);
  });
});

describe('EntityService partial attribute update (§5.6.4)', () => {
  test('merges into the existing instance', async () => {
    const { entities } = await withVehicle();
    await entities.updateAttribute(ID, T('speed'), [prop(99)]);
    expect(instance(entities.retrieve(ID), 'speed')).toMatchObject({ value: 99, unitCode: 'KMH' });
  });

  test('a missing attribute or datasetId instance is ResourceNotFound', async () => {
    const { entities } = await withVehicle();
    await expect(entities.updateAttribute(ID, T('colour'), [prop(1)])).rejects.toBeInstanceOf(ResourceNotFoundError);
    await expect(entities.updateAttribute(ID, T('speed'), [prop(1, { datasetId: 'urn:d:x' })])).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe('EntityService replace attribute (§5.6.19)', () => {
  test('replaces the instance as a whole; a missing attribute is ResourceNotFound', async () => {
    const { entities } = await withVehicle();
    await entities.replaceAttribute(ID, T('speed'), [prop(5)]);
    const speed = instance(entities.retrieve(ID), 'speed')!;
    expect(speed.value).toBe(5);
    expect(speed.unitCode).toBeUndefined();
    expect(speed.subAttributes.size).toBe(0);
    await expect(entities.replaceAttribute(ID, T('colour'), [prop(1)])).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe('EntityService delete attribute (§5.6.5)', () => {
  async function withTwoInstances() {
    const ctx = await withVehicle();
    await ctx.entities.appendAttributes(ID, { attributes: attrs({ speed: prop(81, { datasetId: 'urn:d:gps' }) }) });
    return ctx;
  }

  test('without datasetId deletes the default instance only', async () => {
    const { entities } = await withTwoInstances();
    await entities.deleteAttribute(ID, T('speed'));
    expect(entities.retrieve(ID).attributes.get(T('speed'))?.map((i) => i.datasetId)).toEqual(['urn:d:gps']);
  });

  test('with datasetId deletes that instance; deleteAll deletes all', async () => {
    const { entities } = await withTwoInstances();
    await entities.deleteAttribute(ID, T('speed'), { datasetId: 'urn:d:gps' });
    expect(entities.retrieve(ID).attributes.get(T('speed'))?.map((i) => i.datasetId)).toEqual([undefined]);
    await entities.appendAttributes(ID, { attributes: attrs({ speed: prop(82, { datasetId: 'urn:d:gps' }) }) });
    await entities.deleteAttribute(ID, T('speed'), { deleteAll: true });
    expect(entities.retrieve(ID).attributes.has(T('speed'))).toBe(false);
  });

  test('a missing attribute or instance is ResourceNotFound', async () => {
    const { entities } = await withVehicle();
    await expect(entities.deleteAttribute(ID, T('colour'))).rejects.toBeInstanceOf(ResourceNotFoundError);
    await expect(entities.deleteAttribute(ID, T('speed'), { datasetId: 'urn:d:none' })).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  test('deleting the natural triple: SPARQL no longer sees it', async () => {
    const { entities, store } = await withVehicle();
    await entities.deleteAttribute(ID, T('brand'));
    const ask = await store.query(`ASK { GRAPH <${ID}> { <${ID}> <${EX}brand> ?v } }`);
    expect(ask).toEqual({ kind: 'boolean', value: false });
  });
});
