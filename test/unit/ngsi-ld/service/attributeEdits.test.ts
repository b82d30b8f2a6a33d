/**
 * Merging a fragment into an attribute instance (GS CIM 009 v1.8 §5.6.4, §5.6.17): which members change,
 * which kind the instance keeps, and when a fragment cannot stand alone.
 */
import { BadRequestDataError } from '../../../../fabric/errors/FabricError.js';
import { NGSI_LD_NULL } from '../../../../fabric/ngsi-ld/codec/ngsiLdVocabulary.js';
import type { AttributeFragment } from '../../../../fabric/ngsi-ld/model/AttributeFragment.js';
import type { AttributeInstance } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { completeInstance, mergeAttributeMaps, mergeInstance } from '../../../../fabric/ngsi-ld/service/attributeEdits.js';

const NOW = '2026-12-05T03:30:00Z';
const none = new Map<string, AttributeInstance[]>();
const property: AttributeInstance = { kind: 'Property', value: 'str', unitCode: 'X', observedAt: '2026-12-01T10:00:00Z', createdAt: '2026-12-01T10:00:00Z', subAttributes: none };
const relationship: AttributeInstance = { kind: 'Relationship', object: 'urn:ngsi-ld:X:1', objectType: 'https://example.org/X', subAttributes: none };
const fragment = (f: Partial<AttributeFragment>): AttributeFragment => ({ name: 'a', subAttributes: new Map(), ...f });

describe('mergeInstance', () => {
  it('changes only the members a fragment gives; NGSI-LD Null deletes one', () => {
    const merged = mergeInstance(property, fragment({ hasContent: false, unitCode: 'KGM', observedAt: NGSI_LD_NULL }), NOW, 'partial');
    expect(merged).toEqual({ kind: 'Property', value: 'str', unitCode: 'KGM', createdAt: property.createdAt, modifiedAt: NOW, subAttributes: new Map() });
  });

  it('keeps the kind of the instance for implied content, read as that kind', () => {
    const readAs = (kind: string) => (kind === 'Relationship' ? { object: 'urn:ngsi-ld:X:7' } : {});
    const merged = mergeInstance(relationship, fragment({ kind: 'Property', kindSource: 'implied', value: 'urn:ngsi-ld:X:7', readAs: readAs as never }), NOW, 'partial');
    expect([merged.kind, merged.object, merged.value, merged.objectType]).toEqual(['Relationship', 'urn:ngsi-ld:X:7', undefined, relationship.objectType]);
  });

  it('refuses another kind\'s own member without "type", and a stated type change in a partial update', () => {
    expect(() => mergeInstance(property, fragment({ kind: 'Relationship', kindSource: 'implied', object: 'urn:ngsi-ld:X:2' }), NOW, 'merge')).toThrow(BadRequestDataError);
    expect(() => mergeInstance(relationship, fragment({ kind: 'Property', value: 'v' }), NOW, 'partial')).toThrow(/cannot change its type/);
  });

  it('changes the kind in a merge when the fragment states it with the new content, dropping the old content and objectType', () => {
    const merged = mergeInstance(relationship, fragment({ kind: 'Property', value: 'v' }), NOW, 'merge');
    expect([merged.kind, merged.value, merged.object, merged.objectType]).toEqual(['Property', 'v', undefined, undefined]);
    expect(() => mergeInstance(relationship, fragment({ kind: 'Property', hasContent: false }), NOW, 'merge')).toThrow(/needs its "value" member/);
  });
});

describe('completeInstance and mergeAttributeMaps', () => {
  it('a fragment with nothing to merge into needs its kind and main member', () => {
    expect(() => completeInstance(fragment({ hasContent: false, unitCode: 'KGM' }), 'https://example.org/a')).toThrow(/needs a "value" member/);
    expect(completeInstance(fragment({ kind: 'Property', value: 1, unitCode: NGSI_LD_NULL }), 'https://example.org/a')).toEqual({ kind: 'Property', value: 1, subAttributes: new Map() });
  });

  it('merges sub-attribute fragments into existing sub-attributes and adds complete new ones', () => {
    const base = new Map([['https://example.org/s', [{ ...property, subAttributes: new Map([['https://example.org/sub', [{ kind: 'Property' as const, value: 1, subAttributes: none }]]]) }]]]);
    const patch = new Map([['https://example.org/s', [fragment({ hasContent: false, subAttributes: new Map([
      ['https://example.org/sub', [fragment({ kind: 'Property', kindSource: 'implied', value: 2 })]],
      ['https://example.org/other', [fragment({ kind: 'Property', value: 'o' })]],
    ]) })]]]);
    const s = mergeAttributeMaps(base, patch, NOW).attributes.get('https://example.org/s')![0];
    expect(s.value).toBe('str');
    expect(s.subAttributes.get('https://example.org/sub')![0].value).toBe(2);
    expect(s.subAttributes.get('https://example.org/other')![0].value).toBe('o');
  });
});
