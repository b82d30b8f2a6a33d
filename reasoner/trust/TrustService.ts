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
import { readEventInputs, readIeInputs, type EventInput, type IeInput, type InputScope } from './trustInputs.js';
import { trustChange, type IeState } from './trustWrites.js';
import { readTrustBreakdown, type TrustBreakdownView } from './trustBreakdown.js';
import { IE, TRUST } from './trustVocabulary.js';

export interface TrustServiceOptions {
  /** IRI of the cf:TrustConfiguration to use (default cf:DefaultTrustConfiguration). */
  readonly configuration?: string;
  /** Clock (tests; the reputation window ends now). */
  readonly now?: () => Date;
}

export interface TrustRunSummary {
  readonly ies: number;
  /** IEs whose score, breakdown or status was written (a scoped run skips IEs whose result did not change). */
  readonly written: number;
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
  recompute(scope: InputScope = {}): Promise<TrustRunSummary> {
    const run = this.queue.then(() => this.run(scope));
    this.queue = run.catch(() => undefined);
    return run;
  }

  breakdown(ieId: string): Promise<TrustBreakdownView | undefined> {
    return readTrustBreakdown(this.store, ieId);
  }

  /**
   * Recompute after a data change (TrustOnChange): the domains in `scope`, where only the inputs of
   * `changedIes` are read again; the other IEs' inputs come from the cache the last full run filled
   * (kept up to date by these runs). The changed IEs' scores are written first, in their own commit,
   * then the rest of their domains (re-ranked by TOPSIS) in a second one. Without a cache (no full
   * run yet) this is recompute(scope).
   */
  recomputeChanged(scope: InputScope, changedIes: readonly string[]): Promise<TrustRunSummary> {
    const run = this.queue.then(() => (this.cache ? this.runChanged(scope, changedIes) : this.run(scope)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The result last written per IE: a scoped run writes only the IEs whose result differs (their breakdown keeps its computedAt). */
  private readonly written = new Map<string, string>();
  /** Inputs per IE and events per IE as of the last full run, updated by runChanged. */
  private cache: { readonly ies: Map<string, IeInput>; readonly events: Map<string, EventInput[]> } | undefined;

  private resultKey(r: TrustResult, config: TrustConfiguration): string {
    return JSON.stringify([r.score, r.reliability, r.security, r.reputation, r.healthEvents, r.domain, r.domainSize,
      r.telemetry, r.securityAlerts, r.selfSecurityEvents, r.healthEventIds, config]);
  }

  /** Write the results that differ from what was last written, in one commit; keeps the cached statuses in step. */
  private async write(results: readonly TrustResult[], states: ReadonlyMap<string, IeState>, config: TrustConfiguration, computedAt: string, replaceAll: boolean): Promise<{ written: number; untrusted: string[]; recovered: string[] }> {
    const changed = replaceAll ? results : results.filter((r) => this.written.get(r.ie) !== this.resultKey(r, config));
    const change = trustChange(this.store, changed, states, config, computedAt, replaceAll);
    await this.store.commit({ deletes: change.deletes, inserts: change.inserts });
    for (const r of changed) this.written.set(r.ie, this.resultKey(r, config));
    for (const [list, status, marked] of [[change.untrusted, IE.Untrusted, true], [change.recovered, IE.Ready, false]] as const) {
      for (const ie of list) {
        const cached = this.cache?.ies.get(ie);
        if (cached) this.cache!.ies.set(ie, { ...cached, statuses: [status], untrustedByTrust: marked });
      }
    }
    return { written: changed.length, untrusted: change.untrusted, recovered: change.recovered };
  }

  private async run(scope: InputScope): Promise<TrustRunSummary> {
    const started = performance.now();
    const now = this.now();
    const computedAt = now.toISOString();
    const config = await this.configuration();
    const ies = await readIeInputs(this.store, config, scope);
    const events = await readEventInputs(this.store, config, now);
    const replaceAll = scope.domains === undefined && scope.ies === undefined;
    if (replaceAll) this.cache = { ies: new Map(ies.map((i) => [i.ie, i])), events: groupByIe(events) };
    const read = performance.now();
    const results = computeTrust(ies, events, config);
    const computed = performance.now();
    const states = new Map<string, IeState>(ies.map((i) => [i.ie, { statuses: i.statuses, untrustedByTrust: i.untrustedByTrust }]));
    const { written, untrusted, recovered } = await this.write(results, states, config, computedAt, replaceAll);
    return {
      phases: { readMs: read - started, computeMs: computed - read, writeMs: performance.now() - computed },
      ies: results.length, written, untrusted, recovered, computedAt, millis: performance.now() - started, results,
    };
  }

  private async runChanged(scope: InputScope, changedIes: readonly string[]): Promise<TrustRunSummary> {
    const started = performance.now();
    const now = this.now();
    const computedAt = now.toISOString();
    const config = await this.configuration();
    const cache = this.cache!;
    const fresh = changedIes.length > 0 ? await readIeInputs(this.store, config, { ies: changedIes }) : [];
    const freshEvents = changedIes.length > 0 ? groupByIe(await readEventInputs(this.store, config, now, changedIes)) : new Map<string, EventInput[]>();
    for (const ie of changedIes) {
      cache.ies.delete(ie);
      cache.events.delete(ie);
    }
    for (const i of fresh) cache.ies.set(i.ie, i);
    for (const [ie, list] of freshEvents) cache.events.set(ie, list);
    const domains = new Set(scope.domains ?? []);
    const alone = new Set(scope.ies ?? []);
    const members = [...cache.ies.values()].filter((i) => (i.domain !== undefined && domains.has(i.domain)) || alone.has(i.ie));
    const events = members.flatMap((m) => cache.events.get(m.ie) ?? []);
    const read = performance.now();
    const results = computeTrust(members, events, config);
    const computed = performance.now();
    const states = new Map<string, IeState>(members.map((i) => [i.ie, { statuses: i.statuses, untrustedByTrust: i.untrustedByTrust }]));
    const changed = new Set(changedIes);
    // The IEs whose inputs changed first (their new scores visible at once), then the rest of their domains.
    const first = await this.write(results.filter((r) => changed.has(r.ie)), states, config, computedAt, false);
    const rest = await this.write(results.filter((r) => !changed.has(r.ie)), states, config, computedAt, false);
    return {
      phases: { readMs: read - started, computeMs: computed - read, writeMs: performance.now() - computed },
      ies: results.length, written: first.written + rest.written, untrusted: [...first.untrusted, ...rest.untrusted],
      recovered: [...first.recovered, ...rest.recovered], computedAt, millis: performance.now() - started, results,
    };
  }
}

function groupByIe(events: readonly EventInput[]): Map<string, EventInput[]> {
  const out = new Map<string, EventInput[]>();
  for (const e of events) {
    const list = out.get(e.ie) ?? [];
    list.push(e);
    out.set(e.ie, list);
  }
  return out;
}
