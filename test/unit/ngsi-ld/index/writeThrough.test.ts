/**
 * Read index write-through (EntityIndex.written, EntityWriter): after NGSI-LD writes, what the
 * index holds for an entity — the quads the writer handed over and the entity decoded from them, in the
 * background for entities that were cached — equals what the store holds (its graph dump, and the decode of that dump). Differential over
 * generated entities (every attribute kind, metadata, timestamps in forms the store rewrites) and
 * random sequences of create / replace / merge / append / delete / batch upsert on a durable store.
 */
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import type { ProcessedContext } from '../../../../fabric/ngsi-ld/context/ProcessedContext.js';
import { expandEntity } from '../../../../fabric/ngsi-ld/codec/expandEntity.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { quadsToNQuads } from '../../../../fabric/ngsi-ld/mapping/nquadsText.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { servicesFor } from '../../../../fabric/ngsi-ld/service/NgsiLdServices.js';
import type { Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { generatedEntity } from '../mapping/generatedEntities.js';
import { TestClock } from '../service/serviceFixtures.js';

let ctx: ProcessedContext;
beforeAll(async () => {
  ctx = await new ContextResolver().resolve(CONTINUUM_CONTEXT_URL);
});

const sorted = (text: string): string[] => text.split('\n').filter(Boolean).sort();

type Step =
  | { op: 'create' | 'replace' | 'merge' | 'append' | 'upsert'; slot: number; json: Record<string, unknown> }
  | { op: 'delete'; slot: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constantFrom('create', 'replace', 'merge', 'append', 'upsert') as fc.Arbitrary<'create'>, slot: fc.integer({ min: 0, max: 3 }), json: generatedEntity() }),
  fc.record({ op: fc.constant('delete') as fc.Arbitrary<'delete'>, slot: fc.integer({ min: 0, max: 3 }) }),
);

const slotId = (slot: number): string => `urn:ngsi-ld:Thing:wt${slot}`;

describe('read index write-through', () => {
  test('after random NGSI-LD writes the index equals the store, for every entity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-wt-'));
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    const clock = new TestClock();
    const services = servicesFor(store, { clock: clock.now });
    const index = services.index!;
    let handedOver = 0;
    try {
      await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        // Steps run concurrently in pairs, so some writes coalesce into one commit.
        for (let at = 0; at < steps.length; at += 2) {
          await Promise.all(steps.slice(at, at + 2).map(async (s) => {
            const id = slotId(s.slot);
            try {
              if (s.op === 'delete') return await services.entities.delete(id);
              const entity: Entity = { ...expandEntity({ ...s.json, id }, ctx), id };
              if (s.op === 'create') await services.entities.create(entity);
              else if (s.op === 'replace') await services.entities.replace(id, entity);
              else if (s.op === 'merge') await services.entities.merge(id, entity);
              else if (s.op === 'append') await services.entities.appendAttributes(id, entity);
              else await services.batch.upsert([entity], 'update');
            } catch {
              // 404 / 409 / 400 are part of a random sequence; the comparison below is what counts
            }
          }));
          clock.advance();
        }
        for (let slot = 0; slot < 4; slot++) {
          const id = slotId(slot);
          const stored = readEntityGraph(store, id);
          const held = index.storedGraph(id);
          if (held) {
            handedOver++;
            expect(sorted(quadsToNQuads(held))).toEqual(sorted(quadsToNQuads(stored)));
          }
          expect(index.read(id)).toEqual(quadsToEntity(stored, id));
        }
      }), { numRuns: 60, seed: 20261202 });
      // The property is not vacuous: graphs were handed over (and checked) many times, and entities the writes
      // replaced in the cache were decoded again from them in the background (EntityIndex redecode) before being read.
      expect(handedOver).toBeGreaterThan(20);
      expect(index.stats().redecoded).toBeGreaterThan(10);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('a write of an entity the index holds decoded but not as written plans on the cached entity, and commits what a writer without the index commits', async () => {
    const P = 'https://example.org/ns#p';
    const id = 'urn:ngsi-ld:Thing:wt-cached';
    const run = async (withIndex: boolean): Promise<{ dump: string[]; planned: unknown[] }> => {
      const dir = mkdtempSync(join(tmpdir(), 'cf-wt-'));
      const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
      const services = servicesFor(store, { clock: new TestClock().now, ...(withIndex ? {} : { index: false }) });
      try {
        await services.entities.create({ id, types: ['https://example.org/ns#Thing'], attributes: new Map([[P, [{ kind: 'Property', value: 5, subAttributes: new Map() }]]]) });
        // Another writer changes the graph: the index forgets what it held; a read caches the decode of the store's graph.
        await store.update(`INSERT DATA { GRAPH <${id}> { <${id}> <https://example.org/ns#extra> "x" } }`);
        const planned: unknown[] = [];
        if (services.index) {
          expect(services.index.storedGraph(id)).toBeUndefined();
          planned.push(services.index.read(id));
          const cached = jest.spyOn(services.index, 'cachedEntity');
          await services.batch.upsert([{ id, types: [], attributes: new Map([[P, [{ kind: 'Property', value: 6, subAttributes: new Map() }]]]) }], 'update');
          expect(cached).toHaveBeenCalledWith(id);
          expect(cached.mock.results[0].value).toBe(planned[0]); // the plan ran on the cached entity, not on a decode of its own
        } else {
          await services.batch.upsert([{ id, types: [], attributes: new Map([[P, [{ kind: 'Property', value: 6, subAttributes: new Map() }]]]) }], 'update');
        }
        return { dump: sorted(store.dump('application/n-quads', id)), planned };
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const withIndex = await run(true);
    const without = await run(false);
    expect(withIndex.dump).toEqual(without.dump);
    expect(withIndex.dump.some((line) => line.includes('#extra>'))).toBe(true);
    expect(withIndex.dump.some((line) => line.includes('"6"^^'))).toBe(true);
  });

  test('a graph written through is read back by the next write without a dump, and a SPARQL write drops it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-wt-'));
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    const services = servicesFor(store);
    const index = services.index!;
    const id = 'urn:ngsi-ld:Thing:wt-sparql';
    const P = 'https://example.org/ns#p';
    try {
      await services.entities.create({ id, types: ['https://example.org/ns#Thing'], attributes: new Map([[P, [{ kind: 'Property', value: 5, subAttributes: new Map() }]]]) });
      expect(index.storedGraph(id)).toBeDefined();
      const dumps = jest.spyOn(store, 'dump');
      await services.entities.merge(id, { types: [], attributes: new Map([[P, [{ kind: 'Property', value: 6, subAttributes: new Map() }]]]) });
      expect(dumps).not.toHaveBeenCalled();
      expect(index.read(id)!.attributes.get(P)![0].value).toBe(6);
      await store.update(`INSERT DATA { GRAPH <${id}> { <${id}> <https://example.org/ns#extra> "x" } }`);
      expect(index.storedGraph(id)).toBeUndefined();
      await services.entities.merge(id, { types: [], attributes: new Map([[P, [{ kind: 'Property', value: 7, subAttributes: new Map() }]]]) });
      expect(dumps).toHaveBeenCalled(); // the writer read the real graph (with the SPARQL triple) ...
      // ... so its difference covered the whole graph, and the graph it hands over is the stored one.
      expect(sorted(quadsToNQuads(index.storedGraph(id)!))).toEqual(sorted(quadsToNQuads(readEntityGraph(store, id))));
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
