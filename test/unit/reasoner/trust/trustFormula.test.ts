/**
 * reasoner/trust/trustFormula.ts against hand computations on the aerOS Trust Manager's sample
 * output (test/fixtures/aeros-trust/trust-manager-scores.json) and its defaults (manager.ini).
 */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { priorityComponent, trustScore } from '../../../../reasoner/trust/trustFormula.js';
import { DEFAULT_TRUST_CONFIGURATION as W } from '../../../../reasoner/trust/TrustConfiguration.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/aeros-trust');
type Row = { reliability: number; reputation: number; health_events: number; security: number; trust: number };
const sample = (JSON.parse(readFileSync(join(FIXTURES, 'trust-manager-scores.json'), 'utf8')) as { data: Record<string, Row> }).data;
const components = (r: Row) => ({ reliability: r.reliability, security: r.security, reputation: r.reputation, healthEvents: r.health_events });

describe('trust formula', () => {
  it('defaults are those of manager.ini', () => {
    const ini = readFileSync(join(FIXTURES, 'manager.ini'), 'utf8');
    const value = (key: string): number => Number(new RegExp(`^${key}\\s*=\\s*([-+0-9.]+)`, 'm').exec(ini)![1]);
    expect([W.reliabilityWeight, W.securityWeight, W.reputationWeight, W.healthPenalty])
      .toEqual([value('ReliabilityWeight'), value('SecurityWeight'), value('ReputationWeight'), value('healthPenalty')]);
    expect(W.reputationWindowMs).toBe(value('reputationInterval') * 86_400_000);
    expect(W.criteria.map((c) => c.weight)).toEqual(['cpuCores', 'currentCpuUsage', 'ramCapacity', 'availableRam', 'currentRamUsage'].map(value));
  });

  it.each([
    // 0.3·0.3760832482418987 + 0.5·0.4 + 0.2·0.4 − 0.01·0 = 0.1128249745 + 0.2 + 0.08 = 0.3928249745
    ['MyDomain:fa163e32c6ee', 0.3928249745],
    // 0.3·0.5806583024755544 + 0.5·1.0 + 0.2·0.4 − 0.01·2 = 0.1741974907 + 0.5 + 0.08 − 0.02 = 0.7341974907
    ['MyDomain:fa163e5e25ef', 0.7341974907],
    // 0.3·0.630180432143725 + 0.5·1.0 + 0.2·1.0 = 0.1890541296 + 0.7 = 0.8890541296
    ['MyDomain:fa163ec323f9', 0.8890541296],
    // 0.3·0.5758388728049063 + 0.5·1.0 + 0.2·0.4 = 0.1727516618 + 0.58 = 0.7527516618
    ['MyDomain:fa163ed55867', 0.7527516618],
  ])('TS of the sample components of %s is %d', (ie, expected) => {
    expect(trustScore(components(sample[ie]), W)).toBeCloseTo(expected, 9);
    // The sample's stored "trust" lags its components (reliability refreshes every 20 min, the score every
    // 120 min, manager.ini): it differs from the formula by less than the reliability term could move.
    expect(Math.abs(sample[ie].trust - expected)).toBeLessThan(0.3 * 0.1);
  });

  it('floors the score at 0', () => {
    // 0.3·0.1 + 0.5·0.2 + 0.2·0.2 − 0.01·30 = 0.03 + 0.1 + 0.04 − 0.3 = −0.13 → 0
    expect(trustScore({ reliability: 0.1, security: 0.2, reputation: 0.2, healthEvents: 30 }, W)).toBe(0);
    // 0.03 + 0.1 + 0.04 − 0.01·16 = 0.01 (just above the floor)
    expect(trustScore({ reliability: 0.1, security: 0.2, reputation: 0.2, healthEvents: 16 }, W)).toBeCloseTo(0.01, 12);
  });

  it('security/reputation: 1.0 without events, else 1 − mean priority / 5', () => {
    expect(priorityComponent([], 5)).toBe(1);
    expect(priorityComponent([3], 5)).toBeCloseTo(0.4, 12); // the sample's 0.4 for the IE with one priority-3 alert
    expect(priorityComponent([5, 4, 4], 5)).toBeCloseTo(1 - 13 / 15, 12); // mean 4.333 → 0.1333
    expect(priorityComponent([7], 5)).toBe(0); // clamped
  });
});
