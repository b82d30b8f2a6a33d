/**
 * NGSILD-Tenant on /reasoner and /trust (GS CIM 009 v1.8 §4.14, §6.3.14; issue 3 "never silently ignored"; docs/reasoner.md
 * and docs/trust.md "Tenants"): every route serves the tenant the header names — its rules, runs, explanations and
 * trust scores, from its own store, never the default tenant's nor another's. An unknown tenant is 404
 * NonexistentTenant, an invalid name 400, and neither changes any data. Without the header the default tenant is served
 * as before. Here in process (the HTTP app's InProcessTenantReasonerServices); the node's tenant reasoners are tested in
 * test/unit/node/NodeTenantReasonerServices.test.ts and test/integration/fabricNodeDefaultReasoning.test.ts.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, ETSI, testApp, vehicle } from './ngsi-ld/support/ngsiLdTestApp.js';
import type { GraphStore } from '../../fabric/store/GraphStore.js';

const RULE = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <http://example.org/> .
ex:busy a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/busy> true } WHERE { ?x <http://example.org/cpu> ?c FILTER(?c > 80) }" .`;
const IE_ID = 'urn:ngsi-ld:InfrastructureElement:d:1';
const IE = encodeURIComponent(IE_ID);
const X = encodeURIComponent('http://example.org/x');
const DATA = `INSERT DATA { GRAPH <http://example.org/data> { <http://example.org/x> <http://example.org/cpu> 95 .
  <${IE_ID}> a <https://w3id.org/aerOS/continuum#InfrastructureElement> ; <https://w3id.org/aerOS/continuum#domain> <urn:ngsi-ld:Domain:d> } }`;

/** Every /reasoner and /trust route, with a body where it takes one. */
const ROUTES: ReadonlyArray<{ method: 'GET' | 'POST' | 'DELETE'; url: string; headers?: Record<string, string>; payload?: string }> = [
  { method: 'GET', url: '/reasoner/status' },
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
const acme = { 'ngsild-tenant': 'acme' };
const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: string) =>
  app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
const askIn = async (headers: Record<string, string>, query: string): Promise<boolean> =>
  (await inject('POST', '/sparql', { ...headers, 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, query)).json().boolean as boolean;
const ruleIds = async (headers: Record<string, string>): Promise<string[]> =>
  ((await inject('GET', '/reasoner/rules', headers)).json() as { rules: Array<{ id: string; ruleSet: string }> }).rules.filter((r) => r.ruleSet === 'graph').map((r) => r.id);
const explainedBy = async (headers: Record<string, string>): Promise<string[]> =>
  ((await inject('GET', `/reasoner/explain?iri=${X}`, headers)).json() as { explanations: Array<{ derivations: Array<{ ruleId: string }> }> }).explanations
    .flatMap((e) => e.derivations.map((d) => d.ruleId)).sort();

beforeEach(async () => {
  ({ app, store } = testApp());
  // The default tenant and the tenant "acme" hold the same data (acme exists once something was created in it, §4.14).
  await store.update(DATA);
  expect((await inject('POST', `${BASE}/entities`, { ...acme, 'content-type': 'application/json' }, JSON.stringify(vehicle(1)))).statusCode).toBe(201);
  expect((await inject('POST', '/sparql', { ...acme, 'content-type': 'application/sparql-update' }, DATA)).statusCode).toBe(204);
});
afterEach(() => app.close());

const problemOf = (res: { statusCode: number; body: string }) => ({ status: res.statusCode, type: (JSON.parse(res.body) as { type?: string }).type });

describe('NGSILD-Tenant on /reasoner and /trust', () => {
  it.each(ROUTES)('$method $url: unknown tenant → 404 NonexistentTenant, invalid name → 400, nothing changed', async (route) => {
    const before = store.dump('application/n-quads');
    const unknown = await app.inject({ ...route, headers: { ...route.headers, 'ngsild-tenant': 'nosuch' } });
    expect(problemOf(unknown)).toEqual({ status: 404, type: `${ETSI}NonexistentTenant` });
    const invalid = await app.inject({ ...route, headers: { ...route.headers, 'ngsild-tenant': 'no such' } });
    expect(problemOf(invalid)).toEqual({ status: 400, type: `${ETSI}BadRequestData` });
    expect(store.dump('application/n-quads')).toBe(before);
    expect((await inject('GET', `${BASE}/entities?type=Vehicle`, { 'ngsild-tenant': 'nosuch' })).statusCode).toBe(404); // not created
  });

  it('a named tenant\'s rules, run, explanations and rule removal are its own: the default tenant sees none of them', async () => {
    const added = await inject('POST', '/reasoner/rules', { ...acme, 'content-type': 'text/turtle' }, RULE);
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ rules: [{ id: 'busy', ruleSet: 'graph', removable: true }] });
    expect(await ruleIds(acme)).toEqual(['busy']);
    expect(await ruleIds({})).toEqual([]);

    const run = await inject('POST', '/reasoner/run', acme);
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ iterations: expect.any(Number), triplesDerived: expect.any(Number) });
    const busy = 'ASK { GRAPH ?g { <http://example.org/x> <http://example.org/busy> true } }';
    expect(await askIn(acme, busy)).toBe(true);
    expect(await askIn({}, busy)).toBe(false); // same data, but the rule and the run were acme's
    expect(await explainedBy(acme)).toEqual(['busy']);
    expect(await explainedBy({})).toEqual([]);

    // The default tenant's run does not touch acme's inferred graphs, and the default tenant has no rule "busy".
    expect((await inject('POST', '/reasoner/run')).statusCode).toBe(200);
    expect(await askIn(acme, busy)).toBe(true);
    expect((await inject('DELETE', '/reasoner/rules/busy')).statusCode).toBe(404);
    expect((await inject('DELETE', '/reasoner/rules/busy', acme)).statusCode).toBe(204);
    expect(await ruleIds(acme)).toEqual([]);
    expect((await inject('POST', '/reasoner/run', acme)).statusCode).toBe(200);
    expect(await askIn(acme, busy)).toBe(false);
  });

  it('a named tenant\'s IEs get trust scores of their own: recompute and breakdown answer from its store only', async () => {
    expect(problemOf(await inject('GET', `/trust/${IE}`, acme))).toEqual({ status: 404, type: `${ETSI}ResourceNotFound` });
    const recomputed = await inject('POST', '/trust/recompute', { ...acme, 'content-type': 'application/json' }, JSON.stringify({ domains: ['urn:ngsi-ld:Domain:d'] }));
    expect(recomputed.statusCode).toBe(200);
    expect(recomputed.json()).toMatchObject({ ies: 1 });
    const breakdown = await inject('GET', `/trust/${IE}`, acme);
    expect(breakdown.statusCode).toBe(200);
    // Alone in its domain (reliability 0.8), no alerts or events: 0.3 × 0.8 + 0.5 × 1 + 0.2 × 1 = 0.94.
    expect(breakdown.json()).toMatchObject({ components: { reliability: 0.8, security: 1, reputation: 1, healthEvents: 0 } });
    expect(breakdown.json().trustScore).toBeCloseTo(0.94, 12);
    expect(await askIn(acme, `ASK { GRAPH ?g { <${IE_ID}> <https://w3id.org/continuum-fabric/ns#trustScore> ?s } }`)).toBe(true);
    // The default tenant holds the same IE, never scored.
    expect((await inject('GET', `/trust/${IE}`)).statusCode).toBe(404);
    expect(await askIn({}, `ASK { GRAPH ?g { <${IE_ID}> <https://w3id.org/continuum-fabric/ns#trustScore> ?s } }`)).toBe(false);
  });

  it('GET /reasoner/status names the tenant and says how its inferred graphs and scores are kept (in process: on request)', async () => {
    expect((await inject('GET', '/reasoner/status', acme)).json()).toEqual({ tenant: 'acme', reasoning: 'off', trust: 'onRequest' });
    expect((await inject('GET', '/reasoner/status')).json()).toEqual({ tenant: null, reasoning: 'off', trust: 'onRequest' });
  });

  it('without the header (or with an empty one) the default tenant is served as before', async () => {
    const added = await inject('POST', '/reasoner/rules', { 'content-type': 'text/turtle', 'ngsild-tenant': '' }, RULE);
    expect(added.statusCode).toBe(201);
    expect((await inject('POST', '/reasoner/run')).statusCode).toBe(200);
    const derived = await store.query('ASK { <http://example.org/x> <http://example.org/busy> true }');
    expect(derived).toEqual({ kind: 'boolean', value: true });
    expect((await inject('POST', '/trust/recompute')).json()).toMatchObject({ ies: 1 });
    expect((await inject('GET', `/trust/${IE}`)).statusCode).toBe(200);
    expect((await inject('GET', `/trust/${IE}`, acme)).statusCode).toBe(404); // acme's IE was not scored
  });
});
