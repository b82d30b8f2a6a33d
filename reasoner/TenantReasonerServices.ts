/**
 * The reasoner (/reasoner) and trust scores (/trust) of each NGSI-LD tenant (GS CIM 009 v1.8 §4.14, NGSILD-Tenant
 * §6.3.14; docs/reasoner.md and docs/trust.md "Tenants"). Each tenant is its own dataset with its own store, rules
 * graph, inferred graphs and scores, so a request naming a tenant is answered from that tenant's store only: an
 * invalid name is 400 BadRequestData, an unknown tenant 404 NonexistentTenant (the registry's errors), never the
 * default tenant's data. The HTTP routes ask this; the node (fabric/node/NodeTenantReasonerServices.ts) runs a named
 * tenant's runs and recomputes in that tenant's reasoner. InProcessTenantReasonerServices, the HTTP app's default
 * (tests, embedding), runs them in process over the tenant's store.
 */
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { ReasonerService } from './ReasonerService.js';
import { RuleEngine } from './RuleEngine.js';
import { TrustService } from './trust/TrustService.js';

/** What /trust needs of a tenant's trust service. */
export type TrustScores = Pick<TrustService, 'breakdown' | 'recompute'>;

/** GET /reasoner/status. */
export interface ReasonerStatus {
  /** The NGSILD-Tenant served; null: the default tenant. */
  readonly tenant: string | null;
  /**
   * running: an incremental reasoner follows the tenant's writes; starting: its worker is seeded or makes its first
   * (full) run; restarting: its worker died or failed to start and a new one is due, with a full run (`failure`);
   * failed: it gave up — three failed starts with a WebAssembly trap (docs/reasoner.md "Limits") — and derived facts are
   * not maintained until the node restarts (a named tenant's: until its reasoner is stopped idle and written again;
   * `failure` says why and since when); stopped: a named tenant's reasoner is stopped (no write for the idle period,
   * or stopped at the cap) — the next write or POST /reasoner/run starts it, with a full run; off: no incremental
   * reasoning, the inferred graphs change only by POST /reasoner/run.
   */
  readonly reasoning: 'starting' | 'running' | 'restarting' | 'failed' | 'stopped' | 'off';
  /**
   * Trust scores kept on change (with the incremental reasoner, stopped or not), or only by POST /trust/recompute;
   * failed: trust on change ran in the reasoner's worker thread, which gave up (POST /trust/recompute fails too).
   */
  readonly trust: 'onChange' | 'onRequest' | 'failed';
  /** Stopped with writes its reasoner had not processed (at the cap, or after it gave up): its next start's full run derives them. */
  readonly behind?: boolean;
  /** The last write to a named tenant's store its reasoner saw (ISO 8601), since the node opened it. */
  readonly lastWriteAt?: string;
  /**
   * restarting, failed, or stopped after it gave up: the reason (the last failure's message), since when (ISO 8601) and
   * the failed starts in a row.
   */
  readonly failure?: { readonly reason: string; readonly since: string; readonly failedStarts?: number };
  /** starting or running: the last failed batch or worker death, and when — reasoning went on after it. */
  readonly lastError?: { readonly message: string; readonly at: string };
}

export interface TenantReasonerServices {
  /** The tenant's rules, runs and explanations; undefined / '' = the default tenant. */
  reasoner(tenant: string | undefined): Promise<ReasonerService>;
  /** The tenant's trust scores. */
  trust(tenant: string | undefined): Promise<TrustScores>;
  status(tenant: string | undefined): Promise<ReasonerStatus>;
}

/** What is needed of the tenant registry (fabric/ngsi-ld/service/TenantRegistry.ts): an existing tenant's store. */
export interface TenantStores {
  get(tenant: string | undefined): Promise<GraphStore>;
}

/** The default tenant's services, as the node or the HTTP app built them. */
export interface DefaultTenantReasoning {
  readonly store: GraphStore;
  readonly reasoner: ReasonerService;
  readonly trust: TrustScores;
}

export const isDefaultTenant = (tenant: string | undefined): tenant is undefined | '' => tenant === undefined || tenant === '';

/** A named tenant's reasoner and trust scores. */
export interface NamedTenantServices {
  readonly reasoner: ReasonerService;
  readonly trust: TrustScores;
}

/**
 * The default tenant's services as given; a named tenant's made once per tenant store by `make` (they hold no state the
 * store does not; runs are serialized per service). `status` is the implementation's.
 */
export abstract class PerTenantReasonerServices implements TenantReasonerServices {
  private readonly byStore = new WeakMap<GraphStore, NamedTenantServices>();

  constructor(protected readonly defaults: DefaultTenantReasoning, protected readonly tenants: TenantStores) {}

  async reasoner(tenant: string | undefined): Promise<ReasonerService> {
    return (await this.named(tenant))?.reasoner ?? this.defaults.reasoner;
  }

  async trust(tenant: string | undefined): Promise<TrustScores> {
    return (await this.named(tenant))?.trust ?? this.defaults.trust;
  }

  abstract status(tenant: string | undefined): Promise<ReasonerStatus>;

  protected abstract make(tenant: string, store: GraphStore): NamedTenantServices;

  /** A named tenant's services; undefined for the default tenant. */
  private async named(tenant: string | undefined): Promise<NamedTenantServices | undefined> {
    if (isDefaultTenant(tenant)) return undefined;
    const store = await this.tenants.get(tenant);
    if (store === this.defaults.store) return undefined;
    let services = this.byStore.get(store);
    if (!services) {
      services = this.make(tenant, store);
      this.byStore.set(store, services);
    }
    return services;
  }
}

/** Each named tenant's rules, runs, explanations and scores in process, over its store (no worker thread, nothing on change). */
export class InProcessTenantReasonerServices extends PerTenantReasonerServices {
  async status(tenant: string | undefined): Promise<ReasonerStatus> {
    await this.tenants.get(tenant);
    return { tenant: isDefaultTenant(tenant) ? null : tenant, reasoning: 'off', trust: 'onRequest' };
  }

  protected make(_tenant: string, store: GraphStore): NamedTenantServices {
    return { reasoner: new ReasonerService(store, new RuleEngine(store)), trust: new TrustService(store) };
  }
}
