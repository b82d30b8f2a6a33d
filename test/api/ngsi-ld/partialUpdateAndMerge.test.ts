/**
 * Fragments (GS CIM 009 v1.8 §5.5.8 partial update patch, §5.5.12 merge patch): a Partial Attribute Update
 * (§5.6.4), a Merge Entity (§5.6.17) and a Batch Entity Merge (§5.6.20) change only the members a fragment
 * gives; an attribute keeps its type unless a merge states another one with its content (§5.6.4.4 forbids
 * a type change in a partial update); and scope in append (§5.6.3), update (§5.6.2) and merge (§5.6.17).
 */
import type { FastifyInstance } from 'fastify';
import { BASE, expectProblem, testApp } from './support/ngsiLdTestApp.js';

const D2 = 'urn:ngsi-ld:D:2';
const Q2 = 'urn:ngsi-ld:Q:2';
const T1 = '2026-12-01T10:00:00Z';
const T2 = '2026-12-05T03:00:00Z';

describe('NGSI-LD fragments: partial attribute update, merge, scope', () => {
  let app: FastifyInstance;
  const url = (id: string, tail = '') => `${BASE}/entities/${encodeURIComponent(id)}${tail}`;
  const read = async (id = D2) => (await app.inject({ method: 'GET', url: url(id) })).json();
  const patch = (path: string, payload: unknown) => app.inject({ method: 'PATCH', url: path, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  const post = (path: string, payload: unknown) => app.inject({ method: 'POST', url: path, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });

  beforeEach(async () => {
    ({ app } = testApp());
    const created = await post(`${BASE}/entityOperations/create`, [
      {
        id: D2, type: 'D',
        s: { type: 'Property', value: 'str', unitCode: 'X', observedAt: T1, sub: { type: 'Property', value: 1 } },
        r: { type: 'Relationship', object: 'urn:ngsi-ld:X:1', objectType: 'X' },
      },
      { id: Q2, type: 'Q', scope: '/a/b', n: { type: 'Property', value: 1 } },
    ]);
    expect(created.statusCode).toBe(201);
  });
  afterEach(() => app.close());

  describe('PATCH /entities/{id}/attrs/{attrId} (§5.6.4)', () => {
    it.each([
      ['unitCode', { unitCode: 'KGM' }, { unitCode: 'KGM' }],
      ['observedAt', { observedAt: T2 }, { observedAt: T2 }],
      ['"type" and unitCode', { type: 'Property', unitCode: 'KGM' }, { unitCode: 'KGM' }],
      ['unitCode deleted with NGSI-LD Null', { unitCode: 'urn:ngsi-ld:null' }, { unitCode: undefined }],
    ])('a fragment with %s changes only that member', async (_what, fragment, changed) => {
      expect((await patch(url(D2, '/attrs/s'), fragment)).statusCode).toBe(204);
      const s = (await read()).s;
      const expected: Record<string, unknown> = { type: 'Property', value: 'str', unitCode: 'X', observedAt: T1, sub: { type: 'Property', value: 1 }, ...changed };
      for (const [k, v] of Object.entries(expected)) if (v === undefined) delete expected[k];
      expect(s).toEqual(expected);
    });

    it('a sub-attribute-only fragment merges the sub-attributes and keeps the value', async () => {
      expect((await patch(url(D2, '/attrs/s'), { sub: { value: 2 }, other: { type: 'Property', value: 'o' } })).statusCode).toBe(204);
      const s = (await read()).s;
      expect(s.value).toBe('str');
      expect(s.unitCode).toBe('X');
      expect(s.sub).toEqual({ type: 'Property', value: 2 });
      expect(s.other).toEqual({ type: 'Property', value: 'o' });
    });

    it('keeps a Relationship a Relationship: a concise "value" becomes its object', async () => {
      expect((await patch(url(D2, '/attrs/r'), { value: 'urn:ngsi-ld:X:7' })).statusCode).toBe(204);
      expect((await read()).r).toEqual({ type: 'Relationship', object: 'urn:ngsi-ld:X:7', objectType: 'X' });
    });

    it.each([
      ['a "type" other than the attribute\'s (§5.6.4.4)', 'r', { type: 'Property', value: 'v' }],
      ['a concise value that is no object of the Relationship', 'r', { value: 'not a uri' }],
      ['another kind\'s main member without "type"', 's', { object: 'urn:ngsi-ld:X:2' }],
      ['objectType on a Property', 's', { objectType: 'X' }],
    ])('answers 400 naming the attribute for %s, and changes nothing', async (_what, attr, fragment) => {
      const before = await read();
      const body = expectProblem(await patch(url(D2, `/attrs/${attr}`), fragment), 400, 'BadRequestData');
      expect(body.attribute).toBe(attr);
      expect(await read()).toEqual(before);
    });

    it('answers 404 for a fragment of an attribute the entity does not have', async () => {
      expectProblem(await patch(url(D2, '/attrs/missing'), { unitCode: 'KGM' }), 404, 'ResourceNotFound');
    });

    it('answers 400 naming scope when the target attribute is scope (§5.6.4.4)', async () => {
      const body = expectProblem(await patch(url(Q2, '/attrs/scope'), { value: '/c' }), 400, 'BadRequestData');
      expect(body.attribute).toBe('scope');
    });

    it('create keeps its errors: a Property without value is 400', async () => {
      const res = await post(`${BASE}/entities`, { id: 'urn:ngsi-ld:D:9', type: 'D', s: { type: 'Property', unitCode: 'KGM' } });
      expect(expectProblem(res, 400, 'BadRequestData').attribute).toBe('s');
    });
  });

  describe('PATCH /entities/{id} merge (§5.6.17) and POST /entityOperations/merge (§5.6.20)', () => {
    it('a fragment without main member keeps the value', async () => {
      expect((await patch(url(D2), { s: { unitCode: 'Y' } })).statusCode).toBe(204);
      const s = (await read()).s;
      expect([s.type, s.value, s.unitCode, s.observedAt]).toEqual(['Property', 'str', 'Y', T1]);
    });

    it('a simplified (concise) attribute keeps the pre-existing type', async () => {
      expect((await patch(url(D2), { r: 'urn:ngsi-ld:X:8' })).statusCode).toBe(204);
      expect((await read()).r).toEqual({ type: 'Relationship', object: 'urn:ngsi-ld:X:8', objectType: 'X' });
    });

    it('changes the type when the fragment states it with the new content', async () => {
      expect((await patch(url(D2), { r: { type: 'Property', value: 'v' } })).statusCode).toBe(204);
      expect((await read()).r).toEqual({ type: 'Property', value: 'v' });
    });

    it('answers 400 naming a new attribute given without main member, and changes nothing', async () => {
      const before = await read();
      const body = expectProblem(await patch(url(D2), { s: { unitCode: 'Y' }, fresh: { unitCode: 'Y' } }), 400, 'BadRequestData');
      expect(body.attribute).toBe('fresh');
      expect(await read()).toEqual(before);
    });

    it('a batch merge item changes only the members given', async () => {
      expect((await post(`${BASE}/entityOperations/merge`, [{ id: D2, s: { unitCode: 'Z', sub: { value: 5 } } }])).statusCode).toBe(204);
      const s = (await read()).s;
      expect([s.value, s.unitCode, s.sub.value]).toEqual(['str', 'Z', 5]);
    });
  });

  describe('scope', () => {
    it('append replaces the scope, or adds to it with noOverwrite (§5.6.3.4)', async () => {
      expect((await post(url(Q2, '/attrs?options=noOverwrite'), { scope: ['/c', '/a/b'] })).statusCode).toBe(204);
      expect((await read(Q2)).scope).toEqual(['/a/b', '/c']);
      expect((await post(url(Q2, '/attrs'), { scope: '/d' })).statusCode).toBe(204);
      expect((await read(Q2)).scope).toBe('/d');
      expect((await post(url(D2, '/attrs'), { scope: '/e' })).statusCode).toBe(204);
      expect((await read(D2)).scope).toBe('/e');
    });

    it('update replaces an existing scope, and reports scope as not updated on an entity without one (§5.6.2.4)', async () => {
      expect((await patch(url(Q2, '/attrs'), { scope: '/c' })).statusCode).toBe(204);
      expect((await read(Q2)).scope).toBe('/c');
      const res = await patch(url(D2, '/attrs'), { scope: '/c', s: { type: 'Property', value: 'new' } });
      expect(res.statusCode).toBe(207);
      expect(res.json().updated).toEqual(['s']);
      expect(res.json().notUpdated.map((n: { attributeName: string }) => n.attributeName)).toEqual(['scope']);
      expect((await read(D2)).scope).toBeUndefined();
    });

    it('merge deletes the scope with NGSI-LD Null, alone and in a batch (§5.5.12)', async () => {
      expect((await patch(url(Q2), { scope: 'urn:ngsi-ld:null' })).statusCode).toBe(204);
      expect((await read(Q2)).scope).toBeUndefined();
      expect((await patch(url(Q2), { scope: '/f' })).statusCode).toBe(204);
      expect((await read(Q2)).scope).toBe('/f');
      expect((await post(`${BASE}/entityOperations/merge`, [{ id: Q2, scope: null }])).statusCode).toBe(204);
      expect((await read(Q2)).scope).toBeUndefined();
    });

    it('DELETE …/attrs/scope removes the scope (§5.6.5.4), 404 when there is none', async () => {
      expect((await app.inject({ method: 'DELETE', url: url(Q2, '/attrs/scope') })).statusCode).toBe(204);
      expect((await read(Q2)).scope).toBeUndefined();
      expectProblem(await app.inject({ method: 'DELETE', url: url(Q2, '/attrs/scope') }), 404, 'ResourceNotFound');
    });

    it('batch update and upsert?options=update apply the append rule to scope', async () => {
      expect((await post(`${BASE}/entityOperations/update`, [{ id: Q2, scope: '/g' }])).statusCode).toBe(204);
      expect((await read(Q2)).scope).toBe('/g');
      expect((await post(`${BASE}/entityOperations/upsert?options=update`, [{ id: Q2, type: 'Q', scope: '/h' }])).statusCode).toBe(204);
      expect((await read(Q2)).scope).toBe('/h');
    });
  });
});
