/**
 * /orchestration/services (fabric/http/routes/orchestrationRoutes.ts) driven in-process (app.inject) over a
 * MemoryGraphStore, with the real TOSCA / NGSI-LD request parsers, a test-double Planner and the dry-run runtime.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { packageRoot } from '../../fabric/validation/modelFiles.js';
import { OrchestrationService } from '../../orchestration/OrchestrationService.js';
import { parseToscaService } from '../../orchestration/request/toscaRequest.js';
import { serviceRequestFromNgsiLd } from '../../orchestration/request/ngsiLdRequest.js';
import type { DryRunRuntime } from '../../adapters/dryrun/DryRunRuntime.js';
import { FirstFitPlanner, IE, continuumStore, dryRunRegistry } from '../unit/orchestration/support/orchestrationFixture.js';

const tosca = (file: string) => readFileSync(join(packageRoot(), 'test', 'fixtures', 'aeros-tosca', file), 'utf8');
const TWO = `tosca_definitions_version: tosca_simple_yaml_1_3
metadata:
  name: shop
node_templates:
  web:
    type: tosca.nodes.Container.Application
    artifacts:
      application_image: { file: nginx:1.27, type: tosca.artifacts.Deployment.Image.Container.Docker }
  db:
    type: tosca.nodes.Container.Application
    artifacts:
      application_image: { file: postgres:16, type: tosca.artifacts.Deployment.Image.Container.Docker }
`;

const CTX = 'https://w3id.org/continuum-fabric/context.jsonld';
const LD_ENTITIES = [
  { id: 'urn:ngsi-ld:Service:ld', type: 'Service', name: { type: 'Property', value: 'ld' }, '@context': CTX },
  { id: 'urn:ngsi-ld:ServiceComponent:ld:api', type: 'ServiceComponent', service: { type: 'Relationship', object: 'urn:ngsi-ld:Service:ld' },
    containerImage: { type: 'Property', value: 'busybox:1.36' }, '@context': CTX },
];

let app: FastifyInstance;
let runtime: DryRunRuntime;
beforeEach(async () => {
  const store = await continuumStore(3);
  const reg = dryRunRegistry(store);
  runtime = reg.runtime;
  const service = new OrchestrationService(store, new FirstFitPlanner(store, 3), reg.registry);
  app = buildHttpApp({
    store, config: { bodyLimitBytes: 1_000_000 },
    orchestration: { service, parseTosca: parseToscaService, parseNgsiLd: serviceRequestFromNgsiLd },
  });
});
afterEach(() => app.close());

const post = (payload: string, contentType = 'application/yaml', url = '/orchestration/services') =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
const shop = encodeURIComponent('urn:ngsi-ld:Service:shop');

describe('/orchestration/services', () => {
  it('POST TOSCA → 201 with Location and the status of every component; GET one and the list', async () => {
    const res = await post(TWO);
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/orchestration/services/${shop}`);
    const body = res.json();
    expect(body.action).toBe('Deployed');
    expect(body.components.map((c: { name: string; status: string; ie: string; runtime: { kind: string } }) => [c.name, c.status, c.ie, c.runtime.kind])).toEqual([
      ['db', 'Running', IE(1), 'dry-run'], ['web', 'Running', IE(1), 'dry-run'],
    ]);
    const one = await app.inject({ method: 'GET', url: res.headers.location as string });
    expect(one.statusCode).toBe(200);
    const web = one.json().components.find((c: { name: string }) => c.name === 'web');
    expect(web.history.map((h: { to: string }) => h.to)).toEqual(['Locating', 'Starting', 'Running']);
    expect(web.decision).toMatchObject({ ie: IE(1), rejected: 0 });
    expect((await app.inject({ method: 'GET', url: '/orchestration/services/shop' })).json().id).toBe('urn:ngsi-ld:Service:shop');
    const list = await app.inject({ method: 'GET', url: '/orchestration/services' });
    expect(list.json().services.map((s: { id: string; action: string }) => [s.id, s.action])).toEqual([['urn:ngsi-ld:Service:shop', 'Deployed']]);
    expect(runtime.actions().map((a) => a.spec?.image)).toEqual(['nginx:1.27', 'postgres:16']);
  });

  it.each(['application/x-yaml', 'text/yaml'])('accepts %s and ?name= for a template without a name', async (type) => {
    const res = await post(tosca('tosca_5g-vehicle.yml'), type, '/orchestration/services?name=vehicle');
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toBe('urn:ngsi-ld:Service:vehicle');
  });

  it('POST NGSI-LD entities (application/ld+json) deploys the same way', async () => {
    const res = await post(JSON.stringify(LD_ENTITIES), 'application/ld+json');
    expect(res.statusCode).toBe(201);
    expect(res.json().components.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([['urn:ngsi-ld:ServiceComponent:ld:api', 'Running']]);
  });

  it('PUT re-plans what changed; DELETE removes every component; ?purge=true deletes the service', async () => {
    await post(TWO);
    const changed = TWO.replace('nginx:1.27', 'nginx:1.28');
    const put = await app.inject({ method: 'PUT', url: `/orchestration/services/${shop}`, payload: changed, headers: { 'content-type': 'application/yaml' } });
    expect(put.statusCode).toBe(200);
    const comps = put.json().components;
    expect(comps.find((c: { name: string }) => c.name === 'web').history).toHaveLength(6);
    expect(comps.find((c: { name: string }) => c.name === 'db').history).toHaveLength(3);
    expect(runtime.actions().map((a) => a.spec?.image)).toEqual(['nginx:1.27', 'postgres:16', 'nginx:1.28']);
    const del = await app.inject({ method: 'DELETE', url: `/orchestration/services/${shop}` });
    expect(del.statusCode).toBe(200);
    expect(del.json().components.map((c: { status: string }) => c.status)).toEqual(['Finished', 'Finished']);
    expect(await runtime.list()).toEqual([]);
    const purge = await app.inject({ method: 'DELETE', url: `/orchestration/services/${shop}?purge=true` });
    expect(purge.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/orchestration/services/${shop}` })).statusCode).toBe(404);
  });

  it('400 lists every problem of an invalid TOSCA request', async () => {
    const bad = `tosca_definitions_version: tosca_simple_yaml_1_3
metadata: { name: bad }
node_templates:
  a: { type: tosca.nodes.Container.Application }
  b: { type: tosca.nodes.Container.Application }
`;
    const res = await post(bad);
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.type).toBe('https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
    expect(problem.problems.length).toBeGreaterThanOrEqual(2);
    expect(problem.problems.map((p: { path: string }) => p.path).join(' ')).toMatch(/node_templates\.a.*node_templates\.b/);
    expect(runtime.actions()).toEqual([]);
  });

  it('404 for an unknown service, 409 for a second POST, 415 for another media type, 400 for a bad id or name', async () => {
    expect((await app.inject({ method: 'GET', url: '/orchestration/services/urn%3Angsi-ld%3AService%3Anope' })).json().type).toBe('https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound');
    expect((await app.inject({ method: 'DELETE', url: '/orchestration/services/nope' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url: '/orchestration/services/shop', payload: TWO, headers: { 'content-type': 'application/yaml' } })).statusCode).toBe(404);
    expect((await post(TWO)).statusCode).toBe(201);
    const again = await post(TWO);
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toBe('https://uri.etsi.org/ngsi-ld/errors/AlreadyExists');
    expect((await post('x', 'text/plain')).statusCode).toBe(415);
    expect((await app.inject({ method: 'GET', url: '/orchestration/services/Not%20An%20Id' })).statusCode).toBe(400);
    expect((await post(TWO, 'application/yaml', '/orchestration/services?name=Bad_Name')).statusCode).toBe(400);
    const mismatch = await app.inject({ method: 'PUT', url: '/orchestration/services/other', payload: JSON.stringify(LD_ENTITIES), headers: { 'content-type': 'application/ld+json' } });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().detail).toBe('The body describes service urn:ngsi-ld:Service:ld, the path names urn:ngsi-ld:Service:other.');
  });

  it('a component no IE accepts is Failed with the reasons, also through NGSI-LD GET of the component', async () => {
    const pinned = TWO.replace('metadata:\n  name: shop', 'metadata:\n  name: pinned').replace(/  db:[\s\S]*$/, '') +
      '    requirements:\n      - host:\n          node_filter:\n            properties:\n              id: urn:ngsi-ld:InfrastructureElement:elsewhere\n';
    const res = await post(pinned);
    expect(res.statusCode).toBe(201);
    const web = res.json().components[0];
    expect(web.status).toBe('Failed');
    expect(web.reason).toMatch(/no candidate IE/);
    const ngsi = await app.inject({ method: 'GET', url: `/ngsi-ld/v1/entities/${encodeURIComponent(web.id)}`, headers: { accept: 'application/ld+json' } });
    expect(ngsi.statusCode).toBe(200);
    const entity = JSON.stringify(ngsi.json());
    expect(entity).toContain('"Failed"');
    expect(entity).toMatch(/no candidate IE/);
  });

  it('writes need the AccessGuard: a non-loopback client without the token gets 403', async () => {
    const res = await app.inject({ method: 'POST', url: '/orchestration/services', payload: TWO, headers: { 'content-type': 'application/yaml' }, remoteAddress: '10.1.2.3' });
    expect(res.statusCode).toBe(403);
  });

  it('NGSILD-Tenant on any orchestration route is 400 BadRequestData naming the header: deployments are not per tenant, nothing is served from the default tenant instead', async () => {
    expect((await post(TWO)).statusCode).toBe(201);
    const before = runtime.actions().length;
    const requests = [
      { method: 'POST' as const, url: '/orchestration/services', payload: TWO.replace('name: shop', 'name: other'), headers: { 'content-type': 'application/yaml' } },
      { method: 'GET' as const, url: '/orchestration/services' },
      { method: 'GET' as const, url: `/orchestration/services/${shop}` },
      { method: 'PUT' as const, url: `/orchestration/services/${shop}`, payload: TWO, headers: { 'content-type': 'application/yaml' } },
      { method: 'DELETE' as const, url: `/orchestration/services/${shop}` },
    ];
    for (const request of requests) {
      const res = await app.inject({ ...request, headers: { ...request.headers, 'ngsild-tenant': 'acme' } });
      expect({ url: request.url, method: request.method, status: res.statusCode }).toEqual({ url: request.url, method: request.method, status: 400 });
      expect(res.json()).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData', header: 'NGSILD-Tenant', detail: expect.stringMatching(/not per NGSI-LD tenant.*'acme'/) });
    }
    expect(runtime.actions()).toHaveLength(before); // nothing deployed, updated or removed
    const list = await app.inject({ method: 'GET', url: '/orchestration/services' });
    expect(list.json().services.map((s: { id: string; action: string }) => [s.id, s.action])).toEqual([['urn:ngsi-ld:Service:shop', 'Deployed']]);
    // An empty header is no tenant (the default tenant), as on the NGSI-LD routes.
    expect((await app.inject({ method: 'GET', url: '/orchestration/services', headers: { 'ngsild-tenant': '' } })).statusCode).toBe(200);
  });
});
