/**
 * The store's lexical forms of temporal literals (temporalLexical.ts): canonicalTemporal answers as the two
 * replacements it is defined by, with or without its shortcut for strings they cannot change.
 */
import fc from 'fast-check';
import { canonicalTemporal, isStoreCanonical } from '../../../../fabric/ngsi-ld/mapping/temporalLexical.js';

/** The definition: drop trailing zeros of the fraction (and a fraction of zeros), write a zero offset as Z. */
const byDefinition = (lexical: string): string => lexical
  .replace(/\.(\d*?)0+(?=$|Z|[+-]\d{2}:\d{2}$)/, (_m, digits: string) => (digits ? `.${digits}` : ''))
  .replace(/[+-]00:00$/, 'Z');

const digits = fc.stringMatching(/^[0-9]{0,4}$/);
const temporalLike = fc.tuple(
  fc.constantFrom('2026-12-05', '2026-12-05T10:00:00', '10:00:00', '2026-12-05T24:00:00', '', 'x.0', '1.2.30'),
  fc.constantFrom('', '.', '.0', '.00', '.120', '.123', '.5', '.1000', '.000001'),
  digits,
  fc.constantFrom('', 'Z', '+00:00', '-00:00', '+01:00', '-05:30', '00:00', '+0:00', 'Z.0', '.0Z'),
).map((parts) => parts.join(''));

it('gives the canonical forms the store prints', () => {
  expect(canonicalTemporal('2026-12-05T10:00:00.120Z')).toBe('2026-12-05T10:00:00.12Z');
  expect(canonicalTemporal('2026-12-05T10:00:00.000Z')).toBe('2026-12-05T10:00:00Z');
  expect(canonicalTemporal('2026-12-05T10:00:00.100+00:00')).toBe('2026-12-05T10:00:00.1Z');
  expect(canonicalTemporal('2026-12-05T10:00:00-00:00')).toBe('2026-12-05T10:00:00Z');
  expect(canonicalTemporal('2026-12-05T10:00:00.123Z')).toBe('2026-12-05T10:00:00.123Z');
  expect(canonicalTemporal('10:00:00')).toBe('10:00:00');
});

it('equals the definition on temporal-like and arbitrary strings', () => {
  fc.assert(fc.property(fc.oneof(temporalLike, fc.string(), fc.stringMatching(/^[0-9.:+\-TZ]{0,16}$/)), (lexical) => {
    expect(canonicalTemporal(lexical)).toBe(byDefinition(lexical));
    expect(isStoreCanonical(lexical)).toBe(byDefinition(lexical) === lexical && !/T24:/.test(lexical));
  }), { numRuns: 5000 });
});

it('calls a toISOString timestamp canonical unless its milliseconds end in zero', () => {
  expect(isStoreCanonical(new Date(Date.UTC(2026, 11, 5, 10, 0, 0, 123)).toISOString())).toBe(true);
  expect(isStoreCanonical(new Date(Date.UTC(2026, 11, 5, 10, 0, 0, 120)).toISOString())).toBe(false);
  expect(isStoreCanonical('2026-12-05T24:00:00Z')).toBe(false);
});
