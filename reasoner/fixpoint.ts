/**
 * Forward chaining to a fixpoint (docs/reasoner.md "Execution model") in a
 * scratch oxigraph store (scratchCopy.ts) holding the data without the old
 * inferred graphs. Each rule runs as one set-based SPARQL update per template
 * triple, evaluated natively by oxigraph: INSERT the triples not yet known into
 * the rule's inferred graph, with USING every scratch graph, so later rules of
 * the same round see them. A rule runs again only
 * when a predicate it reads gained triples since its last run (rule-level
 * semi-naive evaluation); the fixpoint is a round that derives nothing. The
 * budget is checked after every rule execution: past it the run stops with
 * DerivationBudgetExceededError; the scratch store is dropped, the real store
 * was never touched.
 */
import oxigraph from 'oxigraph';
import { DerivationBudgetExceededError } from '../fabric/errors/ReasonerError.js';
import type { Rule } from './Rule.js';
import { ruleName } from './Rule.js';
import { insertUpdates, parseConstruct } from './constructQuery.js';
import { SCRATCH_DATA_GRAPH } from './scratchCopy.js';

export interface DerivationBudget {
  /** Most triples all rules may derive in one run (default 2 000 000). */
  readonly maxDerivedTriples: number;
  /** Most rounds over the rule set (default 50). */
  readonly maxIterations: number;
}

export const DEFAULT_BUDGET: DerivationBudget = { maxDerivedTriples: 2_000_000, maxIterations: 50 };

export interface RuleRunStats {
  readonly rule: Rule;
  executions: number;
  derived: number;
  millis: number;
}

export interface FixpointResult {
  readonly iterations: number;
  /** Rule executions (a rule skipped because its inputs did not change is not counted). */
  readonly executions: number;
  readonly derived: number;
  readonly perRule: readonly RuleRunStats[];
}

/** Rules in execution order: sh:order, then rule set and id (deterministic). */
export function executionOrder(rules: readonly Rule[]): Rule[] {
  return [...rules].sort((a, b) => a.order - b.order || a.ruleSet.localeCompare(b.ruleSet) || a.id.localeCompare(b.id));
}

function graphSize(scratch: oxigraph.Store, graph: string): number {
  const rows = scratch.query(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${graph}> { ?s ?p ?o } }`) as Map<string, oxigraph.Term>[];
  return Number(rows[0]?.get('n')?.value ?? 0);
}

/** Logical clock of what changed: per predicate, and for rules whose template has a variable predicate. */
class ChangeClock {
  private now = 0;
  private readonly changedAt = new Map<string, number>();
  private anyChangedAt = 0;
  private wildcardAt = 0;
  private readonly lastRun = new Map<Rule, number>();

  due(rule: Rule): boolean {
    const last = this.lastRun.get(rule);
    if (last === undefined) return true;
    if (rule.reads === 'any') return this.anyChangedAt > last;
    return this.wildcardAt > last || [...rule.reads].some((p) => (this.changedAt.get(p) ?? 0) > last);
  }

  ran(rule: Rule): void {
    this.lastRun.set(rule, ++this.now);
  }

  derived(rule: Rule): void {
    const stamp = ++this.now;
    this.anyChangedAt = stamp;
    if (rule.writes === 'any') this.wildcardAt = stamp;
    else for (const p of rule.writes) this.changedAt.set(p, stamp);
  }
}

export function runToFixpoint(scratch: oxigraph.Store, rules: readonly Rule[], budget: DerivationBudget = DEFAULT_BUDGET): FixpointResult {
  const stats = executionOrder(rules).map((rule): RuleRunStats => ({ rule, executions: 0, derived: 0, millis: 0 }));
  const using = [...new Set([SCRATCH_DATA_GRAPH, ...stats.map((s) => s.rule.graph)])];
  const updates = new Map(stats.map(({ rule }) => [rule, insertUpdates(parseConstruct(rule.query, ruleName(rule)), rule.graph, using)]));
  const clock = new ChangeClock();
  let derived = 0;
  let executions = 0;
  let iterations = 0;
  for (;;) {
    iterations++;
    let progress = false;
    for (const entry of stats) {
      const { rule } = entry;
      if (!clock.due(rule)) continue;
      if (iterations > budget.maxIterations) {
        throw new DerivationBudgetExceededError({ limit: 'iterations', budget: budget.maxIterations, derived, iterations: iterations - 1, rule: ruleName(rule) });
      }
      clock.ran(rule);
      const started = performance.now();
      for (const update of updates.get(rule) ?? []) scratch.update(update);
      executions++;
      entry.executions++;
      const total = graphSize(scratch, rule.graph);
      const added = total - entry.derived;
      entry.derived = total;
      entry.millis += performance.now() - started;
      if (added === 0) continue;
      derived += added;
      progress = true;
      clock.derived(rule);
      if (derived > budget.maxDerivedTriples) {
        throw new DerivationBudgetExceededError({ limit: 'derivedTriples', budget: budget.maxDerivedTriples, derived, iterations, rule: ruleName(rule) });
      }
    }
    if (!progress) return { iterations, executions, derived, perRule: stats };
  }
}
