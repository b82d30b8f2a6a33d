import type { FastifyInstance } from 'fastify';
import { DataFactory } from 'n3';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';

const G = 'http://example.org/g';
const TTL = 'text/turtle';

const CONTINUUM = `@prefix aeros: <https://w3id.org/aerOS/continuum#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:d1 a aeros:Domain ; aeros:domainStatus aeros:FunctionalDomain ; aeros:owner ex:orgA .
ex:d2 a aeros:Domain ; aeros:domainStatus aeros:PreliminarDomain .
ex:ie1 a aeros:InfrastructureElement ; aeros:domain ex:d1 ; aeros:cpuCores 4 ; aeros:currentCpuUsage "50.0"^^xsd:float ;
  aeros:ramCapacity 8000 ; aeros:availableRam 6000 ; aeros:cpuArchitecture aeros:arm64Architecture ; aeros:realTimeCapable true ;
  aeros:deployedOnServiceComponent ex:c1, ex:c2 .
ex:ie2 a aeros:InfrastructureElement ; aeros:domain ex:d1 ; aeros:cpuCores 8 ; aeros:currentCpuUsage 0.0 ;
  aeros:ramCapacity 16000 ; aeros:availableRam 1000 ; aeros:cpuArchitecture aeros:x64Architecture ;
  aeros:deployedOnServiceComponent ex:c3 .
ex:ie3 a aeros:InfrastructureElement ; aeros:domain ex:d2 ; aeros:cpuCores 2 ; aeros:availableRam 500 .
ex:c1 aeros:isPartOfService ex:s1 . ex:c2 aeros:isPartOfService ex:s2 . ex:c3 aeros:isPartOfService ex:s1 .
`;

let app: FastifyInstance;
let store: MemoryGraphStore;
beforeEach(async () => {
  store = new MemoryGraphStore();
  await store.load(CONTINUUM, { format: TTL, graph: 'http://example.org/continuum' });
  app = buildHttpApp({ store, config: { bodyLimitBytes: 100_000 }, stats: () => ({ quads: store.size(), walBytes: 42 }) });
});
afterEach(() => app.close());

describe('/rdf-graphs (SPARQL 1.1 Graph Store HTTP Protocol)', () => {
  const put = (body: string, type = TTL, url = `/rdf-graphs?graph=${encodeURIComponent(G)}`) =>
    app.inject({ method: 'PUT', url, headers: { 'content-type': type }, payload: body });

  it('PUT creates (201) then replaces (204); GET returns it by Accept', async () => {
    expect((await put('<http://e/a> <http://e/p> "1" .')).statusCode).toBe(201);
    expect((await put('<http://e/b> <http://e/p> "2" .', 'application/n-triples')).statusCode).toBe(204);
    const nt = await app.inject({ method: 'GET', url: `/rdf-graphs?graph=${encodeURIComponent(G)}`, headers: { accept: 'application/n-triples' } });
    expect([nt.statusCode, String(nt.headers['content-type']).split(';')[0], nt.body.trim()]).toEqual([200, 'application/n-triples', '<http://e/b> <http://e/p> "2" .']);
    const head = await app.inject({ method: 'HEAD', url: `/rdf-graphs?graph=${encodeURIComponent(G)}` });
    expect([head.statusCode, head.body]).toEqual([200, '']);
  });

  it('POST merges; DELETE removes (204) and a second DELETE is 404', async () => {
    await put('<http://e/a> <http://e/p> "1" .');
    const post = await app.inject({ method: 'POST', url: `/rdf-graphs?graph=${encodeURIComponent(G)}`, headers: { 'content-type': 'application/ld+json' },
      payload: JSON.stringify({ '@id': 'http://e/b', 'http://e/p': '2' }) });
    expect(post.statusCode).toBe(204);
    expect(store.match(null, null, null, DataFactory.namedNode(G))).toHaveLength(2);
    expect((await app.inject({ method: 'DELETE', url: `/rdf-graphs?graph=${encodeURIComponent(G)}` })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/rdf-graphs?graph=${encodeURIComponent(G)}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/rdf-graphs?graph=${encodeURIComponent(G)}` })).statusCode).toBe(404);
  });

  it('rejects malformed RDF with 400 + position and leaves the graph unchanged', async () => {
    await put('<http://e/a> <http://e/p> "1" .');
    const bad = await put('<http://e/a> <http://e/p> "1" .\n<http://e/b> <http://e/p> .');
    expect(bad.statusCode).toBe(400);
    expect([bad.json().line, typeof bad.json().column]).toEqual([2, 'number']);
    expect(store.match(null, null, null, DataFactory.namedNode(G))).toHaveLength(1);
  });

  it('POSTs N-Quads to the dataset and serves the default graph and the dataset', async () => {
    const nq = '<http://e/x> <http://e/p> "q" <http://e/g2> .\n';
    expect((await app.inject({ method: 'POST', url: '/rdf-graphs', headers: { 'content-type': 'application/n-quads' }, payload: nq })).statusCode).toBe(204);
    expect(store.graphs()).toContain('http://e/g2');
    await put('<http://e/d> <http://e/p> "d" .', TTL, '/rdf-graphs?default');
    const def = await app.inject({ method: 'GET', url: '/rdf-graphs?default', headers: { accept: 'application/n-triples' } });
    expect(def.body.trim()).toBe('<http://e/d> <http://e/p> "d" .');
    const all = await app.inject({ method: 'GET', url: '/rdf-graphs', headers: { accept: 'application/n-quads' } });
    expect(all.body).toContain('<http://e/g2>');
  });

  it('refuses unknown upload types (415) and remote writes (403)', async () => {
    expect((await put('x', 'image/png')).statusCode).toBe(415);
    const remote = await app.inject({ method: 'PUT', url: `/rdf-graphs?graph=${encodeURIComponent(G)}`, remoteAddress: '10.0.0.5', headers: { 'content-type': TTL }, payload: '<http://e/a> <http://e/p> "1" .' });
    expect(remote.statusCode).toBe(403);
    expect(store.graphs()).not.toContain(G);
  });
});

describe('/sparql/queries (saved competency queries)', () => {
  const run = async (url: string): Promise<Array<Record<string, string>>> => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    return res.json().results.bindings.map((b: Record<string, { value: string }>) =>
      Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
  };

  it('lists the queries with descriptions and parameters', async () => {
    const list = (await app.inject({ method: 'GET', url: '/sparql/queries' })).json().queries;
    expect(list.map((q: { name: string }) => q.name)).toEqual(['components-per-ie', 'domains', 'ies-for-requirements', 'ies-of-domain', 'service-placement']);
    expect(list.find((q: { name: string }) => q.name === 'ies-of-domain').params[0]).toMatchObject({ name: 'domain', type: 'IRI', required: true });
  });

  it('ies-of-domain computes free CPU and RAM', async () => {
    const rows = await run('/sparql/queries/ies-of-domain?domain=http://example.org/d1');
    expect(rows.map((r) => [r.ie, Number(r.freeCpuCores), r.availableRam])).toEqual([['http://example.org/ie1', 2, '6000'], ['http://example.org/ie2', 8, '1000']]);
  });

  it('ies-for-requirements filters by CPU, RAM, architecture and real time', async () => {
    expect((await run('/sparql/queries/ies-for-requirements?cpu=1.5&ram=800')).map((r) => r.ie)).toEqual(['http://example.org/ie2', 'http://example.org/ie1']);
    expect((await run('/sparql/queries/ies-for-requirements?cpu=1&ram=2000')).map((r) => r.ie)).toEqual(['http://example.org/ie1']);
    expect((await run('/sparql/queries/ies-for-requirements?arch=aeros:x64Architecture')).map((r) => r.ie)).toEqual(['http://example.org/ie2']);
    expect((await run('/sparql/queries/ies-for-requirements?realTime=true')).map((r) => r.ie)).toEqual(['http://example.org/ie1']);
  });

  it('components-per-ie, domains and service-placement', async () => {
    const perIe = await run('/sparql/queries/components-per-ie');
    expect(perIe.map((r) => [r.ie, r.services, r.components])).toEqual([
      ['http://example.org/ie1', '2', '2'], ['http://example.org/ie2', '1', '1'], ['http://example.org/ie3', '0', '0']]);
    const domains = await run('/sparql/queries/domains?status=aeros:FunctionalDomain');
    expect(domains.map((r) => [r.domain, r.owners, r.infrastructureElements])).toEqual([['http://example.org/d1', 'http://example.org/orgA', '2']]);
    const placement = await run('/sparql/queries/service-placement?service=http://example.org/s1');
    expect(placement.map((r) => [r.component, r.ie, r.domain])).toEqual([
      ['http://example.org/c1', 'http://example.org/ie1', 'http://example.org/d1'], ['http://example.org/c3', 'http://example.org/ie2', 'http://example.org/d1']]);
  });

  it('runs a saved query from a POSTed form, negotiating CSV', async () => {
    const res = await app.inject({ method: 'POST', url: '/sparql/queries/ies-of-domain', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/csv' },
      payload: new URLSearchParams({ domain: 'http://example.org/d2' }).toString() });
    expect([res.statusCode, String(res.headers['content-type']).split(';')[0]]).toEqual([200, 'text/csv']);
    expect(res.body.split('\r\n')[1]).toMatch(/^http:\/\/example.org\/ie3,/);
  });

  it('refuses bad, missing and unknown parameters (400) and unknown queries (404)', async () => {
    expect((await app.inject({ method: 'GET', url: '/sparql/queries/ies-of-domain?domain=' + encodeURIComponent('x> } ?s ?p ?o {') })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/sparql/queries/ies-of-domain' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/sparql/queries/domains?nope=1' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/sparql/queries/nope' })).statusCode).toBe(404);
  });
});

describe('/health, /ready, /metrics', () => {
  it('reports liveness, readiness and Prometheus metrics', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    const notReady = buildHttpApp({ store, config: { bodyLimitBytes: 1000 }, ready: async () => false });
    expect((await notReady.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);
    await notReady.close();
    await app.inject({ method: 'GET', url: '/health' });
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/continuum_http_requests_total\{method="GET",route="\/health",status="200"\} 2/);
    expect(metrics).toContain(`continuum_store_quads ${store.size()}`);
    expect(metrics).toContain('continuum_wal_bytes 42');
    expect(metrics).toMatch(/continuum_http_request_duration_seconds_bucket/);
  });
});
