import { DerivationBudgetExceededError, RuleDefinitionError } from '../../../../fabric/errors/ReasonerError.js';
import { receivedError, transferError } from '../../../../reasoner/worker/transferredError.js';

/** Through structuredClone, as postMessage does. */
const across = (error: unknown): Error => receivedError(structuredClone(transferError(error)));

describe('transferredError (a failed run across the thread boundary)', () => {
  it('keeps a budget error typed, with its report (422)', () => {
    const report = { limit: 'iterations' as const, budget: 5, derived: 12, iterations: 5, rule: 'loop' };
    const back = across(new DerivationBudgetExceededError(report));
    expect(back).toBeInstanceOf(DerivationBudgetExceededError);
    expect((back as DerivationBudgetExceededError).status).toBe(422);
    expect((back as DerivationBudgetExceededError).report).toEqual(report);
  });

  it('keeps a rule definition error typed (400)', () => {
    const back = across(new RuleDefinitionError('no CONSTRUCT', 'http://example.org/r'));
    expect(back).toBeInstanceOf(RuleDefinitionError);
    expect((back as RuleDefinitionError).rule).toBe('http://example.org/r');
    expect(back.message).toBe('no CONSTRUCT');
  });

  it('makes any other failure a plain error naming its message', () => {
    const back = across(new TypeError('boom'));
    expect(back).not.toBeInstanceOf(DerivationBudgetExceededError);
    expect(back.message).toContain('boom');
    expect(across('text').message).toContain('text');
  });
});
