/**
 * The reasoner's rule engine (docs/reasoner.md): loads the rules (shapes/rules/*.ttl
 * and the rules stored in the graph), runs them to a fixpoint in a scratch copy
 * of the store within a derivation budget, and replaces the inferred graphs and
 * the provenance graph (writeDelta.ts: retractions and additions in one commit). Derived
 * facts whose premises disappeared are therefore retracted by the next run.
 * Runs are serialized.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { RuleDefinitionError } from '../fabric/errors/ReasonerError.js';
import { packageRoot } from '../fabric/validation/modelFiles.js';
import type { Rule } from './Rule.js';
import { loadGraphRules, loadRuleFiles } from './loadRules.js';
import { DEFAULT_BUDGET, executionOrder, runToFixpoint, type DerivationBudget } from './fixpoint.js';
import { releaseScratch, scratchCopy, type CopyFilter } from './scratchCopy.js';
import { provenanceQuads } from './provenance.js';
import { replaceInferredGraphs } from './writeDelta.js';
import { REASONER_GRAPHS } from './vocabulary.js';
import { explainResource, explainTriple, type TripleExplanation } from './explainDerivation.js';

export interface RuleEngineOptions {
  /** Folder of built-in rule files (default: <package>/shapes/rules); null = none. */
  readonly ruleFolder?: string | null;
  readonly budget?: Partial<DerivationBudget>;
  /** Clock for provenance times (tests). */
  readonly now?: () => Date;
}

export interface RuleRunSummary {
  readonly id: string;
  readonly ruleSet: string;
  readonly executions: number;
  readonly derived: number;
  readonly millis: number;
}

export interface RunStats {
  readonly run: string;
  readonly rules: number;
  /** Rule executions over all iterations. */
  readonly rulesRun: number;
  readonly iterations: number;
  /** Triples derived (all inferred graphs after the run). */
  readonly triplesDerived: number;
  /** Change written to the store: quads added / removed (provenance included). */
  readonly added: number;
  readonly removed: number;
  readonly millis: number;
  /** Where the time went: copying the store into the scratch store, the fixpoint, computing and committing the change. */
  readonly phases: { readonly copyMs: number; readonly fixpointMs: number; readonly writeMs: number };
  readonly perRule: readonly RuleRunSummary[];
}

/** A full run's statistics, the scratch store it computed in, its rules and what its copy left out. */
export interface FullRunResult {
  readonly stats: RunStats;
  readonly scratch: oxigraph.Store;
  readonly rules: Rule[];
  /** The filter the copy applied (the scratch store lacks those statements), if any. */
  readonly leftOut?: CopyFilter;
  /** Why a filter was dropped after the fixpoint (the run was made again over everything). */
  readonly keptBecause?: string;
}

export type ExplainTarget = string | { readonly subject: RDF.Term; readonly predicate: RDF.Term; readonly object: RDF.Term };

export class RuleEngine {
  private readonly budget: DerivationBudget;
  private readonly ruleFolder: string | null;
  private readonly now: () => Date;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: GraphStore, options: RuleEngineOptions = {}) {
    this.budget = { ...DEFAULT_BUDGET, ...options.budget };
    this.ruleFolder = options.ruleFolder === undefined ? join(packageRoot(), 'shapes', 'rules') : options.ruleFolder;
    this.now = options.now ?? (() => new Date());
  }

  /** Every active rule, in execution order; an invalid rule throws RuleDefinitionError. */
  rules(): Rule[] {
    const rules = [...(this.ruleFolder ? loadRuleFiles(this.ruleFolder) : []), ...loadGraphRules(this.store)];
    const graphs = new Set<string>();
    for (const rule of rules) {
      if (graphs.has(rule.graph)) throw new RuleDefinitionError(`Two rules write to ${rule.graph}: rule ids must be unique within a rule set.`, rule.iri);
      graphs.add(rule.graph);
    }
    return executionOrder(rules);
  }

  /** Run all rules to a fixpoint and replace the inferred graphs. Nothing is written if it fails. */
  async run(): Promise<RunStats> {
    const { stats, scratch } = await this.exclusive(() => this.runNow());
    releaseScratch(scratch);
    return stats;
  }

  /** Runs `task` after every run queued before it and before any queued after it (runs and incremental updates are serialized). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Budget and clock, shared with the incremental reasoner. */
  get settings(): { readonly budget: DerivationBudget; readonly now: () => Date } {
    return { budget: this.budget, now: this.now };
  }

  /**
   * A full run (call it inside `exclusive`); also returns the scratch store it computed in (data +
   * rule graphs + provenance, equal to what was written) and the rules, which the incremental reasoner keeps.
   * `write` wraps the store write (the incremental reasoner marks its own commits); `onCopy` sees the data triples
   * copied (scratchCopy.ts), in the tick of the copy; `leaveOut` may name statements the copy leaves out (the
   * incremental reasoner's reifier metadata, reifierMetadata.ts), verified on the fixpoint.
   */
  async runNow(write: <T>(commit: () => Promise<T>) => Promise<T> = (commit) => commit(), onCopy?: (triples: readonly string[]) => void,
    leaveOut?: (rules: readonly Rule[]) => CopyFilter | undefined): Promise<FullRunResult> {
    const startedAt = this.now();
    const started = performance.now();
    const rules = this.rules();
    let leftOut = leaveOut?.(rules);
    let scratch: oxigraph.Store | undefined = scratchCopy(this.store, onCopy, leftOut ? { filter: leftOut } : {});
    try {
      let copyMs = performance.now() - started;
      let result = runToFixpoint(scratch, rules, this.budget);
      const keptBecause = leftOut?.verify(scratch);
      if (keptBecause !== undefined) {
        // The fixpoint made a left-out statement readable: again over everything (synchronous: no commit in between).
        leftOut = undefined;
        releaseScratch(scratch);
        scratch = undefined;
        const again = performance.now();
        scratch = scratchCopy(this.store, onCopy);
        copyMs += performance.now() - again;
        result = runToFixpoint(scratch, rules, this.budget);
      }
      const fixpoint = performance.now();
      const copied = started + copyMs;
      const endedAt = this.now();
      const runIri = `urn:uuid:${randomUUID()}`;
      for (const quad of provenanceQuads({ runIri, startedAt, endedAt, result })) scratch.add(quad);
      const computed = scratch;
      const { added, removed } = await write(() => replaceInferredGraphs(this.store, computed, [...rules.map((r) => r.graph), REASONER_GRAPHS.provenance]));
      const stats: RunStats = {
        run: runIri,
        rules: rules.length,
        rulesRun: result.executions,
        iterations: result.iterations,
        triplesDerived: result.derived,
        added,
        removed,
        millis: performance.now() - started,
        phases: { copyMs: copied - started, fixpointMs: fixpoint - copied, writeMs: performance.now() - fixpoint },
        perRule: result.perRule.map((s) => ({ id: s.rule.id, ruleSet: s.rule.ruleSet, executions: s.executions, derived: s.derived, millis: s.millis })),
      };
      return { stats, scratch, rules, ...(leftOut ? { leftOut } : {}), ...(keptBecause !== undefined ? { keptBecause } : {}) };
    } catch (error) {
      releaseScratch(scratch);
      throw error;
    }
  }

  /** Which rule derived a triple and from which premises; for an IRI, every derived triple about it. */
  async explain(target: ExplainTarget): Promise<TripleExplanation[]> {
    if (typeof target === 'string') return explainResource(this.store, target);
    const quad = oxigraph.quad(
      oxigraph.fromTerm(target.subject) as oxigraph.NamedNode,
      oxigraph.fromTerm(target.predicate) as oxigraph.NamedNode,
      oxigraph.fromTerm(target.object) as oxigraph.NamedNode,
    ) as unknown as RDF.Quad;
    return [await explainTriple(this.store, quad)];
  }
}
