/**
 * planBatch (§5.6.7–§5.6.10 batch semantics, EntityWriter.writeBatch): items planned in order, each on its entity
 * as the earlier items left it; a failing plan or validation fails only its item; one change per entity changed,
 * against the graph as read; synchronous unless a validation is asynchronous.
 */
import N3 from 'n3';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { BadRequestDataError, ResourceNotFoundError } from '../../../../fabric/errors/FabricError.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import type { Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { planBatch, type BatchPlanContext, type BatchWriteItem, type PlannedBatch } from '../../../../fabric/ngsi-ld/service/batchPlan.js';
import { createdEntity, mergedEntity } from '../../../../fabric/ngsi-ld/service/entityEdits.js';
import { EntityValidator } from '../../../../fabric/ngsi-ld/service/EntityValidator.js';
import type { WritePlan } from '../../../../fabric/ngsi-ld/service/EntityWriter.js';
import { entity, EX, instance, prop } from './serviceFixtures.js';

const A = 'urn:ngsi-ld:Sensor:a';
const B = 'urn:ngsi-ld:Sensor:b';
const NOW = '2026-01-01T00:00:00.000Z';
const shapes = (extra = '') => new N3.Parser().parse(`@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <${EX}> .
  @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
  ex:SensorShape a sh:NodeShape ; sh:targetClass ex:Sensor ; sh:property [ sh:path ex:t ; sh:datatype xsd:integer ] . ${extra}`);

function context(store: MemoryGraphStore, validator?: EntityValidator): BatchPlanContext {
  return {
    read: (id) => {
      const before = readEntityGraph(store, id);
      return { before, current: quadsToEntity(before, id) };
    },
    now: () => NOW,
    check: (next, after) => (validator ? validator.check(next, after) : { warnings: [] }),
  };
}

const create = (e: Entity): BatchWriteItem<string> => ({ id: e.id, plan: (current) => {
  if (current) throw new Error('exists');
  return { next: createdEntity(e, NOW), result: 'created' };
} });
const merge = (id: string, fragment: Entity): BatchWriteItem<string> => ({ id, plan: (current): WritePlan<string> => {
  if (!current) throw new ResourceNotFoundError(`${id} does not exist`);
  return { next: mergedEntity(current, { types: [], attributes: fragment.attributes }, NOW), result: 'updated' };
} });
const same = (id: string): BatchWriteItem<string> => ({ id, plan: () => ({ next: 'unchanged', result: 'same' }) });

async function applied(store: MemoryGraphStore, planned: PlannedBatch<string>): Promise<void> {
  for (const change of planned.changes) await store.commit(change);
}

describe('planBatch', () => {
  test('a later item sees its entity as the earlier items of the batch left it', async () => {
    const store = new MemoryGraphStore();
    const planned = planBatch([create(entity(A, 'Sensor', { t: prop(1) })), merge(A, entity(A, 'Sensor', { u: prop(2) })), merge(A, entity(A, 'Sensor', { t: prop(3) }))], context(store));
    if (planned instanceof Promise) throw new Error('expected a synchronous plan');
    expect(planned.outcomes.map((o) => o.ok && o.result)).toEqual(['created', 'updated', 'updated']);
    expect(planned.changes).toHaveLength(1);
    expect(planned.written.map((g) => [g.id, g.before.length])).toEqual([[A, 0]]);
    await applied(store, planned);
    const stored = quadsToEntity(readEntityGraph(store, A), A)!;
    expect([instance(stored, 't')!.value, instance(stored, 'u')!.value]).toEqual([3, 2]);
  });

  test('a failing plan or validation fails its item only; its entity stays as the earlier items left it', async () => {
    const store = new MemoryGraphStore();
    await store.commit({ deletes: [], inserts: entityToQuads(createdEntity(entity(B, 'Sensor', { t: prop(1) }), NOW)) });
    const planned = await planBatch([
      merge(B, entity(B, 'Sensor', { u: prop(5) })),
      merge(B, entity(B, 'Sensor', { t: prop('not an integer') })),
      merge(A, entity(A, 'Sensor', { t: prop(1) })),
      same(B),
    ], context(store, new EntityValidator({ shapes: shapes() })));
    expect(planned.outcomes.map((o) => o.ok)).toEqual([true, false, false, true]);
    expect((planned.outcomes[1] as { error: unknown }).error).toBeInstanceOf(BadRequestDataError);
    expect((planned.outcomes[2] as { error: unknown }).error).toBeInstanceOf(ResourceNotFoundError);
    expect(planned.written.map((g) => g.id)).toEqual([B]);
    await applied(store, planned);
    const stored = quadsToEntity(readEntityGraph(store, B), B)!;
    expect([instance(stored, 't')!.value, instance(stored, 'u')!.value]).toEqual([1, 5]);
  });

  test('only unchanged items: no change, nothing written', () => {
    const planned = planBatch([same(A), same(B)], context(new MemoryGraphStore()));
    expect(planned).not.toBeInstanceOf(Promise);
    expect((planned as PlannedBatch<string>).changes).toEqual([]);
  });

  test('an asynchronous validation makes the plan a promise (awaited), items after it planned after it', async () => {
    const store = new MemoryGraphStore();
    // sh:class is outside CompiledShapes' subset: shacl-engine validates, asynchronously.
    const validator = new EntityValidator({ shapes: shapes('ex:SensorShape sh:property [ sh:path ex:owner ; sh:class ex:Person ] .') });
    const planning = planBatch([create(entity(A, 'Sensor', { t: prop(1) })), merge(A, entity(A, 'Sensor', { t: prop('bad') })), merge(A, entity(A, 'Sensor', { u: prop(2) }))], context(store, validator));
    expect(planning).toBeInstanceOf(Promise);
    const planned = await planning;
    expect(planned.awaited).toBe(true);
    expect(planned.outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    await applied(store, planned);
    const stored = quadsToEntity(readEntityGraph(store, A), A)!;
    expect([instance(stored, 't')!.value, instance(stored, 'u')!.value]).toEqual([1, 2]);
    expect(stored.attributes.has(`${EX}owner`)).toBe(false);
  });
});
