/**
 * /entities/{entityId}/attrs and /attrs/{attrId} (GS CIM 009 v1.8 §6.6, §6.7): append
 * (§5.6.3, noOverwrite), update (§5.6.2), partial attribute update (§5.6.4), replace
 * attribute (§5.6.19), delete attribute (§5.6.5, datasetId, deleteAll); 204 / 207
 * UpdateResult (§5.2.18).
 */
import type { FastifyInstance } from 'fastify';
import { BASE, expectProblem, testApp, vehicle } from './support/ngsiLdTestApp.js';

describe('NGSI-LD entity attributes', () => {
  let app: FastifyInstance;
  const attrs = `${BASE}/entities/urn:ngsi-ld:Vehicle:V1/attrs`;
  const read = async () => (await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1` })).json();
  beforeEach(async () => {
    ({ app } = testApp());
    await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
  });
  afterEach(() => app.close());

  describe('POST …/attrs append (§6.6.3.1)', () => {
    it('appends and overwrites, 204', async () => {
      const res = await app.inject({ method: 'POST', url: attrs, payload: { speed: { type: 'Property', value: 55 }, color: { type: 'Property', value: 'red' } } });
      expect(res.statusCode).toBe(204);
      const e = await read();
      expect(e.speed.value).toBe(55);
      expect(e.color.value).toBe('red');
    });

    it('keeps existing attributes with options=noOverwrite and reports them in a 207 UpdateResult', async () => {
      const res = await app.inject({ method: 'POST', url: `${attrs}?options=noOverwrite`, payload: { speed: { type: 'Property', value: 55 }, color: { type: 'Property', value: 'red' } } });
      expect(res.statusCode).toBe(207);
      const body = res.json();
      expect(body.updated).toEqual(['color']);
      expect(body.notUpdated.map((n: { attributeName: string }) => n.attributeName)).toEqual(['speed']);
      expect(typeof body.notUpdated[0].reason).toBe('string');
      expect((await read()).speed.value).toBe(10);
    });

    it('answers 404 for an unknown entity and 400 for an unknown option', async () => {
      expectProblem(await app.inject({ method: 'POST', url: `${BASE}/entities/urn:ngsi-ld:X:9/attrs`, payload: { a: { type: 'Property', value: 1 } } }), 404, 'ResourceNotFound');
      expectProblem(await app.inject({ method: 'POST', url: `${attrs}?options=replace`, payload: { a: { type: 'Property', value: 1 } } }), 400, 'InvalidRequest');
    });
  });

  describe('PATCH …/attrs update (§6.6.3.2)', () => {
    it('updates existing attributes (204) and reports absent ones in a 207', async () => {
      expect((await app.inject({ method: 'PATCH', url: attrs, payload: { speed: { type: 'Property', value: 1 } } })).statusCode).toBe(204);
      const res = await app.inject({ method: 'PATCH', url: attrs, payload: { speed: { type: 'Property', value: 2 }, wings: { type: 'Property', value: 2 } } });
      expect(res.statusCode).toBe(207);
      expect(res.json().updated).toEqual(['speed']);
      expect(res.json().notUpdated[0].attributeName).toBe('wings');
      const e = await read();
      expect(e.speed.value).toBe(2);
      expect(e.wings).toBeUndefined();
    });
  });

  describe('…/attrs/{attrId} (§6.7)', () => {
    it('PATCH partially updates one attribute (§5.6.4), keeping what the fragment does not name', async () => {
      const res = await app.inject({ method: 'PATCH', url: `${attrs}/speed`, payload: { value: 77 } });
      expect(res.statusCode).toBe(204);
      const e = await read();
      expect(e.speed.value).toBe(77);
      expect(e.speed.unitCode).toBe('KMH');
    });

    it('PUT replaces one attribute (§5.6.19)', async () => {
      const res = await app.inject({ method: 'PUT', url: `${attrs}/speed`, payload: { type: 'Property', value: 3 } });
      expect(res.statusCode).toBe(204);
      const e = await read();
      expect(e.speed).toEqual({ type: 'Property', value: 3 });
    });

    it('PATCH / PUT / DELETE answer 404 for an attribute the entity does not have', async () => {
      expectProblem(await app.inject({ method: 'PATCH', url: `${attrs}/wings`, payload: { value: 1 } }), 404, 'ResourceNotFound');
      expectProblem(await app.inject({ method: 'DELETE', url: `${attrs}/wings` }), 404, 'ResourceNotFound');
    });

    it('DELETE removes the default instance, an instance by datasetId, or all with deleteAll (§5.6.5)', async () => {
      await app.inject({ method: 'POST', url: attrs, payload: { speed: [
        { type: 'Property', value: 1, datasetId: 'urn:ngsi-ld:Dataset:gps' },
        { type: 'Property', value: 2, datasetId: 'urn:ngsi-ld:Dataset:obd' },
      ] } });
      let speed = (await read()).speed;
      expect(Array.isArray(speed) ? speed.length : 1).toBe(3);
      expect((await app.inject({ method: 'DELETE', url: `${attrs}/speed?datasetId=urn:ngsi-ld:Dataset:gps` })).statusCode).toBe(204);
      speed = (await read()).speed;
      expect(speed.map((s: { datasetId?: string }) => s.datasetId ?? 'default').sort()).toEqual(['default', 'urn:ngsi-ld:Dataset:obd']);
      expectProblem(await app.inject({ method: 'DELETE', url: `${attrs}/speed?datasetId=urn:ngsi-ld:Dataset:gps` }), 404, 'ResourceNotFound');
      expect((await app.inject({ method: 'DELETE', url: `${attrs}/speed?deleteAll=true` })).statusCode).toBe(204);
      expect((await read()).speed).toBeUndefined();
    });

    it('answers 400 for a datasetId that is not a URI and for deleteAll that is not a boolean', async () => {
      expectProblem(await app.inject({ method: 'DELETE', url: `${attrs}/speed?datasetId=gps` }), 400, 'BadRequestData');
      expectProblem(await app.inject({ method: 'DELETE', url: `${attrs}/speed?deleteAll=yes` }), 400, 'InvalidRequest');
    });
  });
});
