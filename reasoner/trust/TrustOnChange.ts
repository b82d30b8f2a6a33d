/**
 * Trust on change (issue 4, docs/trust.md "Recomputation on change"): follows the store's change
 * feed (GraphStore.onCommit) and, debounced, recomputes the trust scores of the domains whose IEs
 * changed: an IE's TOPSIS criteria (telemetry), its aeros:domain or type, or a trust event about it
 * (security alert, self-security event, health event; its priority or time). TOPSIS ranks within a
 * domain, so the domain is the unit; an IE without a domain is recomputed alone. A change of the
 * trust configuration recomputes everything. TrustService writes only the IEs whose result
 * changed. The trust service's own writes (cf:trustScore, statuses, the trust graph) touch none of
 * these inputs, so they trigger nothing.
 * Under a write load a domain's other members are re-ranked and written at most once per
 * `minRerankIntervalMs` (docs/trust.md "Re-ranking under a write load"): the changed IEs' own scores
 * are always written after the debounce, the rewrite of the bystanders (TOPSIS re-normalises, so one
 * new member moves most members' scores) is deferred to the end of the interval and merged.
 */
import oxigraph from 'oxigraph';
import type { ChangeRecord, GraphStore } from '../../fabric/store/GraphStore.js';
import { RDF } from '../../fabric/rdf/namespaces.js';
import type { TrustService, TrustRunSummary } from './TrustService.js';
import { DEFAULT_TRUST_CONFIGURATION } from './TrustConfiguration.js';
import { IE, TRUST, TRUST_GRAPH } from './trustVocabulary.js';
import { relevantQuads } from './changeFeedLines.js';

const RDF_TYPE = `${RDF}type`;
const EVENT_CLASSES = new Set<string>([TRUST.SecurityAlert, TRUST.SelfSecurityEvent, TRUST.HealthEvent]);
const EVENT_PROPERTIES = new Set<string>([TRUST.priority, TRUST.occurredAt]);
const CONFIG_PROPERTIES = new Set<string>([TRUST.reliabilityWeight, TRUST.securityWeight, TRUST.reputationWeight, TRUST.healthPenalty,
  TRUST.reputationWindow, TRUST.maxPriority, TRUST.singleElementReliability, TRUST.untrustedThreshold, TRUST.reliabilityCriterion,
  TRUST.criterionProperty, TRUST.criterionWeight]);

/** Default TrustOnChangeOptions.minRerankIntervalMs. */
export const DEFAULT_MIN_RERANK_INTERVAL_MS = 2_000;

export interface TrustOnChangeOptions {
  /** Changes within this window after the first are processed together (default 200 ms). */
  readonly debounceMs?: number;
  /**
   * A domain's members are re-ranked and written at most once per this interval (default 2,000 ms; 0: on every
   * batch). A batch touching a domain re-ranked less than this long ago writes only its changed IEs' scores;
   * the other members follow at the end of the interval, once for all the changes meanwhile.
   */
  readonly minRerankIntervalMs?: number;
  /** Clock in ms for the interval (tests; default performance.now). */
  readonly clock?: () => number;
  readonly onRun?: (run: TrustChangeRun) => void;
  readonly onError?: (error: unknown) => void;
}

export interface TrustChangeRun {
  /** Domains recomputed; undefined for a full recompute. */
  readonly domains?: readonly string[];
  /** IEs without a domain recomputed alone. */
  readonly ies?: readonly string[];
  /** IEs whose inputs changed in the batch. */
  readonly changedIes: readonly string[];
  /** Domains in scope whose other members' re-ranking was deferred (minRerankIntervalMs): only their changed IEs were written. */
  readonly deferred?: readonly string[];
  readonly summary: TrustRunSummary;
}

export class TrustOnChange {
  private readonly debounceMs: number;
  private readonly minRerankIntervalMs: number;
  private readonly clock: () => number;
  private readonly criteria: Set<string>;
  /** Predicates of the quads looked at in change records. */
  private readonly predicates = new Set<string>([IE.domain, IE.status, RDF_TYPE, TRUST.aboutInfrastructureElement, ...EVENT_PROPERTIES, ...CONFIG_PROPERTIES]);
  private ies = new Set<string>();
  private events = new Set<string>();
  private oldDomains = new Set<string>();
  private full = false;
  private timer: NodeJS.Timeout | undefined;
  /** When each domain's members were last re-ranked and written (clock ms). */
  private readonly rerankedAt = new Map<string, number>();
  /** Domains whose re-ranking waits for the end of their interval. */
  private deferred = new Set<string>();
  private deferTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private last: Promise<TrustChangeRun | undefined> = Promise.resolve(undefined);

  constructor(private readonly store: GraphStore, private readonly trust: TrustService, private readonly options: TrustOnChangeOptions = {}) {
    this.debounceMs = options.debounceMs ?? 200;
    this.minRerankIntervalMs = options.minRerankIntervalMs ?? DEFAULT_MIN_RERANK_INTERVAL_MS;
    this.clock = options.clock ?? (() => performance.now());
    this.criteria = new Set(DEFAULT_TRUST_CONFIGURATION.criteria.map((c) => c.property));
    for (const p of this.criteria) this.predicates.add(p);
  }

  /**
   * Read the configured criteria, subscribe to the change feed and, when the trust service has no inputs in
   * memory yet (no full run so far), run a full recompute (resolves once it is written): later changes then
   * re-read only what they touch. Changes committed meanwhile are processed after it.
   */
  async start(): Promise<void> {
    if (!this.store.onCommit) throw new Error('The store has no change feed (GraphStore.onCommit): trust on change needs one.');
    for (const c of (await this.trust.configuration()).criteria) this.criteria.add(c.property);
    for (const p of this.criteria) this.predicates.add(p);
    this.unsubscribe ??= this.store.onCommit((record) => this.onRecord(record));
    if (!this.trust.hasInputsInMemory) {
      this.full = true;
      await this.flush();
    }
  }

  /** Unsubscribe and drop pending changes; resolves once a recomputation in progress has been written. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearTimeout(this.timer);
    if (this.deferTimer) clearTimeout(this.deferTimer);
    this.timer = undefined;
    this.deferTimer = undefined;
    this.ies.clear();
    this.events.clear();
    this.deferred.clear();
    await this.last.catch(() => undefined);
  }

  /**
   * Process the pending changes now, deferred re-rankings included (the interval is not waited for);
   * resolves with what was recomputed (undefined: nothing relevant changed).
   */
  flush(): Promise<TrustChangeRun | undefined> {
    return this.schedule(true);
  }

  private schedule(force: boolean): Promise<TrustChangeRun | undefined> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (force && this.deferTimer) clearTimeout(this.deferTimer);
    if (force) this.deferTimer = undefined;
    this.last = this.last.catch(() => undefined).then(() => this.process(force));
    return this.last;
  }

  private relevant(text: string): boolean {
    if (text.length === 0) return false;
    if (text.includes(IE.domain) || text.includes(IE.InfrastructureElement) || text.includes(IE.status) || text.includes(TRUST.aboutInfrastructureElement)) return true;
    for (const p of this.criteria) if (text.includes(p)) return true;
    for (const p of EVENT_PROPERTIES) if (text.includes(p)) return true;
    for (const c of EVENT_CLASSES) if (text.includes(c)) return true;
    return text.includes(TRUST.TrustConfiguration) || text.includes(TRUST.DefaultTrustConfiguration) || [...CONFIG_PROPERTIES].some((p) => text.includes(p));
  }

  private onRecord(record: ChangeRecord): void {
    let touched = false;
    for (const text of [record.deletes, record.inserts]) {
      if (!this.relevant(text)) continue; // cheap test first: most records (e.g. the trust service's own) mention no input
      for (const q of relevantQuads(text, this.predicates)) {
        if (q.graph === TRUST_GRAPH) continue;
        const p = q.predicate;
        if (CONFIG_PROPERTIES.has(p)) { this.full = true; touched = true; continue; }
        const s = q.subject;
        // The status counts too (trust never overrides a status someone else set); the trust service's own flips
        // cause one more recomputation of the IE's domain, which then writes nothing.
        if (this.criteria.has(p) || p === IE.domain || p === IE.status || (p === RDF_TYPE && q.objectIri === IE.InfrastructureElement)) {
          this.ies.add(s);
          if (p === IE.domain && q.objectIri !== undefined) this.oldDomains.add(q.objectIri); // old and new domain both re-rank
          touched = true;
        } else if (p === TRUST.aboutInfrastructureElement && q.objectIri !== undefined) {
          this.ies.add(q.objectIri);
          touched = true;
        } else if (EVENT_PROPERTIES.has(p) || (p === RDF_TYPE && q.objectIri !== undefined && EVENT_CLASSES.has(q.objectIri))) {
          this.events.add(s);
          touched = true;
        }
      }
    }
    if (touched) this.timer ??= setTimeout(() => { this.timer = undefined; this.schedule(false).catch(() => undefined); }, this.debounceMs);
  }

  /**
   * Split the batch's domains (and the deferred ones) into those re-ranked now — not re-ranked within the
   * interval, or `force` — and those deferred; schedules the end of the earliest deferral.
   */
  private plan(domains: ReadonlySet<string>, force: boolean): { rerank: string[]; later: Set<string> } {
    const now = this.clock();
    const interval = this.minRerankIntervalMs;
    const rerank: string[] = [];
    const later = new Set<string>();
    for (const d of new Set([...domains, ...this.deferred])) {
      const at = this.rerankedAt.get(d);
      if (force || interval <= 0 || at === undefined || now - at >= interval) rerank.push(d);
      else later.add(d);
    }
    for (const d of rerank) this.rerankedAt.set(d, now); // and again when the run ends (process)
    this.deferred = later;
    if (this.deferTimer) clearTimeout(this.deferTimer);
    this.deferTimer = undefined;
    if (later.size > 0) {
      const due = Math.min(...[...later].map((d) => this.rerankedAt.get(d)! + interval));
      this.deferTimer = setTimeout(() => { this.deferTimer = undefined; this.schedule(false).catch(() => undefined); }, Math.max(0, due - now));
    }
    return { rerank, later };
  }

  private async process(force: boolean): Promise<TrustChangeRun | undefined> {
    const ies = this.ies;
    const events = this.events;
    const domains = this.oldDomains;
    const full = this.full;
    this.ies = new Set();
    this.events = new Set();
    this.oldDomains = new Set();
    this.full = false;
    if (!full && ies.size === 0 && events.size === 0 && domains.size === 0 && this.deferred.size === 0) return undefined;
    const about = oxigraph.namedNode(TRUST.aboutInfrastructureElement);
    for (const e of events) for (const q of this.store.match(oxigraph.namedNode(e), about, null, null)) ies.add(q.object.value);
    const alone: string[] = [];
    for (const ie of ies) {
      const current = this.store.match(oxigraph.namedNode(ie), oxigraph.namedNode(IE.domain), null, null).map((q) => q.object.value);
      for (const d of current) domains.add(d);
      if (current.length === 0) alone.push(ie);
    }
    try {
      if (full) {
        this.deferred.clear(); // a full run re-ranks every domain
        if (this.deferTimer) clearTimeout(this.deferTimer);
        this.deferTimer = undefined;
        const summary = await this.trust.recompute();
        // A full run ranked and wrote every domain: it starts each domain's interval, so the first creates after a
        // node's start write their own scores only instead of rewriting every domain the full run has just written.
        const ended = this.clock();
        this.rerankedAt.clear();
        for (const r of summary.results) if (r.domain !== undefined) this.rerankedAt.set(r.domain, ended);
        const run: TrustChangeRun = { changedIes: [...ies].sort(), summary };
        this.options.onRun?.(run);
        return run;
      }
      const { rerank, later } = this.plan(domains, force);
      const deferred = [...domains].filter((d) => later.has(d)).sort(); // changed IEs written now, the rest later
      const inScope = [...new Set([...rerank, ...deferred])].sort();
      if (inScope.length === 0 && alone.length === 0) return undefined;
      const scope = { domains: inScope, ...(alone.length > 0 ? { ies: alone.sort() } : {}) };
      const summary = await this.trust.recomputeChanged(scope, [...ies].sort(), deferred);
      // The interval counts from the end of a re-ranking: one that takes longer than the interval (a loaded node) is
      // still followed by a pause of the interval.
      const ended = this.clock();
      for (const d of rerank) this.rerankedAt.set(d, ended);
      const run: TrustChangeRun = { ...scope, changedIes: [...ies].sort(), ...(deferred.length > 0 ? { deferred } : {}), summary };
      this.options.onRun?.(run);
      return run;
    } catch (error) {
      (this.options.onError ?? ((e) => console.error('Trust recomputation on change failed:', e)))(error);
      throw error;
    }
  }
}
