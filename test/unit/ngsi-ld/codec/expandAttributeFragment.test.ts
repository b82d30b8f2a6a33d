/**
 * Attribute fragments (GS CIM 009 v1.8 §5.5.8, §5.5.12; §5.6.4, §5.6.17): what a fragment gives and what it
 * leaves to the existing attribute, and where it still answers create's structural errors.
 */
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import type { ProcessedContext } from '../../../../fabric/ngsi-ld/context/ProcessedContext.js';
import { expandAttributeFragments } from '../../../../fabric/ngsi-ld/codec/expandAttributeFragment.js';
import { expandEntityFragment } from '../../../../fabric/ngsi-ld/codec/expandEntity.js';
import { NGSI_LD_NULL } from '../../../../fabric/ngsi-ld/codec/ngsiLdVocabulary.js';
import { BadRequestDataError } from '../../../../fabric/errors/FabricError.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
let ctx: ProcessedContext;
beforeAll(async () => {
  ctx = await new ContextResolver().resolve(CONTINUUM_CONTEXT_URL);
});
const one = (json: unknown) => expandAttributeFragments('cpuCores', json as never, ctx)[0];

describe('expandAttributeFragments', () => {
  it('a fragment of members has no kind and no content', () => {
    const f = one({ unitCode: 'KGM', observedAt: '2026-12-05T03:00:00Z' });
    expect(f.kind).toBeUndefined();
    expect(f.hasContent).toBe(false);
    expect([f.unitCode, f.observedAt, f.value]).toEqual(['KGM', '2026-12-05T03:00:00Z', undefined]);
  });

  it('a stated type without main member keeps the kind and has no content', () => {
    const f = one({ type: 'Property', unitCode: 'KGM' });
    expect([f.kind, f.kindSource, f.hasContent]).toEqual(['Property', undefined, false]);
  });

  it('a sub-attribute-only object is a fragment; a plain JSON object is a concise Property value', () => {
    const sub = one({ cpuCores: { value: 2 } });
    expect(sub.hasContent).toBe(false);
    expect(sub.subAttributes.get(`${AEROS}cpuCores`)?.[0].value).toBe(2);
    const value = one({ street: 'Main', number: 1 });
    expect([value.kind, value.kindSource]).toEqual(['Property', 'implied']);
    expect(Object.values(value.value as object)).toEqual(['Main', 1]);
  });

  it('content without "type" is implied and can be read as another kind (§5.6.17 keeps the existing type)', () => {
    const f = one({ value: 'urn:ngsi-ld:X:7' });
    expect([f.kind, f.kindSource, f.value]).toEqual(['Property', 'implied', 'urn:ngsi-ld:X:7']);
    expect(f.readAs!('Relationship')).toEqual({ object: 'urn:ngsi-ld:X:7' });
    expect(() => one({ value: 'not a uri' }).readAs!('Relationship')).toThrow(BadRequestDataError);
    expect(one('urn:ngsi-ld:X:8').readAs!('Relationship')).toEqual({ object: 'urn:ngsi-ld:X:8' });
    expect(one({ object: 'urn:ngsi-ld:X:9' }).readAs).toBeUndefined(); // a kind's own member says the kind
  });

  it('NGSI-LD Null deletes a member, or the instance', () => {
    const f = one({ unitCode: null, observedAt: NGSI_LD_NULL });
    expect([f.unitCode, f.observedAt]).toEqual([NGSI_LD_NULL, NGSI_LD_NULL]);
    expect(one(null).value).toBe(NGSI_LD_NULL);
  });

  it('keeps the structural errors of the members it is given', () => {
    expect(() => one({ observedAt: 'yesterday' })).toThrow(BadRequestDataError);
    expect(() => one({ type: 'Relationship', object: 'not a uri' })).toThrow(BadRequestDataError);
    expect(() => one({ value: 1, object: 'urn:ngsi-ld:X:1' })).toThrow(BadRequestDataError);
  });
});

describe('expandEntityFragment', () => {
  it('reads scope NGSI-LD Null as a deletion and a scope as a replacement; the id may come from the URL', () => {
    expect(expandEntityFragment({ scope: NGSI_LD_NULL }, ctx, { requireId: false }).scope).toBeNull();
    expect(expandEntityFragment({ scope: null }, ctx, { requireId: false }).scope).toBeNull();
    expect(expandEntityFragment({ scope: '/a' }, ctx, { requireId: false }).scope).toEqual(['/a']);
    expect(() => expandEntityFragment({ scope: 'a' }, ctx, { requireId: false })).toThrow(BadRequestDataError);
    expect(() => expandEntityFragment({ scope: '/a' }, ctx)).toThrow(BadRequestDataError);
  });
});
