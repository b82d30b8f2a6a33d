/**
 * §6.3.4 response negotiation (negotiateResponse). Each distinct Accept header is negotiated once and
 * remembered per offer (with or without application/geo+json); the answers must not depend on what
 * was asked before, and a 406 is never remembered as an answer.
 */
import { NotAcceptableError } from '../../../../fabric/errors/FabricError.js';
import { negotiateResponse } from '../../../../fabric/http/ngsi-ld/mediaTypes.js';

describe('negotiateResponse', () => {
  it('answers the same for a repeated Accept header, per offer', () => {
    for (let round = 0; round < 2; round++) {
      expect(negotiateResponse(undefined)).toBe('application/json');
      expect(negotiateResponse('')).toBe('application/json');
      expect(negotiateResponse('*/*')).toBe('application/json');
      expect(negotiateResponse('application/ld+json')).toBe('application/ld+json');
      expect(negotiateResponse('application/json;q=0.5, application/ld+json')).toBe('application/ld+json');
      expect(negotiateResponse('application/geo+json, application/json;q=0.1', { geo: true })).toBe('application/geo+json');
      expect(negotiateResponse('application/geo+json, application/json;q=0.1')).toBe('application/json');
    }
  });

  it('answers 406 every time for an Accept header that allows nothing offered', () => {
    expect(() => negotiateResponse('text/html')).toThrow(NotAcceptableError);
    expect(() => negotiateResponse('text/html')).toThrow(NotAcceptableError);
    expect(() => negotiateResponse('application/geo+json')).toThrow(NotAcceptableError);
    expect(negotiateResponse('application/geo+json', { geo: true })).toBe('application/geo+json');
    expect(() => negotiateResponse('application/geo+json')).toThrow(NotAcceptableError);
  });
});
