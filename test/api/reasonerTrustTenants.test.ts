/**
 * NGSILD-Tenant on /reasoner and /trust (GS CIM 009 v1.8 §4.14, §6.3.14; issue 3 "never silently ignored"):
 * both serve the node's default tenant only, so a request naming an unknown tenant is 404 NonexistentTenant
 * and one naming an existing named tenant 501 NotImplemented; neither answers nor changes the default
 * tenant's data. Without the header they work as before.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, ETSI, testApp, vehicle } from './ngsi-ld/support/ngsiLdTestApp.js';
import type { GraphStore } from '../../fabric/store/GraphStore.js';

const RULE = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <http://example.org/> .
ex:busy a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/busy> true } WHERE { ?x <http://example.org/cpu> ?c FILTER(?c > 80) }" .`;
const IE = encodeURIComponent('urn:ngsi-ld:InfrastructureElement:d:1');

/** Every /reasoner and /trust route, with a body where it takes one. */
const ROUTES: ReadonlyArray<{ method: 'GET' | 'POST' | 'DELETE'; url: string; headers?: Record<string, string>; payload?: string }> = [
  { method: 'GET', url: '/reasoner/rules' },
  { method: 'POST', url: '/reasoner/rules', headers: { 'content-type': 'text/turtle' }, payload: RULE },
  { method: 'DELETE', url: '/reasoner/rules/busy' },
  { method: 'POST', url: '/reasoner/run' },
  { method: 'GET', url: `/reasoner/explain?iri=${IE}` },
  { method: 'GET', url: `/trust/${IE}` },
  { method: 'POST', url: '/trust/recompute' },
];

let app: FastifyInstance;
let store: GraphStore;
beforeEach(async () => {
  ({ app, store } = testApp());
  await store.update(`INSERT DATA { GRAPH <http://example.org/data> { <http://example.org/x> <http://example.org/cpu> 95 .
    <urn:ngsi-ld:InfrastructureElement:d:1> a <https://w3id.org/aerOS/continuum#InfrastructureElement> ; <https://w3id.org/aerOS/continuum#domain> <urn:ngsi-ld:Domain:d> } }`);
  // The tenant "acme" exists once something was created in it (§4.14).
  const created = await app.inject({ method: 'POST', url: `${BASE}/entities`, headers: { 'ngsild-tenant': 'acme' }, payload: vehicle(1) });
  expect(created.statusCode).toBe(201);
});
afterEach(() => app.close());

const problemOf = (res: { statusCode: number; body: string }) => ({ status: res.statusCode, type: (JSON.parse(res.body) as { type?: string }).type });

describe('NGSILD-Tenant on /reasoner and /trust', () => {
  it.each(ROUTES)('$method $url: unknown tenant → 404 NonexistentTenant, existing named tenant → 501 NotImplemented, store unchanged', async (route) => {
    const before = store.dump('application/n-quads');
    const unknown = await app.inject({ ...route, headers: { ...route.headers, 'ngsild-tenant': 'nosuch' } });
    expect(problemOf(unknown)).toEqual({ status: 404, type: `${ETSI}NonexistentTenant` });
    const named = await app.inject({ ...route, headers: { ...route.headers, 'ngsild-tenant': 'acme' } });
    expect(problemOf(named)).toEqual({ status: 501, type: `${ETSI}NotImplemented` });
    const invalid = await app.inject({ ...route, headers: { ...route.headers, 'ngsild-tenant': 'no such' } });
    expect(problemOf(invalid)).toEqual({ status: 400, type: `${ETSI}BadRequestData` });
    expect(store.dump('application/n-quads')).toBe(before);
  });

  it('without the header (or with an empty one) the default tenant is served as before', async () => {
    const added = await app.inject({ method: 'POST', url: '/reasoner/rules', headers: { 'content-type': 'text/turtle', 'ngsild-tenant': '' }, payload: RULE });
    expect(added.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/reasoner/run' })).statusCode).toBe(200);
    const derived = await store.query('ASK { <http://example.org/x> <http://example.org/busy> true }');
    expect(derived).toEqual({ kind: 'boolean', value: true });
    expect((await app.inject({ method: 'POST', url: '/trust/recompute' })).json()).toMatchObject({ ies: 1 });
    expect((await app.inject({ method: 'GET', url: `/trust/${IE}` })).statusCode).toBe(200);
  });
});
