/**
 * isValidIri is at least as strict as oxigraph's strict parsers: every string it accepts is accepted by a
 * strict N-Quads `load`, stored unchanged by a `lenient` load, dumped and re-parsed strictly (snapshot,
 * WAL replay) and named in a SPARQL DELETE DATA (WAL replay of deletes). Checked on IRI-like strings built
 * from the awkward parts (spaces, <>"{}|^`\, %-escapes good and bad, IPv6 / IPvFuture hosts, ports, unicode,
 * private-use and non-characters, lone surrogates, control characters, empty or odd schemes).
 */
import fc from 'fast-check';
import oxigraph from 'oxigraph';
import { isValidIri } from '../../../fabric/rdf/iriValidation.js';

const NQ = 'application/n-quads';

function strictLoadAccepts(iri: string): boolean {
  try {
    new oxigraph.Store().load(`<${iri}> <urn:p> <urn:o> .\n`, { format: NQ });
    return true;
  } catch {
    return false;
  }
}

/** Everything downstream of a lenient load of a validated IRI works as after a strict one. */
function survivesStore(iri: string): void {
  const store = new oxigraph.Store();
  store.load(`<${iri}> <urn:p> <urn:o> .\n`, { format: NQ, lenient: true });
  expect(store.match(null, null, null, null).map((q) => q.subject.value)).toEqual([iri]);
  const dumped = store.dump({ format: NQ });
  expect(oxigraph.parse(dumped, { format: NQ }).map((q) => q.subject.value)).toEqual([iri]);
  store.update(`DELETE DATA { <${iri}> <urn:p> <urn:o> }`);
  expect(store.size).toBe(0);
}

const pick = <T>(...items: T[]): fc.Arbitrary<T> => fc.constantFrom(...items);
const awkward = pick(
  'a', 'Z', '0', '-', '.', '_', '~', '!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', ':', '@', '/', '?', '#',
  ' ', '<', '>', '"', '{', '}', '|', '^', '`', '\\', '[', ']', '%', '%41', '%c3%A9', '%zz', '%4', '%G0',
  'é', 'Gerät', '\u00A0', '\uD7FF', '\uE000', '\uF8FF', '\uFDD0', '\uFFEF', '\uFFFE', '\uFFFF', '\u{1F600}', '\u{10FFFD}', '\u{E0001}',
  '\uD800', '\uDC00', '\u0000', '\u0001', '\u001F', '\u007F', '\u0085', '\t', '\n', '\r', '\u2028', '\u200B',
);
const text = fc.array(awkward, { maxLength: 8 }).map((parts) => parts.join(''));
const scheme = pick('http', 'https', 'urn', 'a', 'A+b-c.d', '', '1a', 'a b', 'é', 'h_t');
const host = fc.oneof(
  text,
  pick('[::1]', '[2001:db8::1]', '[::ffff:192.0.2.1]', '[1:2:3:4:5:6:7:8]', '[1:2:3:4:5:6:7:8:9]', '[::1', '[:::1]', '[1::2::3]',
    '[v1.x]', '[v1.":]', '[vz.x]', '[v1.]', '192.0.2.1', '256.1.1.1', 'example.org', 'ex%41mple', 'bücher.example', ''),
);
const port = pick('', ':', ':80', ':8080', ':80a', ':-1', '::80', ':65536');
const authority = fc.tuple(fc.option(text.map((u) => `${u}@`), { nil: '' }), host, port).map((p) => p.join(''));
const iriLike = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(scheme, pick(':', '://', ':/', ''), authority, text, fc.option(text.map((q) => `?${q}`), { nil: '' }), fc.option(text.map((f) => `#${f}`), { nil: '' })).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.tuple(scheme, text).map(([s, t]) => `${s}:${t}`) },
);

describe('isValidIri', () => {
  it('accepts only what oxigraph\'s strict N-Quads parser accepts (property)', () => {
    fc.assert(fc.property(iriLike, (candidate) => {
      if (isValidIri(candidate)) {
        expect(strictLoadAccepts(candidate)).toBe(true);
        survivesStore(candidate);
      }
    }), { numRuns: 10000 });
  });

  it.each([
    'urn:ngsi-ld:InfrastructureElement:bench:7',
    'https://w3id.org/continuum-fabric/.well-known/genid/attr/TOU89X3Mo9zFih5Tgh4761pawlc',
    'http://[2001:db8::1]:8080/p%C3%A9?q=1#f',
    'http://[v7.a:b]/',
    'http://user:pw@192.0.2.1:80/a/b/../c',
    'urn:ngsi-ld:Gerät:é',
    'http://example.org/?q=\uE000',
    'mailto:x@example.org',
    'a:',
    'file:///etc/hosts',
  ])('accepts the valid IRI %s, as oxigraph does', (iri) => {
    expect(isValidIri(iri)).toBe(true);
    expect(strictLoadAccepts(iri)).toBe(true);
  });

  it.each([
    ['a relative reference', 'a/b'],
    ['an empty string', ''],
    ['a space', 'urn:a b'],
    ['an angle bracket', 'urn:a>b'],
    ['a bad %-escape', 'urn:a%zz'],
    ['a truncated %-escape', 'urn:a%4'],
    ['a control character', 'urn:a\u0001'],
    ['a private-use character outside the query', 'urn:\uE000'],
    ['a lone surrogate', 'urn:\uD800'],
    ['an unclosed IPv6 host', 'http://[::1/x'],
    ['an IPv6 host of nine groups', 'http://[1:2:3:4:5:6:7:8:9]/'],
    ['a port with letters', 'http://example.org:80a/'],
    ['a quote inside an IPvFuture host', 'http://[v1.":]/'],
    ['a scheme starting with a digit', '1a:b'],
  ])('refuses %s (%j), as oxigraph does', (_case, iri) => {
    expect(isValidIri(iri)).toBe(false);
    expect(strictLoadAccepts(iri)).toBe(false);
  });

  it('answers long adversarial inputs (no catastrophic backtracking)', () => {
    // validate-iri's nested quantifiers take minutes on ~26 such characters; this grammar is linear.
    for (const tail of ['%', '%zz', '[', ' ', '\u0001']) {
      expect(isValidIri(`http://a/${'a'.repeat(5000)}${tail}`)).toBe(false);
      expect(isValidIri(`http://${'a@'.repeat(2000)}${tail}`)).toBe(false);
      expect(isValidIri(`urn:${'%41'.repeat(3000)}${tail}`)).toBe(false);
      expect(isValidIri(`http://a/${'/a'.repeat(3000)}?${'a?'.repeat(2000)}${tail}`)).toBe(false);
    }
  });
});
