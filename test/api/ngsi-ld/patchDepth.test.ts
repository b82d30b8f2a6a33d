/**
 * How deep a PATCH reaches (GS CIM 009 v1.8):
 * - Merge Entity (§5.6.17) and Batch Entity Merge (§5.6.20) follow the merge patch behaviour §5.5.12: "the procedure
 *   … merges the provided information with the existing information up to an arbitrary depth, e.g. including going
 *   into JSON objects representing a Property value"; NGSI-LD Nulls in the fragment remove members (EXAMPLE 2:
 *   {"street": "Pariser Platz", "country": "urn:ngsi-ld:null"} updates street, removes country, keeps city).
 * - Partial Attribute Update (§5.6.4) follows the partial update patch behaviour §5.5.8: "for each member of the
 *   Fragment contained by the target, the target member value is replaced by the value given in the Fragment", so
 *   a sub-attribute given replaces the existing one whole, and a value is replaced, not merged.
 * - NGSI-LD Null as the value in a partial attribute update deletes the targeted instance, as the ETSI conformance
 *   tests 012_05 / 012_06 / 012_07 (tags 5_6_4, since v1.6.1) expect of Orion-LD, Stellio and Scorpio.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, expectProblem, testApp } from './support/ngsiLdTestApp.js';

const B = 'urn:ngsi-ld:Building:1';
const NULL = 'urn:ngsi-ld:null';

describe('PATCH depth: merge (§5.5.12) and partial update (§5.5.8)', () => {
  let app: FastifyInstance;
  const url = (tail = '') => `${BASE}/entities/${encodeURIComponent(B)}${tail}`;
  const read = async () => (await app.inject({ method: 'GET', url: url() })).json();
  const send = (method: 'PATCH' | 'POST', path: string, payload: unknown) =>
    app.inject({ method, url: path, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });

  beforeEach(async () => {
    ({ app } = testApp());
    const created = await send('POST', `${BASE}/entities`, {
      id: B, type: 'Building',
      address: { type: 'Property', value: { street: 'Straße des 17. Juni', city: 'Berlin', country: 'Germany', geo: { lat: 52, lon: 13 }, tags: ['a', 'b'] } },
      config: { type: 'JsonProperty', json: { mode: 'eco', limits: { min: 1, max: 9 }, legacy: true } },
      name: { type: 'LanguageProperty', languageMap: { en: 'Tower', fr: 'Tour' } },
      s: { type: 'Property', value: 1, sub: { type: 'Property', value: 'x', unitCode: 'U', deeper: { type: 'Property', value: 'z' } }, other: { type: 'Property', value: 'o' } },
      name2: [{ type: 'Property', value: 'default' }, { type: 'Property', value: 'one', datasetId: 'urn:ngsi-ld:Dataset:01' }],
    });
    expect(created.statusCode).toBe(201);
  });
  afterEach(() => app.close());

  describe('merge goes into JSON object values (§5.5.12)', () => {
    it('EXAMPLE 2: updates street, removes country with NGSI-LD Null, keeps the other members', async () => {
      expect((await send('PATCH', url(), { address: { type: 'Property', value: { street: 'Pariser Platz', country: NULL } } })).statusCode).toBe(204);
      expect((await read()).address.value).toEqual({ street: 'Pariser Platz', city: 'Berlin', geo: { lat: 52, lon: 13 }, tags: ['a', 'b'] });
    });

    it('merges nested objects at any depth, replaces arrays whole, and JSON null also removes a member', async () => {
      const res = await send('PATCH', url(), { address: { value: { geo: { lon: 14, alt: null }, tags: ['c'], zip: '10117' } } });
      expect(res.statusCode).toBe(204);
      expect((await read()).address.value).toEqual({ street: 'Straße des 17. Juni', city: 'Berlin', country: 'Germany', geo: { lat: 52, lon: 14 }, tags: ['c'], zip: '10117' });
    });

    it('a concise JSON object value is merged the same way', async () => {
      expect((await send('PATCH', url(), { address: { city: 'Potsdam', street: NULL } })).statusCode).toBe(204);
      expect((await read()).address.value).toEqual({ city: 'Potsdam', country: 'Germany', geo: { lat: 52, lon: 13 }, tags: ['a', 'b'] });
    });

    it('an object all of whose members are NGSI-LD Null deletes sub-attributes; with "value" it removes value members', async () => {
      expect((await send('PATCH', url(), { address: { country: NULL } })).statusCode).toBe(204);
      expect((await read()).address.value.country).toBe('Germany');
      expect((await send('PATCH', url(), { address: { value: { country: NULL } } })).statusCode).toBe(204);
      expect((await read()).address.value.country).toBeUndefined();
    });

    it('merges a JsonProperty\'s json object; NGSI-LD Null removes a key', async () => {
      expect((await send('PATCH', url(), { config: { json: { limits: { max: 5 }, legacy: NULL, extra: [1] } } })).statusCode).toBe(204);
      expect((await read()).config).toEqual({ type: 'JsonProperty', json: { mode: 'eco', limits: { min: 1, max: 5 }, extra: [1] } });
    });

    it('merges a LanguageProperty\'s languageMap by language; NGSI-LD Null removes a language', async () => {
      expect((await send('PATCH', url(), { name: { languageMap: { fr: 'La Tour', de: 'Turm' } } })).statusCode).toBe(204);
      expect((await read()).name.languageMap).toEqual({ en: 'Tower', fr: 'La Tour', de: 'Turm' });
      expect((await send('PATCH', url(), { name: { type: 'LanguageProperty', languageMap: { en: NULL } } })).statusCode).toBe(204);
      expect((await read()).name.languageMap).toEqual({ fr: 'La Tour', de: 'Turm' });
    });

    it('answers 400 naming the attribute when the merge would leave a languageMap empty, and changes nothing', async () => {
      const before = await read();
      const body = expectProblem(await send('PATCH', url(), { name: { languageMap: { en: NULL, fr: NULL } } }), 400, 'BadRequestData');
      expect(body.attribute).toBe('name');
      expect(await read()).toEqual(before);
    });

    it('merges into values of sub-attributes too, and a batch merge item likewise (§5.6.20)', async () => {
      expect((await send('PATCH', url(), { s: { sub: { value: { k: 1 } } } })).statusCode).toBe(204);
      expect((await send('POST', `${BASE}/entityOperations/merge`, [{ id: B, s: { sub: { value: { j: 2 } } }, address: { value: { city: NULL } } }])).statusCode).toBe(204);
      const e = await read();
      expect(e.s.sub.value).toEqual({ k: 1, j: 2 });
      expect(e.s.sub.unitCode).toBe('U');
      expect(e.address.value.city).toBeUndefined();
      expect(e.address.value.street).toBe('Straße des 17. Juni');
    });

    it('replaces a value that is not a JSON object, and an object value given for it', async () => {
      expect((await send('PATCH', url(), { s: { value: { now: 'object' } } })).statusCode).toBe(204);
      expect((await read()).s.value).toEqual({ now: 'object' });
      expect((await send('PATCH', url(), { s: { value: 7 } })).statusCode).toBe(204);
      expect((await read()).s.value).toBe(7);
    });
  });

  describe('partial attribute update replaces what it gives (§5.5.8)', () => {
    it('replaces a sub-attribute whole: its members not given are gone', async () => {
      expect((await send('PATCH', url('/attrs/s'), { sub: { type: 'Property', value: 'y' } })).statusCode).toBe(204);
      const s = (await read()).s;
      expect(s.sub).toEqual({ type: 'Property', value: 'y' });
      expect(s.other).toEqual({ type: 'Property', value: 'o' });
      expect(s.value).toBe(1);
    });

    it('a merge of the same sub-attribute keeps its members (the contrast, §5.5.12 EXAMPLE 1)', async () => {
      expect((await send('PATCH', url(), { s: { sub: { type: 'Property', value: 'y' } } })).statusCode).toBe(204);
      expect((await read()).s.sub).toEqual({ type: 'Property', value: 'y', unitCode: 'U', deeper: { type: 'Property', value: 'z' } });
    });

    it('answers 400 naming a sub-attribute given without its main member (it would replace the existing one)', async () => {
      const before = await read();
      const body = expectProblem(await send('PATCH', url('/attrs/s'), { sub: { unitCode: 'V' } }), 400, 'BadRequestData');
      expect(body.attribute).toBe('sub');
      expect(await read()).toEqual(before);
    });

    it('replaces a JSON object value whole rather than merging it', async () => {
      expect((await send('PATCH', url('/attrs/address'), { value: { street: 'Pariser Platz' } })).statusCode).toBe(204);
      expect((await read()).address.value).toEqual({ street: 'Pariser Platz' });
    });

    it('NGSI-LD Null deletes a sub-attribute', async () => {
      expect((await send('PATCH', url('/attrs/s'), { sub: NULL })).statusCode).toBe(204);
      const s = (await read()).s;
      expect(s.sub).toBeUndefined();
      expect(s.other).toEqual({ type: 'Property', value: 'o' });
    });

    it.each([
      ['the default instance (012_05, 012_07)', {}, { type: 'Property', value: 'one', datasetId: 'urn:ngsi-ld:Dataset:01' }],
      ['the instance with that datasetId (012_06)', { datasetId: 'urn:ngsi-ld:Dataset:01' }, { type: 'Property', value: 'default' }],
    ])('NGSI-LD Null as the value deletes %s', async (_which, extra, left) => {
      expect((await send('PATCH', url('/attrs/name2'), { type: 'Property', value: NULL, ...extra })).statusCode).toBe(204);
      expect((await read()).name2).toEqual(left);
    });
  });
});
