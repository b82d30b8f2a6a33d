/**
 * System-generated createdAt / modifiedAt on sub-attributes (GS CIM 009 v1.8 §4.8: "createdAt is defined as the
 * temporal Property at which the Entity, Property or Relationship was entered into an NGSI-LD system"; a sub-attribute
 * is a Property or Relationship of an attribute, §4.5.6; shown with options=sysAttrs). A sub-attribute created gets both; one replaced or
 * merged keeps its createdAt and gets a new modifiedAt; one the write does not touch keeps both. Without sysAttrs
 * none is shown, so the round trip is unchanged.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, testApp } from './support/ngsiLdTestApp.js';

const E = 'urn:ngsi-ld:Sensor:1';

describe('createdAt / modifiedAt of sub-attributes (§4.8, options=sysAttrs)', () => {
  let app: FastifyInstance;
  const url = (tail = '') => `${BASE}/entities/${encodeURIComponent(E)}${tail}`;
  const read = async (query = '?options=sysAttrs') => (await app.inject({ method: 'GET', url: url(query) })).json();
  const send = (method: 'PATCH' | 'POST' | 'PUT', path: string, payload: unknown) =>
    app.inject({ method, url: path, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5)); // distinct millisecond timestamps

  beforeEach(async () => {
    ({ app } = testApp());
    const created = await send('POST', `${BASE}/entities`, {
      id: E, type: 'Sensor',
      t: {
        type: 'Property', value: 20, unitCode: 'CEL', observedAt: '2026-12-01T10:00:00Z',
        accuracy: { type: 'Property', value: 0.5, calibration: { type: 'Property', value: 'lab' } },
        providedBy: { type: 'Relationship', object: 'urn:ngsi-ld:Device:1' },
      },
      plain: { type: 'Property', value: 1 },
    });
    expect(created.statusCode).toBe(201);
  });
  afterEach(() => app.close());

  it('a created sub-attribute, at any depth, has the attribute\'s createdAt and modifiedAt', async () => {
    const t = (await read()).t;
    expect(typeof t.createdAt).toBe('string');
    for (const sub of [t.accuracy, t.providedBy, t.accuracy.calibration]) {
      expect([sub.createdAt, sub.modifiedAt]).toEqual([t.createdAt, t.createdAt]);
    }
  });

  it('without options=sysAttrs, sub-attributes show neither (the written form comes back)', async () => {
    expect((await read('')).t.accuracy).toEqual({ type: 'Property', value: 0.5, calibration: { type: 'Property', value: 'lab' } });
  });

  it('a merge keeps the createdAt of the sub-attribute it changes, stamps a new one, and leaves the others alone', async () => {
    const before = (await read()).t;
    await tick();
    expect((await send('PATCH', url(), { t: { accuracy: { value: 0.4 }, source: { type: 'Property', value: 'x' } } })).statusCode).toBe(204);
    const t = (await read()).t;
    expect(t.modifiedAt > before.modifiedAt).toBe(true);
    expect([t.accuracy.createdAt, t.accuracy.modifiedAt]).toEqual([before.accuracy.createdAt, t.modifiedAt]);
    expect([t.source.createdAt, t.source.modifiedAt]).toEqual([t.modifiedAt, t.modifiedAt]);
    expect(t.providedBy).toEqual(before.providedBy);
    expect(t.accuracy.calibration).toEqual(before.accuracy.calibration);
  });

  it('a partial attribute update replacing a sub-attribute keeps its createdAt (§5.6.4)', async () => {
    const before = (await read()).t;
    await tick();
    expect((await send('PATCH', url('/attrs/t'), { providedBy: { type: 'Relationship', object: 'urn:ngsi-ld:Device:2' } })).statusCode).toBe(204);
    const t = (await read()).t;
    expect(t.providedBy).toEqual({ type: 'Relationship', object: 'urn:ngsi-ld:Device:2', createdAt: before.providedBy.createdAt, modifiedAt: t.modifiedAt });
    expect(t.modifiedAt > before.modifiedAt).toBe(true);
  });

  it('an update replacing the attribute keeps the createdAt of the sub-attributes it gives again (§5.6.2)', async () => {
    const before = (await read()).t;
    await tick();
    expect((await send('PATCH', url('/attrs'), { t: { type: 'Property', value: 21, accuracy: { type: 'Property', value: 0.3 } } })).statusCode).toBe(204);
    const t = (await read()).t;
    expect([t.createdAt, t.accuracy.createdAt]).toEqual([before.createdAt, before.accuracy.createdAt]);
    expect(t.accuracy.modifiedAt).toBe(t.modifiedAt);
    expect(t.providedBy).toBeUndefined();
  });

  it('a replaced entity gives its sub-attributes new timestamps, in a batch upsert too', async () => {
    await tick();
    expect((await send('PUT', url(), { type: 'Sensor', t: { type: 'Property', value: 1, note: { type: 'Property', value: 'n' } } })).statusCode).toBe(204);
    const t = (await read()).t;
    expect([t.note.createdAt, t.note.modifiedAt]).toEqual([t.createdAt, t.createdAt]);
    await tick();
    const res = await send('POST', `${BASE}/entityOperations/upsert`, [{ id: E, type: 'Sensor', t: { type: 'Property', value: 2, note: { type: 'Property', value: 'm' } } }]);
    expect(res.statusCode).toBe(204);
    const after = (await read()).t;
    expect(after.note.createdAt > t.note.createdAt).toBe(true);
  });
});
