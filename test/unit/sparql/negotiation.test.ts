import { negotiate, resolveFormatOverride } from '../../../sparql/negotiation.js';
import { GRAPH_MEDIA_TYPES, SOLUTION_MEDIA_TYPES } from '../../../sparql/mediaTypes.js';
import { NotAcceptableError } from '../../../fabric/errors/FabricError.js';

describe('negotiate (RFC 9110 §12.5.1)', () => {
  it('defaults to the first offer without Accept or with */*', () => {
    expect(negotiate(undefined, SOLUTION_MEDIA_TYPES)).toBe('application/sparql-results+json');
    expect(negotiate('*/*', GRAPH_MEDIA_TYPES)).toBe('text/turtle');
  });
  it('honours q-values and specificity', () => {
    expect(negotiate('text/csv;q=0.5, application/sparql-results+xml;q=0.9', SOLUTION_MEDIA_TYPES)).toBe('application/sparql-results+xml');
    expect(negotiate('text/*;q=0.2, text/tab-separated-values', SOLUTION_MEDIA_TYPES)).toBe('text/tab-separated-values');
    expect(negotiate('*/*;q=0.1, application/n-triples', GRAPH_MEDIA_TYPES)).toBe('application/n-triples');
    expect(negotiate('text/turtle;q=0, */*', GRAPH_MEDIA_TYPES)).toBe('application/n-triples');
  });
  it('maps aliases such as application/json', () => {
    expect(negotiate('application/json', SOLUTION_MEDIA_TYPES)).toBe('application/sparql-results+json');
  });
  it('throws 406 when nothing fits', () => {
    expect(() => negotiate('image/png', SOLUTION_MEDIA_TYPES)).toThrow(NotAcceptableError);
    expect(() => negotiate('text/turtle', SOLUTION_MEDIA_TYPES)).toThrow(NotAcceptableError);
  });
  it('resolves ?format= short names', () => {
    expect(resolveFormatOverride('tsv', SOLUTION_MEDIA_TYPES)).toBe('text/tab-separated-values');
    expect(resolveFormatOverride('application/trig', GRAPH_MEDIA_TYPES)).toBe('application/trig');
    expect(() => resolveFormatOverride('csv', GRAPH_MEDIA_TYPES)).toThrow(NotAcceptableError);
  });
});
