/**
 * Incremental re-evaluation (issue 4, docs/reasoner.md "Incremental re-evaluation"): follows the store's change feed
 * (GraphStore.onCommit), batches changes for `debounceMs`, and maintains the inferred graphs in proportion to the
 * change (deltaMaintenance.ts): semi-naive delta evaluation of each rule with a premise pattern bound to the changed
 * triples (deltaPlan.ts) for insertions, DRed (over-delete, then re-derive what still has support) for deletions, to
 * a fixpoint, within the derivation budget. It keeps the scratch store of the last run (the data merged into one
 * graph + the rule graphs) as a mirror and updates it from the feed, so a batch costs no copy of the store; only the
 * changed derived triples and the provenance entries of the rules that ran are written, in ONE commit. Inserts and
 * deletes no rule can use (changeRelevance.ts) are applied to the mirror as text when they arrive (inertChanges.ts),
 * without going through the delta evaluation; whether a deleted triple is still held in another data graph is
 * answered from counts kept in JS (dataTripleCounts.ts) where they can rule it out, else by the store. Its own writes
 * (inferred graphs) are ignored. A batch it cannot follow triggers a full run: rules changed, inferred graphs written
 * by someone else, more than `maxBatchQuads` changed, or a change reaching a property path / negation / sub-query of
 * a rule (e.g. an rdfs:subClassOf edit).
 */
import { randomUUID } from 'node:crypto';
import oxigraph from 'oxigraph';
import type { ChangeRecord, GraphStore } from '../fabric/store/GraphStore.js';
import { countStatements } from '../fabric/store/rdfText.js';
import { nonEmptyLines } from './trust/changeFeedLines.js';
import { GRAPHS } from '../fabric/rdf/namespaces.js';
import type { RuleEngine } from './RuleEngine.js';
import type { Rule } from './Rule.js';
import { executionOrder, type RuleRunStats } from './fixpoint.js';
import { deltaPlan, type DeltaPlan } from './deltaPlan.js';
import { FullRunNeeded, maintainDelta } from './deltaMaintenance.js';
import { replaceProvenance } from './provenance.js';
import { commitInferredChange } from './writeDelta.js';
import { ChangeRelevance } from './changeRelevance.js';
import { applyInert } from './inertChanges.js';
import { DataTripleCounts } from './dataTripleCounts.js';
import { isInferred, netDataChange, type PendingQuad } from './netDataChange.js';
import type { IncrementalCounters, IncrementalRunSummary } from './incrementalRunSummary.js';
import { headSignature, type PremiseSignature } from './premiseSignature.js';
import { ReifierMetadataChoice } from './reifierMetadata.js';
import { releaseScratch } from './scratchCopy.js';

export type { IncrementalCounters, IncrementalRunSummary } from './incrementalRunSummary.js';

const NQUADS = 'application/n-quads';

export interface IncrementalReasonerOptions {
  /** Changes arriving within this window after the first one are processed together (default 200 ms). */
  readonly debounceMs?: number;
  /** A batch with more changed quads triggers a full run instead (default 50 000). */
  readonly maxBatchQuads?: number;
  /** Called after every processed batch (logging, tests). */
  readonly onRun?: (summary: IncrementalRunSummary) => void;
  /** The store lacks the NGSI-LD reifier metadata (the worker's replica): a full run finding it read throws ReifierMetadataNeeded. */
  readonly storeLacksReifierMetadata?: boolean;
  /** Called when a batch fails (default: console.error); the next batch starts with a full run. */
  readonly onError?: (error: unknown) => void;
}

export class IncrementalReasoner {
  private readonly debounceMs: number;
  private readonly maxBatchQuads: number;
  private mirror: oxigraph.Store | undefined;
  private rules: Rule[] = [];
  private plans: DeltaPlan[] = [];
  /** Head signatures of the rules, in plan order (premiseSignature.ts). */
  private heads: PremiseSignature[] = [];
  /** Triples in each rule graph of the mirror (provenance counts, derivation budget). */
  private graphSizes = new Map<string, number>();
  private pending: PendingQuad[] = [];
  /** Records that arrived while no mirror was ready (a full run in progress), as text. */
  private early: ChangeRecord[] = [];
  private earlyCount = 0;
  /** Quads per data triple outside the inferred graphs, from above (held-elsewhere checks without a store read). */
  private counts: DataTripleCounts | undefined;
  private pendingCount = 0;
  /** Changed quads of the pending batch that were inert (already in the mirror). */
  private inertCount = 0;
  private relevance: ChangeRelevance | undefined;
  /** NGSI-LD reifier metadata the mirror leaves out while no rule can read it (reifierMetadata.ts). */
  private readonly metadata: ReifierMetadataChoice;
  private needsFull = false;
  private rulesTouched = false;
  private writing = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private counters = { batches: 0, fullRuns: 0, incrementalRuns: 0, ruleExecutions: 0, ignoredOwnRecords: 0, inertQuads: 0 };
  private last: Promise<IncrementalRunSummary | undefined> = Promise.resolve(undefined);

  constructor(private readonly store: GraphStore, private readonly engine: RuleEngine, private readonly options: IncrementalReasonerOptions = {}) {
    this.debounceMs = options.debounceMs ?? 200;
    this.maxBatchQuads = options.maxBatchQuads ?? 50_000;
    this.metadata = new ReifierMetadataChoice(options.storeLacksReifierMetadata);
  }

  /** Subscribe to the store's change feed and bring the inferred graphs up to date (one full run). */
  async start(): Promise<IncrementalRunSummary> {
    if (!this.store.onCommit) throw new Error('The store has no change feed (GraphStore.onCommit): incremental reasoning needs one.');
    this.unsubscribe ??= this.store.onCommit((record) => this.onRecord(record));
    this.needsFull = true;
    return (await this.flush())!;
  }

  /** Unsubscribe and drop pending changes; resolves once a batch in progress has been written. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.pendingCount = 0;
    this.inertCount = 0;
    this.early = [];
    this.earlyCount = 0;
    await this.last.catch(() => undefined);
    this.dropMirror();
  }

  stats(): IncrementalCounters {
    return { ...this.counters };
  }

  /** Process the pending changes now (without waiting for the debounce); resolves with the batch's summary. */
  flush(): Promise<IncrementalRunSummary | undefined> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.last = this.engine.exclusive(() => this.process());
    return this.last;
  }

  /** Resolves once the batches scheduled so far are processed. */
  async idle(): Promise<void> {
    while (this.timer || this.pendingCount > 0 || this.inertCount > 0 || this.early.length > 0) await this.flush().catch(() => undefined);
    await this.last.catch(() => undefined);
  }

  private onRecord(record: ChangeRecord): void {
    if (this.writing) { this.counters.ignoredOwnRecords++; return; }
    this.counts?.apply(record.deletes, record.inserts);
    if (!this.needsFull && !(this.mirror && this.relevance)) {
      // A full run is in progress: kept as text and followed after it (followEarly), when the inert statements can take
      // the text path (e.g. the trust scores a node's start writes during the first run: 21k quads at 1k IEs).
      this.early.push(record);
      this.earlyCount += countStatements(record.deletes) + countStatements(record.inserts);
      if (this.earlyCount > this.maxBatchQuads) { this.needsFull = true; this.early = []; this.earlyCount = 0; }
      this.timer ??= setTimeout(() => { this.timer = undefined; this.flush().catch(() => undefined); }, this.debounceMs);
      return;
    }
    this.follow(record.deletes, record.inserts);
  }

  /** Records that arrived during the full run that just ended: idempotent if its copy already held them. */
  private followEarly(): void {
    const early = this.early;
    this.early = [];
    this.earlyCount = 0;
    for (const record of early) this.follow(record.deletes, record.inserts);
  }

  private follow(deletes: string, inserts: string): void {
    ({ deletes, inserts } = this.metadata.strip({ deletes, inserts }, (n) => this.noteInert(n)));
    if (this.mirror && this.relevance && !this.needsFull) {
      // Inert statements follow the mirror as text, without an oxigraph term each (changeRelevance.ts, inertChanges.ts).
      const rest = applyInert(this.mirror, this.store, this.relevance, { deletes, inserts }, this.counts);
      if (rest.inert > 0) {
        this.noteInert(rest.inert);
        inserts = rest.inserts;
        deletes = rest.deletes;
      }
    }
    const count = countStatements(deletes) + countStatements(inserts);
    if (count === 0) {
      if (this.inertCount > 0) this.timer ??= setTimeout(() => { this.timer = undefined; this.flush().catch(() => undefined); }, this.debounceMs);
      return;
    }
    if (this.pendingCount + count > this.maxBatchQuads) {
      this.needsFull = true;
      this.pending = [];
    } else if (!this.needsFull) {
      for (const [text, inserted] of [[deletes, false], [inserts, true]] as const) {
        if (!text) continue;
        const quads = oxigraph.parse(text, { format: NQUADS });
        const lines = [...nonEmptyLines(text)];
        const paired = lines.length === quads.length; // each quad with its line (the held check can then ask the counts)
        for (const [i, q] of quads.entries()) {
          if (isInferred(q.graph)) { this.needsFull = true; break; } // written by someone else (a full RuleEngine.run, SPARQL)
          if (q.graph.termType === 'NamedNode' && (q.graph.value === GRAPHS.rules || q.graph.value === GRAPHS.shapes)) this.rulesTouched = true;
          this.pending.push(paired ? { quad: q, line: lines[i], inserted } : { quad: q, inserted });
        }
      }
    }
    this.pendingCount += count;
    this.timer ??= setTimeout(() => { this.timer = undefined; this.flush().catch(() => undefined); }, this.debounceMs);
  }

  private noteInert(count: number): void {
    this.inertCount += count;
    this.counters.inertQuads += count;
  }

  private async process(): Promise<IncrementalRunSummary | undefined> {
    const started = performance.now();
    const changes = this.pendingCount + this.inertCount;
    const batch = this.pending;
    const full = this.needsFull || !this.mirror;
    const rulesTouched = this.rulesTouched;
    this.pending = [];
    this.pendingCount = 0;
    this.inertCount = 0;
    this.needsFull = false;
    this.rulesTouched = false;
    if (!full && changes === 0) return undefined;
    this.counters.batches++;
    if (!full && batch.length === 0) return this.report({ kind: 'none', changes, rulesRun: [], executions: 0, rounds: 0, added: 0, removed: 0, millis: performance.now() - started });
    try {
      if (!full && rulesTouched && this.rulesChanged()) return this.report(await this.fullRun(changes, started));
      return this.report(full ? await this.fullRun(changes, started) : await this.incrementalRun(batch, changes, started));
    } catch (error) {
      this.dropMirror(); // the mirror may be half-updated: start over with a full run
      (this.options.onError ?? ((e) => console.error('Incremental reasoning failed:', e)))(error);
      throw error;
    }
  }

  private report(summary: IncrementalRunSummary): IncrementalRunSummary {
    this.counters.ruleExecutions += summary.executions;
    if (summary.kind === 'full') this.counters.fullRuns++;
    if (summary.kind === 'incremental') this.counters.incrementalRuns++;
    this.options.onRun?.(summary);
    return summary;
  }

  private rulesChanged(): boolean {
    const key = (rules: readonly Rule[]): string => rules.map((r) => `${r.graph} ${r.query}`).join('\n');
    return key(this.engine.rules()) !== key(this.rules);
  }

  /** Wrap a store write so the records it produces (delivered synchronously) are recognised as ours. */
  private async own<T>(commit: () => Promise<T>): Promise<T> {
    this.writing = true;
    let pending: Promise<T>;
    try {
      pending = commit();
    } finally {
      this.writing = false;
    }
    return pending;
  }

  /** Forget the mirror and give its WebAssembly memory back now (scratchCopy.ts releaseScratch). */
  private dropMirror(): void {
    const mirror = this.mirror;
    this.mirror = undefined;
    this.relevance = undefined;
    releaseScratch(mirror);
  }

  private async fullRun(changes: number, started: number, fullReason?: string): Promise<IncrementalRunSummary> {
    this.dropMirror();
    // The counts start from the data the run copies and follow every record after the copy (onRecord).
    const { stats, scratch, rules, ...copy } = await this.engine.runNow((commit) => this.own(commit), (triples) => { this.counts = new DataTripleCounts(triples); }, this.metadata.choose);
    this.metadata.settle(copy);
    this.rules = rules;
    this.plans = rules.map(deltaPlan);
    // Every rule graph starts empty in the scratch copy, so what the fixpoint counted per rule is its graph's size
    // (a COUNT per graph would decode all 1.9M derived quads at 100k IEs: seconds).
    const derivedBy = new Map(stats.perRule.map((r) => [r.id, r.derived]));
    this.graphSizes = new Map();
    for (const r of rules) this.graphSizes.set(r.graph, (this.graphSizes.get(r.graph) ?? 0) + (derivedBy.get(r.id) ?? 0));
    this.mirror = scratch;
    this.heads = rules.map((r) => headSignature(r.query, r.id));
    this.relevance = ChangeRelevance.overMirror(this.plans, this.heads, scratch);
    this.followEarly();
    return {
      kind: 'full', ...(fullReason ? { fullReason } : {}), reifierMetadata: this.metadata.leftOut ? 'left out' : 'kept', changes, rulesRun: rules.map((r) => r.id), executions: stats.rulesRun,
      rounds: stats.iterations, added: stats.added, removed: stats.removed, millis: performance.now() - started, full: stats,
    };
  }

  private async incrementalRun(batch: readonly PendingQuad[], changes: number, started: number): Promise<IncrementalRunSummary> {
    const mirror = this.mirror!;
    const { budget, now } = this.engine.settings;
    const startedAt = now();
    const { inserts, deletes, insertGraphs } = netDataChange(this.store, mirror, batch, this.counts);
    const derivedBefore = [...this.graphSizes.values()].reduce((a, b) => a + b, 0);
    let result;
    try {
      result = maintainDelta({ mirror, plans: this.plans, heads: this.heads, inserts, deletes, insertGraphs, budget, derivedBefore });
      this.relevance?.reset(); // the mirror changed: guards may have
    } catch (error) {
      if (!(error instanceof FullRunNeeded)) throw error;
      return this.fullRun(changes, started, error.message);
    }
    if (this.metadata.leftOut?.breaksOn([...inserts, ...result.added.map((c) => c.triple)])) return this.fullRun(changes, started, 'a change describes a predicate of the NGSI-LD reifier metadata the mirror left out');
    const ran = [...result.perRule].filter(([, d]) => d.executions > 0 || d.added > 0 || d.removed > 0);
    if (result.added.length === 0 && result.removed.length === 0) {
      // Nothing derived changed: no provenance to rewrite, nothing to write.
      return { kind: ran.length === 0 ? 'none' : 'incremental', changes, rulesRun: executionOrder(ran.map(([rule]) => rule)).map((r) => r.id), executions: result.executions, rounds: result.rounds, added: 0, removed: 0, millis: performance.now() - started };
    }
    if (ran.length === 0) return { kind: 'none', changes, rulesRun: [], executions: 0, rounds: 0, added: 0, removed: 0, millis: performance.now() - started };
    for (const [rule, d] of ran) this.graphSizes.set(rule.graph, (this.graphSizes.get(rule.graph) ?? 0) + d.added - d.removed);
    const perRule = ran.map(([rule, d]): RuleRunStats => ({ rule, executions: d.executions, derived: this.graphSizes.get(rule.graph) ?? 0, millis: d.millis }));
    const derived = [...this.graphSizes.values()].reduce((a, b) => a + b, 0);
    const provenance = replaceProvenance(mirror, { runIri: `urn:uuid:${randomUUID()}`, startedAt, endedAt: now(), result: { iterations: result.rounds, executions: result.executions, derived, perRule } });
    const written = await this.own(() => commitInferredChange(this.store, result, provenance));
    return {
      kind: 'incremental', changes, rulesRun: executionOrder(ran.map(([rule]) => rule)).map((r) => r.id), executions: result.executions,
      rounds: result.rounds, added: written.added, removed: written.removed, millis: performance.now() - started,
    };
  }
}

