/**
 * datasetId on Retrieve Entity and Query Entities (GS CIM 009 v1.8 §4.5.5, URI parameter datasetId §6.3.20; in a
 * Query body as Orion-LD takes it): only the attribute instances whose datasetId is listed are returned, "@none"
 * naming the default instance; an attribute left without instances is left out; which entities match does not
 * change. Before, the parameter answered 501. Both query paths; the rendered-text cache must not answer a datasetId
 * read with the whole entity (or the reverse).
 */
import type { FastifyInstance } from 'fastify';
import { BASE, client, expectProblem, testApp } from './support/ngsiLdTestApp.js';

const ID = 'urn:ngsi-ld:Vehicle:DS1';
const OTHER = 'urn:ngsi-ld:Vehicle:DS2';
const GPS = 'urn:ngsi-ld:Dataset:gps';
const WHEEL = 'urn:ngsi-ld:Dataset:wheel';

const vehicle = {
  id: ID,
  type: 'Vehicle',
  speed: [
    { type: 'Property', value: 50 },
    { type: 'Property', value: 52, datasetId: GPS },
    { type: 'Property', value: 49, datasetId: WHEEL },
  ],
  brandName: { type: 'Property', value: 'Seat' },
  owner: { type: 'Relationship', object: 'urn:ngsi-ld:Person:P1', datasetId: GPS },
};

describe.each([['read index', true], ['SPARQL', false]])('datasetId on reads (§4.5.5, %s)', (_path, index) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = testApp({ index }));
    for (const payload of [vehicle, { id: OTHER, type: 'Vehicle', brandName: { type: 'Property', value: 'Audi' } }]) {
      expect((await app.inject({ method: 'POST', url: `${BASE}/entities`, payload })).statusCode).toBe(201);
    }
  });
  afterAll(() => app.close());
  const get = (url: string) => app.inject({ method: 'GET', url });
  const body = (res: { statusCode: number; body: string; json: () => unknown }) => {
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 200 });
    return res.json() as Record<string, unknown>;
  };
  const entity = `${BASE}/entities/${encodeURIComponent(ID)}`;

  it('returns only the instances with the listed datasetIds on retrieve', async () => {
    expect(body(await get(`${entity}?datasetId=${GPS}`))).toEqual({
      id: ID, type: 'Vehicle',
      speed: { type: 'Property', value: 52, datasetId: GPS },
      owner: { type: 'Relationship', object: 'urn:ngsi-ld:Person:P1', datasetId: GPS },
    });
    expect(body(await get(`${entity}?datasetId=${GPS},${WHEEL}&options=keyValues`))).toEqual({
      id: ID, type: 'Vehicle', speed: [52, 49], owner: 'urn:ngsi-ld:Person:P1',
    });
  });

  it('names the default instance @none', async () => {
    expect(body(await get(`${entity}?datasetId=@none`))).toEqual({
      id: ID, type: 'Vehicle', speed: { type: 'Property', value: 50 }, brandName: { type: 'Property', value: 'Seat' },
    });
    expect(body(await get(`${entity}?datasetId=@none,${WHEEL}&attrs=speed`))).toEqual({
      id: ID, type: 'Vehicle', speed: [{ type: 'Property', value: 50 }, { type: 'Property', value: 49, datasetId: WHEEL }],
    });
  });

  it('does not reuse the text of a read without datasetId, nor the reverse (rendered-text cache)', async () => {
    const whole = body(await get(entity));
    expect(Object.keys(whole).sort()).toEqual(['brandName', 'id', 'owner', 'speed', 'type']);
    expect(body(await get(`${entity}?datasetId=${WHEEL}`))).toEqual({ id: ID, type: 'Vehicle', speed: { type: 'Property', value: 49, datasetId: WHEEL } });
    expect(body(await get(entity))).toEqual(whole);
  });

  it('projects every entity of GET /entities and POST /entityOperations/query without changing which match', async () => {
    const page = (await get(`${BASE}/entities?type=Vehicle&datasetId=${GPS}&count=true`));
    expect(page.headers['ngsild-results-count']).toBe('2');
    expect(page.json()).toEqual([
      { id: ID, type: 'Vehicle', speed: { type: 'Property', value: 52, datasetId: GPS }, owner: { type: 'Relationship', object: 'urn:ngsi-ld:Person:P1', datasetId: GPS } },
      { id: OTHER, type: 'Vehicle' },
    ]);
    const query = { type: 'Query', entities: [{ type: 'Vehicle' }], attrs: ['speed'] };
    for (const res of [
      await app.inject({ method: 'POST', url: `${BASE}/entityOperations/query?datasetId=${WHEEL}`, payload: query }),
      await app.inject({ method: 'POST', url: `${BASE}/entityOperations/query`, payload: { ...query, datasetId: [WHEEL] } }),
      await app.inject({ method: 'POST', url: `${BASE}/entityOperations/query?datasetId=${WHEEL}`, payload: { ...query, datasetId: WHEEL } }),
    ]) {
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: [{ id: ID, type: 'Vehicle', speed: { type: 'Property', value: 49, datasetId: WHEEL } }] });
    }
  });

  it('is an option of the typed client (getEntity, queryEntities)', async () => {
    const ngsi = client(app);
    expect(await ngsi.getEntity(ID, { datasetId: [WHEEL], attrs: ['speed'] })).toEqual({ id: ID, type: 'Vehicle', speed: { type: 'Property', value: 49, datasetId: WHEEL } });
    const { entities } = await ngsi.queryEntities({ type: 'Vehicle', attrs: ['speed'], datasetId: ['@none'] });
    expect(entities).toEqual([{ id: ID, type: 'Vehicle', speed: { type: 'Property', value: 50 } }]);
  });

  it('answers 400 for a datasetId that is neither a URI nor @none, and for a body and URL that disagree', async () => {
    expect(expectProblem(await get(`${entity}?datasetId=gps`), 400, 'BadRequestData').parameter).toBe('datasetId');
    expectProblem(await get(`${BASE}/entities?type=Vehicle&datasetId=${GPS},none`), 400, 'BadRequestData');
    const query = { type: 'Query', entities: [{ type: 'Vehicle' }] };
    expectProblem(await app.inject({ method: 'POST', url: `${BASE}/entityOperations/query`, payload: { ...query, datasetId: [7] } }), 400, 'BadRequestData');
    const conflict = expectProblem(await app.inject({ method: 'POST', url: `${BASE}/entityOperations/query?datasetId=${GPS}`, payload: { ...query, datasetId: [WHEEL] } }), 400, 'InvalidRequest');
    expect(conflict.parameter).toBe('datasetId');
  });
});
