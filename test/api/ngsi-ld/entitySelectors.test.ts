/**
 * Query Entities via POST with several EntitySelectors (GS CIM 009 v1.8 §6.23.3.1, §5.2.23 Query `entities`,
 * §5.2.33 EntitySelector, §5.7.2): the result is the union of the entities each selector selects (a selector: its id,
 * idPattern and type expression §4.17 together), and q, geoQ, scopeQ, attrs, pick / omit, limit / offset and count
 * apply to that whole result as on GET /entities. Orion-LD, Stellio and Scorpio take such lists; this node answered 501
 * when the selectors mixed id, idPattern and types. Both query paths: the read index and SPARQL.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, createVehicles, expectProblem, testApp } from './support/ngsiLdTestApp.js';

const V = (n: number) => `urn:ngsi-ld:Vehicle:V${n}`;
const B1 = 'urn:ngsi-ld:Building:B1';
const B2 = 'urn:ngsi-ld:Building:B2';

describe.each([['read index', true], ['SPARQL', false]])('POST /entityOperations/query with several EntitySelectors (%s)', (_path, index) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = testApp({ index }));
    await createVehicles(app, 5); // speed 10·n, location [-8.5 + n/100, 41.2]
    for (const building of [
      { id: B1, type: 'Building', name: { type: 'Property', value: 'HQ' } },
      { id: B2, type: 'Building', name: { type: 'Property', value: 'Annex' }, scope: '/Madrid/Centro' },
    ]) expect((await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: building })).statusCode).toBe(201);
  });
  afterAll(() => app.close());
  const query = (body: Record<string, unknown>, qs = '') => app.inject({ method: 'POST', url: `${BASE}/entityOperations/query${qs}`, payload: { type: 'Query', ...body } });
  const ids = (res: { statusCode: number; body: string; json: () => unknown }) => {
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 200 });
    return (res.json() as Array<{ id: string }>).map((e) => e.id);
  };

  it('answers the union of selectors mixing id, idPattern and type, in id order', async () => {
    expect(ids(await query({ entities: [{ id: V(2) }, { type: 'Building' }] }))).toEqual([B1, B2, V(2)]);
    expect(ids(await query({ entities: [{ idPattern: 'V[45]$' }, { type: 'Building', idPattern: 'B1$' }, { id: V(1), type: 'Vehicle' }] })))
      .toEqual([B1, V(1), V(4), V(5)]);
    // A selector's parts hold together: V1 is no Building, so its selector selects nothing.
    expect(ids(await query({ entities: [{ id: V(1), type: 'Building' }, { id: V(3) }] }))).toEqual([V(3)]);
    // Type expressions (§4.17) in a selector.
    expect(ids(await query({ entities: [{ type: '(Vehicle|Building)', idPattern: 'V3$|B2$' }, { id: V(5), type: 'Vehicle' }] })))
      .toEqual([B2, V(3), V(5)]);
    // Overlapping selectors: each entity once.
    expect(ids(await query({ entities: [{ type: 'Vehicle', idPattern: 'V1$' }, { id: V(1) }, { idPattern: 'V[12]$' }] }))).toEqual([V(1), V(2)]);
  });

  it('applies q, scopeQ, attrs and geoQ to the whole union', async () => {
    const selectors = [{ idPattern: 'V[345]$' }, { type: 'Building' }];
    expect(ids(await query({ entities: selectors, q: 'speed>35' }))).toEqual([V(4), V(5)]);
    expect(ids(await query({ entities: selectors, q: 'name=="Annex"|speed==30' }))).toEqual([B2, V(3)]);
    expect(ids(await query({ entities: selectors, scopeQ: '/Madrid/#' }))).toEqual([B2]);
    expect(ids(await query({ entities: [{ id: V(1) }, { type: 'Building' }], attrs: ['name'] }))).toEqual([B1, B2]);
    const geoQ = { georel: 'near;maxDistance==1000', geometry: 'Point', coordinates: [-8.46, 41.2] };
    expect(ids(await query({ entities: [{ idPattern: 'V[1-4]$' }, { type: 'Building' }], geoQ }))).toEqual([V(3), V(4)]);
  });

  it('pages and counts the whole union (limit, offset, count=true)', async () => {
    const entities = [{ type: 'Vehicle', idPattern: 'V[12]$' }, { id: V(5) }, { type: 'Building' }];
    const res = await query({ entities }, '?limit=2&offset=1&count=true');
    expect(ids(res)).toEqual([B2, V(1)]);
    expect(res.headers['ngsild-results-count']).toBe('5');
    const onlyCount = await query({ entities }, '?limit=0&count=true');
    expect(ids(onlyCount)).toEqual([]);
    expect(onlyCount.headers['ngsild-results-count']).toBe('5');
  });

  it('projects with the Query body\'s attrs, pick and omit (§4.21)', async () => {
    const entities = [{ id: V(1) }, { id: B1, type: 'Building' }];
    const omitted = (await query({ entities, omit: ['location', 'speed', 'isParked'] })).json() as Array<Record<string, unknown>>;
    expect(omitted.map((e) => Object.keys(e).sort())).toEqual([['id', 'name', 'type'], ['brandName', 'id', 'type']]);
    const picked = (await query({ entities, pick: 'id,name' })).json() as Array<Record<string, unknown>>;
    expect(picked).toEqual([{ id: B1, name: { type: 'Property', value: 'HQ' } }, { id: V(1) }]);
    const attrs = (await query({ entities, attrs: ['brandName'] })).json() as Array<Record<string, unknown>>;
    expect(attrs).toEqual([{ id: V(1), type: 'Vehicle', brandName: { type: 'Property', value: 'Seat' } }]);
    expectProblem(await query({ entities, pick: [] }), 400, 'BadRequestData');
  });

  it('answers 400 for a selector that is not well formed', async () => {
    expectProblem(await query({ entities: [{ id: V(1) }, { idPattern: '(' }] }), 400, 'InvalidRequest');
    expectProblem(await query({ entities: [{ id: V(1) }, { type: 'Vehicle;' }] }), 400, 'InvalidRequest');
    expectProblem(await query({ entities: [{ id: V(1) }, { id: 7 }] }), 400, 'BadRequestData');
    expectProblem(await query({ entities: [{ id: V(1) }, { id: 'not an iri' }] }), 400, 'InvalidRequest'); // as GET /entities?id=not%20an%20iri
  });
});
