/**
 * Interoperability (issue 3: "an application written against Orion-LD, Scorpio or Stellio
 * works unchanged"): the same create / get / query / update / delete scenario through the
 * third-party NGSI-LD client `ngsijs` (its NGSI.Connection#ld API, written against
 * GS CIM 009), through our typed NgsiLdClient and through the `continuum entities` CLI,
 * against a real node process (dist/, built by `npm test`) on a free port with a
 * temporary data directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startNode as startServe, stopNode, type RunningNode } from './support/runningNode.js';
import { NgsiLdClient } from '../../fabric/client/NgsiLdClient.js';


/** The part of ngsijs 1.4 used here (the package ships no type declarations). */
interface NgsiLdApi {
  createEntity(entity: object, options?: object): Promise<{ location: string }>;
  getEntity(options: string | object): Promise<{ entity: Record<string, unknown>; format: string }>;
  queryEntities(options: object): Promise<{ results: Array<Record<string, unknown>>; count?: number }>;
  appendEntityAttributes(changes: object, options: object): Promise<unknown>;
  updateEntityAttribute(changes: object, options: object): Promise<unknown>;
  deleteEntityAttribute(options: object): Promise<unknown>;
  listTypes(options?: object): Promise<{ results: unknown }>;
  deleteEntity(options: string | object): Promise<unknown>;
}
type NgsiError = new (...args: never[]) => Error;
interface NgsiModule {
  Connection: new (url: string) => { ld: NgsiLdApi };
  NotFoundError: NgsiError;
  AlreadyExistsError: NgsiError;
  BadRequestError: NgsiError;
  InvalidRequestError: NgsiError;
}
const NGSI = createRequire(import.meta.url)('ngsijs') as NgsiModule;

const startNode = (dataDir: string): Promise<RunningNode> => startServe(dataDir, ['--no-demo', '--replicas', '0']);

const parking = (n: number) => ({
  id: `urn:ngsi-ld:OffStreetParking:Downtown${n}`,
  type: 'OffStreetParking',
  name: { type: 'Property', value: `Downtown ${n}` },
  availableSpotNumber: { type: 'Property', value: 100 + n, observedAt: '2026-03-01T12:00:00Z' },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [-8.6, 41.15] } },
});

describe('NGSI-LD interoperability against a running node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-ngsild-e2e-'));
  let node: RunningNode;
  beforeAll(async () => { node = await startNode(join(dir, 'data')); });
  afterAll(async () => {
    await stopNode(node);
    rmSync(dir, { recursive: true, force: true });
  });

  it('ngsijs: create, get, query, append, update attribute, delete attribute, list types, delete', async () => {
    const ld = new NGSI.Connection(node.url).ld;
    const created = await ld.createEntity(parking(1));
    expect(created.location).toBe(`/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:OffStreetParking:Downtown1')}`);
    const got = await ld.getEntity('urn:ngsi-ld:OffStreetParking:Downtown1');
    const { '@context': context, ...entity } = got.entity;
    expect(context).toBe('https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld'); // ngsijs asks for application/ld+json first
    expect(entity).toEqual(parking(1));

    await ld.createEntity(parking(2));
    const page = await ld.queryEntities({ type: 'OffStreetParking', q: 'availableSpotNumber>101', count: true, keyValues: true });
    expect(page.count).toBe(1);
    expect(page.results.map((e) => [e.id, e.availableSpotNumber])).toEqual([['urn:ngsi-ld:OffStreetParking:Downtown2', 102]]);

    await ld.appendEntityAttributes({ totalSpotNumber: { type: 'Property', value: 200 } }, { id: 'urn:ngsi-ld:OffStreetParking:Downtown1' });
    await ld.updateEntityAttribute({ value: 7 }, { id: 'urn:ngsi-ld:OffStreetParking:Downtown1', attribute: 'availableSpotNumber' });
    await ld.deleteEntityAttribute({ id: 'urn:ngsi-ld:OffStreetParking:Downtown1', attribute: 'name' });
    const after = (await ld.getEntity({ id: 'urn:ngsi-ld:OffStreetParking:Downtown1', keyValues: true })).entity;
    expect([after.totalSpotNumber, after.availableSpotNumber, after.name]).toEqual([200, 7, undefined]);

    const types = await ld.listTypes();
    expect(types.results).toMatchObject({ type: 'EntityTypeList', typeList: ['OffStreetParking'] });

    await ld.deleteEntity('urn:ngsi-ld:OffStreetParking:Downtown1');
    await expect(ld.getEntity('urn:ngsi-ld:OffStreetParking:Downtown1')).rejects.toBeInstanceOf(NGSI.NotFoundError);
    const rest = await ld.queryEntities({ type: 'OffStreetParking' });
    expect(rest.results.map((e) => e.id)).toEqual(['urn:ngsi-ld:OffStreetParking:Downtown2']);
  });

  it('ngsijs reads the error answers as its typed errors (§5.5.1 problem types in application/json)', async () => {
    // ngsijs accepts an error body only when Content-Type is exactly application/json (or ld+json);
    // anything else (e.g. with "; charset=utf-8") turns every error into an InvalidResponseError.
    const ld = new NGSI.Connection(node.url).ld;
    await expect(ld.getEntity('urn:ngsi-ld:OffStreetParking:nowhere')).rejects.toBeInstanceOf(NGSI.NotFoundError);
    await expect(ld.deleteEntity('urn:ngsi-ld:OffStreetParking:nowhere')).rejects.toBeInstanceOf(NGSI.NotFoundError);
    await expect(ld.queryEntities({ type: 'OffStreetParking', q: 'availableSpotNumber>>1' })).rejects.toBeInstanceOf(NGSI.InvalidRequestError);
    const broken = { ...parking(9), location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [1] } } };
    await expect(ld.createEntity(broken)).rejects.toBeInstanceOf(NGSI.BadRequestError);
    await ld.createEntity(parking(9));
    await expect(ld.createEntity(parking(9))).rejects.toBeInstanceOf(NGSI.AlreadyExistsError);
    await ld.deleteEntity('urn:ngsi-ld:OffStreetParking:Downtown9');
  });

  it('ngsijs and NgsiLdClient see the same data, also on a tenant', async () => {
    const ld = new NGSI.Connection(node.url).ld;
    await ld.createEntity(parking(3), { tenant: 'city' });
    const ours = new NgsiLdClient({ url: node.url, tenant: 'city' });
    expect(await ours.getEntity('urn:ngsi-ld:OffStreetParking:Downtown3')).toEqual(parking(3));
    const theirs = await ld.queryEntities({ type: 'OffStreetParking', tenant: 'city' });
    const mine = await ours.queryEntities({ type: 'OffStreetParking' });
    expect(theirs.results.map(({ '@context': _c, ...e }) => e)).toEqual(mine.entities);
    expect(mine.entities.map((e) => e.id)).toEqual(['urn:ngsi-ld:OffStreetParking:Downtown3']);
    const defaultTenant = await new NgsiLdClient({ url: node.url }).queryEntities({ type: 'OffStreetParking' });
    expect(defaultTenant.entities.map((e) => e.id)).not.toContain('urn:ngsi-ld:OffStreetParking:Downtown3');
  });

  it('keeps default-tenant and named-tenant entities across a restart (durable stores)', async () => {
    const before = await new NgsiLdClient({ url: node.url, tenant: 'city' }).getEntity('urn:ngsi-ld:OffStreetParking:Downtown3');
    await stopNode(node);
    node = await startNode(join(dir, 'data'));
    expect(await new NgsiLdClient({ url: node.url, tenant: 'city' }).getEntity('urn:ngsi-ld:OffStreetParking:Downtown3')).toEqual(before);
    const defaults = await new NgsiLdClient({ url: node.url }).queryEntities({ type: 'OffStreetParking' });
    expect(defaults.entities.map((e) => e.id)).toEqual(['urn:ngsi-ld:OffStreetParking:Downtown2']);
  });

  it('continuum entities create | get | query | delete', async () => {
    const file = join(dir, 'parking4.json');
    writeFileSync(file, JSON.stringify(parking(4)));
    const created = await cli(['entities', 'create', '--url', node.url, '--file', file]);
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toContain('created urn:ngsi-ld:OffStreetParking:Downtown4');

    const got = await cli(['entities', 'get', 'urn:ngsi-ld:OffStreetParking:Downtown4', '--url', node.url, '--format', 'keyValues']);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: 'urn:ngsi-ld:OffStreetParking:Downtown4', availableSpotNumber: 104 });

    const queried = await cli(['entities', 'query', '--url', node.url, '--type', 'OffStreetParking', '--q', 'availableSpotNumber>=104', '--count']);
    expect(queried.code).toBe(0);
    expect(JSON.parse(queried.stdout).map((e: { id: string }) => e.id)).toEqual(['urn:ngsi-ld:OffStreetParking:Downtown4']);
    expect(queried.stderr).toContain('1 matching entities');

    const onTenant = await cli(['entities', 'query', '--url', node.url, '--type', 'OffStreetParking', '--tenant', 'nobody']);
    expect(onTenant.code).toBe(1);
    expect(onTenant.stderr).toContain('NonexistentTenant');

    expect((await cli(['entities', 'delete', 'urn:ngsi-ld:OffStreetParking:Downtown4', '--url', node.url])).code).toBe(0);
    const missing = await cli(['entities', 'get', 'urn:ngsi-ld:OffStreetParking:Downtown4', '--url', node.url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('404');
  });
});
