/**
 * Typed errors of the reasoner (reasoner/, docs/reasoner.md), rendered by the
 * one HTTP error handler like every FabricError.
 */
import { FabricError } from './FabricError.js';

/** A rule that cannot be loaded or compiled (400): bad SPARQL, unsupported SHACL-AF feature, duplicate id. */
export class RuleDefinitionError extends FabricError {
  constructor(detail: string, readonly rule?: string) {
    super('BadRequestData', 400, 'Invalid rule', detail, rule ? { rule } : {});
  }
}

export interface BudgetReport {
  /** Which limit was hit. */
  readonly limit: 'derivedTriples' | 'iterations';
  readonly budget: number;
  readonly derived: number;
  readonly iterations: number;
  /** The rule that was running when the budget ran out (iterations: the first rule still deriving). */
  readonly rule: string;
  /** Iterations limit: the rules that still derived new triples in the last round (the runaway candidates). */
  readonly deriving?: readonly string[];
}

/**
 * Forward chaining did not reach a fixpoint within the derivation budget (422).
 * Nothing was written: the store is exactly as before the run.
 */
export class DerivationBudgetExceededError extends FabricError {
  constructor(readonly report: BudgetReport) {
    super('TooComplexQuery', 422, 'Derivation budget exceeded',
      report.limit === 'derivedTriples'
        ? `The rules derived more than ${report.budget} triples (rule ${report.rule}, iteration ${report.iterations}) without reaching a fixpoint; nothing was written. A rule probably generates new terms on every round.`
        : `The rules did not reach a fixpoint within ${report.budget} iterations (${report.derived} triples derived; still deriving in the last round: ${(report.deriving ?? [report.rule]).join(', ')}); nothing was written.`,
      { ...report });
  }
}

/**
 * The reasoner cannot take a run now (503, retry later): its worker thread is starting or restarting, or it gave up
 * (three failed starts, docs/reasoner.md "Limits"; `detail` says why and `GET /reasoner/status` since when).
 */
export class ReasonerUnavailableError extends FabricError {
  constructor(detail: string) {
    super('InternalError', 503, 'Reasoner unavailable', detail);
  }
}
