/** reasoner/trust/trustComputation.ts and topsisClosenessFlat: the flat hot path gives the hand-checked numbers. */
import { topsisCloseness, topsisClosenessFlat } from '../../../../reasoner/trust/topsis.js';
import { computeTrust, rankDomain, storedScore } from '../../../../reasoner/trust/trustComputation.js';
import { DEFAULT_TRUST_CONFIGURATION as CONFIG } from '../../../../reasoner/trust/TrustConfiguration.js';
import type { IeInput } from '../../../../reasoner/trust/trustInputs.js';

const CRITERIA = [{ weight: 0.2 }, { weight: -0.2 }, { weight: 0.1 }, { weight: 0.25 }, { weight: -0.25 }];
const ROWS = [[4, 50, 8192, 4096, 4096], [8, 20, 16384, 12288, 4096], [2, 90, 4096, 512, 3584]];
const ie = (id: string, domain: string | undefined, criteria: (number | undefined)[]): IeInput => ({ ie: id, domain, statuses: [], criteria, untrustedByTrust: false });

describe('topsisClosenessFlat', () => {
  it('gives exactly the numbers of topsisCloseness (hand-checked in topsis.test.ts: 0.368498, 0.941308, 0.058692)', () => {
    const flat = topsisClosenessFlat(Float64Array.from(ROWS.flat()), 3, CRITERIA, 0.8);
    expect([...flat]).toEqual(topsisCloseness(ROWS, CRITERIA, 0.8));
    expect(flat[0]).toBeCloseTo(0.368498, 5);
    expect(flat[1]).toBeCloseTo(0.941308, 5);
    expect(flat[2]).toBeCloseTo(0.058692, 5);
  });

  it('gives `undecided` to rows TOPSIS cannot tell apart', () => {
    expect([...topsisClosenessFlat(Float64Array.from([1, 2, 1, 2]), 2, [{ weight: 1 }, { weight: -1 }], 0.8)]).toEqual([0.8, 0.8]);
  });
});

describe('rankDomain and computeTrust', () => {
  it('imputes a missing value with the domain\'s worst and leaves out a criterion nobody reports', () => {
    const r = rankDomain([ie('a', 'd', [4, 50, 8192, undefined, 4096]), ie('b', 'd', [8, 20, 16384, undefined, 4096]), ie('c', 'd', [2, undefined, 4096, undefined, 3584])], CONFIG);
    expect(r.used).toEqual([0, 1, 2, 4]); // availableRam: nobody
    expect(r.values[2 * 4 + 1]).toBe(50); // c's currentCpuUsage: the worst (highest) cost present
  });

  it('scores each domain apart; a lone IE and an IE without a domain get 0.8; the stored score is rounded', () => {
    const results = computeTrust([
      ie('a', 'd', ROWS[0]), ie('b', 'd', ROWS[1]), ie('c', 'd', ROWS[2]), ie('solo', 'e', ROWS[2]), ie('free', undefined, ROWS[0]),
    ], [], CONFIG);
    const b = results[1];
    // 0.3 · 0.941308 + 0.5 + 0.2 = 0.982392 (TrustService.test.ts)
    expect(b.score).toBeCloseTo(0.982392, 5);
    expect(b.storedScore).toBe(0.9824);
    expect(b.domainSize).toBe(3);
    expect(b.telemetry[`${CONFIG.criteria[1].property}`]).toBe(20);
    expect(results.slice(3).map((r) => [r.reliability, r.domainSize])).toEqual([[0.8, 1], [0.8, 1]]);
  });

  it('rounds half away from zero at the given decimals', () => {
    expect(storedScore(0.12345, 4)).toBe(0.1235);
    expect(storedScore(0.94, 4)).toBe(0.94);
    expect(storedScore(0.123456789, 6)).toBe(0.123457);
  });
});

describe('TrustInputsCache', () => {
  it('keeps a domain\'s member list current: in place for a changed row, rebuilt when an IE moves or goes', async () => {
    const { TrustInputsCache } = await import('../../../../reasoner/trust/TrustInputsCache.js');
    const cache = new TrustInputsCache(CONFIG, [ie('a', 'd', ROWS[0]), ie('b', 'd', ROWS[1]), ie('c', 'e', ROWS[2])], new Map());
    const d = cache.members('d');
    expect(d.map((m) => m.ie)).toEqual(['a', 'b']);
    cache.update(['b'], [ie('b', 'd', ROWS[2])], new Map());
    expect(cache.members('d')).toBe(d); // same array, row replaced
    expect(d[1].criteria).toEqual(ROWS[2]);
    cache.setStatus('a', 'urn:status:Untrusted', true);
    expect(cache.members('d')[0]).toMatchObject({ statuses: ['urn:status:Untrusted'], untrustedByTrust: true });
    cache.update(['b'], [ie('b', 'e', ROWS[1])], new Map()); // moves to e
    expect(cache.members('d').map((m) => m.ie)).toEqual(['a']);
    expect(cache.members('e').map((m) => m.ie).sort()).toEqual(['b', 'c']);
    cache.update(['a'], [], new Map()); // no IE any more
    expect(cache.members('d')).toEqual([]);
    expect(cache.get('a')).toBeUndefined();
  });
});
