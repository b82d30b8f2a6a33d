/**
 * §5.5.12 merge patch on an instance's content (GS CIM 009 v1.8): RFC 7396 MergePatch on a Property's JSON object value
 * and a JsonProperty's json, per language on a languageMap; everything else replaced.
 */
import { BadRequestDataError } from '../../../../fabric/errors/FabricError.js';
import { NGSI_LD_NULL } from '../../../../fabric/ngsi-ld/codec/ngsiLdVocabulary.js';
import type { AttributeInstance, JsonValue } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { mergePatch, mergePatchContent } from '../../../../fabric/ngsi-ld/service/mergePatchContent.js';

const none = new Map<string, AttributeInstance[]>();
const instance = (i: Partial<AttributeInstance>): AttributeInstance => ({ kind: 'Property', subAttributes: none, ...i });
const removesNull = (v: JsonValue): boolean => v === null;

describe('mergePatch (RFC 7396 §2, NGSI-LD Null as the remover)', () => {
  it.each<[string, JsonValue | undefined, JsonValue, JsonValue]>([
    ['a member replaced', { a: 'b' }, { a: 'c' }, { a: 'c' }],
    ['a member added', { a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    ['a member removed', { a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    ['an array replaced whole', { a: ['b'] }, { a: ['c', 'd'] }, { a: ['c', 'd'] }],
    ['an object replacing a scalar, its nulls dropped', { a: 'b' }, { a: { b: 'c', d: null } }, { a: { b: 'c' } }],
    ['a nested object merged', { a: { b: 'c', d: 1 } }, { a: { d: null, e: { f: 2 } } }, { a: { b: 'c', e: { f: 2 } } }],
    ['a scalar patch replaces an object', { a: 'foo' }, 'bar', 'bar'],
    ['no target', undefined, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%s', (_what, target, patch, expected) => {
    expect(mergePatch(target, patch, removesNull)).toEqual(expected);
  });

  it('leaves the target unchanged (a new object is returned)', () => {
    const target = { a: { b: 1 } };
    mergePatch(target, { a: { b: 2 } }, removesNull);
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe('mergePatchContent (§5.5.12)', () => {
  it('merges a Property\'s JSON object value; null and "urn:ngsi-ld:null" remove members (EXAMPLE 2)', () => {
    const previous = instance({ value: { street: 'S', city: 'Berlin', country: 'Germany' } });
    const merged = mergePatchContent('Property', previous, { value: { street: 'P', country: NGSI_LD_NULL, city: null } }, 'address');
    expect(merged).toEqual({ value: { street: 'P' } });
  });

  it('replaces typed values, arrays and scalars, and values that were not objects', () => {
    const typed = { '@type': 'https://uri.etsi.org/ngsi-ld/DateTime', '@value': '2026-12-05T00:00:00Z' };
    expect(mergePatchContent('Property', instance({ value: { a: 1 } }), { value: typed }, 'p')).toEqual({ value: typed });
    expect(mergePatchContent('Property', instance({ value: typed }), { value: { a: 1 } }, 'p')).toEqual({ value: { a: 1 } });
    expect(mergePatchContent('Property', instance({ value: [1] }), { value: [2] }, 'p')).toEqual({ value: [2] });
    expect(mergePatchContent('Property', instance({ value: 3 }), { value: { a: null } }, 'p')).toEqual({ value: { a: null } });
  });

  it('merges a JsonProperty\'s json, where only "urn:ngsi-ld:null" removes (null is a JSON value there)', () => {
    const previous = instance({ kind: 'JsonProperty', value: { a: 1, b: 2, c: { d: 3 } } });
    expect(mergePatchContent('JsonProperty', previous, { value: { a: NGSI_LD_NULL, b: null, c: { e: 4 } } }, 'j'))
      .toEqual({ value: { b: null, c: { d: 3, e: 4 } } });
  });

  it('merges a languageMap by language tag, "urn:ngsi-ld:null" removing one; refuses to empty it', () => {
    const previous = instance({ kind: 'LanguageProperty', languageMap: { en: 'Tower', fr: 'Tour' } });
    expect(mergePatchContent('LanguageProperty', previous, { languageMap: { fr: NGSI_LD_NULL, de: ['Turm', 'Türme'] } }, 'name'))
      .toEqual({ languageMap: { en: 'Tower', de: ['Turm', 'Türme'] } });
    expect(() => mergePatchContent('LanguageProperty', previous, { languageMap: { en: NGSI_LD_NULL, fr: NGSI_LD_NULL } }, 'name')).toThrow(BadRequestDataError);
  });

  it('replaces the content of every other kind', () => {
    const given = { object: 'urn:ngsi-ld:X:2' };
    expect(mergePatchContent('Relationship', instance({ kind: 'Relationship', object: 'urn:ngsi-ld:X:1' }), given, 'r')).toBe(given);
    const geometry = { geometry: { type: 'Point' as const, coordinates: [1, 2] } };
    expect(mergePatchContent('GeoProperty', instance({ kind: 'GeoProperty', geometry: { type: 'Point', coordinates: [0, 0] } }), geometry, 'g')).toBe(geometry);
  });
});
