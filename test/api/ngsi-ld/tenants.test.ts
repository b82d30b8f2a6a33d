/**
 * Tenants (GS CIM 009 v1.8 §4.14, NGSILD-Tenant §6.3.14): create makes a tenant; reading
 * an unknown tenant answers 404 NonexistentTenant (§5.5.1); no request on one tenant sees
 * another's data — through NGSI-LD or through SPARQL / the Graph Store Protocol, which
 * follow the same header.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, client, expectProblem, testApp, vehicle } from './support/ngsiLdTestApp.js';

describe('NGSI-LD tenants', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    ({ app } = testApp());
    await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
    const res = await app.inject({ method: 'POST', url: `${BASE}/entities`, headers: { 'NGSILD-Tenant': 'acme' }, payload: vehicle(2) });
    expect(res.statusCode).toBe(201);
    expect(res.headers['ngsild-tenant']).toBe('acme');
  });
  afterEach(() => app.close());
  const query = (tenant?: string) => app.inject({ method: 'GET', url: `${BASE}/entities?type=Vehicle`, headers: tenant ? { 'NGSILD-Tenant': tenant } : {} });

  it('keeps each tenant\'s entities apart', async () => {
    expect((await query()).json().map((e: { id: string }) => e.id)).toEqual(['urn:ngsi-ld:Vehicle:V1']);
    const acme = await query('acme');
    expect(acme.json().map((e: { id: string }) => e.id)).toEqual(['urn:ngsi-ld:Vehicle:V2']);
    expect(acme.headers['ngsild-tenant']).toBe('acme');
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V2` }), 404, 'ResourceNotFound');
  });

  it('answers 404 NonexistentTenant for reads and non-creating writes on an unknown tenant', async () => {
    expectProblem(await query('ghost'), 404, 'NonexistentTenant');
    expectProblem(await app.inject({ method: 'DELETE', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1`, headers: { 'NGSILD-Tenant': 'ghost' } }), 404, 'NonexistentTenant');
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/types`, headers: { 'NGSILD-Tenant': 'ghost' } }), 404, 'NonexistentTenant');
  });

  it('a batch create or upsert none of whose items can be written answers 207 without creating the tenant (§5.5.10)', async () => {
    const batch = (op: string, tenant: string, items: unknown[]) =>
      app.inject({ method: 'POST', url: `${BASE}/entityOperations/${op}`, headers: { 'content-type': 'application/json', 'NGSILD-Tenant': tenant }, payload: JSON.stringify(items) });
    const bad = [{ id: 'urn:ngsi-ld:Vehicle:X1' }, { id: 'not a uri', type: 'Vehicle' }]; // no type; no URI
    for (const op of ['upsert', 'create']) {
      const res = await batch(op, 'ghost', bad);
      expect(res.statusCode).toBe(207);
      expect(res.json().errors.map((e: { entityId: string }) => e.entityId)).toEqual(['urn:ngsi-ld:Vehicle:X1', 'not a uri']);
      expect(res.json().success).toEqual([]);
    }
    expectProblem(await query('ghost'), 404, 'NonexistentTenant');
    expectProblem(await batch('upsert', '../etc', bad), 400, 'BadRequestData');
    expect((await batch('upsert', 'ghost', [...bad, vehicle(3)])).statusCode).toBe(207); // one item written: the tenant exists
    expect((await query('ghost')).json().map((e: { id: string }) => e.id)).toEqual(['urn:ngsi-ld:Vehicle:V3']);
  });

  it('answers 400 for a tenant name that cannot be a tenant', async () => {
    expectProblem(await query('../etc'), 400, 'BadRequestData');
  });

  it('lists tenants in the source identity extras (§5.15)', async () => {
    expect((await app.inject({ method: 'GET', url: `${BASE}/info/sourceIdentity` })).json().contextSourceExtras.tenants).toEqual(['acme']);
  });

  it('scopes SPARQL queries and updates to the tenant of the NGSILD-Tenant header', async () => {
    const sparql = (q: string, tenant?: string) => app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json', ...(tenant ? { 'NGSILD-Tenant': tenant } : {}) }, payload: q });
    const ids = async (tenant?: string) => (await sparql('SELECT ?e WHERE { GRAPH ?e { ?e a <https://uri.etsi.org/ngsi-ld/default-context/Vehicle> } } ORDER BY ?e', tenant))
      .json().results.bindings.map((b: { e: { value: string } }) => b.e.value);
    expect(await ids()).toEqual(['urn:ngsi-ld:Vehicle:V1']);
    expect(await ids('acme')).toEqual(['urn:ngsi-ld:Vehicle:V2']);
    const miss = await sparql('ASK { ?s ?p ?o }', 'ghost');
    expectProblem(miss, 404, 'NonexistentTenant');

    const update = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-update', 'NGSILD-Tenant': 'acme' },
      payload: 'INSERT DATA { GRAPH <urn:ngsi-ld:Vehicle:V2> { <urn:ngsi-ld:Vehicle:V2> <https://uri.etsi.org/ngsi-ld/default-context/color> "green" } }' });
    expect(update.statusCode).toBe(204);
    const acmeEntity = await client(app, { tenant: 'acme' }).getEntity('urn:ngsi-ld:Vehicle:V2', { format: 'keyValues' });
    expect(acmeEntity.color).toBe('green');
    const graphs = await app.inject({ method: 'GET', url: '/rdf-graphs?graph=urn:ngsi-ld:Vehicle:V2', headers: { accept: 'application/n-triples' } });
    expect(graphs.statusCode).toBe(404);
    const acmeGraph = await app.inject({ method: 'GET', url: '/rdf-graphs?graph=urn:ngsi-ld:Vehicle:V2', headers: { accept: 'application/n-triples', 'NGSILD-Tenant': 'acme' } });
    expect(acmeGraph.statusCode).toBe(200);
    expect(acmeGraph.body).toContain('"green"');
  });
});
