/**
 * Content negotiation and request payload rules (GS CIM 009 v1.8 §6.3.4, §6.3.5), the
 * body size limit (413), unknown vs unimplemented parameters (§6.3: 400 / 501), and the
 * RFC 7807 error bodies with ETSI type URIs (§5.5.1) in application/json.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, CORE, expectProblem, link, testApp, vehicle } from './support/ngsiLdTestApp.js';

describe('NGSI-LD media types and errors', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    ({ app } = testApp({ bodyLimitBytes: 4000 }));
    await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
  });
  afterEach(() => app.close());
  const entityUrl = `${BASE}/entities/urn:ngsi-ld:Vehicle:V1`;

  describe('Accept (§6.3.4)', () => {
    it.each([
      [undefined, 'application/json'],
      ['*/*', 'application/json'],
      ['application/*', 'application/json'],
      ['application/ld+json', 'application/ld+json'],
      ['application/json;q=0.5, application/ld+json', 'application/ld+json'],
      ['text/html, application/geo+json;q=0.9', 'application/geo+json'],
    ])('Accept %s → %s', async (accept, expected) => {
      const res = await app.inject({ method: 'GET', url: entityUrl, headers: accept ? { accept } : {} });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['content-type']).split(';')[0]).toBe(expected);
    });

    it('answers 406 when no offered media type is acceptable, as an RFC 7807 body in application/json', async () => {
      const res = await app.inject({ method: 'GET', url: entityUrl, headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(406);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/InvalidRequest', status: 406 });
    });

    it('offers application/geo+json only where GeoJSON applies (§4.5.16): /types answers 406', async () => {
      expect((await app.inject({ method: 'GET', url: `${BASE}/types`, headers: { accept: 'application/geo+json' } })).statusCode).toBe(406);
    });
  });

  describe('request payloads (§6.3.5)', () => {
    const post = (payload: unknown, headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: `${BASE}/entities`, headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

    it('answers 415 for a Content-Type other than application/json or application/ld+json', async () => {
      expect((await post(vehicle(2), { 'content-type': 'text/plain' })).statusCode).toBe(415);
      const res = await post('<x> <y> <z> .', { 'content-type': 'text/turtle' });
      expect(res.statusCode).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('accepts application/ld+json with the @context in the body', async () => {
      const res = await post({ ...vehicle(2), '@context': CORE }, { 'content-type': 'application/ld+json' });
      expect(res.statusCode).toBe(201);
    });

    it('answers 400 for application/ld+json without @context in the body', async () => {
      expectProblem(await post(vehicle(2), { 'content-type': 'application/ld+json' }), 400, 'BadRequestData');
    });

    it('answers 400 for application/ld+json together with a JSON-LD Link header', async () => {
      expectProblem(await post({ ...vehicle(2), '@context': CORE }, { 'content-type': 'application/ld+json', link: link(CORE) }), 400, 'BadRequestData');
    });

    it('answers 400 for application/json whose body carries @context', async () => {
      expectProblem(await post({ ...vehicle(2), '@context': CORE }, { 'content-type': 'application/json' }), 400, 'BadRequestData');
    });

    it('answers 400 for two JSON-LD context Link headers and for a malformed Link header', async () => {
      const two = `${link(CORE)}, ${link('https://example.org/ctx.jsonld')}`;
      expectProblem(await post(vehicle(2), { 'content-type': 'application/json', link: two }), 400, 'BadRequestData');
      expectProblem(await post(vehicle(2), { 'content-type': 'application/json', link: 'no-angle-brackets' }), 400, 'BadRequestData');
    });

    it('ignores Link headers with other relations', async () => {
      const res = await post(vehicle(2), { 'content-type': 'application/json', link: '<https://example.org/next>; rel="next"' });
      expect(res.statusCode).toBe(201);
    });

    it('answers 400 InvalidRequest for JSON that does not parse', async () => {
      expectProblem(await post('{"id": ', { 'content-type': 'application/json' }), 400, 'InvalidRequest');
    });

    it('answers 413 for a body over the limit', async () => {
      const big = vehicle(3, { note: { type: 'Property', value: 'x'.repeat(5000) } });
      const res = await post(big, { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('answers 503 LdContextNotAvailable when a remote @context cannot be retrieved (§5.5.1)', async () => {
      const res = await post(vehicle(2), { 'content-type': 'application/json', link: link('http://127.0.0.1:9/missing-context.jsonld') });
      expectProblem(res, 503, 'LdContextNotAvailable');
    });
  });

  describe('query parameters (§6.3: never silently ignored)', () => {
    it.each([
      [`${entityUrl}?foo=1`, 'GET'],
      [`${BASE}/entities?type=Vehicle&colour=red`, 'GET'],
      [`${BASE}/types?limit=3`, 'GET'],
      [`${entityUrl}?deleteAll=true`, 'DELETE'],
    ])('answers 400 InvalidRequest naming an unknown parameter: %s', async (url, method) => {
      const problem = expectProblem(await app.inject({ method: method as 'GET', url }), 400, 'InvalidRequest');
      expect(problem.parameter).toBeDefined();
    });

    it.each([
      [`${entityUrl}?via=x`, 'via'],
      [`${BASE}/entities?local=true`, 'local'], // a write: local stays 501 there (POST below)
      [`${BASE}/entities?type=Vehicle&containedBy=urn:ngsi-ld:X:1`, 'containedBy'],
      [`${entityUrl}?expandValues=brandName`, 'expandValues'],
      [`${BASE}/entities?type=Vehicle&csf=a`, 'csf'],
      [`${BASE}/types?via=x`, 'via'],
    ])('answers 501 NotImplemented naming a known but unsupported parameter: %s', async (url, name) => {
      const method = name === 'local' ? 'POST' : 'GET';
      const problem = expectProblem(await app.inject({ method, url, ...(method === 'POST' ? { payload: vehicle(77) } : {}) }), 501, 'NotImplemented');
      expect(problem.detail).toContain(`'${name}'`);
    });

    // §6.3.18 local=true ("only local data") is what a node without context source registrations answers anyway:
    // honoured on reads, as FIWARE's NGSI-LD tutorials send it (GET /types?local=true); not a boolean → 400.
    it('takes local=true on reads (retrieve, query, POST query, types, attributes) and answers as without it', async () => {
      for (const url of [entityUrl, `${BASE}/entities?type=Vehicle`, `${BASE}/types`, `${BASE}/attributes`, `${BASE}/types/Vehicle`]) {
        const plain = await app.inject({ method: 'GET', url });
        const local = await app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}local=true` });
        const withoutListId = (body: unknown) => (Array.isArray(body) || typeof (body as { id?: unknown }).id !== 'string' ? body
          : { ...(body as object), id: (body as { id: string }).id.replace(/List:.*$/, 'List:') });
        expect({ url, status: local.statusCode, body: withoutListId(local.json()) }).toEqual({ url, status: 200, body: withoutListId(plain.json()) }); // type / attribute lists get a fresh id each time
      }
      const posted = await app.inject({ method: 'POST', url: `${BASE}/entityOperations/query?local=true`, payload: { type: 'Query', entities: [{ type: 'Vehicle' }] } });
      expect(posted.statusCode).toBe(200);
      expectProblem(await app.inject({ method: 'GET', url: `${BASE}/types?local=yes` }), 400, 'InvalidRequest');
    });

    it('answers 400 for unknown options and format values and for conflicting representations (§6.3.7)', async () => {
      expectProblem(await app.inject({ method: 'GET', url: `${entityUrl}?options=fancy` }), 400, 'InvalidRequest');
      expectProblem(await app.inject({ method: 'GET', url: `${entityUrl}?format=compact` }), 400, 'InvalidRequest');
      expectProblem(await app.inject({ method: 'GET', url: `${entityUrl}?options=keyValues&format=concise` }), 400, 'InvalidRequest');
    });

    it('answers 400 for a parameter given twice', async () => {
      expectProblem(await app.inject({ method: 'GET', url: `${entityUrl}?attrs=speed&attrs=brandName` }), 400, 'InvalidRequest');
    });
  });

  it('sends error bodies as exactly application/json, without a charset parameter (RFC 8259 §11 defines none)', async () => {
    // Clients compare the media type of an error literally: ngsijs maps a 404 to NotFoundError and a
    // 400 to BadRequestError only when Content-Type is "application/json" or "application/ld+json".
    const errors = await Promise.all([
      app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Vehicle:none` }),
      app.inject({ method: 'GET', url: `${BASE}/entities?type=Vehicle&q=speed>>1` }),
      app.inject({ method: 'GET', url: entityUrl, headers: { accept: 'text/html' } }),
      app.inject({ method: 'POST', url: `${BASE}/entities`, headers: { 'content-type': 'text/plain' }, payload: '{}' }),
      app.inject({ method: 'POST', url: `${BASE}/entities`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(vehicle(4, { note: { type: 'Property', value: 'x'.repeat(5000) } })) }),
      app.inject({ method: 'GET', url: `${BASE}/subscriptionz` }),
    ]);
    expect(errors.map((res) => [res.statusCode, res.headers['content-type']])).toEqual(
      [404, 400, 406, 415, 413, 404].map((status) => [status, 'application/json']),
    );
  });

  it('answers 404 as RFC 7807 application/json for an unknown NGSI-LD path', async () => {
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/subscriptionz` }), 404, 'ResourceNotFound');
  });

  it.each([
    ['GET', '/subscriptions'], ['POST', '/subscriptions'], ['GET', '/csourceRegistrations/urn:x:1'], ['GET', '/temporal/entities?type=Vehicle'],
  ])('answers 501 NotImplemented for the spec resource %s %s this node does not serve yet', async (method, path) => {
    const problem = expectProblem(await app.inject({ method: method as 'GET', url: `${BASE}${path}`, ...(method === 'POST' ? { payload: {} } : {}) }), 501, 'NotImplemented');
    expect(problem.detail).toContain(path.split('/')[1]!.split('?')[0]);
  });
});

describe('NGSI-LD methods a resource does not serve (RFC 9110 §15.5.6)', () => {
  let app: FastifyInstance;
  beforeEach(() => { ({ app } = testApp({ bodyLimitBytes: 4000 })); });
  afterEach(() => app.close());

  it.each([
    ['PUT', '/entities', ['GET', 'HEAD', 'POST']],
    ['DELETE', '/entities', ['GET', 'HEAD', 'POST']],
    ['POST', '/entities/urn:ngsi-ld:Vehicle:V1', ['DELETE', 'GET', 'HEAD', 'PATCH', 'PUT']],
    ['GET', '/entityOperations/upsert', ['POST']],
  ])('answers %s %s with 405 OperationNotSupported and Allow naming the served methods', async (method, path, allowed) => {
    const res = await app.inject({ method: method as 'PUT', url: `${BASE}${path}?type=Vehicle` });
    const problem = expectProblem(res, 405, 'OperationNotSupported');
    expect(res.headers.allow).toBe(allowed.join(', '));
    expect(problem.detail).toContain(`${method} is not allowed on ${BASE}${path}`);
  });

  it('answers 404, not 405, a served method on a path the router does not take (a trailing slash)', async () => {
    const res = await app.inject({ method: 'POST', url: `${BASE}/entityOperations/upsert/`, payload: [] });
    expectProblem(res, 404, 'ResourceNotFound');
    expect(res.headers.allow).toBeUndefined();
  });
});
