import { contextFromLinkHeader } from '../../../../fabric/http/ngsi-ld/linkHeader.js';
import { BadRequestDataError } from '../../../../fabric/errors/FabricError.js';

const link = (url: string) => `<${url}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;

describe('contextFromLinkHeader (GS CIM 009 §6.3.5)', () => {
  it('reads the context URL of one Link header, the same on every call', () => {
    expect(contextFromLinkHeader(link('https://example.org/a.jsonld'))).toBe('https://example.org/a.jsonld');
    expect(contextFromLinkHeader(link('https://example.org/a.jsonld'))).toBe('https://example.org/a.jsonld');
    expect(contextFromLinkHeader('<https://example.org/next>; rel="next"')).toBeUndefined();
    expect(contextFromLinkHeader('<https://example.org/next>; rel="next"')).toBeUndefined();
  });

  it('rejects a malformed or relative link on every request, not only the first', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => contextFromLinkHeader(link('relative.jsonld'))).toThrow(BadRequestDataError);
      expect(() => contextFromLinkHeader('https://example.org/no-brackets')).toThrow(/Malformed Link header/);
      expect(() => contextFromLinkHeader(`${link('https://example.org/a')}, ${link('https://example.org/b')}`)).toThrow(/more than one/);
    }
  });

  it('reads a context link among others, with several relation types and commas inside the target (RFC 8288 §3)', () => {
    expect(contextFromLinkHeader('<https://example.org/a,b>; rel=next, <https://example.org/c.jsonld>; rel="alternate http://www.w3.org/ns/json-ld#context"'))
      .toBe('https://example.org/c.jsonld');
  });

  it('keeps answering right past the number of remembered headers', () => {
    for (let i = 0; i < 600; i++) expect(contextFromLinkHeader(link(`https://example.org/${i}.jsonld`))).toBe(`https://example.org/${i}.jsonld`);
    expect(contextFromLinkHeader(link('https://example.org/0.jsonld'))).toBe('https://example.org/0.jsonld');
  });

  it('takes several header lines together', () => {
    expect(contextFromLinkHeader(['<https://example.org/n>; rel="next"', link('https://example.org/c.jsonld')])).toBe('https://example.org/c.jsonld');
    expect(() => contextFromLinkHeader([link('https://example.org/a'), link('https://example.org/b')])).toThrow(/more than one/);
  });
});
