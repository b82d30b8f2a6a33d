/**
 * IRIs and language tags in NGSI-LD writes (GS CIM 009 v1.8 §4.5.1 ids "shall be a URI", §4.5.5 datasetId,
 * §4.5.18 LanguageProperty keys are BCP 47 tags, §4.6.2 attribute names): what the user sends becomes IRIs
 * and language tags in the store, so whatever oxigraph's strict N-Quads parser would refuse (RFC 3987 via
 * oxiri, BCP 47 via oxilangtag) is answered 400 BadRequestData naming the attribute, and nothing is stored.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, expectProblem, testApp } from './support/ngsiLdTestApp.js';

describe('NGSI-LD writes with invalid IRIs or language tags', () => {
  let app: FastifyInstance;
  beforeEach(() => ({ app } = testApp()));
  afterEach(() => app.close());

  const create = (payload: unknown) => app.inject({ method: 'POST', url: `${BASE}/entities`, payload: payload as object });
  const entity = (extra: Record<string, unknown>, id = 'urn:ngsi-ld:X:1') => ({ id, type: 'X', ...extra });

  it.each([
    ['an id with a bad %-escape', entity({}, 'urn:ngsi-ld:X:%zz'), 'id'],
    ['an id with a control character', entity({}, 'urn:ngsi-ld:X:\u0001'), 'id'],
    ['an id with a broken IPv6 host', entity({}, 'http://[::1/x'), 'id'],
    ['an id with a non-numeric port', entity({}, 'http://example.org:80a/x'), 'id'],
    ['a relationship object with a bad %-escape', entity({ r: { type: 'Relationship', object: 'urn:a:%G1' } }), 'r'],
    ['an objectList item that is not an IRI', entity({ r: { type: 'ListRelationship', objectList: [{ object: 'http://[v1.":]/' }] } }), 'r'],
    ['a datasetId with a bad %-escape', entity({ p: { type: 'Property', value: 1, datasetId: 'urn:d:%' } }), 'p'],
    ['an attribute name that expands to an invalid IRI', entity({ 'a%zz': { type: 'Property', value: 1 } }), 'a%zz'],
    ['a sub-attribute name that expands to an invalid IRI', entity({ p: { type: 'Property', value: 1, 'b%zz': { type: 'Property', value: 2 } } }), 'b%zz'],
    ['a vocab term that expands to an invalid IRI', entity({ v: { type: 'VocabProperty', vocab: 'c%zz' } }), 'v'],
    ['a typed value whose datatype is an invalid IRI', entity({ p: { type: 'Property', value: { '@type': 'd%zz', '@value': '1' } } }), 'p'],
    ['a languageMap key that is not a BCP 47 tag', entity({ l: { type: 'LanguageProperty', languageMap: { 'en-a': 'x' } } }), 'l'],
    ['a languageMap key of a lone x', entity({ l: { type: 'LanguageProperty', languageMap: { x: 'x' } } }), 'l'],
  ])('answers 400 BadRequestData for %s, naming the attribute, and stores nothing', async (_case, payload, attribute) => {
    const res = await create(payload);
    expect(expectProblem(res, 400, 'BadRequestData').attribute).toBe(attribute);
    const listed = await app.inject({ method: 'GET', url: `${BASE}/entities?type=X` });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([]);
  });

  it('answers 400 BadRequestData naming type for a type that expands to an invalid IRI', async () => {
    const res = await create({ id: 'urn:ngsi-ld:X:1', type: 'T%zz' });
    expect(expectProblem(res, 400, 'BadRequestData').attribute).toBe('type');
  });

  it('accepts and returns IRIs and tags that are valid but unusual (IPv6 host, port, unicode, %-escapes, BCP 47 extensions)', async () => {
    const payload = entity({
      r: { type: 'Relationship', object: 'http://[2001:db8::1]:8080/p%C3%A9?q=1#f' },
      u: { type: 'Relationship', object: 'urn:ngsi-ld:Gerät:é' },
      l: { type: 'LanguageProperty', languageMap: { 'sr-Latn-RS': 'a', 'de-CH-1996': 'b', 'en-a-bbb-x-a-ccc': 'c' } },
    });
    expect((await create(payload)).statusCode).toBe(201);
    const res = await app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(payload.id)}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.r.object).toBe('http://[2001:db8::1]:8080/p%C3%A9?q=1#f');
    expect(body.u.object).toBe('urn:ngsi-ld:Gerät:é');
    expect(Object.keys(body.l.languageMap).sort()).toEqual(['de-CH-1996', 'en-a-bbb-x-a-ccc', 'sr-Latn-RS']);
  });

  it('answers 400 for an invalid IRI in a partial update (POST /attrs), and leaves the entity as it was', async () => {
    expect((await create(entity({ p: { type: 'Property', value: 1 } }))).statusCode).toBe(201);
    const res = await app.inject({
      method: 'POST', url: `${BASE}/entities/${encodeURIComponent('urn:ngsi-ld:X:1')}/attrs`,
      payload: { r: { type: 'Relationship', object: 'urn:a:%zz' } },
    });
    expect(expectProblem(res, 400, 'BadRequestData').attribute).toBe('r');
    const after = (await app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent('urn:ngsi-ld:X:1')}` })).json();
    expect(after.r).toBeUndefined();
    expect(after.p.value).toBe(1);
  });
});
