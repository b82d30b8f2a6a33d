/**
 * @context management (GS CIM 009 v1.8 §6.30, §5.13): list, add (201 + Location), serve,
 * details, delete; the bundled core context cannot be deleted; a hosted context is used
 * by later requests without leaving the node; hosted contexts are kept in the store (an app
 * built again over it serves them) and are node-wide: NGSILD-Tenant must name an existing
 * tenant (§4.14), which sees the same contexts.
 */
import type { FastifyInstance } from 'fastify';
import { buildHttpApp, defaultNgsiLdDeps } from '../../../fabric/http/buildHttpApp.js';
import type { GraphStore } from '../../../fabric/store/GraphStore.js';
import { BASE, CORE, expectProblem, link, testApp, vehicle } from './support/ngsiLdTestApp.js';

describe('NGSI-LD /jsonldContexts', () => {
  let app: FastifyInstance;
  let store: GraphStore;
  beforeEach(() => ({ app, store } = testApp()));
  afterEach(() => app.close());
  const add = (context: unknown) => app.inject({ method: 'POST', url: `${BASE}/jsonldContexts`, payload: { '@context': context } });

  it('lists the bundled contexts (core, continuum, Smart Data Models) as Cached', async () => {
    const urls = (await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts` })).json();
    expect(urls).toEqual(expect.arrayContaining([CORE, 'https://w3id.org/continuum-fabric/context.jsonld']));
    const details = (await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts?details=true&kind=Cached` })).json();
    expect(details.find((d: { URL: string }) => d.URL === CORE)).toMatchObject({ kind: 'Cached' });
    expect((await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts?kind=Hosted` })).json()).toEqual([]);
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts?kind=Other` }), 400, 'InvalidRequest');
  });

  it('adds a context (201, Location), serves it, lists it as Hosted, uses it, deletes it (204)', async () => {
    const res = await add({ brand: 'https://uri.etsi.org/ngsi-ld/default-context/brandName' });
    expect(res.statusCode).toBe(201);
    const url = String(res.headers.location);
    const localId = url.split('/').pop()!;
    const served = await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts/${localId}` });
    expect(served.json()).toEqual({ '@context': { brand: 'https://uri.etsi.org/ngsi-ld/default-context/brandName' } });
    const details = (await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts/${localId}?details=true` })).json();
    expect(details).toMatchObject({ URL: url, localId, kind: 'Hosted' });
    expect((await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts?kind=Hosted` })).json()).toEqual([url]);

    await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
    const entity = (await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1?format=keyValues`, headers: { link: link(url) } })).json();
    expect(entity.brand).toBe('Seat');

    expect((await app.inject({ method: 'DELETE', url: `${BASE}/jsonldContexts/${localId}` })).statusCode).toBe(204);
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts/${localId}` }), 404, 'ResourceNotFound');
  });

  it('answers 400 for a payload without @context and for deleting the core context; 404 for unknown ids', async () => {
    expectProblem(await app.inject({ method: 'POST', url: `${BASE}/jsonldContexts`, payload: { brand: 'x' } }), 400, 'BadRequestData');
    expectProblem(await app.inject({ method: 'DELETE', url: `${BASE}/jsonldContexts/${encodeURIComponent(CORE)}` }), 400, 'BadRequestData');
    expectProblem(await app.inject({ method: 'DELETE', url: `${BASE}/jsonldContexts/nope` }), 404, 'ResourceNotFound');
  });

  it('keeps hosted contexts in the store: an app built again over it serves, lists and resolves them; deletes are kept too', async () => {
    const kept = String((await add({ brand: 'https://uri.etsi.org/ngsi-ld/default-context/brandName' })).headers.location);
    const gone = String((await add({ gone: 'https://example.org/gone' })).headers.location);
    expect((await app.inject({ method: 'DELETE', url: `${BASE}/jsonldContexts/${gone.split('/').pop()}` })).statusCode).toBe(204);
    await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
    await app.close();

    app = buildHttpApp({ store, config: { bodyLimitBytes: 1_000_000 }, ngsiLd: defaultNgsiLdDeps(store) });
    expect((await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts?kind=Hosted` })).json()).toEqual([kept]);
    const served = await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts/${kept.split('/').pop()}` });
    expect(served.json()).toEqual({ '@context': { brand: 'https://uri.etsi.org/ngsi-ld/default-context/brandName' } });
    const entity = (await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1?format=keyValues`, headers: { link: link(kept) } })).json();
    expect(entity.brand).toBe('Seat');
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts/${gone.split('/').pop()}` }), 404, 'ResourceNotFound');
  });

  it('NGSILD-Tenant: an unknown tenant is 404 NonexistentTenant (nothing added); an existing one sees the node-wide contexts', async () => {
    const nosuch = { 'ngsild-tenant': 'nosuch' };
    const url = String((await add({ brand: 'https://uri.etsi.org/ngsi-ld/default-context/brandName' })).headers.location);
    const localId = url.split('/').pop()!;
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts`, headers: nosuch }), 404, 'NonexistentTenant');
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts/${localId}`, headers: nosuch }), 404, 'NonexistentTenant');
    expectProblem(await app.inject({ method: 'POST', url: `${BASE}/jsonldContexts`, headers: nosuch, payload: { '@context': { x: 'https://example.org/x' } } }), 404, 'NonexistentTenant');
    expectProblem(await app.inject({ method: 'DELETE', url: `${BASE}/jsonldContexts/${localId}`, headers: nosuch }), 404, 'NonexistentTenant');
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts`, headers: { 'ngsild-tenant': 'no/such' } }), 400, 'BadRequestData');
    expect((await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts?kind=Hosted` })).json()).toEqual([url]);

    const acme = { 'ngsild-tenant': 'acme' };
    expect((await app.inject({ method: 'POST', url: `${BASE}/entities`, headers: acme, payload: vehicle(1) })).statusCode).toBe(201);
    const listed = await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts?kind=Hosted`, headers: acme });
    expect([listed.statusCode, listed.headers['ngsild-tenant'], listed.json()]).toEqual([200, 'acme', [url]]);
    const entity = (await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:V1?format=keyValues`, headers: { ...acme, link: link(url) } })).json();
    expect(entity.brand).toBe('Seat');
    expect((await app.inject({ method: 'DELETE', url: `${BASE}/jsonldContexts/${localId}`, headers: acme })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts?kind=Hosted` })).json()).toEqual([]);
  });

  it('serves a bundled context by its URL', async () => {
    const res = await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts/${encodeURIComponent(CORE)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()['@context']).toBeDefined();
  });
});
