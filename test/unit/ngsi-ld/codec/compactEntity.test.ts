/**
 * Output representations (GS CIM 009 v1.8): normalized, concise (§4.5.1), keyValues /
 * simplified (§4.5.4), sysAttrs (§4.8), lang (§4.15), pick / omit (§4.21) and GeoJSON
 * (§4.5.16). Concise output read back by expandEntity gives the same entity.
 */
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import type { ProcessedContext } from '../../../../fabric/ngsi-ld/context/ProcessedContext.js';
import { expandEntity } from '../../../../fabric/ngsi-ld/codec/expandEntity.js';
import { compactEntity } from '../../../../fabric/ngsi-ld/codec/compactEntity.js';
import { entitiesToFeatureCollection, entityToFeature } from '../../../../fabric/ngsi-ld/codec/geoJsonRendering.js';
import { allKindsEntity, type Json } from '../ngsiLdTestData.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
let ctx: ProcessedContext;
let json: Json;
beforeAll(async () => {
  ctx = await new ContextResolver().resolve(CONTINUUM_CONTEXT_URL);
  json = allKindsEntity();
});
const entity = () => expandEntity(json, ctx, { keepSystemAttributes: true });

describe('compactEntity', () => {
  it('normalized without sysAttrs gives back the payload minus system attributes', () => {
    const out = compactEntity(entity(), ctx);
    expect(out.createdAt).toBeUndefined();
    expect(out.cpuCores).toEqual({ type: 'Property', value: 8 });
    expect(out.trustScore).toEqual((json as { trustScore: unknown }).trustScore);
  });

  it('normalized with sysAttrs gives back the payload exactly', () => {
    expect(compactEntity(entity(), ctx, { sysAttrs: true })).toEqual(json);
  });

  it('concise: bare values where nothing else is said, members kept otherwise', () => {
    const out = compactEntity(entity(), ctx, { format: 'concise' });
    expect(out.cpuCores).toBe(8);
    expect(out.hostname).toBe('edge-1');
    expect(out.labels).toEqual(['b', 'a', 'b']);
    expect(out.currentCpuUsage).toMatchObject({ value: 12.5, unitCode: 'P1', measuredBy: { object: 'urn:ngsi-ld:Sensor:1' } });
    expect(out.lastBoot).toEqual({ value: { '@type': 'DateTime', '@value': '2026-11-19T23:00:00.000Z' } });
    expect(out.domain).toEqual({ object: 'urn:ngsi-ld:Domain:D1', objectType: 'Domain' });
    expect(out.location).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] });
    expect(out.street).toEqual({ languageMap: { fr: 'Grand Place', nl: ['Grote Markt', 'Markt'], '@none': 'GP' } });
    expect(out.deep).toEqual({ value: 1, level2: { value: 2, level3: { value: 3, unitCode: 'C62', level4: { object: 'urn:x:4' } } } });
  });

  it('concise output reads back as the same entity', () => {
    const e = entity();
    const concise = compactEntity(e, ctx, { format: 'concise', sysAttrs: true });
    expect(expandEntity(concise, ctx, { keepSystemAttributes: true })).toEqual(e);
  });

  it('keyValues / simplified: values only, no sub-attributes (§4.5.4)', () => {
    const out = compactEntity(entity(), ctx, { format: 'keyValues' });
    expect(compactEntity(entity(), ctx, { format: 'simplified' })).toEqual(out);
    expect(out).toMatchObject({
      id: 'urn:ngsi-ld:InfrastructureElement:all-kinds', type: 'InfrastructureElement', cpuCores: 8, currentCpuUsage: 12.5,
      domain: 'urn:ngsi-ld:Domain:D1', owner: ['urn:ngsi-ld:Person:Zed', 'urn:ngsi-ld:Person:Ann'],
      location: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
      category: { vocab: 'cpuCores' }, config: { json: { nested: { list: [1, 'x', null], 'odd key': true } } },
      tyreTreadDepths: { valueList: [300, 120, 300, 6] },
      route: { objectList: ['urn:ngsi-ld:City:Rotterdam', 'urn:ngsi-ld:City:Antwerp', 'urn:ngsi-ld:City:Rotterdam'] },
      trustScore: [0.75, 0.5, 0.75], deep: 1,
    });
  });

  it('lang turns a LanguageProperty into a Property with lang (§4.15)', () => {
    const e = entity();
    expect(compactEntity(e, ctx, { lang: 'nl' }).street).toEqual({ type: 'Property', value: ['Grote Markt', 'Markt'], lang: 'nl' });
    expect(compactEntity(e, ctx, { lang: 'de,fr;q=0.5' }).street).toEqual({ type: 'Property', value: 'Grand Place', lang: 'fr' });
    expect(compactEntity(e, ctx, { lang: 'de' }).street).toEqual({ type: 'Property', value: 'GP', lang: '@none' });
    expect(compactEntity(e, ctx, { lang: 'fr', format: 'keyValues' }).street).toBe('Grand Place');
    expect(compactEntity(e, ctx, { lang: 'fr', format: 'concise' }).street).toEqual({ value: 'Grand Place', lang: 'fr' });
  });

  it('pick and omit project attributes and id / type (§4.21)', () => {
    const picked = compactEntity(entity(), ctx, { pick: new Set(['id', `${AEROS}cpuCores`]) });
    expect(picked).toEqual({ id: 'urn:ngsi-ld:InfrastructureElement:all-kinds', cpuCores: { type: 'Property', value: 8 } });
    const omitted = compactEntity(entity(), ctx, { omit: new Set(['type', `${AEROS}cpuCores`]) });
    expect(omitted.type).toBeUndefined();
    expect(omitted.cpuCores).toBeUndefined();
    expect(omitted.hostname).toBeDefined();
  });

  it('adds @context when asked (application/ld+json)', () => {
    expect(compactEntity(entity(), ctx, { context: CONTINUUM_CONTEXT_URL, pick: new Set(['id']) })).toEqual({
      id: 'urn:ngsi-ld:InfrastructureElement:all-kinds', '@context': CONTINUUM_CONTEXT_URL,
    });
  });
});

describe('GeoJSON (§4.5.16)', () => {
  it('a Feature with the location as geometry and the entity as properties', () => {
    const f = entityToFeature(entity(), ctx, { format: 'keyValues', pick: new Set(['id', 'type', 'https://uri.etsi.org/ngsi-ld/location', `${AEROS}cpuCores`]) });
    expect(f).toEqual({
      id: 'urn:ngsi-ld:InfrastructureElement:all-kinds', type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
      properties: { type: 'InfrastructureElement', cpuCores: 8, location: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
    });
  });

  it('geometryProperty selects another GeoProperty; a missing one gives geometry null', () => {
    expect(entityToFeature(entity(), ctx, { geometryProperty: 'https://uri.etsi.org/ngsi-ld/operationSpace' }).geometry).toEqual({ type: 'Point', coordinates: [1.5, 2.25] });
    expect(entityToFeature(entity(), ctx, { geometryProperty: `${AEROS}cpuCores` }).geometry).toBeNull();
  });

  it('a FeatureCollection with the @context once at the top', () => {
    const c = entitiesToFeatureCollection([entity(), entity()], ctx, { context: CONTINUUM_CONTEXT_URL });
    expect(c.type).toBe('FeatureCollection');
    expect(c['@context']).toBe(CONTINUUM_CONTEXT_URL);
    expect((c.features as Json[]).map((f) => f['@context'])).toEqual([undefined, undefined]);
    const { id: _id, ...properties } = compactEntity(entity(), ctx);
    expect((c.features as Json[])[0].properties).toEqual(properties);
  });
});
