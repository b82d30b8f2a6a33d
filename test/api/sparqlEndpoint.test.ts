import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';
import { QueryTimeoutError } from '../../fabric/errors/FabricError.js';

const DATA = `@prefix ex: <http://example.org/> .
ex:a ex:p "one" . ex:b ex:p "two" .`;

async function appWith(data = DATA, extra: Record<string, unknown> = {}): Promise<{ app: FastifyInstance; store: MemoryGraphStore }> {
  const store = new MemoryGraphStore();
  await store.load(data, { format: 'text/turtle', graph: 'http://example.org/g1' });
  const app = buildHttpApp({ store, config: { bodyLimitBytes: 10_000, queryTimeoutMs: 5000, ...extra } });
  return { app, store };
}


/** A form-encoded body (application/x-www-form-urlencoded). */
function form(fields: Record<string, string>): { headers: Record<string, string>; payload: string } {
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() };
}

const SELECT = 'SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s';

describe('/sparql (SPARQL 1.1 Protocol)', () => {
  let app: FastifyInstance;
  let store: MemoryGraphStore;
  beforeEach(async () => ({ app, store } = await appWith()));
  afterEach(() => app.close());

  it('answers GET ?query= with SPARQL JSON by default', async () => {
    const res = await app.inject({ method: 'GET', url: '/sparql', query: { query: SELECT } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/sparql-results\+json/);
    expect(res.json().results.bindings.map((b: { o: { value: string } }) => b.o.value)).toEqual(['one', 'two']);
  });

  it.each([
    ['application/sparql-results+xml', /<sparql xmlns/],
    ['text/csv', /^s,o\r\nhttp:\/\/example.org\/a,one/],
    ['text/tab-separated-values', /^\?s\t\?o\n<http:\/\/example.org\/a>\t"one"/],
  ])('negotiates %s for SELECT', async (accept, pattern) => {
    const res = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query', accept }, payload: SELECT });
    expect([res.statusCode, String(res.headers['content-type']).split(';')[0]]).toEqual([200, accept]);
    expect(res.body).toMatch(pattern);
  });

  it.each(['text/turtle', 'application/n-triples', 'application/n-quads', 'application/trig', 'application/ld+json'])(
    'negotiates %s for CONSTRUCT', async (accept) => {
      const q = 'CONSTRUCT { ?s <http://example.org/q> ?o } WHERE { ?s <http://example.org/p> ?o }';
      const res = await app.inject({ method: 'POST', url: '/sparql', headers: { ...form({ query: q }).headers, accept }, payload: form({ query: q }).payload });
      expect([res.statusCode, String(res.headers['content-type']).split(';')[0]]).toEqual([200, accept]);
      expect(res.body).toContain('http://example.org/q');
    });

  it('answers ASK via form POST and honours ?format=', async () => {
    const res = await app.inject({ method: 'POST', url: '/sparql?format=xml', ...form({ query: 'ASK { ?s ?p "two" }' }) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<boolean>true<\/boolean>/);
  });

  it('applies default-graph-uri / named-graph-uri', async () => {
    const other = await app.inject({ method: 'GET', url: '/sparql?query=' + encodeURIComponent('ASK { ?s ?p ?o }') + '&default-graph-uri=http://example.org/none' });
    expect(other.json().boolean).toBe(false);
    const g1 = await app.inject({ method: 'GET', url: '/sparql?query=' + encodeURIComponent('ASK { ?s ?p ?o }') + '&default-graph-uri=http://example.org/g1' });
    expect(g1.json().boolean).toBe(true);
  });

  it('answers 400 naming the parameter for a dataset IRI the store cannot name (was 500)', async () => {
    for (const [name, iri] of [['default-graph-uri', 'urn:a>b'], ['named-graph-uri', 'urn:a b'], ['default-graph-uri', 'relative']] as const) {
      const res = await app.inject({ method: 'GET', url: '/sparql', query: { query: 'ASK { ?s ?p ?o }', [name]: iri } });
      expect([res.statusCode, res.json().type, res.json().parameter]).toEqual([400, 'https://uri.etsi.org/ngsi-ld/errors/InvalidRequest', name]);
    }
    const update = await app.inject({ method: 'POST', url: '/sparql?using-graph-uri=urn:a%3Eb', headers: { 'content-type': 'application/sparql-update' }, payload: 'DELETE WHERE { ?s <urn:none> ?o }' });
    expect([update.statusCode, update.json().parameter]).toEqual([400, 'using-graph-uri']);
  });

  it('returns 406 when no acceptable format exists', async () => {
    const res = await app.inject({ method: 'GET', url: '/sparql', query: { query: SELECT }, headers: { accept: 'text/turtle' } });
    expect(res.statusCode).toBe(406);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('returns 400 with line and column on a syntax error', async () => {
    const res = await app.inject({ method: 'GET', url: '/sparql', query: { query: 'SELECT * WHERE {\n ?s ?p }' } });
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.type).toBe('https://uri.etsi.org/ngsi-ld/errors/InvalidRequest');
    expect([problem.line, typeof problem.column]).toEqual([2, 'number']);
  });

  it('rejects query and update together, and a missing body type (415)', async () => {
    const both = await app.inject({ method: 'POST', url: '/sparql', ...form({ query: 'ASK {}', update: 'CLEAR ALL' }) });
    expect(both.statusCode).toBe(400);
    const noType = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'image/png' }, payload: 'x' });
    expect(noType.statusCode).toBe(415);
  });

  it('refuses updates over GET and updates sent as queries (400)', async () => {
    const viaGet = await app.inject({ method: 'GET', url: '/sparql', query: { update: 'CLEAR ALL' } });
    expect(viaGet.statusCode).toBe(400);
    const asQuery = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query' }, payload: 'CLEAR ALL' });
    expect(asQuery.statusCode).toBe(400);
    expect(store.size()).toBe(2);
  });

  it('renders malformed JSON bodies as 400 and unknown routes as 404 problems', async () => {
    const json = await app.inject({ method: 'POST', url: '/sparql/queries/domains', headers: { 'content-type': 'application/json' }, payload: '{bad' });
    expect([json.statusCode, String(json.headers['content-type']).split(';')[0]]).toEqual([400, 'application/json']);
    const missing = await app.inject({ method: 'GET', url: '/nowhere' });
    expect([missing.statusCode, missing.json().type]).toEqual([404, 'https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound']);
  });

  it('returns 413 for a body over the limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query' }, payload: `ASK {} #${'x'.repeat(20_000)}` });
    expect(res.statusCode).toBe(413);
    expect(res.json().limitBytes).toBe(10_000);
  });

  it('applies updates from loopback, refuses them remotely without the token (403)', async () => {
    const update = 'INSERT DATA { GRAPH <http://example.org/g2> { <http://example.org/c> <http://example.org/p> "three" } }';
    const remote = await app.inject({ method: 'POST', url: '/sparql', remoteAddress: '10.0.0.5', headers: { 'content-type': 'application/sparql-update' }, payload: update });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().detail).toMatch(/--write-token/);
    expect(store.graphs()).not.toContain('http://example.org/g2');
    const local = await app.inject({ method: 'POST', url: '/sparql', ...form({ update }) });
    expect(local.statusCode).toBe(204);
    expect(store.graphs()).toContain('http://example.org/g2');
  });

  it('accepts remote writes with the configured bearer token', async () => {
    const { app: tokenApp, store: s } = await appWith(DATA, { writeToken: 's3cret' });
    const update = 'INSERT DATA { <http://example.org/c> <http://example.org/p> "three" }';
    const headers = { 'content-type': 'application/sparql-update' };
    const wrong = await tokenApp.inject({ method: 'POST', url: '/sparql', remoteAddress: '10.0.0.5', headers: { ...headers, authorization: 'Bearer nope' }, payload: update });
    expect(wrong.statusCode).toBe(403);
    const right = await tokenApp.inject({ method: 'POST', url: '/sparql', remoteAddress: '10.0.0.5', headers: { ...headers, authorization: 'Bearer s3cret' }, payload: update });
    expect(right.statusCode).toBe(204);
    expect(s.size()).toBe(3);
    await tokenApp.close();
  });

  it('honours using-graph-uri as USING (SPARQL 1.1 Protocol §2.2.3)', async () => {
    const headers = { 'content-type': 'application/sparql-update' };
    const copy = 'INSERT { GRAPH <http://example.org/copy> { ?s ?p ?o } } WHERE { ?s ?p ?o }';
    expect((await app.inject({ method: 'POST', url: '/sparql?using-graph-uri=http://example.org/nothing', headers, payload: copy })).statusCode).toBe(204);
    expect(store.size()).toBe(2);
    expect((await app.inject({ method: 'POST', url: '/sparql?using-graph-uri=http://example.org/g1', headers, payload: copy })).statusCode).toBe(204);
    expect(store.size()).toBe(4);
  });

  it('refuses using-graph-uri combined with USING in the update text (§2.2.3)', async () => {
    const res = await app.inject({ method: 'POST', url: '/sparql?using-graph-uri=http://example.org/g1', headers: { 'content-type': 'application/sparql-update' },
      payload: 'INSERT { GRAPH <http://example.org/copy> { ?s ?p ?o } } USING <http://example.org/g1> WHERE { ?s ?p ?o }' });
    expect(res.statusCode).toBe(400);
    expect(store.size()).toBe(2);
  });

  it('serves the service description at GET /sparql without a query', async () => {
    const res = await app.inject({ method: 'GET', url: '/sparql' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/turtle/);
    expect(res.body).toMatch(/sd:supportedLanguage sd:SPARQL11Query/);
    expect(res.body).toMatch(/sd:feature sd:UnionDefaultGraph/);
    expect(res.body).toContain('<http://localhost:80/sparql>');
  });

  it('turns QueryTimeoutError from the store into 503, passing the configured time limit', async () => {
    let seen: number | undefined;
    store.queryTo = async (_q, _m, options) => {
      seen = options?.timeoutMs;
      throw new QueryTimeoutError(5000);
    };
    const res = await app.inject({ method: 'GET', url: '/sparql', query: { query: SELECT } });
    expect([res.statusCode, seen, res.json().type]).toEqual([503, 5000, 'https://uri.etsi.org/ngsi-ld/errors/TooComplexQuery']);
  });

  it('hides internals of unexpected errors (500)', async () => {
    store.queryTo = async () => { throw new Error('secret internal path /x/y'); };
    const res = await app.inject({ method: 'GET', url: '/sparql', query: { query: SELECT } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
  });
});
