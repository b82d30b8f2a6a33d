/**
 * @context management (GS CIM 009 v1.8 §6.30, §5.13): list, add (201 + Location), serve,
 * details, delete; the bundled core context cannot be deleted; a hosted context is used
 * by later requests without leaving the node.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, CORE, expectProblem, link, testApp, vehicle } from './support/ngsiLdTestApp.js';

describe('NGSI-LD /jsonldContexts', () => {
  let app: FastifyInstance;
  beforeEach(() => ({ app } = testApp()));
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

  it('serves a bundled context by its URL', async () => {
    const res = await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts/${encodeURIComponent(CORE)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()['@context']).toBeDefined();
  });
});
