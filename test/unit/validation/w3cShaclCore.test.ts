/**
 * Runs the W3C SHACL core test suite (test/fixtures/w3c-shacl, see SOURCE.md) through
 * ShaclValidator; cases and result keys in w3cShaclCases.ts.
 */
import { ShaclValidator } from '../../../fabric/validation/ShaclValidator.js';
import { cases, key } from './w3cShaclCases.js';

describe('W3C SHACL core test suite', () => {
  it('has the 98 core validate entries', () => {
    expect(cases).toHaveLength(98);
    // the expected reports were really read: most non-conforming cases list results
    const nonConforming = cases.filter((c) => !c.expectedConforms);
    expect(nonConforming.length).toBeGreaterThan(60);
    expect(nonConforming.filter((c) => c.expected.length > 0)).toHaveLength(nonConforming.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const report = await new ShaclValidator(c.shapes).validate(c.data);
    expect(report.conforms).toBe(c.expectedConforms);
    expect(report.results.map(key).sort()).toEqual([...c.expected].sort());
  });
});
