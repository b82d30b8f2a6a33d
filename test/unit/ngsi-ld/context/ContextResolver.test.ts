/**
 * @context resolution (GS CIM 009 v1.8 §5.5.7, §6.3.5; issue 3): bundled contexts are
 * served locally and never fetched; user contexts are fetched once with a time limit, a
 * size limit and a cache; failures answer LdContextNotAvailable (§5.5.1); processed
 * contexts are cached by key; the core context is always processed last.
 */
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { RemoteContextFetcher, type FetchFunction } from '../../../../fabric/ngsi-ld/context/RemoteContextFetcher.js';
import {
  CONTINUUM_CONTEXT_URL, CORE_CONTEXT_ALIASES, CORE_CONTEXT_URL, SDM_IT_CONTEXT_ALIASES, SDM_IT_CONTEXT_URL,
} from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import { InvalidRequestError, LdContextNotAvailableError } from '../../../../fabric/errors/FabricError.js';

const NGSI = 'https://uri.etsi.org/ngsi-ld/';
const USER_URL = 'https://contexts.example.org/user.jsonld';
const userDoc = { '@context': { speed: 'https://example.org/vocab#speed', Car: 'https://example.org/vocab#Car' } };

/** A fake network: answers from a table, counts calls, honours the abort signal. */
function fakeFetch(routes: Record<string, () => Response | 'hang'>): FetchFunction & { calls: string[] } {
  const calls: string[] = [];
  const fn = (async (url: string, init: { signal: AbortSignal }) => {
    calls.push(url);
    const route = routes[url];
    if (!route) throw new TypeError('fetch failed (no route)');
    const answer = route();
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    }
    return answer;
  }) as unknown as FetchFunction & { calls: string[] };
  fn.calls = calls;
  return fn;
}

const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/ld+json' } });

describe('ContextResolver', () => {
  it('resolves the core, continuum and Smart Data Models contexts without any fetch', async () => {
    const fetch = fakeFetch({});
    const resolver = new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch }) });
    const core = await resolver.resolve(undefined);
    expect(core.expandTerm('Property')).toBe(`${NGSI}Property`);
    expect(core.expandTerm('somethingElse')).toBe(`${NGSI}default-context/somethingElse`);
    for (const url of [CORE_CONTEXT_URL, ...CORE_CONTEXT_ALIASES]) expect((await resolver.resolve(url)).expandTerm('location')).toBe(`${NGSI}location`);
    expect((await resolver.resolve(CONTINUUM_CONTEXT_URL)).expandTerm('cpuCores')).toBe('https://w3id.org/aerOS/continuum#cpuCores');
    for (const url of [SDM_IT_CONTEXT_URL, ...SDM_IT_CONTEXT_ALIASES]) {
      expect((await resolver.resolve([url])).expandTerm('cpuCores')).toBe('https://smartdatamodels.org/dataModel.IT/cpuCores');
    }
    expect(fetch.calls).toEqual([]);
  });

  it('caches processed contexts by key: the same request context gives the same object', async () => {
    const resolver = new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch: fakeFetch({}) }) });
    const a = await resolver.resolve([CONTINUUM_CONTEXT_URL]);
    expect(await resolver.resolve([CONTINUUM_CONTEXT_URL])).toBe(a);
    const inline = { speed: 'https://example.org/speed' };
    expect(await resolver.resolve(inline)).toBe(await resolver.resolve({ speed: 'https://example.org/speed' }));
    expect(await resolver.resolve(inline)).not.toBe(a);
  });

  it('fetches a remote context once and caches it', async () => {
    const fetch = fakeFetch({ [USER_URL]: () => json(userDoc) });
    const resolver = new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch }) });
    const [a, b] = await Promise.all([resolver.resolve(USER_URL), resolver.resolve(USER_URL)]);
    expect(a.expandTerm('speed')).toBe('https://example.org/vocab#speed');
    expect(b).toBe(a);
    await resolver.resolve([USER_URL, CONTINUUM_CONTEXT_URL]); // another key, same document: no new fetch
    expect(fetch.calls).toEqual([USER_URL]);
  });

  it('the core context is processed last: a user context cannot redefine core terms', async () => {
    const resolver = new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch: fakeFetch({}) }) });
    const ctx = await resolver.resolve({ value: 'https://example.org/myValue', status: 'https://example.org/status' });
    expect(ctx.expandTerm('value')).toBe(`${NGSI}hasValue`);
    expect(ctx.expandTerm('status')).toBe(`${NGSI}status`);
  });

  it.each([
    ['an unreachable host', fakeFetch({}), /could not be retrieved/],
    ['HTTP 404', fakeFetch({ [USER_URL]: () => json({}, 404) }), /HTTP status 404/],
    ['not JSON', fakeFetch({ [USER_URL]: () => new Response('<html>', { status: 200 }) }), /not a JSON document/],
    ['JSON without @context', fakeFetch({ [USER_URL]: () => json({ speed: 'x' }) }), /no @context member/],
    ['a body over the size limit', fakeFetch({ [USER_URL]: () => json({ '@context': { pad: 'x'.repeat(5000) } }) }), /exceeds the limit of 1024 bytes/],
    ['no answer within the time limit', fakeFetch({ [USER_URL]: () => 'hang' }), /no answer within 50 ms/],
  ])('answers LdContextNotAvailable for %s, and does not cache the failure', async (_name, fetch, message) => {
    const resolver = new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch, timeoutMs: 50, maxBytes: 1024 }) });
    const attempt = resolver.resolve([USER_URL]);
    await expect(attempt).rejects.toThrow(LdContextNotAvailableError);
    await expect(attempt).rejects.toThrow(message);
    await expect(resolver.resolve([USER_URL])).rejects.toThrow(LdContextNotAvailableError);
    expect(fetch.calls.filter((u) => u === USER_URL)).toHaveLength(2);
  });

  it('a non-http URL that is not served locally is LdContextNotAvailable without a fetch', async () => {
    const fetch = fakeFetch({});
    const resolver = new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch }) });
    await expect(resolver.resolve('file:///etc/passwd')).rejects.toThrow(LdContextNotAvailableError);
    expect(fetch.calls).toEqual([]);
  });

  it('an invalid inline context is InvalidRequest', async () => {
    const resolver = new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch: fakeFetch({}) }) });
    await expect(resolver.resolve([42])).rejects.toThrow(InvalidRequestError);
    await expect(resolver.resolve({ speed: { '@id': 42 } })).rejects.toThrow(InvalidRequestError);
  });

  it('hosts registered contexts (/jsonldContexts) and forgets processed contexts that used them', async () => {
    const fetch = fakeFetch({});
    const resolver = new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch }) });
    resolver.register(USER_URL, userDoc);
    expect((await resolver.resolve(USER_URL)).expandTerm('speed')).toBe('https://example.org/vocab#speed');
    resolver.register(USER_URL, { '@context': { speed: 'https://example.org/v2#speed' } });
    expect((await resolver.resolve(USER_URL)).expandTerm('speed')).toBe('https://example.org/v2#speed');
    expect(resolver.hostedContexts().map((c) => c.url)).toEqual([USER_URL]);
    expect(() => resolver.register(CORE_CONTEXT_URL, userDoc)).toThrow(InvalidRequestError);
    expect(resolver.unregister(USER_URL)).toBe(true);
    await expect(resolver.resolve(USER_URL)).rejects.toThrow(LdContextNotAvailableError);
    expect(fetch.calls).toEqual([USER_URL]);
  });

  it('serves the documentLoader jsonld.js uses, local first', async () => {
    const resolver = new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch: fakeFetch({}) }) });
    const doc = await resolver.documentLoader(CONTINUUM_CONTEXT_URL);
    expect(doc.documentUrl).toBe(CONTINUUM_CONTEXT_URL);
    expect((doc.document['@context'] as Record<string, string>).cpuCores).toBe('https://w3id.org/aerOS/continuum#cpuCores');
    await expect(resolver.documentLoader(USER_URL)).rejects.toThrow(LdContextNotAvailableError);
  });
});
