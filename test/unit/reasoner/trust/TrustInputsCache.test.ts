/**
 * reasoner/trust/TrustInputsCache.ts: a domain's members as kept between runs on change (a member joining is appended
 * to the kept list, one leaving drops it) are the members a cache built from the same rows gives, in the same order:
 * TOPSIS sums over them in that order, so a kept list in another order could move a score's last digit.
 */
import { DEFAULT_TRUST_CONFIGURATION } from '../../../../reasoner/trust/TrustConfiguration.js';
import { TrustInputsCache } from '../../../../reasoner/trust/TrustInputsCache.js';
import type { IeInput } from '../../../../reasoner/trust/trustInputs.js';

const A = 'urn:ngsi-ld:Domain:a';
const B = 'urn:ngsi-ld:Domain:b';
const row = (i: number, domain: string | undefined, cpu = i): IeInput => ({ ie: `urn:ie:${i}`, domain, statuses: [], criteria: [4, cpu, 8, 2, 50], untrustedByTrust: false });
const ids = (rows: readonly IeInput[]): string[] => rows.map((r) => `${r.ie} ${r.criteria[1]}`);

/** The members of each domain of a cache built from scratch from `rows` (in their order). */
const fresh = (rows: readonly IeInput[], domain: string): string[] => ids(new TrustInputsCache(DEFAULT_TRUST_CONFIGURATION, rows, new Map()).members(domain));

describe('TrustInputsCache.members', () => {
  it('kept across joins, moves, leaves and updates, is what a cache built from the same rows gives, in order', () => {
    const rows = new Map<string, IeInput>();
    const cache = new TrustInputsCache(DEFAULT_TRUST_CONFIGURATION, [], new Map());
    const apply = (changed: IeInput[], gone: string[] = []): void => {
      for (const r of changed) {
        rows.delete(r.ie); // every step's row joins or moves domain: it goes last, as in the cache's domain set
        rows.set(r.ie, r);
      }
      for (const ie of gone) rows.delete(ie);
      cache.update([...changed.map((r) => r.ie), ...gone], changed, new Map());
    };
    apply([row(1, A), row(2, A), row(3, B)]);
    expect(ids(cache.members(A))).toEqual(fresh([...rows.values()], A)); // the list is built and kept from here on
    expect(ids(cache.members(B))).toEqual(fresh([...rows.values()], B));
    const steps: Array<[IeInput[], string[]]> = [
      [[row(4, A)], []], // a create joins A
      [[row(5, A), row(6, B)], []],
      [[row(2, B)], []], // 2 moves to B
      [[], ['urn:ie:1']], // 1 is deleted
      [[row(7, A)], []],
      [[row(1, A)], []], // 1 comes back
    ];
    for (const [changed, gone] of steps) {
      apply(changed, gone);
      for (const d of [A, B]) expect(ids(cache.members(d))).toEqual(fresh([...rows.values()], d));
    }
  });

  it('a member\'s new row replaces it where it is', () => {
    const cache = new TrustInputsCache(DEFAULT_TRUST_CONFIGURATION, [row(1, A), row(2, A), row(3, A)], new Map());
    expect(ids(cache.members(A))).toEqual(['urn:ie:1 1', 'urn:ie:2 2', 'urn:ie:3 3']);
    cache.update(['urn:ie:2'], [row(2, A, 99)], new Map());
    cache.update(['urn:ie:4'], [row(4, A)], new Map());
    expect(ids(cache.members(A))).toEqual(['urn:ie:1 1', 'urn:ie:2 99', 'urn:ie:3 3', 'urn:ie:4 4']);
  });
});
