/**
 * Plays a W3C protocol test transcript (httpTranscript.ts) against our
 * fastify app in process (`app.inject`) and lists every way the responses
 * differ from what the test expects. An empty list is a pass.
 *
 * Path prefixes are mapped as both manifests ask ("replace this value with
 * whatever path prefix is appropriate for the endpoint being tested"):
 * /sparql/ → /sparql (SPARQL 1.1 Protocol), /gsp → /rdf-graphs (Graph Store
 * Protocol, docs/sparql.md). Requests carry Host: the test's
 * ht:connectionAuthority, so direct graph identification sees the IRIs the
 * test means.
 */
import type { FastifyInstance } from 'fastify';
import { sameDataset } from './compare.js';
import type { ExpectedResponse, Header, TranscriptRequest, TranscriptTest } from './httpTranscript.js';
import { parseJsonResults, parseRdf, parseTabularResults, parseXmlResults } from './rdfText.js';
import type { Outcome } from './types.js';

export const PATH_PREFIXES: ReadonlyArray<readonly [manifest: string, ours: string]> = [
  ['/sparql/', '/sparql'],
  ['/gsp', '/rdf-graphs'],
];

/** hts: status names used by the manifests (W3C HTTP Vocabulary status codes). */
const NAMED_STATUS: Record<string, number> = { OK: 200, Created: 201, NoContent: 204, NotFound: 404, BadRequest: 400 };

/** Media types per mf:expectedFormat (the manifest's "expect one of" lists). */
const FORMAT_TYPES: Record<NonNullable<ExpectedResponse['format']>, readonly string[]> = {
  boolean: ['application/sparql-results+xml', 'application/sparql-results+json'],
  tabular: ['application/sparql-results+xml', 'application/sparql-results+json', 'text/csv', 'text/tab-separated-values'],
  RDF: ['application/rdf+xml', 'text/turtle', 'application/n-triples', 'text/html', 'application/xhtml+xml'],
};

export function mapPath(absolutePath: string): string {
  for (const [manifest, ours] of PATH_PREFIXES) {
    if (absolutePath.startsWith(manifest)) return ours + absolutePath.slice(manifest.length);
  }
  throw new Error(`No endpoint for ${absolutePath}`);
}

export function statusMatches(status: number, expected: string): boolean {
  const cls = /^StatusCode([1-5])xx$/.exec(expected);
  if (cls) return Math.floor(status / 100) === Number(cls[1]);
  const code = NAMED_STATUS[expected];
  if (code === undefined) throw new Error(`Unknown expected status hts:${expected}`);
  return status === code;
}

function encodeBody(body: TranscriptRequest['body']): Buffer | undefined {
  if (!body) return undefined;
  if (/^utf-?16$/i.test(body.encoding)) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body.chars, 'utf16le')]);
  if (/^utf-?8$/i.test(body.encoding)) return Buffer.from(body.chars, 'utf8');
  throw new Error(`Unknown body encoding ${body.encoding}`);
}

/** A media-type header value as its bare type plus lower-cased parameters (RFC 9110 §8.3.1: charset is case-insensitive). */
function mediaType(value: string): { type: string; params: Record<string, string> } {
  const [type, ...params] = value.split(';').map((s) => s.trim());
  return {
    type: type.toLowerCase(),
    params: Object.fromEntries(params.filter(Boolean).map((p) => p.split('=').map((x) => x.trim().toLowerCase().replace(/^"|"$/g, '')) as [string, string])),
  };
}

function sameHeader(name: string, actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  if (name !== 'content-type') return actual === expected;
  const a = mediaType(actual);
  const e = mediaType(expected);
  return a.type === e.type && Object.entries(e.params).every(([k, v]) => a.params[k] === v);
}

async function parseResults(body: string, type: string): Promise<Outcome> {
  if (type === 'application/sparql-results+json') return parseJsonResults(body);
  if (type === 'application/sparql-results+xml') return parseXmlResults(body);
  return parseTabularResults(body, type);
}

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
}

async function checkResponse(res: Reply, expected: ExpectedResponse, url: string): Promise<string[]> {
  const problems: string[] = [];
  if (!expected.statuses.some((s) => statusMatches(res.status, s))) {
    problems.push(`status ${res.status}, expected one of ${expected.statuses.join(', ')} (${res.body.slice(0, 160)})`);
    return problems;
  }
  const contentType = String(res.headers['content-type'] ?? '');
  const type = mediaType(contentType).type;
  for (const [name, value] of expected.headers) {
    const actual = res.headers[name] === undefined ? undefined : String(res.headers[name]);
    if (!sameHeader(name, actual, value)) problems.push(`header ${name}: ${actual ?? '(absent)'}, expected ${value}`);
  }
  if (expected.format || expected.boolean !== undefined) {
    const format = expected.format ?? 'boolean';
    if (!FORMAT_TYPES[format].includes(type)) problems.push(`Content-Type ${contentType} is not a ${format} result format`);
    else if (format === 'RDF') await parseRdf(res.body, type, url).catch((e: Error) => problems.push(`RDF body does not parse: ${e.message}`));
    else {
      const outcome = await parseResults(res.body, type).catch((e: Error) => (problems.push(`result body does not parse: ${e.message}`), undefined));
      if (outcome && outcome.kind !== (format === 'boolean' ? 'boolean' : 'bindings')) problems.push(`result is ${outcome.kind}, expected ${format}`);
      if (outcome?.kind === 'boolean' && expected.boolean !== undefined && outcome.value !== expected.boolean) {
        problems.push(`boolean ${outcome.value}, expected ${expected.boolean}`);
      }
    }
  }
  if (expected.body !== undefined) {
    const expectedType = mediaType(expected.headers.find(([n]) => n === 'content-type')?.[1] ?? 'text/turtle').type;
    try {
      const [actualQuads, expectedQuads] = await Promise.all([parseRdf(res.body, type, url), parseRdf(expected.body, expectedType, url)]);
      if (!sameDataset(actualQuads, expectedQuads)) problems.push(`graph not isomorphic to the expected one:\n${res.body}`);
    } catch (e) {
      problems.push(`response body does not parse as ${type}: ${(e as Error).message}`);
    }
  }
  if (expected.locationVariable !== undefined && typeof res.headers.location !== 'string') problems.push('no Location header');
  return problems;
}

const substitute = (text: string, vars: ReadonlyMap<string, string>) => [...vars].reduce((t, [name, value]) => t.split(name).join(value), text);

/** Sends the test's requests in order; returns the problems found, prefixed by the request's position. */
export async function playTranscript(app: FastifyInstance, test: TranscriptTest): Promise<string[]> {
  const vars = new Map<string, string>();
  const problems: string[] = [];
  for (const [i, request] of test.requests.entries()) {
    const url = mapPath(substitute(request.absolutePath, vars));
    const headers: Record<string, string> = Object.fromEntries([...request.headers.map(([n, v]): Header => [n, substitute(v, vars)]), ['host', test.authority]]);
    const body = request.body ? { ...request.body, chars: substitute(request.body.chars, vars) } : undefined;
    const res = await app.inject({ method: request.method as 'GET', url, headers, ...(body ? { payload: encodeBody(body) } : {}) });
    const found = await checkResponse({ status: res.statusCode, headers: res.headers, body: res.body }, request.response, `http://${test.authority}${url}`);
    problems.push(...found.map((p) => `request ${i + 1} (${request.method} ${url}): ${p}`));
    if (request.response.locationVariable && typeof res.headers.location === 'string') vars.set(request.response.locationVariable, res.headers.location);
  }
  return problems;
}
