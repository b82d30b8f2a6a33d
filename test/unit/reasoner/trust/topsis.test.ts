/** reasoner/trust/topsis.ts against a TOPSIS ranking worked out by hand. */
import { topsisCloseness } from '../../../../reasoner/trust/topsis.js';

// The aerOS [ReliabilityScore] criteria: cpuCores +0.2, currentCpuUsage −0.2, ramCapacity +0.1, availableRam +0.25, currentRamUsage −0.25.
const CRITERIA = [{ weight: 0.2 }, { weight: -0.2 }, { weight: 0.1 }, { weight: 0.25 }, { weight: -0.25 }];

describe('topsisCloseness', () => {
  it('ranks three IEs as worked out by hand', () => {
    const a = [4, 50, 8192, 4096, 4096];
    const b = [8, 20, 16384, 12288, 4096];
    const c = [2, 90, 4096, 512, 3584];
    // Column norms sqrt(Σx²): cores sqrt(16+64+4)=9.16515, cpu sqrt(2500+400+8100)=104.88088,
    // ram sqrt(8192²+16384²+4096²)=18770.230, avail sqrt(4096²+12288²+512²)=12962.805, used sqrt(2·4096²+3584²)=6811.717.
    // Weighted v = |w|·x/norm:  A (0.087287, 0.095346, 0.043644, 0.078995, 0.150329)
    //                           B (0.174574, 0.038139, 0.087287, 0.236986, 0.150329)
    //                           C (0.043644, 0.171623, 0.021822, 0.009874, 0.131538)
    // Ideal (max benefit, min cost):      (0.174574, 0.038139, 0.087287, 0.236986, 0.131538)
    // Anti-ideal (min benefit, max cost): (0.043644, 0.171623, 0.021822, 0.009874, 0.150329)
    // A: d+ = 0.195219, d− = 0.113916 → 0.113916 / 0.309135 = 0.368498
    // B: d+ = 0.018791, d− = 0.301374 → 0.941308
    // C: d+ = 0.301374, d− = 0.018791 → 0.058692
    const closeness = topsisCloseness([a, b, c], CRITERIA, 0.8);
    expect(closeness[0]).toBeCloseTo(0.368498, 5);
    expect(closeness[1]).toBeCloseTo(0.941308, 5);
    expect(closeness[2]).toBeCloseTo(0.058692, 5);
  });

  it('gives the best and the worst of two opposite IEs 1 and 0', () => {
    // B dominates A on every criterion (more cores/RAM, less usage): B is the ideal, A the anti-ideal.
    expect(topsisCloseness([[2, 80, 1024, 100, 900], [4, 10, 2048, 1900, 100]], CRITERIA, 0.8)).toEqual([0, 1]);
  });

  it('answers `undecided` for IEs it cannot tell apart, and survives all-zero columns', () => {
    expect(topsisCloseness([[4, 0, 8, 0, 0], [4, 0, 8, 0, 0]], CRITERIA, 0.8)).toEqual([0.8, 0.8]);
  });
});
