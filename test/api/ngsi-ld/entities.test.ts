/**
 * /ngsi-ld/v1/entities and /entities/{entityId} (GS CIM 009 v1.8 §6.4, §6.5; behaviour
 * §5.6.1 create, §5.7.1 retrieve, §5.6.6 delete, §5.6.17 merge, §5.6.18 replace).
 */
import type { FastifyInstance } from 'fastify';
import { BASE, client, CORE, expectProblem, link, testApp, vehicle } from './support/ngsiLdTestApp.js';

describe('NGSI-LD entities', () => {
  let app: FastifyInstance;
  beforeEach(() => ({ app } = testApp()));
  afterEach(() => app.close());

  const get = (id: string, query = '', headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(id)}${query}`, headers });

  describe('POST /entities (§6.4.3.1, §5.6.1)', () => {
    it('answers 201 with a Location naming the new entity and an empty body', async () => {
      const res = await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
      expect(res.statusCode).toBe(201);
      expect(res.headers.location).toBe(`${BASE}/entities/${encodeURIComponent('urn:ngsi-ld:Vehicle:V1')}`);
      expect(res.body).toBe('');
      expect((await app.inject({ method: 'GET', url: String(res.headers.location) })).statusCode).toBe(200);
    });

    it('answers 409 AlreadyExists for an existing id (§5.6.1)', async () => {
      await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
      const res = await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
      expectProblem(res, 409, 'AlreadyExists');
    });

    it.each([
      ['no type', { id: 'urn:ngsi-ld:X:1' }, 'type'],
      ['no id', { type: 'X' }, 'id'],
      ['an id that is not a URI', { id: 'not a uri', type: 'X' }, 'id'],
      ['a Property without value', { id: 'urn:ngsi-ld:X:1', type: 'X', p: { type: 'Property' } }, 'p'],
    ])('answers 400 BadRequestData for an entity with %s, naming the attribute (§5.5.1, §4.5.1)', async (_case, payload, attribute) => {
      const res = await app.inject({ method: 'POST', url: `${BASE}/entities`, payload });
      expect(expectProblem(res, 400, 'BadRequestData').attribute).toBe(attribute);
    });

    it('answers 400 InvalidRequest when the body is not a JSON object', async () => {
      const res = await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: '[1,2]', headers: { 'content-type': 'application/json' } });
      expectProblem(res, 400, 'InvalidRequest');
    });
  });

  describe('GET /entities/{entityId} (§6.5.3.1, §5.7.1)', () => {
    beforeEach(async () => { await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) }); });

    it('returns the entity as written (normalized), with the core @context in a Link header (§6.3.4)', async () => {
      const res = await get('urn:ngsi-ld:Vehicle:V1');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers.link).toBe(link(CORE));
      expect(res.json()).toEqual(vehicle(1));
    });

    it('answers 404 ResourceNotFound for an unknown id', async () => {
      expectProblem(await get('urn:ngsi-ld:Vehicle:nope'), 404, 'ResourceNotFound');
    });

    it('answers 400 BadRequestData for an id that is not a URI', async () => {
      expectProblem(await get('nope'), 400, 'BadRequestData');
    });

    it('returns keyValues / simplified (§4.5.4) and concise (§4.5.1) representations', async () => {
      const kv = (await get('urn:ngsi-ld:Vehicle:V1', '?format=keyValues')).json();
      expect(kv).toEqual({ id: 'urn:ngsi-ld:Vehicle:V1', type: 'Vehicle', brandName: 'Seat', speed: 10, isParked: 'urn:ngsi-ld:OffStreetParking:P1', location: { type: 'Point', coordinates: [-8.49, 41.2] } });
      expect((await get('urn:ngsi-ld:Vehicle:V1', '?options=keyValues')).json()).toEqual(kv);
      const concise = (await get('urn:ngsi-ld:Vehicle:V1', '?format=concise')).json();
      expect(concise.brandName).toBe('Seat');
      expect(concise.speed).toEqual({ value: 10, observedAt: '2026-01-01T10:00:00Z', unitCode: 'KMH' });
      expect(concise.isParked).toEqual({ object: 'urn:ngsi-ld:OffStreetParking:P1' });
    });

    it('adds createdAt / modifiedAt with options=sysAttrs (§4.8)', async () => {
      const body = (await get('urn:ngsi-ld:Vehicle:V1', '?options=sysAttrs')).json();
      expect(Date.parse(body.createdAt)).not.toBeNaN();
      expect(Date.parse(body.modifiedAt)).not.toBeNaN();
      expect(Date.parse(body.speed.createdAt)).not.toBeNaN();
      expect((await get('urn:ngsi-ld:Vehicle:V1')).json().createdAt).toBeUndefined();
    });

    it('projects with attrs, pick and omit (§4.21)', async () => {
      expect(Object.keys((await get('urn:ngsi-ld:Vehicle:V1', '?attrs=speed')).json()).sort()).toEqual(['id', 'speed', 'type']);
      expect(Object.keys((await get('urn:ngsi-ld:Vehicle:V1', '?pick=id,brandName')).json()).sort()).toEqual(['brandName', 'id']);
      expect(Object.keys((await get('urn:ngsi-ld:Vehicle:V1', '?omit=location,speed')).json()).sort()).toEqual(['brandName', 'id', 'isParked', 'type']);
      expectProblem(await get('urn:ngsi-ld:Vehicle:V1', '?attrs=speed&pick=id'), 400, 'InvalidRequest');
    });

    it('answers 404 when the type parameter does not match the entity (§6.5.3.1)', async () => {
      expect((await get('urn:ngsi-ld:Vehicle:V1', '?type=Vehicle')).statusCode).toBe(200);
      expectProblem(await get('urn:ngsi-ld:Vehicle:V1', '?type=Building'), 404, 'ResourceNotFound');
    });

    it('returns application/ld+json with the @context inline and no Link header (§6.3.4)', async () => {
      const res = await get('urn:ngsi-ld:Vehicle:V1', '', { accept: 'application/ld+json' });
      expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
      expect(res.headers.link).toBeUndefined();
      expect(res.json()['@context']).toBe(CORE);
    });

    it('returns a GeoJSON Feature for application/geo+json (§4.5.16)', async () => {
      const res = await get('urn:ngsi-ld:Vehicle:V1', '', { accept: 'application/geo+json' });
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      const feature = res.json();
      expect(feature).toMatchObject({ id: 'urn:ngsi-ld:Vehicle:V1', type: 'Feature', geometry: { type: 'Point', coordinates: [-8.49, 41.2] } });
      expect(feature.properties.type).toBe('Vehicle');
    });

    it('compacts with the user @context of the Link header and echoes it (§6.3.5, §6.3.4)', async () => {
      const ctxUrl = await client(app).addContext({ velocidad: 'https://uri.etsi.org/ngsi-ld/default-context/speed' });
      const res = await get('urn:ngsi-ld:Vehicle:V1', '', { link: link(ctxUrl) });
      expect(res.headers.link).toBe(link(ctxUrl));
      expect(res.json().velocidad.value).toBe(10);
      expect(res.json().speed).toBeUndefined();
    });
  });

  describe('DELETE /entities/{entityId} (§6.5.3.2, §5.6.6)', () => {
    it('answers 204, after which the entity is gone; a second delete is 404', async () => {
      await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
      const url = `${BASE}/entities/urn:ngsi-ld:Vehicle:V1`;
      expect((await app.inject({ method: 'DELETE', url })).statusCode).toBe(204);
      expectProblem(await app.inject({ method: 'GET', url }), 404, 'ResourceNotFound');
      expectProblem(await app.inject({ method: 'DELETE', url }), 404, 'ResourceNotFound');
    });
  });

  describe('PATCH /entities/{entityId} merge (§6.5.3.4, §5.6.17)', () => {
    it('merges attributes, and NGSI-LD Null deletes one (§4.5.0)', async () => {
      await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
      const res = await app.inject({ method: 'PATCH', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1`, payload: {
        speed: { type: 'Property', value: 99 }, brandName: 'urn:ngsi-ld:null', color: { type: 'Property', value: 'red' },
      } });
      expect(res.statusCode).toBe(204);
      const body = (await get('urn:ngsi-ld:Vehicle:V1', '?format=keyValues')).json();
      expect(body.speed).toBe(99);
      expect(body.color).toBe('red');
      expect(body.brandName).toBeUndefined();
      expect(body.isParked).toBe('urn:ngsi-ld:OffStreetParking:P1');
    });

    it('answers 404 for an unknown entity and 400 for an id that contradicts the URL', async () => {
      expectProblem(await app.inject({ method: 'PATCH', url: `${BASE}/entities/urn:ngsi-ld:X:1`, payload: { p: { type: 'Property', value: 1 } } }), 404, 'ResourceNotFound');
      await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
      expectProblem(await app.inject({ method: 'PATCH', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1`, payload: { id: 'urn:ngsi-ld:Vehicle:V2', p: { type: 'Property', value: 1 } } }), 400, 'BadRequestData');
    });

    it('accepts application/merge-patch+json (§6.5.3.4)', async () => {
      await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
      const res = await app.inject({ method: 'PATCH', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1`, headers: { 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ speed: { type: 'Property', value: 5 } }) });
      expect(res.statusCode).toBe(204);
      expect((await get('urn:ngsi-ld:Vehicle:V1', '?format=keyValues')).json().speed).toBe(5);
    });
  });

  describe('PUT /entities/{entityId} replace (§6.5.3.3, §5.6.18)', () => {
    it('replaces every attribute and keeps createdAt', async () => {
      await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
      const before = (await get('urn:ngsi-ld:Vehicle:V1', '?options=sysAttrs')).json();
      const res = await app.inject({ method: 'PUT', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1`, payload: { type: 'Car', color: { type: 'Property', value: 'blue' } } });
      expect(res.statusCode).toBe(204);
      const after = (await get('urn:ngsi-ld:Vehicle:V1', '?options=sysAttrs')).json();
      expect(after.type).toBe('Car');
      expect(Object.keys(after).sort()).toEqual(['color', 'createdAt', 'id', 'modifiedAt', 'type']);
      expect(after.createdAt).toBe(before.createdAt);
    });

    it('answers 404 for an unknown entity', async () => {
      expectProblem(await app.inject({ method: 'PUT', url: `${BASE}/entities/urn:ngsi-ld:X:1`, payload: { type: 'X' } }), 404, 'ResourceNotFound');
    });
  });

  it('round-trips through the typed client (NgsiLdClient)', async () => {
    const c = client(app);
    expect(await c.createEntity(vehicle(7) as never)).toBe(`${BASE}/entities/${encodeURIComponent('urn:ngsi-ld:Vehicle:V7')}`);
    expect(await c.getEntity('urn:ngsi-ld:Vehicle:V7')).toEqual(vehicle(7));
    await c.deleteEntity('urn:ngsi-ld:Vehicle:V7');
    await expect(c.getEntity('urn:ngsi-ld:Vehicle:V7')).rejects.toMatchObject({ status: 404, problem: { type: 'https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound' } });
  });
});
