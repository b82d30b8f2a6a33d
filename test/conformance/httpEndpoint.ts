/**
 * Endpoint over our HTTP app, listening on a loopback port in this process:
 * queries and updates by the SPARQL 1.1 Protocol (POST /sparql), data loaded
 * and read back by the Graph Store Protocol (/rdf-graphs). Every request is a
 * real HTTP exchange (routing, content negotiation, serialization, error
 * mapping). (fastify's inject is not used: under jest's ESM VM it fails to
 * load light-my-request's ESM dependency `cookie`.)
 */
import type * as RDF from '@rdfjs/types';
import type { FastifyInstance } from 'fastify';
import N3 from 'n3';
import { EndpointError, type ConformanceEndpoint } from './endpoint.js';
import { ProtocolDatasetTracker, withBase } from './protocolDataset.js';
import { parseJsonResults, parseRdf, parseTabularResults, parseXmlResults } from './rdfText.js';
import type { Outcome } from './types.js';

const ACCEPT = 'application/sparql-results+json, application/n-triples;q=0.9';

export class HttpEndpoint implements ConformanceEndpoint {
  private app: FastifyInstance | undefined;
  private origin = '';
  private readonly tracker = new ProtocolDatasetTracker();
  private updateMode = false;

  /** `create` builds a fresh app over a fresh, empty store. */
  constructor(readonly name: string, private readonly create: () => FastifyInstance) {}

  async reset(): Promise<void> {
    await this.app?.close();
    this.app = this.create();
    this.origin = await this.app.listen({ host: '127.0.0.1', port: 0 });
    this.tracker.reset();
  }

  forUpdates(on: boolean): void {
    this.updateMode = on;
  }

  async close(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }

  private async send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; type: string; body: string }> {
    if (!this.app) throw new Error('reset() first');
    const res = await fetch(this.origin + path, { method, headers, body });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  }

  async load(data: string, mediaType: string, graph: string | undefined, baseIri: string): Promise<void> {
    // Parsed here (with the test file's base IRI) and sent as N-Triples: GSP resolves relative IRIs against the request URL.
    const payload = new N3.Writer({ format: 'N-Triples' }).quadsToString(await parseRdf(data, mediaType, baseIri));
    const target = this.updateMode ? graph : this.tracker.targetOf(graph);
    const query = target === undefined ? 'default' : `graph=${encodeURIComponent(target)}`;
    const res = await this.send('POST', `/rdf-graphs?${query}`, { 'content-type': 'application/n-triples' }, payload);
    if (res.status >= 300) throw new Error(`GSP POST ${res.status}: ${res.body.slice(0, 200)}`);
  }

  async query(sparql: string, baseIri: string, resultFormat?: string): Promise<Outcome> {
    const form = new URLSearchParams({ query: withBase(sparql, baseIri) });
    const ds = this.tracker.datasetFor(sparql);
    ds?.defaultGraphs.forEach((g) => form.append('default-graph-uri', g));
    ds?.namedGraphs.forEach((g) => form.append('named-graph-uri', g));
    const res = await this.send('POST', '/sparql', { 'content-type': 'application/x-www-form-urlencoded', accept: resultFormat ?? ACCEPT }, form.toString());
    if (res.status >= 300) throw refusal('query', res.status, res.body);
    const type = res.type;
    if (resultFormat) return parseTabularResults(res.body, type);
    if (type.includes('sparql-results+json')) return parseJsonResults(res.body);
    if (type.includes('sparql-results+xml')) return parseXmlResults(res.body);
    return { kind: 'quads', quads: await parseRdf(res.body, type.split(';')[0], baseIri) };
  }

  async update(sparql: string, baseIri: string): Promise<void> {
    const res = await this.send('POST', '/sparql', { 'content-type': 'application/sparql-update' }, withBase(sparql, baseIri));
    if (res.status >= 300) throw refusal('update', res.status, res.body);
  }

  async dataset(): Promise<RDF.Quad[]> {
    const res = await this.send('GET', '/rdf-graphs', { accept: 'application/n-quads' });
    if (res.status !== 200) throw new Error(`GSP GET ${res.status}: ${res.body.slice(0, 200)}`);
    return parseRdf(res.body, 'application/n-quads', 'urn:x:');
  }
}

/** SPARQL 1.1 Protocol §2.1.5/§2.2.4: a malformed query or update gets 400 Bad Request. */
function refusal(what: string, status: number, body: string): EndpointError {
  return new EndpointError(`${what} ${status}: ${body.slice(0, 200)}`, status === 400);
}
