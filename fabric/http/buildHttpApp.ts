/**
 * Builds the HTTP app (fastify) over a GraphStore: SPARQL 1.1 Protocol,
 * Graph Store Protocol, saved queries, health, metrics and the NGSI-LD API
 * (/ngsi-ld/v1, GS CIM 009 v1.8). The composition
 * root (fabric/node) constructs the store and calls this; nothing here opens
 * the store or listens.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import formbody from '@fastify/formbody';
import type { GraphStore } from '../store/GraphStore.js';
import { SparqlProtocolService } from '../../sparql/SparqlProtocolService.js';
import { GraphStoreService } from '../../sparql/GraphStoreService.js';
import { SavedQueryService } from '../../sparql/SavedQueryService.js';
import { RDF_UPLOAD_MEDIA_TYPES } from '../../sparql/mediaTypes.js';
import { AccessGuard } from './accessGuard.js';
import { registerErrorHandler } from './errorHandler.js';
import { createHttpMetrics, type StoreStats } from './httpMetrics.js';
import { sparqlRoutes } from './routes/sparqlRoutes.js';
import { graphStoreRoutes } from './routes/graphStoreRoutes.js';
import { savedQueryRoutes } from './routes/savedQueryRoutes.js';
import { healthRoutes } from './routes/healthRoutes.js';
import { metricsRoutes } from './routes/metricsRoutes.js';
import { ngsiLdRoutes } from './routes/ngsiLdRoutes.js';
import type { NgsiLdHttpDeps } from './ngsi-ld/NgsiLdHttpDeps.js';
import { ContextResolver } from '../ngsi-ld/context/ContextResolver.js';
import { NgsiLdServices } from '../ngsi-ld/service/NgsiLdServices.js';
import { TenantRegistry } from '../ngsi-ld/service/TenantRegistry.js';
import { HostedContexts } from '../ngsi-ld/context/HostedContexts.js';
import { fullQueryCompiler } from './ngsi-ld/fullQueryCompiler.js';
import { TenantScopedStore, tenantScopeHook } from './ngsi-ld/tenantScopedStore.js';
import { reasonerRoutes } from './routes/reasonerRoutes.js';
import { ReasonerService } from '../../reasoner/ReasonerService.js';
import { RuleEngine } from '../../reasoner/RuleEngine.js';
import { trustRoutes } from './routes/trustRoutes.js';
import { TrustService } from '../../reasoner/trust/TrustService.js';
import { InProcessTenantReasonerServices, type TenantReasonerServices } from '../../reasoner/TenantReasonerServices.js';
import { orchestrationRoutes, type OrchestrationHttpDeps } from './routes/orchestrationRoutes.js';
import { policyRoutes } from './routes/policyRoutes.js';
import { PolicyService } from '../../reasoner/policy/PolicyService.js';
import { TenantPolicies } from '../../reasoner/policy/TenantPolicies.js';

/** The HTTP application as the composition root sees it (so that only fabric/http imports fastify). */
export type HttpApp = FastifyInstance;

export interface HttpConfig {
  /** Time limit per query (QueryOptions.timeoutMs); 0 or undefined = none. */
  readonly queryTimeoutMs?: number;
  /** Request body limit; larger bodies get 413. */
  readonly bodyLimitBytes: number;
  /** Bearer token allowing writes from non-loopback clients. */
  readonly writeToken?: string;
  /** Base IRI for relative IRIs in queries and updates. */
  readonly baseIri?: string;
  /** Folder of saved .rq queries (default: sparql/queries). */
  readonly savedQueriesDir?: string;
}

export interface HttpDeps {
  readonly store: GraphStore;
  readonly config: HttpConfig;
  /** Readiness: store recovered, replicas ready. Default: always ready. */
  readonly ready?: () => Promise<boolean>;
  /** Store gauges for /metrics. */
  readonly stats?: () => StoreStats | Promise<StoreStats>;
  /** fastify/pino logger option: false (default), true, or options such as { level: 'info' }. */
  readonly logger?: FastifyServerOptions['logger'];
  /** NGSI-LD services and contexts (the composition root wires them); default: in-memory tenants over `store`. */
  readonly ngsiLd?: Omit<NgsiLdHttpDeps, 'guard'>;
  /** The rule engine behind /reasoner (docs/reasoner.md); default: a RuleEngine over `store` with the built-in rules. */
  readonly reasoner?: ReasonerService;
  /** Trust scores behind /trust (docs/trust.md); default: a TrustService over `store`. */
  readonly trust?: TrustService;
  /**
   * /reasoner and /trust per NGSI-LD tenant (NGSILD-Tenant, §4.14); default: the default tenant's from `reasoner` and
   * `trust`, a named tenant's in process over its store (InProcessTenantReasonerServices).
   */
  readonly tenantReasoning?: TenantReasonerServices;
  /** Policies behind /policies (docs/policies.md); default: a PolicyService over `store`. */
  readonly policies?: PolicyService;
  /** Orchestration behind /orchestration/services (docs/orchestration.md); absent = no orchestration routes. */
  readonly orchestration?: OrchestrationHttpDeps;
}

/**
 * NGSI-LD wiring when the caller gives none: the store is the default tenant, named tenants live in memory;
 * the hosted @contexts are kept in the store (and those it already holds are hosted again).
 */
export function defaultNgsiLdDeps(store: GraphStore): Omit<NgsiLdHttpDeps, 'guard'> {
  const contexts = new ContextResolver();
  const hosted = new HostedContexts(contexts, store);
  hosted.restore();
  return {
    services: new NgsiLdServices(new TenantRegistry({ defaultStore: store })),
    contexts,
    hosted,
    compileQuery: fullQueryCompiler,
    identity: { id: 'urn:ngsi-ld:Domain:local', startedAt: new Date() },
  };
}

/** Bodies kept as text for the services: SPARQL, RDF uploads. */
const TEXT_BODY_TYPES = ['application/sparql-query', 'application/sparql-update', ...RDF_UPLOAD_MEDIA_TYPES];

export function buildHttpApp(deps: HttpDeps): HttpApp {
  const { store, config } = deps;
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: config.bodyLimitBytes });
  registerErrorHandler(app, config.bodyLimitBytes);
  void app.register(formbody, { bodyLimit: config.bodyLimitBytes });
  app.addContentTypeParser(TEXT_BODY_TYPES, { parseAs: 'string', bodyLimit: config.bodyLimitBytes }, (_request, body, done) => done(null, body));

  const registry = createHttpMetrics(app, deps.stats ?? (() => ({ quads: store.size() })));
  const guard = new AccessGuard({ writeToken: config.writeToken });
  const ngsiLd = deps.ngsiLd ?? defaultNgsiLdDeps(store);
  // SPARQL and the Graph Store Protocol follow NGSILD-Tenant too (§4.14): their store is the request's tenant store.
  const tenantStore = new TenantScopedStore(store);
  tenantScopeHook(app, tenantStore, ngsiLd.services.tenants);
  const protocol = new SparqlProtocolService(tenantStore, { queryTimeoutMs: config.queryTimeoutMs, baseIri: config.baseIri });

  sparqlRoutes(app, protocol, guard);
  savedQueryRoutes(app, new SavedQueryService(protocol, config.savedQueriesDir));
  graphStoreRoutes(app, new GraphStoreService(tenantStore), guard);
  ngsiLdRoutes(app, { ...ngsiLd, guard }, config.bodyLimitBytes);
  const tenantReasoning = deps.tenantReasoning ?? new InProcessTenantReasonerServices({
    store, reasoner: deps.reasoner ?? new ReasonerService(store, new RuleEngine(store)), trust: deps.trust ?? new TrustService(store),
  }, ngsiLd.services.tenants);
  reasonerRoutes(app, tenantReasoning, guard);
  trustRoutes(app, tenantReasoning, guard);
  if (deps.orchestration) orchestrationRoutes(app, deps.orchestration, guard, config.bodyLimitBytes);
  policyRoutes(app, new TenantPolicies(deps.policies ?? new PolicyService(store), store, ngsiLd.services.tenants), guard);
  healthRoutes(app, deps.ready);
  metricsRoutes(app, registry);
  return app;
}
