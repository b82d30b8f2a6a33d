/**
 * /reasoner and /trust per NGSI-LD tenant on a node (GS CIM 009 v1.8 §4.14; docs/reasoner.md and docs/trust.md
 * "Tenants"). The default tenant is served by the node's reasoner and trust service. A named tenant is served from
 * its own store: its rules and explanations by a RuleEngine over that store, its score breakdowns read from it —
 * both answered whether or not the tenant's reasoner runs (what its reasoner and trust last wrote; GET
 * /reasoner/status says whether it runs). A full run (POST /reasoner/run) and a trust recompute (POST /trust/recompute)
 * are writes to the tenant: with incremental reasoning they start the tenant's reasoning if it is stopped (as a write
 * would, TenantReasoners.active: its own full run and recompute come first) and run in it, so one service writes the
 * tenant's inferred graphs and scores; without it a run takes a worker thread of its own (OneShotRunThread) and a
 * recompute runs in process, as for the default tenant.
 */
import type { GraphStore } from '../store/GraphStore.js';
import { ReasonerService, type FullRunner } from '../../reasoner/ReasonerService.js';
import { RuleEngine, type RunStats } from '../../reasoner/RuleEngine.js';
import { TrustService, type TrustRunSummary } from '../../reasoner/trust/TrustService.js';
import type { InputScope } from '../../reasoner/trust/trustInputs.js';
import {
  isDefaultTenant, PerTenantReasonerServices, type DefaultTenantReasoning, type NamedTenantServices, type ReasonerStatus, type TenantStores, type TrustScores,
} from '../../reasoner/TenantReasonerServices.js';
import type { TenantReasoners } from './TenantReasoners.js';
import type { TenantReasoning } from './TenantReasoning.js';
import type { ReasonerThreadHealth } from '../../reasoner/worker/threadHealth.js';
import { failureOf, threadStatus } from './reasoningStatus.js';

export interface NodeTenantReasonerDeps {
  readonly defaults: DefaultTenantReasoning & {
    /** The default tenant's incremental reasoner (its thread's health); undefined: incremental reasoning is off. */
    readonly incremental?: { readonly health: () => ReasonerThreadHealth };
  };
  /** Trust on change runs in the reasoner's worker thread (trustInReasonerWorker): it stops when that thread gives up. */
  readonly trustInWorker?: boolean;
  readonly tenants: TenantStores;
  /** The named tenants' reasoning (incremental reasoning on); undefined: off. */
  readonly reasoners?: TenantReasoners<TenantReasoning>;
  /** A full run off the main thread for a tenant not followed by a reasoner (OneShotRunThread over its store). */
  readonly oneShot: (store: GraphStore) => FullRunner & { stop(): Promise<void> };
}

export class NodeTenantReasonerServices extends PerTenantReasonerServices {
  private readonly runners: Array<{ stop(): Promise<void> }> = [];

  constructor(private readonly deps: NodeTenantReasonerDeps) {
    super(deps.defaults, deps.tenants);
  }

  async status(tenant: string | undefined): Promise<ReasonerStatus> {
    const { defaults, reasoners } = this.deps;
    const store = await this.deps.tenants.get(tenant);
    const trustInWorker = this.deps.trustInWorker === true;
    if (isDefaultTenant(tenant) || store === defaults.store) {
      return defaults.incremental ? { tenant: null, ...threadStatus(defaults.incremental.health(), trustInWorker) } : { tenant: null, reasoning: 'off', trust: 'onRequest' };
    }
    const state = reasoners?.state(tenant);
    if (!state) return { tenant, reasoning: 'off', trust: 'onRequest' };
    const now = state.state === 'running'
      ? (state.health ? threadStatus(state.health, trustInWorker) : { reasoning: 'running' as const, trust: 'onChange' as const })
      : { reasoning: 'stopped' as const, trust: 'onChange' as const, ...(state.lastFailure ? { failure: failureOf(state.lastFailure) } : {}) };
    return { tenant, ...now, behind: state.behind, ...(state.lastWrite !== undefined ? { lastWriteAt: new Date(state.lastWrite).toISOString() } : {}) };
  }

  /** Ends the worker threads of runs made for tenants without a reasoner. */
  async close(): Promise<void> {
    await Promise.all(this.runners.splice(0).map((r) => r.stop()));
  }

  protected make(tenant: string, store: GraphStore): NamedTenantServices {
    const { reasoners } = this.deps;
    const local = new TrustService(store);
    let oneShot: FullRunner | undefined;
    const runner: FullRunner = {
      run: async (): Promise<RunStats> => {
        const reasoning = reasoners ? await reasoners.active(tenant) : undefined;
        if (reasoning) return reasoning.run();
        if (!oneShot) {
          const made = this.deps.oneShot(store);
          this.runners.push(made);
          oneShot = made;
        }
        return oneShot.run();
      },
    };
    const trust: TrustScores = {
      breakdown: (ieId: string) => local.breakdown(ieId),
      recompute: async (scope: InputScope = {}): Promise<TrustRunSummary> => {
        const reasoning = reasoners ? await reasoners.active(tenant) : undefined;
        return reasoning ? reasoning.recomputeTrust(scope) : local.recompute(scope);
      },
    };
    return { reasoner: new ReasonerService(store, new RuleEngine(store), runner), trust };
  }
}
