/**
 * A small typed HTTP client for a fabric node: SPARQL 1.1 Protocol (query,
 * update) and the SPARQL 1.1 Graph Store HTTP Protocol (GET/PUT/POST/DELETE on
 * /rdf-graphs). Server errors arrive as RFC 7807 problem details and are thrown
 * as FabricClientError. Uses the platform fetch (Node ≥ 18). Also the reasoner's
 * explanations (GET /reasoner/explain, docs/reasoner.md) and orchestration (/orchestration/services, docs/orchestration.md).
 */
import type { TripleExplanation } from '../../reasoner/explainDerivation.js';
import type { TrustBreakdownView } from '../../reasoner/trust/trustBreakdown.js';
import type { CheckVerdict, PolicyReport, PolicyView } from '../../reasoner/policy/PolicyService.js';
import type { ServiceSummary, ServiceView } from '../../orchestration/ServiceView.js';

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  [extension: string]: unknown;
}

export class FabricClientError extends Error {
  constructor(readonly status: number, readonly problem: ProblemBody | undefined, readonly body: string) {
    super(problem?.detail ?? problem?.title ?? (body.trim() || `HTTP ${status}`));
    this.name = 'FabricClientError';
  }

  /** Human-readable rendering: "400 SPARQL syntax error: expected WHERE (line 1, column 25)". */
  describe(): string {
    const p = this.problem;
    if (!p) return `HTTP ${this.status}: ${this.message}`;
    const where = p.line !== undefined ? ` (line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''})` : '';
    const extras = Object.entries(p)
      .filter(([k]) => !['type', 'title', 'status', 'detail', 'instance', 'line', 'column'].includes(k))
      .map(([k, v]) => `  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return [`${p.status ?? this.status} ${p.title ?? 'Error'}: ${p.detail ?? ''}${where}`, ...(p.type ? [`  type: ${p.type}`] : []), ...extras].join('\n');
  }
}

/** Target of a Graph Store Protocol request: a named graph, the default graph, or (no target) the whole dataset. */
export type GraphTarget = { graph: string } | 'default' | undefined;

export interface FabricClientOptions {
  /** Base URL of the node, e.g. http://127.0.0.1:1026 */
  readonly url: string;
  /** Bearer token for writes (the node's --write-token). */
  readonly token?: string;
  /**
   * The NGSI-LD tenant (NGSILD-Tenant, GS CIM 009 v1.8 §4.14, §6.3.14) every request is about: SPARQL, the Graph Store
   * Protocol, /reasoner, /trust and /policies then answer from that tenant's store. Undefined: the default tenant.
   */
  readonly tenant?: string;
}

export interface TextResponse {
  readonly contentType: string;
  readonly body: string;
}

export class FabricClient {
  private readonly base: string;

  constructor(private readonly options: FabricClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** SPARQL query (SPARQL 1.1 Protocol §2.1.3, POST with application/sparql-query). */
  async query(sparql: string, accept = 'application/sparql-results+json'): Promise<TextResponse> {
    return this.send('POST', '/sparql', { body: sparql, contentType: 'application/sparql-query', accept });
  }

  /** SPARQL update (§2.2.2, POST /sparql with application/sparql-update). */
  async update(sparql: string): Promise<void> {
    await this.send('POST', '/sparql', { body: sparql, contentType: 'application/sparql-update' });
  }

  /** GSP GET: serialize a graph, or the dataset (N-Quads/TriG) when target is undefined. */
  async getGraph(target: GraphTarget, accept = 'application/n-quads'): Promise<TextResponse> {
    return this.send('GET', this.graphPath(target), { accept });
  }

  /** GSP PUT: replace the graph's content. */
  async putGraph(target: GraphTarget, body: string, contentType: string): Promise<void> {
    await this.send('PUT', this.graphPath(target), { body, contentType });
  }

  /** GSP POST: merge RDF into the graph (or into the dataset for quad formats with no target). */
  async postGraph(target: GraphTarget, body: string, contentType: string): Promise<void> {
    await this.send('POST', this.graphPath(target), { body, contentType });
  }

  async deleteGraph(target: GraphTarget): Promise<void> {
    await this.send('DELETE', this.graphPath(target), {});
  }

  /** GET /reasoner/explain?iri=: every derived triple with `iri` as subject, with its rule and premises. */
  async explain(iri: string): Promise<TripleExplanation[]> {
    const res = await this.send('GET', `/reasoner/explain?iri=${encodeURIComponent(iri)}`, { accept: 'application/json' });
    return (JSON.parse(res.body) as { explanations: TripleExplanation[] }).explanations;
  }

  /** GET /trust/{ieId} (docs/trust.md): the breakdown of the IE's trust score, in numbers and words; undefined when none was computed. */
  async trustBreakdown(ie: string): Promise<TrustBreakdownView | undefined> {
    try {
      const res = await this.send('GET', `/trust/${encodeURIComponent(ie)}`, { accept: 'application/json' });
      return JSON.parse(res.body) as TrustBreakdownView;
    } catch (e) {
      if (e instanceof FabricClientError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** GET /policies (docs/policies.md): every policy with id, IRI, label, severity and constraints. */
  async policies(): Promise<PolicyView[]> {
    const res = await this.send('GET', '/policies', { accept: 'application/json' });
    return (JSON.parse(res.body) as { policies: PolicyView[] }).policies;
  }

  /** POST /policies/check: would these placements (component → IE) violate a policy? Changes nothing on the node. */
  async checkPlacements(placements: ReadonlyArray<{ component: string; ie: string }>, options: { explain?: boolean } = {}): Promise<CheckVerdict> {
    const res = await this.send('POST', `/policies/check${options.explain ? '?explain=true' : ''}`, { body: JSON.stringify({ placements }), contentType: 'application/json', accept: 'application/json' });
    return JSON.parse(res.body) as CheckVerdict;
  }

  /**
   * GET /policies/violations (docs/policies.md): current policy violations; `focus` keeps the verdicts about one
   * resource (a policy IRI: that policy's violations), `explain` adds which policy and facts.
   */
  async policyViolations(options: { focus?: string; explain?: boolean } = {}): Promise<PolicyReport> {
    const query = new URLSearchParams({ ...(options.focus ? { focus: options.focus } : {}), ...(options.explain ? { explain: 'true' } : {}) }).toString();
    const res = await this.send('GET', `/policies/violations${query ? `?${query}` : ''}`, { accept: 'application/json' });
    return JSON.parse(res.body) as PolicyReport;
  }

  /**
   * POST /orchestration/services (PUT /orchestration/services/{id} with `update`): deploy a service described as TOSCA
   * YAML or NGSI-LD entities (`contentType` application/yaml or application/ld+json); the status of every component.
   */
  async deployService(body: string, contentType: string, options: { name?: string; update?: string } = {}): Promise<ServiceView> {
    const path = options.update
      ? `/orchestration/services/${encodeURIComponent(options.update)}`
      : `/orchestration/services${options.name ? `?name=${encodeURIComponent(options.name)}` : ''}`;
    const res = await this.send(options.update ? 'PUT' : 'POST', path, { body, contentType, accept: 'application/json' });
    return JSON.parse(res.body) as ServiceView;
  }

  /** GET /orchestration/services: every service deployed on the node. */
  async services(): Promise<ServiceSummary[]> {
    const res = await this.send('GET', '/orchestration/services', { accept: 'application/json' });
    return (JSON.parse(res.body) as { services: ServiceSummary[] }).services;
  }

  /** GET /orchestration/services/{id}: every component's status, IE, runtime, decision summary and history. */
  async service(id: string): Promise<ServiceView> {
    const res = await this.send('GET', `/orchestration/services/${encodeURIComponent(id)}`, { accept: 'application/json' });
    return JSON.parse(res.body) as ServiceView;
  }

  /** DELETE /orchestration/services/{id}: remove every component; `purge` also deletes the entities (no body back). */
  async undeployService(id: string, options: { purge?: boolean } = {}): Promise<ServiceView | undefined> {
    const res = await this.send('DELETE', `/orchestration/services/${encodeURIComponent(id)}${options.purge ? '?purge=true' : ''}`, { accept: 'application/json' });
    return res.body ? (JSON.parse(res.body) as ServiceView) : undefined;
  }

  /** GET /ready: true when the node accepts requests. */
  async ready(): Promise<boolean> {
    try {
      const res = await fetch(this.base + '/ready');
      return res.ok;
    } catch {
      return false;
    }
  }

  private graphPath(target: GraphTarget): string {
    if (target === undefined) return '/rdf-graphs';
    if (target === 'default') return '/rdf-graphs?default';
    return `/rdf-graphs?graph=${encodeURIComponent(target.graph)}`;
  }

  private async send(method: string, path: string, req: { body?: string; contentType?: string; accept?: string }): Promise<TextResponse> {
    const headers: Record<string, string> = {};
    if (req.contentType) headers['content-type'] = req.contentType;
    if (req.accept) headers.accept = req.accept;
    if (this.options.token && method !== 'GET') headers.authorization = `Bearer ${this.options.token}`;
    if (this.options.tenant) headers['NGSILD-Tenant'] = this.options.tenant;
    let res: Response;
    try {
      res = await fetch(this.base + path, { method, headers, body: req.body });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`Cannot reach the node at ${this.base}: ${cause?.code ?? cause?.message ?? (e as Error).message}. Is \`continuum serve\` running?`);
    }
    const body = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    if (!res.ok) {
      let problem: ProblemBody | undefined;
      if (/json/.test(contentType)) {
        try { problem = JSON.parse(body) as ProblemBody; } catch { problem = undefined; }
      }
      throw new FabricClientError(res.status, problem, body);
    }
    return { contentType, body };
  }
}
