/**
 * Batch operations (GS CIM 009 v1.8 §6.14 create, §6.15 upsert, §6.16 update, §6.17
 * delete, §6.31 merge): 201 / 204 when every item succeeded, 207 with the §5.2.16
 * BatchOperationResult otherwise; a failing item never half-writes an entity.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, CORE, client, expectProblem, testApp, vehicle } from './support/ngsiLdTestApp.js';

describe('NGSI-LD batch operations', () => {
  let app: FastifyInstance;
  beforeEach(() => ({ app } = testApp()));
  afterEach(() => app.close());
  const op = (name: string, payload: unknown, qs = '', headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: `${BASE}/entityOperations/${name}${qs}`, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
  const exists = async (id: string) => (await app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(id)}` })).statusCode === 200;

  describe('a failed item never half-writes an entity (§5.6.7–§5.6.10 per-entity atomicity)', () => {
    const speedOf = async (id: string) => (await app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(id)}?format=keyValues` })).json();
    // One valid attribute (brandName) next to an invalid one (an observedAt that is not a DateTime, §4.8): nothing of the item
    // may land. (A Property without value would not do for merge: there it is a fragment that keeps the value, §5.6.17.)
    const halfBad = (n: number) => ({ id: `urn:ngsi-ld:Vehicle:V${n}`, type: 'Vehicle', brandName: { type: 'Property', value: 'Changed' }, speed: { type: 'Property', value: 1, observedAt: 'yesterday' } });

    it.each([
      ['update', ''],
      ['upsert', '?options=update'],
      ['upsert', ''],
      ['merge', ''],
    ])('%s%s: the other items succeed (207), the failed entity keeps every attribute as it was', async (name, qs) => {
      await op('create', [vehicle(1), vehicle(2)]);
      const before = await speedOf('urn:ngsi-ld:Vehicle:V1');
      const res = await op(name, [halfBad(1), { id: 'urn:ngsi-ld:Vehicle:V2', type: 'Vehicle', brandName: { type: 'Property', value: 'Updated' } }], qs);
      expect(res.statusCode).toBe(207);
      expect(res.json().errors.map((e: { entityId: string; error: { type: string } }) => [e.entityId, e.error.type]))
        .toEqual([['urn:ngsi-ld:Vehicle:V1', 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData']]);
      expect(res.json().success).toEqual(['urn:ngsi-ld:Vehicle:V2']);
      expect(await speedOf('urn:ngsi-ld:Vehicle:V1')).toEqual(before);
      expect((await speedOf('urn:ngsi-ld:Vehicle:V2')).brandName).toBe('Updated');
    });
  });

  describe('create (§6.14.3.1)', () => {
    it('answers 201 with the created ids', async () => {
      const res = await op('create', [vehicle(1), vehicle(2)]);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual(['urn:ngsi-ld:Vehicle:V1', 'urn:ngsi-ld:Vehicle:V2']);
      expect(await exists('urn:ngsi-ld:Vehicle:V2')).toBe(true);
    });

    it('answers 207 with success and per-entity errors; failed items write nothing', async () => {
      await op('create', [vehicle(1)]);
      const bad = { id: 'urn:ngsi-ld:Vehicle:V3', type: 'Vehicle', speed: { type: 'Property' } };
      const res = await op('create', [vehicle(1), vehicle(2), bad]);
      expect(res.statusCode).toBe(207);
      const body = res.json();
      expect(body.success).toEqual(['urn:ngsi-ld:Vehicle:V2']);
      expect(body.errors.map((e: { entityId: string; error: { type: string } }) => [e.entityId, e.error.type])).toEqual([
        ['urn:ngsi-ld:Vehicle:V1', 'https://uri.etsi.org/ngsi-ld/errors/AlreadyExists'],
        ['urn:ngsi-ld:Vehicle:V3', 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData'],
      ]);
      expect(await exists('urn:ngsi-ld:Vehicle:V3')).toBe(false);
    });

    it('expands each application/ld+json item with its own @context (§6.3.5)', async () => {
      const res = await op('create', [{ ...vehicle(1), '@context': CORE }, vehicle(2)], '', { 'content-type': 'application/ld+json' });
      expect(res.statusCode).toBe(207);
      expect(res.json().success).toEqual(['urn:ngsi-ld:Vehicle:V1']);
      expect(res.json().errors[0].entityId).toBe('urn:ngsi-ld:Vehicle:V2');
    });

    it('answers 400 when the payload is not an array or is empty', async () => {
      expectProblem(await op('create', vehicle(1)), 400, 'InvalidRequest');
      expectProblem(await op('create', []), 400, 'BadRequestData');
    });
  });

  describe('upsert (§6.15.3.1)', () => {
    it('answers 201 with the ids it created, 204 when it only updated', async () => {
      await op('create', [vehicle(1)]);
      const res = await op('upsert', [vehicle(1), vehicle(2)]);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual(['urn:ngsi-ld:Vehicle:V2']);
      expect((await op('upsert', [vehicle(1, { speed: { type: 'Property', value: 1 } })])).statusCode).toBe(204);
    });

    it('replaces by default and appends with options=update', async () => {
      await op('create', [vehicle(1)]);
      await op('upsert', [{ id: 'urn:ngsi-ld:Vehicle:V1', type: 'Vehicle', color: { type: 'Property', value: 'red' } }], '?options=update');
      let e = (await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1` })).json();
      expect(e.color.value).toBe('red');
      expect(e.speed.value).toBe(10);
      await op('upsert', [{ id: 'urn:ngsi-ld:Vehicle:V1', type: 'Vehicle', color: { type: 'Property', value: 'blue' } }]);
      e = (await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1` })).json();
      expect(e.color.value).toBe('blue');
      expect(e.speed).toBeUndefined();
    });

    it('answers 400 for options=replace,update together and for an unknown option', async () => {
      expectProblem(await op('upsert', [vehicle(1)], '?options=replace,update'), 400, 'InvalidRequest');
      expectProblem(await op('upsert', [vehicle(1)], '?options=noOverwrite'), 400, 'InvalidRequest');
    });
  });

  describe('update (§6.16.3.1)', () => {
    it('answers 204, and 207 naming entities that do not exist', async () => {
      await op('create', [vehicle(1)]);
      expect((await op('update', [{ id: 'urn:ngsi-ld:Vehicle:V1', speed: { type: 'Property', value: 5 } }])).statusCode).toBe(204);
      const res = await op('update', [{ id: 'urn:ngsi-ld:Vehicle:V9', speed: { type: 'Property', value: 5 } }]);
      expect(res.statusCode).toBe(207);
      expect(res.json().errors[0]).toMatchObject({ entityId: 'urn:ngsi-ld:Vehicle:V9', error: { type: 'https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound' } });
    });

    it('keeps existing values with options=noOverwrite', async () => {
      await op('create', [vehicle(1)]);
      await op('update', [{ id: 'urn:ngsi-ld:Vehicle:V1', speed: { type: 'Property', value: 5 }, color: { type: 'Property', value: 'red' } }], '?options=noOverwrite');
      const e = (await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1?format=keyValues` })).json();
      expect([e.speed, e.color]).toEqual([10, 'red']);
    });
  });

  describe('merge (§6.31.3.1)', () => {
    it('merge-patches each entity; NGSI-LD Null deletes', async () => {
      await op('create', [vehicle(1)]);
      expect((await op('merge', [{ id: 'urn:ngsi-ld:Vehicle:V1', brandName: 'urn:ngsi-ld:null', speed: { type: 'Property', value: 1 } }])).statusCode).toBe(204);
      const e = (await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1?format=keyValues` })).json();
      expect(e.brandName).toBeUndefined();
      expect(e.speed).toBe(1);
    });
  });

  describe('delete (§6.17.3.1)', () => {
    it('answers 204, and 207 for ids that do not exist or are not URIs', async () => {
      await op('create', [vehicle(1), vehicle(2)]);
      expect((await op('delete', ['urn:ngsi-ld:Vehicle:V1'])).statusCode).toBe(204);
      const res = await op('delete', ['urn:ngsi-ld:Vehicle:V2', 'urn:ngsi-ld:Vehicle:V1', 42]);
      expect(res.statusCode).toBe(207);
      expect(res.json().success).toEqual(['urn:ngsi-ld:Vehicle:V2']);
      expect(res.json().errors.map((e: { error: { status: number } }) => e.error.status)).toEqual([404, 400]);
      expect(await exists('urn:ngsi-ld:Vehicle:V2')).toBe(false);
    });
  });

  it('runs through the typed client', async () => {
    const c = client(app);
    expect(await c.createEntities([vehicle(1) as never])).toEqual(['urn:ngsi-ld:Vehicle:V1']);
    expect(await c.upsertEntities([vehicle(1) as never, vehicle(2) as never])).toEqual(['urn:ngsi-ld:Vehicle:V2']);
    expect(await c.deleteEntities(['urn:ngsi-ld:Vehicle:V1', 'urn:ngsi-ld:Vehicle:V2'])).toBeUndefined();
  });
});
