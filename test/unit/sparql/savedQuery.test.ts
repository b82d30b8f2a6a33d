import { SavedQuery, parseHeader } from '../../../sparql/savedQuery.js';
import { InvalidRequestError } from '../../../fabric/errors/FabricError.js';

const TEXT = `# @description Things of a kind
# @param kind IRI The kind
# @param min integer = 0 Minimum
# @param label string? A label
PREFIX ex: <http://e/>
SELECT ?s WHERE { ?s a ?kind ; ex:n ?n FILTER(?n >= ?min) }`;

describe('saved queries (# @param header, VALUES binding)', () => {
  it('reads description and parameters', () => {
    expect(parseHeader('t', TEXT)).toEqual({
      name: 't', description: 'Things of a kind',
      params: [
        { name: 'kind', type: 'IRI', required: true, description: 'The kind' },
        { name: 'min', type: 'integer', required: false, defaultValue: '0', description: 'Minimum' },
        { name: 'label', type: 'string', required: false, description: 'A label' },
      ],
    });
  });
  it('binds arguments as terms in a VALUES block', () => {
    const text = new SavedQuery('t', TEXT).bind({ kind: 'ex:Thing', label: 'a "quoted" } label' });
    expect(text).toMatch(/VALUES \(\?kind \?min \?label\) \{\s*\(ex:Thing 0\s+"a \\"quoted\\" } label"\)\s*\}/);
  });
  it('refuses injection attempts, missing and unknown parameters', () => {
    const q = new SavedQuery('t', TEXT);
    expect(() => q.bind({ kind: 'http://e/x> } ; DROP ALL #' })).toThrow(InvalidRequestError);
    expect(() => q.bind({ kind: 'http://e/x', min: '1; DROP ALL' })).toThrow(InvalidRequestError);
    expect(() => q.bind({})).toThrow(/needs the parameter kind/);
    expect(() => q.bind({ kind: 'http://e/x', other: '1' })).toThrow(/Unknown parameter/);
  });
});
