/**
 * What runs for a named NGSI-LD tenant (GS CIM 009 v1.8 §4.14) while it is written to (TenantReasoners): the
 * incremental reasoner of its store (a ReasonerThread seeded from the tenant's data directory) and trust on change
 * over the same store (issue 4, docs/trust.md "Tenants") — on the main thread (TrustOnChange), or with
 * trustInReasonerWorker in the reasoner's worker thread, as for the default tenant. Started and stopped together:
 * each start makes a full reasoner run and a full trust recompute, so what was written while they were stopped is
 * covered. Its TrustService writes the tenant's scores; POST /trust/recompute and POST /reasoner/run with the
 * tenant's NGSILD-Tenant run here (fabric/node/NodeTenantReasonerServices.ts).
 */
import type { GraphStore } from '../store/GraphStore.js';
import type { ReplicaSeed } from '../store/replica/protocol.js';
import type { RunStats } from '../../reasoner/RuleEngine.js';
import { ReasonerThread } from '../../reasoner/worker/ReasonerThread.js';
import { TrustService, type TrustRunSummary } from '../../reasoner/trust/TrustService.js';
import { TrustOnChange } from '../../reasoner/trust/TrustOnChange.js';
import type { InputScope } from '../../reasoner/trust/trustInputs.js';
import type { TenantReasoner } from './TenantReasoners.js';
import type { ReasonerThreadHealth } from '../../reasoner/worker/threadHealth.js';

export interface TenantReasoningOptions {
  readonly debounceMs: number;
  /** As NodeConfig.trustRerankIntervalMs. */
  readonly trustRerankIntervalMs: number;
  /** As NodeConfig.trustInReasonerWorker: trust on change in the reasoner's worker thread instead of the main thread. */
  readonly trustInReasonerWorker: boolean;
  /** The worker's seed (the tenant's data directory after a durability barrier). */
  readonly seed: () => Promise<ReplicaSeed>;
  readonly script?: URL | string;
}

export class TenantReasoning implements TenantReasoner {
  readonly thread: ReasonerThread;
  /** The tenant's trust service while this runs: it writes the tenant's scores. */
  readonly trust: TrustService;
  private readonly onChange: TrustOnChange | undefined;

  constructor(store: GraphStore, options: TenantReasoningOptions) {
    const inWorker = options.trustInReasonerWorker;
    const trustOptions = { debounceMs: options.debounceMs, minRerankIntervalMs: options.trustRerankIntervalMs };
    this.thread = new ReasonerThread(store, {
      debounceMs: options.debounceMs, seed: options.seed, ...(options.script ? { script: options.script } : {}), ...(inWorker ? { trust: trustOptions } : {}),
    });
    this.trust = new TrustService(store, inWorker ? { recomputeIn: this.thread } : {});
    this.onChange = inWorker ? undefined : new TrustOnChange(store, this.trust, trustOptions);
  }

  /** Starts the reasoner (its full run) and trust on change (its full recompute); resolves when both are done. */
  async start(): Promise<void> {
    await Promise.all([this.thread.start(), this.onChange ? this.onChange.start() : this.thread.trustStarted()]);
  }

  /** Resolves once the reasoner has processed every commit before the call and trust has written what it had pending. */
  async idle(): Promise<void> {
    await this.thread.idle();
    if (this.onChange) await this.onChange.flush();
    else await this.thread.flushTrust();
  }

  /** The reasoner thread's: starting, running, restarting, given up (GET /reasoner/status). */
  health(): ReasonerThreadHealth {
    return this.thread.health();
  }

  async stop(): Promise<void> {
    await this.onChange?.stop();
    await this.thread.stop();
  }

  /** POST /reasoner/run: a full run in the tenant's reasoner thread. */
  run(): Promise<RunStats> {
    return this.thread.run();
  }

  /** POST /trust/recompute: in the service that keeps the tenant's scores on change. */
  recomputeTrust(scope: InputScope): Promise<TrustRunSummary> {
    return this.trust.recompute(scope);
  }
}
