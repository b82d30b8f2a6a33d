/**
 * A small typed client for the NGSI-LD API of a fabric node (GS CIM 009 v1.8 clause 6),
 * used by the CLI (`continuum entities …`) and the tests. Entities travel as plain NGSI-LD
 * JSON; the @context goes in a Link header (application/json, §6.3.5) unless the payload
 * carries its own "@context" (then application/ld+json). Errors arrive as RFC 7807 bodies
 * and are thrown as FabricClientError. The fetch function is injectable (tests run it
 * over fastify's inject).
 */
import { FabricClientError, type ProblemBody } from './FabricClient.js';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<Response>;

export interface NgsiLdClientOptions {
  /** Base URL of the node, e.g. http://127.0.0.1:1026 */
  readonly url: string;
  /** @context URL sent in the Link header (default: none → the core context). */
  readonly context?: string;
  /** NGSILD-Tenant (§6.3.14). */
  readonly tenant?: string;
  /** Bearer token for writes (the node's --write-token). */
  readonly token?: string;
  readonly fetch?: FetchLike;
}

export type NgsiLdEntity = { id: string; type: string | string[]; [member: string]: unknown };

export interface EntityQuery {
  readonly type?: string;
  readonly id?: string | readonly string[];
  readonly idPattern?: string;
  readonly attrs?: readonly string[];
  readonly q?: string;
  readonly scopeQ?: string;
  readonly georel?: string;
  readonly geometry?: string;
  readonly coordinates?: string;
  readonly geoproperty?: string;
  readonly limit?: number;
  readonly offset?: number;
  readonly format?: 'normalized' | 'concise' | 'keyValues' | 'simplified';
  readonly lang?: string;
  /** §4.5.5: only the attribute instances with these datasetIds ("@none": the default instance). */
  readonly datasetId?: readonly string[];
}

export interface RetrieveOptions {
  readonly attrs?: readonly string[];
  readonly format?: EntityQuery['format'];
  readonly sysAttrs?: boolean;
  readonly lang?: string;
  /** §4.5.5: only the attribute instances with these datasetIds ("@none": the default instance). */
  readonly datasetId?: readonly string[];
}

/** §5.2.16 BatchOperationResult. */
export interface BatchOperationResult {
  readonly success: string[];
  readonly errors: Array<{ entityId: string; error: ProblemBody }>;
}

export interface ClientResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

const LINK_REL = 'http://www.w3.org/ns/json-ld#context';

export class NgsiLdClient {
  private readonly base: string;
  private readonly fetchFn: FetchLike;

  constructor(private readonly options: NgsiLdClientOptions) {
    this.base = `${options.url.replace(/\/+$/, '')}/ngsi-ld/v1`;
    this.fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  }

  /** §6.4.3.1 Create Entity; returns the Location of the new entity. */
  async createEntity(entity: NgsiLdEntity): Promise<string> {
    const res = await this.send('POST', '/entities', entity);
    return res.headers.get('location') ?? '';
  }

  /** §6.5.3.1 Retrieve Entity. */
  async getEntity(id: string, options: RetrieveOptions = {}): Promise<NgsiLdEntity> {
    const params = new URLSearchParams();
    if (options.attrs) params.set('attrs', options.attrs.join(','));
    if (options.format) params.set('format', options.format);
    if (options.sysAttrs) params.set('options', 'sysAttrs');
    if (options.lang) params.set('lang', options.lang);
    if (options.datasetId) params.set('datasetId', options.datasetId.join(','));
    return (await this.send('GET', `/entities/${encodeURIComponent(id)}${suffix(params)}`)).body as NgsiLdEntity;
  }

  /** §6.4.3.2 Query Entities; `count` is NGSILD-Results-Count when asked for. */
  async queryEntities(query: EntityQuery, options: { count?: boolean } = {}): Promise<{ entities: NgsiLdEntity[]; count?: number }> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    if (options.count) params.set('count', 'true');
    const res = await this.send('GET', `/entities${suffix(params)}`);
    const count = res.headers.get('ngsild-results-count');
    return { entities: res.body as NgsiLdEntity[], ...(count !== null ? { count: Number(count) } : {}) };
  }

  /** §6.5.3.2 Delete Entity. */
  async deleteEntity(id: string): Promise<void> {
    await this.send('DELETE', `/entities/${encodeURIComponent(id)}`);
  }

  /** §6.5.3.4 Merge Entity (PATCH). */
  async mergeEntity(id: string, fragment: Record<string, unknown>): Promise<void> {
    await this.send('PATCH', `/entities/${encodeURIComponent(id)}`, fragment);
  }

  /** §6.6.3.1 Append Entity Attributes; 207 bodies are returned (204 → undefined). */
  async appendAttributes(id: string, fragment: Record<string, unknown>, options: { noOverwrite?: boolean } = {}): Promise<unknown> {
    const res = await this.send('POST', `/entities/${encodeURIComponent(id)}/attrs${options.noOverwrite ? '?options=noOverwrite' : ''}`, fragment);
    return res.body;
  }

  /** §6.15.3.1 Batch upsert: the created ids (201), [] when all were updated (204), or the 207 result. */
  async upsertEntities(entities: NgsiLdEntity[], mode: 'replace' | 'update' = 'replace'): Promise<string[] | BatchOperationResult> {
    const res = await this.send('POST', `/entityOperations/upsert${mode === 'update' ? '?options=update' : ''}`, entities);
    return (res.body ?? []) as string[] | BatchOperationResult;
  }

  /** §6.14.3.1 Batch create. */
  async createEntities(entities: NgsiLdEntity[]): Promise<string[] | BatchOperationResult> {
    return (await this.send('POST', '/entityOperations/create', entities)).body as string[] | BatchOperationResult;
  }

  /** §6.17.3.1 Batch delete. */
  async deleteEntities(ids: string[]): Promise<BatchOperationResult | undefined> {
    return (await this.send('POST', '/entityOperations/delete', ids)).body as BatchOperationResult | undefined;
  }

  /** §6.25.3.1 Retrieve Available Entity Types (EntityTypeList). */
  async types(): Promise<string[]> {
    return ((await this.send('GET', '/types')).body as { typeList: string[] }).typeList;
  }

  /** §6.27.3.1 Retrieve Available Attributes (AttributeList). */
  async attributes(): Promise<string[]> {
    return ((await this.send('GET', '/attributes')).body as { attributeList: string[] }).attributeList;
  }

  /** §6.30.3.2 Add @context; returns the URL it is hosted under. */
  async addContext(context: unknown): Promise<string> {
    const res = await this.send('POST', '/jsonldContexts', { '@context': context });
    const location = res.headers.get('location') ?? '';
    return new URL(location, this.options.url).toString();
  }

  /** §5.15 Retrieve Context Source Identity. */
  async sourceIdentity(): Promise<Record<string, unknown>> {
    return (await this.send('GET', '/info/sourceIdentity')).body as Record<string, unknown>;
  }

  /** Any request; the raw response for callers that check headers and statuses. */
  async send(method: string, path: string, payload?: unknown): Promise<ClientResponse<unknown>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const inlineContext = payloadHasContext(payload);
    if (payload !== undefined) headers['content-type'] = inlineContext ? 'application/ld+json' : 'application/json';
    if (this.options.context && !inlineContext) headers.link = `<${this.options.context}>; rel="${LINK_REL}"; type="application/ld+json"`;
    if (this.options.tenant) headers['NGSILD-Tenant'] = this.options.tenant;
    if (this.options.token && method !== 'GET') headers.authorization = `Bearer ${this.options.token}`;
    let res: Response;
    try {
      res = await this.fetchFn(this.base + path, { method, headers, ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`Cannot reach the node at ${this.options.url}: ${cause?.code ?? cause?.message ?? (e as Error).message}. Is \`continuum serve\` running?`);
    }
    const text = await res.text();
    let body: unknown;
    if (text.length > 0 && /json/.test(res.headers.get('content-type') ?? '')) {
      try { body = JSON.parse(text); } catch { body = undefined; }
    }
    if (!res.ok) throw new FabricClientError(res.status, body as ProblemBody | undefined, text);
    return { status: res.status, headers: res.headers, body };
  }
}

function suffix(params: URLSearchParams): string {
  const s = params.toString();
  return s ? `?${s}` : '';
}

function payloadHasContext(payload: unknown): boolean {
  if (Array.isArray(payload)) return payload.length > 0 && payload.every(payloadHasContext);
  return payload !== null && typeof payload === 'object' && '@context' in payload;
}
