/**
 * A user's remote @context (issue 3: "fetched once with a time limit, a size limit and a cache,
 * and a failure answers LdContextNotAvailable"; GS CIM 009 v1.8 §5.5.7 dereferencing, §5.5.1
 * LdContextNotAvailable 503), end to end: a real HTTP server on loopback serves the contexts
 * and counts how often each is fetched; requests name them in the Link header (§6.3.5).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp, defaultNgsiLdDeps } from '../../../fabric/http/buildHttpApp.js';
import { HostedContexts } from '../../../fabric/ngsi-ld/context/HostedContexts.js';
import { ContextResolver } from '../../../fabric/ngsi-ld/context/ContextResolver.js';
import { RemoteContextFetcher } from '../../../fabric/ngsi-ld/context/RemoteContextFetcher.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { BASE, expectProblem, link } from './support/ngsiLdTestApp.js';

const TIME_LIMIT_MS = 300;
const SIZE_LIMIT = 4096;
const VOCAB = 'https://example.org/vocab#';

describe('remote @context: fetched once, time limit, size limit, cache, 503 on failure', () => {
  let server: Server;
  let origin: string;
  const hits = new Map<string, number>();
  let flaky = true;
  const timers: NodeJS.Timeout[] = [];
  let app: FastifyInstance;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
      const json = (body: unknown) => { res.setHeader('content-type', 'application/ld+json'); res.end(JSON.stringify(body)); };
      switch (req.url) {
        case '/good.jsonld': return json({ '@context': { Bike: `${VOCAB}Bike`, gear: `${VOCAB}gear` } });
        case '/huge.jsonld': return json({ '@context': { padding: `${VOCAB}${'x'.repeat(SIZE_LIMIT * 2)}` } });
        case '/slow.jsonld': { timers.push(setTimeout(() => json({ '@context': {} }), TIME_LIMIT_MS * 5)); return; }
        case '/flaky.jsonld':
          if (flaky) { res.statusCode = 500; return res.end('down'); }
          return json({ '@context': { Kite: `${VOCAB}Kite` } });
        default: res.statusCode = 404; return res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const store = new MemoryGraphStore();
    const contexts = new ContextResolver({ fetcher: new RemoteContextFetcher({ timeoutMs: TIME_LIMIT_MS, maxBytes: SIZE_LIMIT }) });
    app = buildHttpApp({ store, config: { bodyLimitBytes: 1_000_000 }, ngsiLd: { ...defaultNgsiLdDeps(store), contexts, hosted: new HostedContexts(contexts, store) } });
  });
  afterAll(async () => {
    await app.close();
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const create = (n: number, contextPath: string, type = 'Bike') => app.inject({
    method: 'POST', url: `${BASE}/entities`,
    headers: { 'content-type': 'application/json', link: link(`${origin}${contextPath}`) },
    payload: { id: `urn:ngsi-ld:${type}:${n}`, type, gear: { type: 'Property', value: n } },
  });

  it('fetches a context once and serves later requests from the cache, expanding with it', async () => {
    for (let n = 1; n <= 3; n++) expect((await create(n, '/good.jsonld')).statusCode).toBe(201);
    const res = await app.inject({ method: 'GET', url: `${BASE}/entities?type=Bike`, headers: { link: link(`${origin}/good.jsonld`) } });
    expect(res.json()).toHaveLength(3);
    expect(hits.get('/good.jsonld')).toBe(1);
    // Without the context, the type is the expanded IRI the context gave it (§5.5.7).
    const plain = await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Bike:1` });
    expect(plain.json()).toMatchObject({ type: `${VOCAB}Bike`, [`${VOCAB}gear`]: { type: 'Property', value: 1 } });
  });

  it('answers 503 LdContextNotAvailable for a context larger than the size limit', async () => {
    const problem = expectProblem(await create(10, '/huge.jsonld'), 503, 'LdContextNotAvailable');
    expect(problem.detail).toMatch(/exceeds the limit of 4096 bytes/);
  });

  it('answers 503 LdContextNotAvailable when the context does not arrive within the time limit', async () => {
    const started = Date.now();
    const problem = expectProblem(await create(11, '/slow.jsonld'), 503, 'LdContextNotAvailable');
    expect(problem.detail).toMatch(new RegExp(`no answer within ${TIME_LIMIT_MS} ms`));
    expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS * 5);
  });

  it('answers 503 for an HTTP error and does not cache the failure: the next request fetches again', async () => {
    expectProblem(await create(12, '/flaky.jsonld', 'Kite'), 503, 'LdContextNotAvailable');
    flaky = false;
    expect((await create(12, '/flaky.jsonld', 'Kite')).statusCode).toBe(201);
    expect(hits.get('/flaky.jsonld')).toBe(2);
    expectProblem(await create(13, '/missing.jsonld'), 503, 'LdContextNotAvailable');
  });

  // GS CIM 009 v1.8 §5.13.2 Add @context: a URL-only @context may be added (Orion-LD accepts "@context": [url, …]
  // too), but what is hosted must be usable as a request's @context, so its URLs are dereferenced before the 201.
  describe('POST /jsonldContexts with URLs (§5.13.2)', () => {
    const addContext = (context: unknown) => app.inject({ method: 'POST', url: `${BASE}/jsonldContexts`, payload: { '@context': context } });
    const hostedUrls = async () => (await app.inject({ method: 'GET', url: `${BASE}/jsonldContexts?kind=Hosted` })).json() as string[];

    it('answers 503 LdContextNotAvailable (RFC 7807) for a URL that cannot be fetched, and hosts nothing', async () => {
      const before = await hostedUrls();
      const problem = expectProblem(await addContext(`${origin}/missing.jsonld`), 503, 'LdContextNotAvailable');
      expect(problem.detail).toMatch(/missing\.jsonld/);
      expectProblem(await addContext([`${origin}/missing.jsonld`, { gear: `${VOCAB}gear` }]), 503, 'LdContextNotAvailable');
      expect(await hostedUrls()).toEqual(before);
    });

    it('answers 400 BadRequestData for an @context that is not valid JSON-LD', async () => {
      expectProblem(await addContext({ gear: 42 }), 400, 'BadRequestData');
    });

    it('hosts a URL-only @context that resolves, and requests naming the hosted URL use it', async () => {
      const res = await addContext(`${origin}/good.jsonld`);
      expect(res.statusCode).toBe(201);
      const hosted = String(res.headers.location);
      const created = await app.inject({
        method: 'POST', url: `${BASE}/entities`, headers: { 'content-type': 'application/json', link: link(hosted) },
        payload: { id: 'urn:ngsi-ld:Bike:hosted', type: 'Bike', gear: { type: 'Property', value: 3 } },
      });
      expect(created.statusCode).toBe(201);
      const plain = await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Bike:hosted` });
      expect(plain.json()).toMatchObject({ type: `${VOCAB}Bike`, [`${VOCAB}gear`]: { value: 3 } });
    });
  });
});
