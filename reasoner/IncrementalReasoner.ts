/**
 * Incremental re-evaluation (issue 4, docs/reasoner.md "Incremental re-evaluation"): follows the
 * store's change feed (GraphStore.onCommit), batches changes for `debounceMs`, and re-runs only
 * the rules whose premises a change can affect (premiseSignature.ts), to a fixpoint: a rule whose
 * derived triples changed triggers the rules those triples can affect, in further rounds.
 * DRed-style at rule granularity: an affected rule's inferred graph is cleared and re-derived
 * (derivations are set-based), so a derived fact whose premises disappeared is retracted; only the
 * re-run rules' graphs and their provenance entries are replaced, retractions and additions in
 * ONE commit. It keeps the scratch store of the last run (the data merged into one graph + the rule
 * graphs) as a mirror and updates it from the feed, so a batch costs no copy of the store. Its own
 * writes (inferred graphs) are ignored. A batch it cannot follow (rules changed, inferred graphs
 * written by someone else, more than `maxBatchQuads` changed) triggers a full run.
 */
import { randomUUID } from 'node:crypto';
import oxigraph from 'oxigraph';
import type { ChangeRecord, GraphStore } from '../fabric/store/GraphStore.js';
import { countStatements } from '../fabric/store/rdfText.js';
import { GRAPHS } from '../fabric/rdf/namespaces.js';
import { DerivationBudgetExceededError } from '../fabric/errors/ReasonerError.js';
import type { RuleEngine, RunStats } from './RuleEngine.js';
import type { Rule } from './Rule.js';
import { executionOrder, runToFixpoint, type RuleRunStats } from './fixpoint.js';
import { atomsOf, isAffected, type ChangeAtoms, type Guard } from './premiseSignature.js';
import { SCRATCH_DATA_GRAPH } from './scratchCopy.js';
import { provenanceQuads } from './provenance.js';
import { replaceInferredGraphs } from './writeDelta.js';
import { PROV, REASONER_GRAPHS } from './vocabulary.js';

const NQUADS = 'application/n-quads';

export interface IncrementalReasonerOptions {
  /** Changes arriving within this window after the first one are processed together (default 200 ms). */
  readonly debounceMs?: number;
  /** A batch with more changed quads triggers a full run instead (default 50 000). */
  readonly maxBatchQuads?: number;
  /** Called after every processed batch (logging, tests). */
  readonly onRun?: (summary: IncrementalRunSummary) => void;
  /** Called when a batch fails (default: console.error); the next batch starts with a full run. */
  readonly onError?: (error: unknown) => void;
}

export interface IncrementalRunSummary {
  /** 'full': everything recomputed; 'incremental': only affected rules; 'none': no rule affected. */
  readonly kind: 'full' | 'incremental' | 'none';
  /** Changed quads in the batch (outside the inferred graphs). */
  readonly changes: number;
  /** Ids of the rules that ran (every rule for a full run). */
  readonly rulesRun: readonly string[];
  readonly executions: number;
  readonly rounds: number;
  readonly added: number;
  readonly removed: number;
  readonly millis: number;
  readonly full?: RunStats;
}

export interface IncrementalCounters {
  readonly batches: number;
  readonly fullRuns: number;
  readonly incrementalRuns: number;
  readonly ruleExecutions: number;
  readonly ignoredOwnRecords: number;
}

function isInferred(graph: oxigraph.Term): boolean {
  return graph.termType === 'NamedNode' && graph.value.startsWith(REASONER_GRAPHS.prefix);
}

function graphLines(store: oxigraph.Store, graph: string): string[] {
  return store.dump({ format: NQUADS, from_graph_name: oxigraph.namedNode(graph) }).split('\n').filter((l) => l.length > 0);
}

export class IncrementalReasoner {
  private readonly debounceMs: number;
  private readonly maxBatchQuads: number;
  private mirror: oxigraph.Store | undefined;
  private rules: Rule[] = [];
  private pending: oxigraph.Quad[] = [];
  private pendingCount = 0;
  private needsFull = false;
  private rulesTouched = false;
  private writing = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private counters = { batches: 0, fullRuns: 0, incrementalRuns: 0, ruleExecutions: 0, ignoredOwnRecords: 0 };
  private last: Promise<IncrementalRunSummary | undefined> = Promise.resolve(undefined);

  constructor(private readonly store: GraphStore, private readonly engine: RuleEngine, private readonly options: IncrementalReasonerOptions = {}) {
    this.debounceMs = options.debounceMs ?? 200;
    this.maxBatchQuads = options.maxBatchQuads ?? 50_000;
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
    await this.last.catch(() => undefined);
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
    while (this.timer || this.pendingCount > 0) await this.flush().catch(() => undefined);
    await this.last.catch(() => undefined);
  }

  private onRecord(record: ChangeRecord): void {
    if (this.writing) { this.counters.ignoredOwnRecords++; return; }
    const count = countStatements(record.deletes) + countStatements(record.inserts);
    if (count === 0) return;
    if (this.pendingCount + count > this.maxBatchQuads) {
      this.needsFull = true;
      this.pending = [];
    } else if (!this.needsFull) {
      for (const text of [record.deletes, record.inserts]) {
        if (!text) continue;
        for (const q of oxigraph.parse(text, { format: NQUADS })) {
          if (isInferred(q.graph)) { this.needsFull = true; break; } // written by someone else (a full RuleEngine.run, SPARQL)
          if (q.graph.termType === 'NamedNode' && (q.graph.value === GRAPHS.rules || q.graph.value === GRAPHS.shapes)) this.rulesTouched = true;
          this.pending.push(q);
        }
      }
    }
    this.pendingCount += count;
    this.timer ??= setTimeout(() => { this.timer = undefined; this.flush().catch(() => undefined); }, this.debounceMs);
  }

  private async process(): Promise<IncrementalRunSummary | undefined> {
    const started = performance.now();
    const changes = this.pendingCount;
    const batch = this.pending;
    const full = this.needsFull || !this.mirror;
    const rulesTouched = this.rulesTouched;
    this.pending = [];
    this.pendingCount = 0;
    this.needsFull = false;
    this.rulesTouched = false;
    if (!full && batch.length === 0) return undefined;
    this.counters.batches++;
    try {
      if (!full && rulesTouched && this.rulesChanged()) return this.report(await this.fullRun(changes, started));
      return this.report(full ? await this.fullRun(changes, started) : await this.incrementalRun(batch, changes, started));
    } catch (error) {
      this.mirror = undefined; // the mirror may be half-updated: start over with a full run
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

  private async fullRun(changes: number, started: number): Promise<IncrementalRunSummary> {
    this.mirror = undefined;
    const { stats, scratch, rules } = await this.engine.runNow((commit) => this.own(commit));
    this.mirror = scratch;
    this.rules = rules;
    return {
      kind: 'full', changes, rulesRun: rules.map((r) => r.id), executions: stats.rulesRun, rounds: stats.iterations,
      added: stats.added, removed: stats.removed, millis: performance.now() - started, full: stats,
    };
  }

  /** Make the mirror's data graph hold exactly the triples the store holds outside the inferred graphs. */
  private updateMirror(mirror: oxigraph.Store, batch: readonly oxigraph.Quad[]): void {
    const data = oxigraph.namedNode(SCRATCH_DATA_GRAPH);
    const seen = new Set<string>();
    for (const q of batch) {
      const triple = oxigraph.quad(q.subject, q.predicate, q.object, data);
      const key = triple.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      const held = this.store.match(q.subject, q.predicate, q.object, null).some((h) => !isInferred(h.graph as oxigraph.Term));
      if (held) mirror.add(triple);
      else mirror.delete(triple);
    }
  }

  private async incrementalRun(batch: readonly oxigraph.Quad[], changes: number, started: number): Promise<IncrementalRunSummary> {
    const mirror = this.mirror!;
    const { budget, now } = this.engine.settings;
    const startedAt = now();
    this.updateMirror(mirror, batch);
    const guardCache = new Map<string, boolean>();
    const check = (iri: string, guard: Guard): boolean => {
      const key = `${guard.position} ${guard.predicate} ${iri}`;
      let hit = guardCache.get(key);
      if (hit === undefined) {
        const node = oxigraph.namedNode(iri);
        const p = oxigraph.namedNode(guard.predicate);
        hit = (guard.position === 'subject' ? mirror.match(node, p, null, null) : mirror.match(null, p, node, null)).length > 0;
        guardCache.set(key, hit);
      }
      return hit;
    };
    const allGraphs = this.rules.map((r) => r.graph);
    const ran = new Map<Rule, RuleRunStats>();
    let next = this.rules.filter((r) => isAffected(r.premises, atomsOf(batch), check));
    let rounds = 0;
    let executions = 0;
    while (next.length > 0) {
      if (++rounds > budget.maxIterations) {
        throw new DerivationBudgetExceededError({ limit: 'iterations', budget: budget.maxIterations, derived: 0, iterations: rounds - 1, rule: next[0].id });
      }
      const before = new Map(next.map((r) => [r, new Set(graphLines(mirror, r.graph))]));
      for (const r of next) mirror.update(`CLEAR SILENT GRAPH <${r.graph}>`);
      const result = runToFixpoint(mirror, next, budget, allGraphs);
      executions += result.executions;
      for (const s of result.perRule) ran.set(s.rule, s);
      // What the re-run rules changed (new or retracted triples) triggers the rules it can affect.
      const delta: string[] = [];
      for (const r of next) {
        const old = before.get(r)!;
        const fresh = graphLines(mirror, r.graph);
        const freshSet = new Set(fresh);
        for (const line of fresh) if (!old.has(line)) delta.push(line);
        for (const line of old) if (!freshSet.has(line)) delta.push(line);
      }
      guardCache.clear();
      if (delta.length === 0) break;
      const atoms: ChangeAtoms = atomsOf(oxigraph.parse(`${delta.join('\n')}\n`, { format: 'application/n-triples' }));
      // The rules of this round reached their common fixpoint: only other rules are re-triggered.
      const current = new Set(next);
      next = this.rules.filter((r) => !current.has(r) && isAffected(r.premises, atoms, check));
    }
    if (ran.size === 0) return { kind: 'none', changes, rulesRun: [], executions: 0, rounds: 0, added: 0, removed: 0, millis: performance.now() - started };
    this.replaceProvenance(mirror, [...ran.values()], startedAt, now(), rounds, executions);
    const graphs = [...[...ran.keys()].map((r) => r.graph), REASONER_GRAPHS.provenance];
    const { added, removed } = await this.own(() => replaceInferredGraphs(this.store, mirror, graphs, graphs));
    return {
      kind: 'incremental', changes, rulesRun: executionOrder([...ran.keys()]).map((r) => r.id), executions, rounds,
      added, removed, millis: performance.now() - started,
    };
  }

  /** Replace the provenance entries of the re-run rules, add this run's record, drop run records nothing refers to. */
  private replaceProvenance(mirror: oxigraph.Store, ran: readonly RuleRunStats[], startedAt: Date, endedAt: Date, iterations: number, executions: number): void {
    const g = oxigraph.namedNode(REASONER_GRAPHS.provenance);
    for (const s of ran) for (const q of mirror.match(oxigraph.namedNode(s.rule.graph), null, null, g)) mirror.delete(q);
    let derived = 0;
    for (const r of this.rules) {
      const rows = mirror.query(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${r.graph}> { ?s ?p ?o } }`) as Map<string, oxigraph.Term>[];
      derived += Number(rows[0]?.get('n')?.value ?? 0);
    }
    const runIri = `urn:uuid:${randomUUID()}`;
    for (const q of provenanceQuads({ runIri, startedAt, endedAt, result: { iterations, executions, derived, perRule: ran } })) mirror.add(q);
    mirror.update(`DELETE { GRAPH <${g.value}> { ?run ?p ?o } } WHERE { GRAPH <${g.value}> { ?run a <${PROV.ReasonerRun}> ; ?p ?o
      FILTER NOT EXISTS { ?graph <${PROV.wasGeneratedBy}> ?run } } }`);
  }
}
