/**
 * Data model fidelity through HTTP (issue 3 "Every attribute type … observedAt, unitCode,
 * datasetId, sub-attributes at any depth, scope, createdAt/modifiedAt"): an entity with every
 * attribute kind of GS CIM 009 v1.8 §4.5 is written with POST /entities and read back equal
 * (normalized, §4.5.1); lang (§4.15) and the q language features the other API tests do not
 * reach (§4.9: lists, patterns, parentheses, dotted sub-attribute paths, [..] paths into values).
 */
import type { FastifyInstance } from 'fastify';
import { BASE, expectProblem, testApp } from './support/ngsiLdTestApp.js';

const ID = 'urn:ngsi-ld:Device:all-kinds';

/** Every attribute kind (§4.5.2–§4.5.23) with the core @context only (terms land in the default context). */
const entity = {
  id: ID,
  type: 'Device',
  scope: ['/Spain/Valencia', '/Edge'],
  hostname: { type: 'Property', value: 'edge-1' },
  cpuCores: { type: 'Property', value: 8 },
  gpu: { type: 'Property', value: false },
  address: { type: 'Property', value: { city: 'Valencia', street: { name: 'Colón', number: 12 } } },
  trustScore: [
    { type: 'Property', value: 0.75, observedAt: '2026-11-20T10:00:00.000Z' },
    { type: 'Property', value: 0.5, datasetId: 'urn:ngsi-ld:Dataset:a' },
    { type: 'Property', value: 0.25, datasetId: 'urn:ngsi-ld:Dataset:b', observedAt: '2026-11-20T11:00:00.000Z' },
  ],
  cpuUsage: {
    type: 'Property', value: 12.5, unitCode: 'P1', observedAt: '2026-11-20T10:00:00.000Z',
    measuredBy: {
      type: 'Relationship', object: 'urn:ngsi-ld:Sensor:1',
      calibration: { type: 'Property', value: 'ok', accuracy: { type: 'Property', value: 0.1, unitCode: 'P1' } },
    },
  },
  owner: { type: 'Relationship', object: 'urn:ngsi-ld:Person:Ann', objectType: 'Person' },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [-0.375, 39.47] } },
  street: { type: 'LanguageProperty', languageMap: { es: 'Calle de Colón', en: 'Colon Street' } },
  category: { type: 'VocabProperty', vocab: 'edgeNode' },
  config: { type: 'JsonProperty', json: { nested: { list: [1, 'x', null], flag: true } } },
  tyreTreadDepths: { type: 'ListProperty', valueList: [300, 120, 6], unitCode: 'MMT' },
  route: { type: 'ListRelationship', objectList: [{ object: 'urn:ngsi-ld:City:Valencia' }, { object: 'urn:ngsi-ld:City:Madrid' }] },
};

describe('NGSI-LD data model fidelity over HTTP (§4.5)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = testApp());
    const created = await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: entity });
    expect(created.statusCode).toBe(201);
    await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: {
      id: 'urn:ngsi-ld:Device:other', type: 'Device', hostname: { type: 'Property', value: 'core-2' }, cpuCores: { type: 'Property', value: 4 }, gpu: { type: 'Property', value: true },
      address: { type: 'Property', value: { city: 'Madrid', street: { name: 'Mayor', number: 1 } } },
      cpuUsage: { type: 'Property', value: 80, measuredBy: { type: 'Relationship', object: 'urn:ngsi-ld:Sensor:2' } },
    } });
  });
  afterAll(() => app.close());
  const get = (qs = '') => app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(ID)}${qs}` });
  const ids = async (q: string): Promise<string[]> => {
    const res = await app.inject({ method: 'GET', url: `${BASE}/entities?type=Device&q=${encodeURIComponent(q)}` });
    expect(res.statusCode).toBe(200);
    return (res.json() as Array<{ id: string }>).map((e) => e.id);
  };

  it('reads back every attribute kind, datasetId instances, nested sub-attributes and scope as written (§4.5.1)', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    // scope is a set of scopes (§4.18): its order is not kept.
    const { scope, ...rest } = res.json();
    const { scope: _written, ...writtenRest } = entity;
    expect(rest).toEqual(writtenRest);
    expect([...scope].sort()).toEqual([...entity.scope].sort());
  });

  it('adds createdAt / modifiedAt to the entity, its attributes and each datasetId instance with options=sysAttrs (§4.8)', async () => {
    const body = (await get('?options=sysAttrs')).json();
    const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(body).toMatchObject({ createdAt: iso, modifiedAt: iso, hostname: { createdAt: iso, modifiedAt: iso } });
    expect(body.trustScore).toEqual(expect.arrayContaining([expect.objectContaining({ datasetId: 'urn:ngsi-ld:Dataset:a', createdAt: iso })]));
  });

  it('returns one language of a LanguageProperty as a Property with lang (§4.15, lang parameter)', async () => {
    const body = (await get('?lang=en')).json();
    expect(body.street).toEqual({ type: 'Property', value: 'Colon Street', lang: 'en' });
    expect((await get('?lang=es&format=keyValues')).json().street).toBe('Calle de Colón');
    const queried = await app.inject({ method: 'GET', url: `${BASE}/entities?type=Device&attrs=street&lang=es` });
    expect(queried.json()).toHaveLength(1);
    expect(queried.json()[0].street).toEqual({ type: 'Property', value: 'Calle de Colón', lang: 'es' });
  });

  it('filters with q value lists and patterns (§4.9: a==v1,v2; ~= and !~=)', async () => {
    expect(await ids('cpuCores==4,8')).toEqual(['urn:ngsi-ld:Device:all-kinds', 'urn:ngsi-ld:Device:other']);
    expect(await ids('cpuCores==2,8')).toEqual([ID]);
    expect(await ids('hostname~=^edge')).toEqual([ID]);
    expect(await ids('hostname~=(?i)^EDGE-[0-9]$')).toEqual([ID]);
    expect(await ids('hostname!~=^edge')).toEqual(['urn:ngsi-ld:Device:other']);
  });

  it('filters with parentheses combining ; and | (§4.9)', async () => {
    expect(await ids('(cpuCores==8|gpu==true);hostname=="core-2"')).toEqual(['urn:ngsi-ld:Device:other']);
    expect(await ids('cpuCores==8|(gpu==true;hostname=="edge-1")')).toEqual([ID]);
  });

  it('follows dotted sub-attribute paths to any depth (§4.9 "attr.subattr")', async () => {
    expect(await ids('cpuUsage.measuredBy=="urn:ngsi-ld:Sensor:2"')).toEqual(['urn:ngsi-ld:Device:other']);
    expect(await ids('cpuUsage.measuredBy.calibration=="ok"')).toEqual([ID]);
  });

  it('follows [..] paths into JSON values (§4.9 "attr[member][member]")', async () => {
    expect(await ids('address[city]=="Madrid"')).toEqual(['urn:ngsi-ld:Device:other']);
    expect(await ids('address[street][number]>5')).toEqual([ID]);
  });

  it('answers 400 with the position for a bad [..] path', async () => {
    const problem = expectProblem(await app.inject({ method: 'GET', url: `${BASE}/entities?type=Device&q=${encodeURIComponent('address[city=="x"')}` }), 400, 'InvalidRequest');
    expect(problem.position).toEqual(expect.any(Number));
  });
});
