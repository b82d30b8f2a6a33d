/**
 * isValidLanguageTag is at least as strict as oxigraph's strict parsers (oxilangtag): every tag it accepts
 * is accepted by a strict N-Quads `load` of `"x"@tag`, and by SPARQL DELETE DATA (WAL replay of deletes).
 */
import fc from 'fast-check';
import oxigraph from 'oxigraph';
import { isValidLanguageTag } from '../../../fabric/rdf/languageTagValidation.js';

const NQ = 'application/n-quads';

function strictLoadAccepts(tag: string): boolean {
  try {
    new oxigraph.Store().load(`<urn:s> <urn:p> "x"@${tag} .\n`, { format: NQ });
    return true;
  } catch {
    return false;
  }
}

const subtag = fc.oneof(
  fc.constantFrom('en', 'de', 'zh', 'sgn', 'x', 'a', 'i', 'u', '1', 'Latn', 'Hant', 'CH', 'US', '419', '1996', '1901', 'rozaj', 'abcdefgh', 'abcdefghi', 'ca-ES', ''),
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', '-', '_', ' ', 'é', '@', '.'), maxLength: 9 }),
);
const tagLike = fc.array(subtag, { minLength: 1, maxLength: 7 }).map((parts) => parts.join('-'));

describe('isValidLanguageTag', () => {
  it('accepts only what oxigraph\'s strict N-Quads parser accepts (property)', () => {
    fc.assert(fc.property(tagLike, (tag) => {
      if (isValidLanguageTag(tag)) {
        expect(strictLoadAccepts(tag)).toBe(true);
        const store = new oxigraph.Store();
        store.load(`<urn:s> <urn:p> "x"@${tag} .\n`, { format: NQ, lenient: true });
        store.update(`DELETE DATA { <urn:s> <urn:p> "x"@${tag} }`);
        expect(store.size).toBe(0);
      }
    }), { numRuns: 10000 });
  });

  it.each(['en', 'de-CH', 'de-CH-1996', 'sr-Latn-RS', 'zh-yue-Hant-HK', 'es-419', 'en-a-bbb-x-a-ccc', 'x-private', 'sl-rozaj-biske', 'zh-min-nan'])(
    'accepts %s, as oxigraph does', (tag) => {
      expect(isValidLanguageTag(tag)).toBe(true);
      expect(strictLoadAccepts(tag)).toBe(true);
    },
  );

  it.each(['', 'x', 'en-', 'en-a', 'e', 'abcdefghi', 'en_US', 'en-US-', '1en', 'en--ltr-x'])('refuses %j, as oxigraph does', (tag) => {
    expect(isValidLanguageTag(tag)).toBe(false);
    expect(strictLoadAccepts(tag)).toBe(false);
  });

  it('refuses repeated variants and singletons (RFC 5646 §2.2.5, §2.2.6) and irregular grandfathered tags', () => {
    for (const tag of ['de-1996-1996', 'en-a-bbb-a-ccc', 'i-klingon', 'en-GB-oed']) expect(isValidLanguageTag(tag)).toBe(false);
  });
});
