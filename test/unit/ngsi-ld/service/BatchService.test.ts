/**
 * BatchService over a MemoryGraphStore (GS CIM 009 v1.8 §5.6.7–§5.6.10, §5.6.20; §5.2.16
 * BatchOperationResult). Each item is one atomic commit; a failed item writes nothing.
 */
import { jest } from '@jest/globals';
import { BadRequestDataError } from '../../../../fabric/errors/FabricError.js';
import type { Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { BatchService } from '../../../../fabric/ngsi-ld/service/BatchService.js';
import { EntityService } from '../../../../fabric/ngsi-ld/service/EntityService.js';
import { EntityValidator } from '../../../../fabric/ngsi-ld/service/EntityValidator.js';
import N3 from 'n3';
import { entity, EX, instance, prop, setup, T } from './serviceFixtures.js';

const id = (n: number): string => `urn:ngsi-ld:Sensor:${n}`;
const ETSI = 'https://uri.etsi.org/ngsi-ld/errors/';

function services(options = {}) {
  const ctx = setup(options);
  return { ...ctx, batch: new BatchService(ctx.writer), entities: new EntityService(ctx.writer) };
}

describe('batch create (§5.6.7)', () => {
  test('all new → every id in success and in created', async () => {
    const { batch, entities } = services();
    const result = await batch.create([entity(id(1), 'Sensor', { t: prop(1) }), entity(id(2), 'Sensor', { t: prop(2) })]);
    expect(result.success).toEqual([id(1), id(2)]);
    expect(result.created).toEqual([id(1), id(2)]);
    expect(result.errors).toEqual([]);
    expect(instance(entities.retrieve(id(2)), 't')!.value).toBe(2);
  });

  test('an existing id fails with AlreadyExists for that item only; the duplicate in one batch fails too', async () => {
    const { batch, entities } = services();
    await entities.create(entity(id(1), 'Sensor', { t: prop(1) }));
    const result = await batch.create([entity(id(1), 'Sensor', { t: prop(9) }), entity(id(2), 'Sensor'), entity(id(2), 'Sensor')]);
    expect(result.success).toEqual([id(2)]);
    expect(result.errors.map((e) => [e.entityId, e.error.typeUri, e.error.status])).toEqual([
      [id(1), `${ETSI}AlreadyExists`, 409],
      [id(2), `${ETSI}AlreadyExists`, 409],
    ]);
    expect(instance(entities.retrieve(id(1)), 't')!.value).toBe(1);
  });

  test('an item the expander rejects becomes a typed error entry with its id; the others are written', async () => {
    const { batch, entities } = services();
    const raw = [{ id: id(1), ok: true }, { id: id(2), ok: false }];
    const result = await batch.create(raw, (item) => {
      if (!item.ok) throw new BadRequestDataError('bad attribute x', { attribute: 'x' });
      return entity(item.id, 'Sensor');
    });
    expect(result.success).toEqual([id(1)]);
    expect(result.errors.map((e) => ({ entityId: e.entityId, error: e.error.toProblem() }))).toEqual([
      { entityId: id(2), error: expect.objectContaining({ type: `${ETSI}BadRequestData`, detail: 'bad attribute x', attribute: 'x' }) },
    ]);
    expect(entities.find(id(2))).toBeUndefined();
  });
});

describe('batch upsert (§5.6.8)', () => {
  test('options=replace (default): existing entities are replaced, new ones created and listed in created', async () => {
    const { batch, entities } = services();
    await entities.create(entity(id(1), 'Sensor', { t: prop(1), keep: prop('x') }));
    const result = await batch.upsert([entity(id(1), 'Sensor', { t: prop(5) }), entity(id(2), 'Sensor', { t: prop(6) })]);
    expect(result.success).toEqual([id(1), id(2)]);
    expect(result.created).toEqual([id(2)]);
    const e1 = entities.retrieve(id(1));
    expect(instance(e1, 't')!.value).toBe(5);
    expect(e1.attributes.has(T('keep'))).toBe(false);
  });

  test('options=update: existing attributes are overwritten, the others kept', async () => {
    const { batch, entities } = services();
    await entities.create(entity(id(1), 'Sensor', { t: prop(1), keep: prop('x') }));
    const result = await batch.upsert([entity(id(1), 'Sensor', { t: prop(5) })], 'update');
    expect(result.created).toEqual([]);
    const e1 = entities.retrieve(id(1));
    expect(instance(e1, 't')!.value).toBe(5);
    expect(instance(e1, 'keep')!.value).toBe('x');
  });

  test('the result comes only once every item\'s commit is durable; all items are visible then', async () => {
    const { batch, store } = services();
    let makeDurable!: () => void;
    const durable = new Promise<{ seq: number }>((resolve) => { makeDurable = () => resolve({ seq: 1 }); });
    jest.spyOn(store, 'commit').mockImplementation((change) => {
      store.applyChange(change);
      return durable;
    });
    // New entities go in through the bulk N-Quads load (EntityWriter.commit): applied now, durable later.
    const load = store.load.bind(store);
    jest.spyOn(store, 'load').mockImplementation((data, options) => load(data, options).then((n) => durable.then(() => n)));
    let done = false;
    const pending = batch.upsert(Array.from({ length: 50 }, (_, i) => entity(id(i), 'Sensor', { t: prop(i) }))).then((r) => { done = true; return r; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    makeDurable();
    expect((await pending).success).toHaveLength(50);
    const count = await store.query(`SELECT (COUNT(?e) AS ?n) WHERE { GRAPH ?e { ?e a <${EX}Sensor> } }`);
    expect(count.kind === 'bindings' && count.rows[0].get('n')?.value).toBe('50');
  });
});

describe('batch update (§5.6.9)', () => {
  test('missing entity → ResourceNotFound for that item; noOverwrite keeps existing attributes', async () => {
    const { batch, entities } = services();
    await entities.create(entity(id(1), 'Sensor', { t: prop(1) }));
    const result = await batch.update([entity(id(1), 'Sensor', { t: prop(2), u: prop(3) }), entity(id(2), 'Sensor', { t: prop(1) })], true);
    expect(result.success).toEqual([id(1)]);
    expect(result.errors.map((e) => [e.entityId, e.error.status])).toEqual([[id(2), 404]]);
    const e1 = entities.retrieve(id(1));
    expect(instance(e1, 't')!.value).toBe(1);
    expect(instance(e1, 'u')!.value).toBe(3);
    expect(entities.find(id(2))).toBeUndefined();
  });
});

describe('batch merge (§5.6.20)', () => {
  test('merge-patches each entity; missing → ResourceNotFound', async () => {
    const { batch, entities } = services();
    await entities.create(entity(id(1), 'Sensor', { t: prop(1, { unitCode: 'CEL' }) }));
    const result = await batch.merge([entity(id(1), 'Sensor', { t: prop(2) }), entity(id(3), 'Sensor', { t: prop(1) })]);
    expect(result.success).toEqual([id(1)]);
    expect(result.errors.map((e) => e.entityId)).toEqual([id(3)]);
    expect(instance(entities.retrieve(id(1)), 't')).toMatchObject({ value: 2, unitCode: 'CEL' });
  });
});

describe('batch delete (§5.6.10)', () => {
  test('deletes existing ids; missing → 404, not a URI → 400', async () => {
    const { batch, entities, store } = services();
    await entities.create(entity(id(1), 'Sensor'));
    const result = await batch.delete([id(1), id(2), 'not a uri']);
    expect(result.success).toEqual([id(1)]);
    expect(result.errors.map((e) => [e.entityId, e.error.status])).toEqual([[id(2), 404], ['not a uri', 400]]);
    expect(store.match(null, null, null, N3.DataFactory.namedNode(id(1)))).toHaveLength(0);
  });
});

describe('atomicity per item (issue 3: a failed batch item never half-writes an entity)', () => {
  test('an item rejected by SHACL leaves its entity exactly as it was, while the other items are written', async () => {
    const shapes = new N3.Parser().parse(`
      @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <${EX}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
      ex:SensorShape a sh:NodeShape ; sh:targetClass ex:Sensor ;
        sh:property [ sh:path ex:t ; sh:datatype xsd:integer ; sh:maxCount 1 ] .`);
    const { batch, entities, store } = services({ validator: new EntityValidator({ shapes }) });
    await entities.create(entity(id(1), 'Sensor', { t: prop(1), other: prop('a') }));
    const before = store.dump('application/n-quads', id(1));
    const result = await batch.upsert([
      entity(id(1), 'Sensor', { t: prop('not an integer'), other: prop('b') }),
      entity(id(2), 'Sensor', { t: prop(2) }),
    ], 'update');
    expect(result.success).toEqual([id(2)]);
    expect(result.errors[0]).toMatchObject({ entityId: id(1), error: { status: 400, extensions: { attribute: T('t') } } });
    expect(store.dump('application/n-quads', id(1))).toBe(before);
  });
});

describe('expansion input', () => {
  test('an item without id is a BadRequestData error entry', async () => {
    const { batch } = services();
    const noId: Entity = { id: '', types: [T('Sensor')], attributes: new Map() };
    const result = await batch.create([noId]);
    expect(result.errors).toEqual([{ entityId: '', error: expect.objectContaining({ status: 400 }) }]);
  });
});
