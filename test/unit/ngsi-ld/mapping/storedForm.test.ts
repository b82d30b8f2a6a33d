/**
 * mapping/storedForm.ts against oxigraph itself: for random literals (numbers, booleans, dates,
 * times, language tags, strings, other datatypes, inside RDF 1.2 triple terms too) every stored
 * form it claims is exactly what the store dumps back after the quad is inserted; forms it cannot
 * tell answer undefined.
 */
import fc from 'fast-check';
import type * as RDF from '@rdfjs/types';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { storedForm } from '../../../../fabric/ngsi-ld/mapping/storedForm.js';
import { quadsToNQuads } from '../../../../fabric/ngsi-ld/mapping/nquadsText.js';
import { termFactory as f } from '../../../../fabric/ngsi-ld/mapping/termFactory.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const G = f.namedNode('urn:ngsi-ld:Thing:g');
const S = f.namedNode('urn:ngsi-ld:Thing:g');
const typed = (value: string, type: string): RDF.Literal => f.literal(value, f.namedNode(type.includes(':') ? type : `${XSD}${type}`));

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const fraction = fc.oneof(fc.constant(''), fc.stringMatching(/^\.[0-9]{1,7}$/));
const zone = fc.constantFrom('', 'Z', '+00:00', '-00:00', '+01:00', '-05:30', '+14:00', '+15:00');
const time = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fraction)
  .map(([h, m, s, fr]) => `${pad(h)}:${pad(m)}:${pad(s)}${fr}`);
const date = fc.tuple(fc.integer({ min: 0, max: 2200 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);
const number = fc.oneof(fc.integer(), fc.double({ noNaN: false }), fc.maxSafeInteger(), fc.constantFrom(0.1, 1e21, 1e-7, 1.5e300, -0, 123456.7));
const literal: fc.Arbitrary<RDF.Literal> = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).chain((n) => fc.constantFrom(String(n), `+${n}`, `0${n}`, ` ${n}`)).map((v) => typed(v, 'integer')),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map((n) => typed(String(n), 'integer')),
  number.chain((n) => fc.constantFrom(String(n), n.toExponential(), n.toFixed(2))).map((v) => typed(v, 'double')),
  number.map((n) => typed(String(n), 'float')),
  fc.stringMatching(/^-?[0-9]{1,20}(\.[0-9]{0,20})?$/).map((v) => typed(v, 'decimal')),
  fc.constantFrom('true', 'false', '1', '0', 'TRUE').map((v) => typed(v, 'boolean')),
  fc.tuple(date, time, zone).map(([d, t, z]) => typed(`${d}T${t}${z}`, 'dateTime')),
  fc.tuple(date, zone).map(([d, z]) => typed(`${d}${z}`, 'date')),
  fc.tuple(time, zone).map(([t, z]) => typed(`${t}${z}`, 'time')),
  fc.constantFrom('P1D', '2026', 'abc').map((v) => typed(v, 'gYear')),
  fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom('en', 'EN', 'de-CH', 'zh-Hant-TW', 'x-Private')).map(([v, l]) => f.literal(v, l)),
  fc.string({ unit: 'grapheme', maxLength: 8 }).map((v) => f.literal(v)),
  fc.json().map((v) => typed(v, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON')),
);
const P = f.namedNode('https://example.org/ns#p');
const quad: fc.Arbitrary<RDF.Quad> = fc.tuple(literal, fc.boolean()).map(([o, reified]) => (reified
  ? f.quad(f.namedNode('urn:ngsi-ld:Thing:g#r'), f.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies'), f.quad(S, P, o) as unknown as RDF.Quad_Object, G)
  : f.quad(S, P, o, G)));

describe('storedForm', () => {
  test('every stored form it gives is the form oxigraph dumps back', () => {
    let claimed = 0;
    let rewritten = 0;
    fc.assert(fc.property(quad, (q) => {
      const store = new MemoryGraphStore();
      try {
        store.raw.load(quadsToNQuads([q]), { format: 'application/n-quads' });
      } catch {
        return; // a form the store refuses is never written by an accepted commit
      }
      const stored = storedForm([q]);
      if (!stored) return;
      claimed++;
      if (stored[0] !== q) rewritten++;
      expect(store.dump('application/n-quads').trim()).toBe(quadsToNQuads(stored).trim());
    }), { numRuns: 4000, seed: 20261202 });
    expect(claimed).toBeGreaterThan(1000);
    expect(rewritten).toBeGreaterThan(100);
  });

  test('known forms: kept, rewritten as the store does, or unknown', () => {
    const one = (o: RDF.Term): string | undefined => {
      const out = storedForm([f.quad(S, P, o as RDF.Quad_Object, G)]);
      return out && quadsToNQuads(out).split(' ')[2];
    };
    expect(one(typed('5', 'integer'))).toBe('"5"^^<http://www.w3.org/2001/XMLSchema#integer>');
    expect(one(typed('+5', 'integer'))).toBeUndefined();
    expect(one(typed('1.0E0', 'double'))).toBeUndefined();
    expect(one(typed('1e-7', 'double'))).toBeUndefined();
    expect(one(typed('2026-12-01T09:00:00.120Z', 'dateTime'))).toBe('"2026-12-01T09:00:00.12Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>');
    expect(one(typed('2026-12-01T09:00:00.000+00:00', 'dateTime'))).toBe('"2026-12-01T09:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>');
    expect(one(typed('2026-12-01T24:00:00Z', 'dateTime'))).toBeUndefined();
    expect(one(f.literal('x', 'EN'))).toBe('"x"@en');
    expect(one(typed('1', 'float'))).toBeUndefined();
    const unchanged = [f.quad(S, P, f.literal('x'), G)];
    expect(storedForm(unchanged)).toBe(unchanged);
  });
});
