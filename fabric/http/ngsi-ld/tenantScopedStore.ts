/**
 * SPARQL on a tenant (issue 3: "SPARQL reaches a tenant through the same header"; GS CIM
 * 009 v1.8 §4.14, §6.3.14). /sparql and /rdf-graphs keep one SparqlProtocolService and one
 * GraphStoreService; their store is this delegate, which forwards every call to the store
 * of the request's tenant. A preHandler hook (after body parsing) looks the tenant up
 * (unknown → 404 NonexistentTenant, never created by SPARQL) and runs the route handler
 * inside an AsyncLocalStorage scope holding that store; without the header the default
 * store answers. So no SPARQL request on one tenant ever reads or writes another's data.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type * as RDF from '@rdfjs/types';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type {
  ChangeSet, CommitReceipt, GraphStore, LoadOptions, QueryOptions, QueryResult, SerializedResult, Transaction,
} from '../../store/GraphStore.js';
import type { TenantRegistry } from '../../ngsi-ld/service/TenantRegistry.js';
import { tenantOf } from './tenant.js';

export class TenantScopedStore implements GraphStore {
  private readonly scope = new AsyncLocalStorage<GraphStore>();

  constructor(private readonly defaultStore: GraphStore) {}

  /** Runs `fn` with `store` as the current tenant's store. */
  run<T>(store: GraphStore, fn: () => T): T {
    return this.scope.run(store, fn);
  }

  private get current(): GraphStore {
    return this.scope.getStore() ?? this.defaultStore;
  }

  size(): number { return this.current.size(); }
  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.Quad[] { return this.current.match(s, p, o, g); }
  has(quad: RDF.Quad): boolean { return this.current.has(quad); }
  graphs(): string[] { return this.current.graphs(); }
  transaction(): Transaction { return this.current.transaction(); }
  commit(change: ChangeSet): Promise<CommitReceipt> { return this.current.commit(change); }
  load(data: string, options: LoadOptions): Promise<number> { return this.current.load(data, options); }
  query(sparql: string, options?: QueryOptions): Promise<QueryResult> { return this.current.query(sparql, options); }
  queryTo(sparql: string, mediaType: string, options?: QueryOptions): Promise<SerializedResult> { return this.current.queryTo(sparql, mediaType, options); }
  update(sparql: string, options?: { baseIri?: string }): Promise<CommitReceipt> { return this.current.update(sparql, options); }
  dump(mediaType: string, graph?: string | 'default'): string { return this.current.dump(mediaType, graph); }
  /** The node closes its stores itself; closing this view closes nothing. */
  async close(): Promise<void> {}
}

/** Routes whose store follows NGSILD-Tenant. */
const TENANT_ROUTES = /^\/(?:sparql|rdf-graphs)(?:[/?]|$)/;

/** preHandler hook: the request's tenant store for /sparql and /rdf-graphs. */
export function tenantScopeHook(app: FastifyInstance, scoped: TenantScopedStore, tenants: TenantRegistry): void {
  app.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (!TENANT_ROUTES.test(request.url)) {
      done();
      return;
    }
    let tenant: string | undefined;
    try {
      tenant = tenantOf(request.headers);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (tenant === undefined) {
      done();
      return;
    }
    void reply.header('NGSILD-Tenant', tenant);
    tenants.get(tenant).then((store) => scoped.run(store, () => done()), (error: Error) => done(error));
  });
}
