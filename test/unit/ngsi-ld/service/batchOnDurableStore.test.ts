/**
 * Batch writes on the durable store (EntityWriter.writeBatch, issue 3 "batch upsert of telemetry"):
 * the items that succeed become ONE commit (one log record, one change-feed record), exact at
 * the change count read before the first item, so the store applies it as text; a failed item
 * leaves its entity as it was; a later item sees an earlier one; recovery gives the same state.
 */
import { jest } from '@jest/globals';
import N3 from 'n3';
import oxigraph from 'oxigraph';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { recoverInto } from '../../../../fabric/store/durable/recoverInto.js';
import type { ChangeRecord } from '../../../../fabric/store/GraphStore.js';
import { BatchService } from '../../../../fabric/ngsi-ld/service/BatchService.js';
import { EntityService } from '../../../../fabric/ngsi-ld/service/EntityService.js';
import { EntityValidator } from '../../../../fabric/ngsi-ld/service/EntityValidator.js';
import { EntityWriter } from '../../../../fabric/ngsi-ld/service/EntityWriter.js';
import { entity, EX, instance, prop, T, TestClock } from './serviceFixtures.js';

const id = (n: number): string => `urn:ngsi-ld:Sensor:${n}`;
const shapes = new N3.Parser().parse(`
  @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <${EX}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
  ex:SensorShape a sh:NodeShape ; sh:targetClass ex:Sensor ;
    sh:property [ sh:path ex:t ; sh:datatype xsd:integer ; sh:maxCount 1 ] .`);
const sortedDump = (text: string) => text.split('\n').filter(Boolean).sort();

async function durableServices() {
  const dir = mkdtempSync(join(tmpdir(), 'cf-batch-'));
  const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
  const clock = new TestClock();
  const writer = new EntityWriter(store, { clock: clock.now, validator: new EntityValidator({ shapes }) });
  const records: ChangeRecord[] = [];
  store.onCommit((r) => records.push(r));
  return { dir, store, clock, records, batch: new BatchService(writer), entities: new EntityService(writer) };
}

describe('batch upsert on the durable store', () => {
  test('50 telemetry items are one exact commit: one log record, text path, every item written', async () => {
    const { dir, store, clock, records, batch, entities } = await durableServices();
    await batch.create(Array.from({ length: 50 }, (_, i) => entity(id(i), 'Sensor', { t: prop(i), other: prop('x') })));
    clock.advance();
    const checked = jest.spyOn(store.inner, 'applyChange');
    const before = records.length;
    const result = await batch.upsert(Array.from({ length: 50 }, (_, i) => entity(id(i), 'Sensor', { t: prop(i + 100) })), 'update');
    expect(result.errors).toEqual([]);
    expect(result.success).toHaveLength(50);
    expect(records.length - before).toBe(1);
    expect(checked).not.toHaveBeenCalled();
    for (let i = 0; i < 50; i += 7) {
      expect(instance(entities.retrieve(id(i)), 't')!.value).toBe(i + 100);
      expect(instance(entities.retrieve(id(i)), 'other')!.value).toBe('x');
    }
    const deleted = oxigraph.parse(records.at(-1)!.deletes, { format: 'application/n-quads' });
    expect(deleted.some((q) => q.object.termType === 'Literal' && q.object.value === '7')).toBe(true);
    const replica = new oxigraph.Store();
    recoverInto(replica, dir);
    expect(sortedDump(replica.dump({ format: 'application/n-quads' }))).toEqual(sortedDump(store.dump('application/n-quads')));
    await store.close();
  });

  test('a rejected item leaves its entity untouched, a later item on the same entity sees the earlier one', async () => {
    const { store, batch, entities } = await durableServices();
    await entities.create(entity(id(1), 'Sensor', { t: prop(1) }));
    await entities.create(entity(id(2), 'Sensor', { t: prop(2) }));
    const untouched = store.dump('application/n-quads', id(2));
    const result = await batch.upsert([
      entity(id(1), 'Sensor', { a: prop('first') }),
      entity(id(2), 'Sensor', { t: prop('not an integer') }),
      entity(id(1), 'Sensor', { b: prop('second') }),
      entity(id(3), 'Sensor', { t: prop(3) }),
    ], 'update');
    expect(result.success).toEqual([id(1), id(1), id(3)]);
    expect(result.created).toEqual([id(3)]);
    expect(result.errors.map((e) => [e.entityId, e.error.status])).toEqual([[id(2), 400]]);
    expect(store.dump('application/n-quads', id(2))).toBe(untouched);
    const one = entities.retrieve(id(1));
    expect([instance(one, 't')!.value, instance(one, 'a')!.value, instance(one, 'b')!.value]).toEqual([1, 'first', 'second']);
    expect(one.attributes.has(T('b'))).toBe(true);
    await store.close();
  });

  test('concurrent batches on overlapping entities both complete (locks in id order)', async () => {
    const { batch, entities, store } = await durableServices();
    await batch.create([entity(id(1), 'Sensor', { t: prop(1) }), entity(id(2), 'Sensor', { t: prop(2) })]);
    const [a, b] = await Promise.all([
      batch.upsert([entity(id(2), 'Sensor', { t: prop(20) }), entity(id(1), 'Sensor', { t: prop(10) })], 'update'),
      batch.upsert([entity(id(1), 'Sensor', { t: prop(11) }), entity(id(2), 'Sensor', { t: prop(21) })], 'update'),
    ]);
    expect([a.errors, b.errors]).toEqual([[], []]);
    expect([instance(entities.retrieve(id(1)), 't')!.value, instance(entities.retrieve(id(2)), 't')!.value]).toEqual([11, 21]);
    await store.close();
  });
});
