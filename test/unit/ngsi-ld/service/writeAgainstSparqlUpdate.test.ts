/**
 * An NGSI-LD write and a SPARQL Update of the same entity graph, interleaved (docs/ngsi-ld-api.md
 * "Writes racing SPARQL Update"): the update lands between the write's read of the graph and its commit —
 * in the coalescer's wait for its turn's commit, or in an asynchronous SHACL validation. The write is
 * re-planned on the graph as the update left it, so both are kept, in the order update → write: no
 * acknowledged write is lost and the graph is never half of each (one value per attribute, no entity
 * fragment). Each case runs on the real stores the writer meets: a durable store (coalesced commits and
 * one commit per write), an in-memory store with a change feed (read index, no change counter) and a plain
 * in-memory store; with compiled (synchronous) and general (asynchronous) SHACL validation. With compiled
 * shapes and no coalescing the writer reads, plans, validates and commits without yielding, so the update
 * can only come after the write: the expected state is then that of write → update.
 */
import N3 from 'n3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import type { GraphStore } from '../../../../fabric/store/GraphStore.js';
import { AlreadyExistsError, ResourceNotFoundError } from '../../../../fabric/errors/FabricError.js';
import { EntityIndex } from '../../../../fabric/ngsi-ld/index/EntityIndex.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import type { Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { createdEntity, mergedEntity } from '../../../../fabric/ngsi-ld/service/entityEdits.js';
import { EntityValidator } from '../../../../fabric/ngsi-ld/service/EntityValidator.js';
import { EntityWriter, type WritePlan } from '../../../../fabric/ngsi-ld/service/EntityWriter.js';
import { WriteConflictError } from '../../../../fabric/ngsi-ld/service/WriteConflictError.js';
import { attrs, entity, EX, prop, TestClock } from './serviceFixtures.js';

const ID = 'urn:ngsi-ld:Sensor:race';
const OTHER = 'urn:ngsi-ld:Sensor:other';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const compiledShapes = `ex:SensorShape a sh:NodeShape ; sh:targetClass ex:Sensor ;
  sh:property [ sh:path ex:t ; sh:datatype xsd:integer ; sh:maxCount 1 ] .`;
// sh:class is outside CompiledShapes' subset: these shapes run in shacl-engine, asynchronously.
const generalShapes = `${compiledShapes} ex:SensorShape sh:property [ sh:path ex:owner ; sh:class ex:Person ] .`;
const shapes = (body: string) => new N3.Parser().parse(`@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <${EX}> .
  @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . ${body}`);

/**
 * SPARQL Update setting a Property's value: its natural triple (SPARQL 1.1 Update cannot write the reifier's triple
 * term; the old reifier goes stale and the natural triple is the attribute, docs/ngsi-ld-mapping.md "Reading back").
 */
const setValue = (id: string, attribute: string, value: number): string => `PREFIX ex: <${EX}>
  DELETE { GRAPH <${id}> { <${id}> ex:${attribute} ?v } } INSERT { GRAPH <${id}> { <${id}> ex:${attribute} ${value} } }
  WHERE { GRAPH <${id}> { <${id}> ex:${attribute} ?v } }`;

interface Setup {
  readonly store: GraphStore;
  readonly writer: EntityWriter;
  readonly close: () => Promise<void>;
}

type StoreKind = 'durable, coalesced' | 'durable, one commit per write' | 'memory with change feed' | 'plain memory';

async function open(kind: StoreKind, validation: 'compiled' | 'general'): Promise<Setup> {
  const validator = new EntityValidator({ shapes: shapes(validation === 'compiled' ? compiledShapes : generalShapes) });
  const clock = new TestClock();
  if (kind.startsWith('durable')) {
    const dir = mkdtempSync(join(tmpdir(), 'cf-race-'));
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    const index = EntityIndex.attach(store)!;
    const writer = new EntityWriter(store, { validator, clock: clock.now, index, coalesce: kind === 'durable, coalesced' });
    return { store, writer, close: async () => { index.detach(); await store.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const store = kind === 'plain memory' ? new MemoryGraphStore() : new ObservedMemoryStore();
  const index = EntityIndex.attach(store);
  const writer = new EntityWriter(store, { validator, clock: clock.now, ...(index ? { index } : {}) });
  return { store, writer, close: async () => index?.detach() };
}

/** `plan`, and once it has run, `sparql` as another service's update at the writer's next await (as a concurrent request would). */
function racing<T>(store: GraphStore, sparql: string, plan: (current: Entity | undefined, now: string) => WritePlan<T>) {
  const updates: Array<Promise<unknown>> = [];
  let raced = false;
  const wrapped = (current: Entity | undefined, now: string): WritePlan<T> => {
    if (!raced) {
      raced = true;
      queueMicrotask(() => updates.push(store.update(sparql)));
    }
    return plan(current, now);
  };
  return { plan: wrapped, updated: async () => Promise.all(updates) };
}

const mergePlan = (patch: Entity) => (current: Entity | undefined, now: string): WritePlan<undefined> => {
  if (!current) throw new ResourceNotFoundError(`Entity ${patch.id} does not exist.`);
  return { next: mergedEntity(current, { types: [], attributes: patch.attributes }, now), result: undefined };
};
const createPlan = (created: Entity) => (current: Entity | undefined, now: string): WritePlan<undefined> => {
  if (current) throw new AlreadyExistsError(`Entity ${created.id} already exists.`);
  return { next: createdEntity(created, now), result: undefined };
};

/** The entity as the store holds it, and each attribute's natural values (a Property is one value per instance). */
function stored(store: GraphStore, id: string) {
  const quads = readEntityGraph(store, id);
  const values = (attribute: string): string[] => quads.filter((q) => q.subject.value === id && q.predicate.value === `${EX}${attribute}`).map((q) => q.object.value).sort();
  return { quads, entity: quadsToEntity(quads, id), values, types: quads.filter((q) => q.subject.value === id && q.predicate.value === RDF_TYPE).length };
}

const kinds: StoreKind[] = ['durable, coalesced', 'durable, one commit per write', 'memory with change feed', 'plain memory'];
const cases = kinds.flatMap((kind) => (['compiled', 'general'] as const).map((validation) => [kind, validation] as const));

describe.each(cases)('an NGSI-LD write racing a SPARQL Update of its entity (%s store, %s shapes)', (kind, validation) => {
  let setup: Setup;
  /** Whether the update lands inside the write (see the file comment); else it runs right after the write's commit. */
  const updateFirst = validation === 'general' || kind === 'durable, coalesced';
  beforeEach(async () => {
    setup = await open(kind, validation);
  });
  afterEach(async () => setup.close());

  test('the validation path is what the case says (compiled: synchronous; general: asynchronous)', () => {
    const outcome = setup.writer.validator!.check(entity(ID, 'Sensor', { t: prop(1) }), []);
    expect(outcome instanceof Promise).toBe(validation === 'general');
  });

  test('merge of t while the update sets t and u: one value of t (the later write\'s), the update of u kept', async () => {
    const { store, writer } = setup;
    await writer.write(ID, createPlan(entity(ID, 'Sensor', { t: prop(20), u: prop(1) })));
    const race = racing(store, `${setValue(ID, 't', 30)} ; ${setValue(ID, 'u', 2)}`, mergePlan(entity(ID, 'Sensor', { t: prop(25) })));
    await writer.write(ID, race.plan);
    await race.updated();
    const after = stored(store, ID);
    const t = updateFirst ? 25 : 30;
    expect(after.values('t')).toEqual([String(t)]);
    expect(after.values('u')).toEqual(['2']);
    expect(after.entity!.attributes.get(`${EX}t`)!.map((a) => a.value)).toEqual([t]);
    expect(after.entity!.attributes.get(`${EX}u`)!.map((a) => a.value)).toEqual([2]);
  });

  test('merge while the update clears the graph: the merge answers ResourceNotFound and leaves no entity fragment', async () => {
    const { store, writer } = setup;
    await writer.write(ID, createPlan(entity(ID, 'Sensor', { t: prop(20) })));
    const race = racing(store, `CLEAR GRAPH <${ID}>`, mergePlan(entity(ID, 'Sensor', { t: prop(25) })));
    const write = writer.write(ID, race.plan);
    const settled = await Promise.allSettled([write]);
    await race.updated();
    if (updateFirst) expect(settled[0].status === 'rejected' && settled[0].reason).toBeInstanceOf(ResourceNotFoundError);
    else expect(settled[0].status).toBe('fulfilled'); // merged, then cleared by the update
    expect(stored(store, ID).quads).toEqual([]);
  });

  test('create while the update inserts the same entity: AlreadyExists and the update\'s entity, not a mix', async () => {
    const { store, writer } = setup;
    const inserted = `PREFIX ex: <${EX}> INSERT DATA { GRAPH <${ID}> { <${ID}> a ex:Sensor ; ex:t 7 } }`;
    const race = racing(store, inserted, createPlan(entity(ID, 'Sensor', { t: prop(25) })));
    const settled = await Promise.allSettled([writer.write(ID, race.plan)]);
    await race.updated();
    const after = stored(store, ID);
    expect(after.types).toBe(1);
    if (updateFirst) {
      expect(settled[0].status === 'rejected' && settled[0].reason).toBeInstanceOf(AlreadyExistsError);
      expect(after.values('t')).toEqual(['7']);
    } else {
      expect(settled[0].status).toBe('fulfilled');
      expect(after.values('t')).toEqual(['25', '7']); // created, then the update's INSERT DATA adds its triples
    }
  });

  test('an update of another entity does not make the write plan again', async () => {
    const { store, writer } = setup;
    await writer.write(ID, createPlan(entity(ID, 'Sensor', { t: prop(20) })));
    await writer.write(OTHER, createPlan(entity(OTHER, 'Sensor', { t: prop(1) })));
    let plans = 0;
    const counted = (current: Entity | undefined, now: string) => {
      plans++;
      return mergePlan(entity(ID, 'Sensor', { t: prop(25) }))(current, now);
    };
    const race = racing(store, setValue(OTHER, 't', 2), counted);
    await writer.write(ID, race.plan);
    await race.updated();
    expect(plans).toBe(1);
    expect(stored(store, ID).values('t')).toEqual(['25']);
    expect(stored(store, OTHER).values('t')).toEqual(['2']);
  });

  test('a batch racing an update of one of its entities: every item applied on the updated graph, once', async () => {
    const { store, writer } = setup;
    await writer.write(ID, createPlan(entity(ID, 'Sensor', { t: prop(20), u: prop(1) })));
    const race = racing(store, `${setValue(ID, 't', 30)} ; ${setValue(ID, 'u', 2)}`, mergePlan(entity(ID, 'Sensor', { t: prop(25) })));
    const batch = await writer.writeBatch([
      { id: ID, plan: race.plan },
      { id: OTHER, plan: createPlan(entity(OTHER, 'Sensor', { t: prop(5) })) },
      { id: ID, plan: mergePlan({ ...entity(ID, 'Sensor'), attributes: attrs({ v: prop(3) }) }) },
    ]);
    await batch.durable;
    await race.updated();
    expect(batch.outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    const after = stored(store, ID);
    expect([after.values('t'), after.values('u'), after.values('v')]).toEqual([[updateFirst ? '25' : '30'], ['2'], ['3']]);
    expect(stored(store, OTHER).values('t')).toEqual(['5']);
  });
});

describe('an NGSI-LD write whose graph another writer changes at every attempt (durable store, coalesced)', () => {
  /** A plan that lets a SPARQL Update bump u at the writer's next await, every time it runs. */
  function alwaysRacing(store: GraphStore) {
    let plans = 0;
    const updates: Array<Promise<unknown>> = [];
    const plan = (current: Entity | undefined, now: string): WritePlan<undefined> => {
      plans++;
      queueMicrotask(() => updates.push(store.update(setValue(ID, 'u', 100 + plans))));
      return mergePlan(entity(ID, 'Sensor', { t: prop(25) }))(current, now);
    };
    return { plan, plans: () => plans, updated: async () => Promise.all(updates) };
  }

  test('compiled shapes: planned twice — the second plan commits in the tick of its read, so it cannot be stale again', async () => {
    const setup = await open('durable, coalesced', 'compiled');
    try {
      await setup.writer.write(ID, createPlan(entity(ID, 'Sensor', { t: prop(20), u: prop(1) })));
      const race = alwaysRacing(setup.store);
      await setup.writer.write(ID, race.plan);
      await race.updated();
      expect(race.plans()).toBe(2);
      expect(setup.writer.commitStats()!.stale).toBe(1);
      const after = stored(setup.store, ID);
      expect([after.values('t'), after.values('u')]).toEqual([['25'], ['102']]); // update 1, the write, update 2
    } finally {
      await setup.close();
    }
  });

  test('asynchronous validation: after 5 stale attempts WriteConflictError, nothing of the write applied, every update kept', async () => {
    const setup = await open('durable, coalesced', 'general');
    try {
      await setup.writer.write(ID, createPlan(entity(ID, 'Sensor', { t: prop(20), u: prop(1) })));
      const race = alwaysRacing(setup.store);
      await expect(setup.writer.write(ID, race.plan)).rejects.toBeInstanceOf(WriteConflictError);
      await race.updated();
      expect(race.plans()).toBe(5);
      const after = stored(setup.store, ID);
      expect([after.values('t'), after.values('u')]).toEqual([['20'], ['105']]);
      // The entity's lock was released: the next write goes through.
      await setup.writer.write(ID, mergePlan(entity(ID, 'Sensor', { t: prop(26) })));
      expect(stored(setup.store, ID).values('t')).toEqual(['26']);
    } finally {
      await setup.close();
    }
  });
});
