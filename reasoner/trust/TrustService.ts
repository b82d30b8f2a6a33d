/**
 * Trust scores of the continuum's IEs (issue 4, docs/trust.md): reproduces the aerOS Trust
 * Manager, TS = 0.3·reliability + 0.5·security + 0.2·reputation − 0.01·health events (floored
 * at 0; weights from the cf:TrustConfiguration in the store), computed set-based for all IEs:
 * two SPARQL queries read the inputs, TOPSIS runs per domain in TypeScript, and ONE ChangeSet
 * writes cf:trustScore into every IE's entity graph, flips statuses Untrusted / Ready and
 * rebuilds the breakdowns in the trust graph. Runs are serialized.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { readTrustConfiguration, type TrustConfiguration } from './TrustConfiguration.js';
import { computeTrust, type TrustResult } from './trustComputation.js';
import { readEventInputs, readIeInputs } from './trustInputs.js';
import { trustChange, type IeState } from './trustWrites.js';
import { readTrustBreakdown, type TrustBreakdownView } from './trustBreakdown.js';
import { TRUST } from './trustVocabulary.js';

export interface TrustServiceOptions {
  /** IRI of the cf:TrustConfiguration to use (default cf:DefaultTrustConfiguration). */
  readonly configuration?: string;
  /** Clock (tests; the reputation window ends now). */
  readonly now?: () => Date;
}

export interface TrustRunSummary {
  readonly ies: number;
  readonly untrusted: readonly string[];
  readonly recovered: readonly string[];
  readonly computedAt: string;
  readonly millis: number;
  /** Where the time went: reading configuration and inputs (SPARQL), TOPSIS and formula, building and committing the change. */
  readonly phases: { readonly readMs: number; readonly computeMs: number; readonly writeMs: number };
  readonly results: readonly TrustResult[];
}

export class TrustService {
  private readonly store: GraphStore;
  private readonly configurationIri: string;
  private readonly now: () => Date;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(store: GraphStore, options: TrustServiceOptions = {}) {
    this.store = store;
    this.configurationIri = options.configuration ?? TRUST.DefaultTrustConfiguration;
    this.now = options.now ?? (() => new Date());
  }

  configuration(): Promise<TrustConfiguration> {
    return readTrustConfiguration(this.store, this.configurationIri);
  }

  /**
   * Recomputes the scores of every IE, or of the IEs of the given domains (TOPSIS ranks within
   * a domain, so a domain is the smallest unit a score can be recomputed in).
   */
  recompute(scope: { readonly domains?: readonly string[] } = {}): Promise<TrustRunSummary> {
    const run = this.queue.then(() => this.run(scope));
    this.queue = run.catch(() => undefined);
    return run;
  }

  breakdown(ieId: string): Promise<TrustBreakdownView | undefined> {
    return readTrustBreakdown(this.store, ieId);
  }

  private async run(scope: { readonly domains?: readonly string[] }): Promise<TrustRunSummary> {
    const started = performance.now();
    const now = this.now();
    const computedAt = now.toISOString();
    const config = await this.configuration();
    const ies = await readIeInputs(this.store, config, scope);
    const events = await readEventInputs(this.store, config, now);
    const read = performance.now();
    const results = computeTrust(ies, events, config);
    const computed = performance.now();
    const states = new Map<string, IeState>(ies.map((i) => [i.ie, { statuses: i.statuses, untrustedByTrust: i.untrustedByTrust }]));
    const change = trustChange(this.store, results, states, config, computedAt, scope.domains === undefined);
    await this.store.commit({ deletes: change.deletes, inserts: change.inserts });
    const written = performance.now();
    return {
      phases: { readMs: read - started, computeMs: computed - read, writeMs: written - computed },
      ies: results.length,
      untrusted: change.untrusted,
      recovered: change.recovered,
      computedAt,
      millis: performance.now() - started,
      results,
    };
  }
}
