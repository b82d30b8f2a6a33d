/**
 * Issue 3 "Round trip is lossless … for generated entities (a property-based test)", end to end
 * through HTTP: fast-check entities of every attribute kind (test/unit/ngsi-ld/mapping/
 * generatedEntities.ts) are created with POST /entities (application/ld+json, the continuum
 * @context) and read back with GET /entities/{id} and the same @context in the Link header
 * (GS CIM 009 v1.8 §6.4.3.1, §6.5.3.1, §6.3.5); the answer equals what was written. createdAt /
 * modifiedAt are system-generated (§4.8) and therefore not part of what a client writes.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { generatedEntity } from '../../unit/ngsi-ld/mapping/generatedEntities.js';
import { BASE, link, testApp } from './support/ngsiLdTestApp.js';

type Json = { [key: string]: unknown };
const CONTINUUM = 'https://w3id.org/continuum-fabric/context.jsonld';

/** Drops the system attributes the generator adds (a client cannot write them, §4.8). */
function withoutSystemAttributes(json: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(json)) {
    if (k === 'createdAt' || k === 'modifiedAt') continue;
    if (Array.isArray(v)) out[k] = v.map((i) => (i && typeof i === 'object' && !Array.isArray(i) && 'type' in i ? withoutSystemAttributes(i as Json) : i));
    else if (v && typeof v === 'object' && 'type' in v) out[k] = withoutSystemAttributes(v as Json);
    else out[k] = v;
  }
  return out;
}

/** Sets stay sets: type and scope lists (§4.18) and the instances of a multi-instance attribute (§4.5.5) have no order. */
function orderless(json: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(json)) {
    if ((k === 'type' || k === 'scope') && Array.isArray(v)) out[k] = [...v].sort();
    else if (Array.isArray(v) && v.length > 0 && v.every((i) => i && typeof i === 'object' && 'type' in i)) {
      out[k] = (v as Json[]).map(orderless).sort((a, b) => String(a.datasetId ?? '').localeCompare(String(b.datasetId ?? '')));
    } else if (v && typeof v === 'object' && !Array.isArray(v) && 'type' in v) out[k] = orderless(v as Json);
    else out[k] = v;
  }
  return out;
}

describe('round trip of generated entities through HTTP (fast-check)', () => {
  let app: FastifyInstance;
  beforeAll(() => ({ app } = testApp()));
  afterAll(() => app.close());

  it('POST then GET gives back what was written: 40 entities', async () => {
    await fc.assert(fc.asyncProperty(generatedEntity(), async (generated) => {
      const written = withoutSystemAttributes(generated);
      const created = await app.inject({ method: 'POST', url: `${BASE}/entities`, headers: { 'content-type': 'application/ld+json' }, payload: JSON.stringify({ ...written, '@context': CONTINUUM }) });
      expect({ status: created.statusCode, body: created.body }).toEqual({ status: 201, body: '' });
      const url = `${BASE}/entities/${encodeURIComponent(String(written.id))}`;
      const back = await app.inject({ method: 'GET', url, headers: { link: link(CONTINUUM) } });
      await app.inject({ method: 'DELETE', url });
      expect(back.statusCode).toBe(200);
      expect(orderless(back.json())).toEqual(orderless(written));
    }), { numRuns: 40 });
  });
});
