/**
 * A failed full run crosses the thread boundary as plain data (structured clone keeps neither the class
 * nor its fields) and becomes the same typed error on the main thread, so POST /reasoner/run answers as
 * before: 422 for DerivationBudgetExceededError, 400 for RuleDefinitionError (docs/reasoner.md "Budgets").
 */
import { DerivationBudgetExceededError, RuleDefinitionError, type BudgetReport } from '../../fabric/errors/ReasonerError.js';

export interface TransferredError {
  readonly name: string;
  readonly message: string;
  /** DerivationBudgetExceededError's report. */
  readonly report?: BudgetReport;
  /** RuleDefinitionError's rule. */
  readonly rule?: string;
}

export function transferError(error: unknown): TransferredError {
  if (error instanceof DerivationBudgetExceededError) return { name: error.name, message: error.message, report: error.report };
  if (error instanceof RuleDefinitionError) return { name: error.name, message: error.message, ...(error.rule ? { rule: error.rule } : {}) };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

export function receivedError(error: TransferredError): Error {
  if (error.name === DerivationBudgetExceededError.name && error.report) return new DerivationBudgetExceededError(error.report);
  if (error.name === RuleDefinitionError.name) return new RuleDefinitionError(error.message, error.rule);
  return new Error(`The reasoner worker's run failed: ${error.message}`);
}
