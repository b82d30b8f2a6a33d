/**
 * Query Entities: what an EntitySelector and a Query body mean (GS CIM 009 v1.8 §5.2.33 EntitySelector, §5.2.23 Query,
 * §6.4.3.2, §6.23.3.1), on both query paths (the read index and SPARQL):
 * - §5.2.33: "id takes precedence over idPattern" (the ETSI OpenAPI's EntitySelector; Orion-LD's pCheckQuery and
 *   GET /entities and Scorpio drop the pattern when an id is given). Before, both had to hold.
 * - §5.2.23 has no `id` member: a Query with one is 400 naming it (as Orion-LD answers "Unknown field"); before it was
 *   accepted and ignored.
 * - `lang` in the Query body and as URL parameter: one value is taken, two different ones are 400 naming `lang`;
 *   before, the body won silently.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, createVehicles, expectProblem, testApp } from './support/ngsiLdTestApp.js';

const V = (n: number) => `urn:ngsi-ld:Vehicle:V${n}`;
const STREET = 'urn:ngsi-ld:Street:S1';

describe.each([['read index', true], ['SPARQL', false]])('EntitySelectors and Query bodies (%s)', (_path, index) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = testApp({ index }));
    await createVehicles(app, 3);
    const street = { id: STREET, type: 'Street', name: { type: 'LanguageProperty', languageMap: { en: 'Main Street', fr: 'Rue principale' } } };
    expect((await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: street })).statusCode).toBe(201);
  });
  afterAll(() => app.close());
  const post = (body: Record<string, unknown>, qs = '') => app.inject({ method: 'POST', url: `${BASE}/entityOperations/query${qs}`, payload: { type: 'Query', ...body } });
  const ids = (res: { statusCode: number; body: string; json: () => unknown }) => {
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 200 });
    return (res.json() as Array<{ id: string }>).map((e) => e.id);
  };

  describe('§5.2.33: id takes precedence over idPattern', () => {
    it('selects by id alone in a selector with both (POST /entityOperations/query)', async () => {
      expect(ids(await post({ entities: [{ type: 'Vehicle', id: V(1), idPattern: 'V2$' }] }))).toEqual([V(1)]);
      expect(ids(await post({ entities: [{ id: V(3), idPattern: '^nothing$' }] }))).toEqual([V(3)]);
      // In a list of selectors each selector follows the rule on its own.
      expect(ids(await post({ entities: [{ type: 'Vehicle', id: V(1), idPattern: 'V2$' }, { type: 'Vehicle', id: V(3), idPattern: 'V1$' }] })))
        .toEqual([V(1), V(3)]);
      expect(ids(await post({ entities: [{ id: V(2), idPattern: 'V1$' }, { type: 'Street', idPattern: 'S1$' }] }))).toEqual([STREET, V(2)]);
      // The type still holds with the id.
      expect(ids(await post({ entities: [{ type: 'Street', id: V(1), idPattern: 'V1$' }] }))).toEqual([]);
    });

    it('queries by the ids alone when GET /entities has id and idPattern', async () => {
      const res = await app.inject({ method: 'GET', url: `${BASE}/entities?id=${V(1)},${V(3)}&idPattern=${encodeURIComponent('V2$')}` });
      expect(ids(res)).toEqual([V(1), V(3)]);
      expect(ids(await app.inject({ method: 'GET', url: `${BASE}/entities?type=Vehicle&id=${V(2)}&idPattern=${encodeURIComponent('^x')}&count=true` }))).toEqual([V(2)]);
    });

    it('still filters by idPattern without an id', async () => {
      expect(ids(await post({ entities: [{ type: 'Vehicle', idPattern: 'V[23]$' }] }))).toEqual([V(2), V(3)]);
      expect(ids(await app.inject({ method: 'GET', url: `${BASE}/entities?idPattern=${encodeURIComponent('V2$')}` }))).toEqual([V(2)]);
    });
  });

  it('answers 400 for an id member of the Query body (§5.2.23 has none), naming it', async () => {
    const problem = expectProblem(await post({ id: 'urn:ngsi-ld:Query:1', entities: [{ type: 'Vehicle' }] }), 400, 'BadRequestData');
    expect(problem.attribute).toBe('id');
  });

  describe('lang in the Query body and in the URL (§4.15, §5.2.23)', () => {
    const name = async (res: Awaited<ReturnType<typeof post>>) => {
      expect(res.statusCode).toBe(200);
      return (res.json() as Array<{ name: unknown }>)[0]!.name;
    };
    const street = { entities: [{ type: 'Street' }] };

    it('takes it from either place, or from both when they agree', async () => {
      expect(await name(await post({ ...street, lang: 'fr' }))).toEqual({ type: 'Property', value: 'Rue principale', lang: 'fr' });
      expect(await name(await post(street, '?lang=fr'))).toEqual({ type: 'Property', value: 'Rue principale', lang: 'fr' });
      expect(await name(await post({ ...street, lang: 'en' }, '?lang=en'))).toEqual({ type: 'Property', value: 'Main Street', lang: 'en' });
    });

    it('answers 400 naming lang when the two differ', async () => {
      const problem = expectProblem(await post({ ...street, lang: 'en' }, '?lang=fr'), 400, 'InvalidRequest');
      expect(problem.parameter).toBe('lang');
      expect(problem.detail).toContain('"en"');
      expect(problem.detail).toContain('"fr"');
    });
  });
});
