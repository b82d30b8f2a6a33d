/**
 * Merging a fragment into an attribute instance (GS CIM 009 v1.8 §5.6.4, §5.6.17): which members change,
 * which kind the instance keeps, and when a fragment cannot stand alone.
 */
import { BadRequestDataError } from '../../../../fabric/errors/FabricError.js';
import { NGSI_LD_NULL } from '../../../../fabric/ngsi-ld/codec/ngsiLdVocabulary.js';
import type { AttributeFragment } from '../../../../fabric/ngsi-ld/model/AttributeFragment.js';
import type { AttributeInstance } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { completeInstance, mergeAttributeMaps, mergeInstance, stampNew, stampReplacing } from '../../../../fabric/ngsi-ld/service/attributeEdits.js';

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

describe('sub-attributes: §5.5.8 replaces them in a partial update; §4.8 stamps them', () => {
  const SUB = 'https://example.org/sub';
  const EARLIER = '2026-12-01T00:00:00Z';
  const sub: AttributeInstance = { kind: 'Relationship', object: 'urn:ngsi-ld:X:1', unitCode: 'U', createdAt: EARLIER, modifiedAt: EARLIER, subAttributes: none };
  const withSub: AttributeInstance = { ...property, subAttributes: new Map([[SUB, [sub]]]) };
  const patchOf = (f: Partial<AttributeFragment>) => fragment({ hasContent: false, subAttributes: new Map([[SUB, [fragment(f)]]]) });

  it('a partial update replaces a sub-attribute whole, keeping its createdAt and type (concise content)', () => {
    const readAs = () => ({ object: 'urn:ngsi-ld:X:2' });
    const merged = mergeInstance(withSub, patchOf({ kind: 'Property', kindSource: 'implied', value: 'urn:ngsi-ld:X:2', readAs: readAs as never }), NOW, 'partial');
    expect(merged.subAttributes.get(SUB)).toEqual([{ kind: 'Relationship', object: 'urn:ngsi-ld:X:2', createdAt: EARLIER, modifiedAt: NOW, subAttributes: new Map() }]);
  });

  it('a partial update refuses an incomplete sub-attribute; a merge merges it', () => {
    expect(() => mergeInstance(withSub, patchOf({ hasContent: false, unitCode: 'V' }), NOW, 'partial')).toThrow(BadRequestDataError);
    const merged = mergeInstance(withSub, patchOf({ hasContent: false, unitCode: 'V' }), NOW, 'merge');
    expect(merged.subAttributes.get(SUB)).toEqual([{ ...sub, unitCode: 'V', modifiedAt: NOW }]);
  });

  it('NGSI-LD Null deletes a sub-attribute in both; a fragment without sub-attributes keeps the map as it is', () => {
    for (const mode of ['partial', 'merge'] as const) {
      expect(mergeInstance(withSub, patchOf({ kind: 'Property', value: NGSI_LD_NULL }), NOW, mode).subAttributes.size).toBe(0);
    }
    expect(mergeInstance(withSub, fragment({ hasContent: false, unitCode: 'K' }), NOW, 'partial').subAttributes).toBe(withSub.subAttributes);
  });

  it('stampNew stamps sub-attributes at any depth; stampReplacing keeps the createdAt of those it replaces', () => {
    const deep: AttributeInstance = { kind: 'Property', value: 1, subAttributes: new Map([[SUB, [{ ...sub, createdAt: undefined, modifiedAt: undefined, subAttributes: new Map([[SUB, [{ kind: 'Property', value: 2, subAttributes: none }]]]) }]]]) };
    const fresh = stampNew(deep, NOW);
    const level1 = fresh.subAttributes.get(SUB)![0];
    expect([level1.createdAt, level1.modifiedAt, level1.subAttributes.get(SUB)![0].createdAt]).toEqual([NOW, NOW, NOW]);
    const replaced = stampReplacing({ ...property, subAttributes: new Map([[SUB, [{ kind: 'Property', value: 3, subAttributes: none }]]]) }, withSub, NOW);
    expect(replaced.subAttributes.get(SUB)![0]).toMatchObject({ createdAt: EARLIER, modifiedAt: NOW });
    expect(stampNew(property, NOW).subAttributes).toBe(property.subAttributes);
  });
});

