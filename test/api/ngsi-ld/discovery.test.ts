/**
 * Discovery (GS CIM 009 v1.8 §6.25–§6.28): /types (§5.2.24 EntityTypeList, details=true
 * §5.2.25), /types/{type} (§5.2.26 EntityTypeInfo), /attributes (§5.2.29 AttributeList,
 * details=true), /attributes/{attrId} (§5.2.28 Attribute); and /info/sourceIdentity
 * (§5.15, §5.2.40 ContextSourceIdentity).
 */
import type { FastifyInstance } from 'fastify';
import { BASE, client, CORE, createVehicles, expectProblem, testApp } from './support/ngsiLdTestApp.js';

const DEFAULT = 'https://uri.etsi.org/ngsi-ld/default-context/';

describe('NGSI-LD discovery and source identity', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = testApp());
    await createVehicles(app, 3);
    await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: { id: 'urn:ngsi-ld:Building:B1', type: 'Building', name: { type: 'Property', value: 'HQ' } } });
  });
  afterAll(() => app.close());
  const get = (path: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `${BASE}${path}`, headers });

  it('GET /types lists the types in an EntityTypeList', async () => {
    const body = (await get('/types')).json();
    expect(body).toMatchObject({ type: 'EntityTypeList', typeList: ['Building', 'Vehicle'] });
    expect(body.id).toMatch(/^urn:ngsi-ld:EntityTypeList:/);
    expect(await client(app).types()).toEqual(['Building', 'Vehicle']);
  });

  it('GET /types?details=true gives EntityType items with their attribute names', async () => {
    const body = (await get('/types?details=true')).json();
    expect(body).toEqual([
      { id: `${DEFAULT}Building`, type: 'EntityType', typeName: 'Building', attributeNames: ['name'] },
      { id: `${DEFAULT}Vehicle`, type: 'EntityType', typeName: 'Vehicle', attributeNames: ['brandName', 'isParked', 'location', 'speed'] },
    ]);
  });

  it('GET /types/{type} gives EntityTypeInfo with the count and attribute kinds; 404 for an unknown type', async () => {
    const body = (await get('/types/Vehicle')).json();
    expect(body).toMatchObject({ id: `${DEFAULT}Vehicle`, type: 'EntityTypeInfo', typeName: 'Vehicle', entityCount: 3 });
    const kinds = Object.fromEntries(body.attributeDetails.map((a: { attributeName: string; attributeTypes: string[] }) => [a.attributeName, a.attributeTypes]));
    expect(kinds).toEqual({ brandName: ['Property'], isParked: ['Relationship'], location: ['GeoProperty'], speed: ['Property'] });
    expectProblem(await get('/types/Airplane'), 404, 'ResourceNotFound');
  });

  it('GET /attributes lists attribute names; details=true the entity types having each', async () => {
    expect((await get('/attributes')).json().attributeList).toEqual(['brandName', 'isParked', 'location', 'name', 'speed']);
    const details = (await get('/attributes?details=true')).json();
    expect(details.find((d: { attributeName: string }) => d.attributeName === 'name')).toEqual({ id: `${DEFAULT}name`, type: 'Attribute', attributeName: 'name', typeNames: ['Building'] });
  });

  it('GET /attributes/{attrId} counts instances; 404 for an unknown attribute', async () => {
    const body = (await get('/attributes/speed')).json();
    expect(body).toEqual({ id: `${DEFAULT}speed`, type: 'Attribute', attributeName: 'speed', attributeCount: 3, attributeTypes: ['Property'], typeNames: ['Vehicle'] });
    expectProblem(await get('/attributes/wingspan'), 404, 'ResourceNotFound');
  });

  it('discovery answers application/ld+json with the @context inline', async () => {
    const body = (await get('/types', { accept: 'application/ld+json' })).json();
    expect(body['@context']).toBe(CORE);
  });

  it('GET /info/sourceIdentity describes this context source (§5.15)', async () => {
    const res = await get('/info/sourceIdentity');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: 'urn:ngsi-ld:Domain:local', type: 'ContextSourceIdentity', contextSourceAlias: 'urn:ngsi-ld:Domain:local' });
    expect(body.contextSourceUptime).toMatch(/^P(\d+D)?T(\d+H)?(\d+M)?(\d+S)?$/);
    expect(Math.abs(Date.parse(body.contextSourceTimeAt) - Date.now())).toBeLessThan(60_000);
    expectProblem(await get('/info/sourceIdentity?x=1'), 400, 'InvalidRequest');
  });
});
