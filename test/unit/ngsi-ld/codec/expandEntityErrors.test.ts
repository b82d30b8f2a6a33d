/**
 * Structural errors of NGSI-LD payloads (GS CIM 009 v1.8 §4.5, §4.6.2, §4.7, §4.18;
 * error types §5.5.1): InvalidRequest for a payload that is not an entity object,
 * BadRequestData naming the attribute for everything else.
 */
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import type { ProcessedContext } from '../../../../fabric/ngsi-ld/context/ProcessedContext.js';
import { expandAttribute, expandAttributes, expandEntity } from '../../../../fabric/ngsi-ld/codec/expandEntity.js';
import { NGSI_LD_NULL } from '../../../../fabric/ngsi-ld/codec/ngsiLdVocabulary.js';
import { BadRequestDataError, InvalidRequestError } from '../../../../fabric/errors/FabricError.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
let ctx: ProcessedContext;
beforeAll(async () => {
  ctx = await new ContextResolver().resolve(CONTINUUM_CONTEXT_URL);
});

const base = { id: 'urn:ngsi-ld:InfrastructureElement:1', type: 'InfrastructureElement' };

function badRequest(json: unknown, attribute: string, detail: RegExp, options = {}): void {
  let error: unknown;
  try {
    expandEntity(json, ctx, options);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(BadRequestDataError);
  expect((error as BadRequestDataError).extensions.attribute).toBe(attribute);
  expect((error as Error).message).toMatch(detail);
}

describe('expandEntity structural errors', () => {
  it('a payload that is not a JSON object is InvalidRequest (§5.5.1)', () => {
    for (const payload of [null, [], 'x', 3]) expect(() => expandEntity(payload, ctx)).toThrow(InvalidRequestError);
  });

  it.each([
    ['missing id (§4.5.1)', { type: 'T' }, 'id', /no id/],
    ['id that is not a URI', { id: 'not a uri', type: 'T' }, 'id', /not a URI/],
    ['missing type (§4.5.1)', { id: 'urn:x:1' }, 'type', /no type/],
    ['type that is not a name', { id: 'urn:x:1', type: ['A', 3] }, 'type', /not a type name/],
    ['empty type array', { id: 'urn:x:1', type: [] }, 'type', /not a type name/],
    ['scope without leading slash (§4.18)', { ...base, scope: 'Madrid' }, 'scope', /not a valid scope/],
    ['unknown attribute type', { ...base, cpuCores: { type: 'Propertee', value: 3 } }, 'cpuCores', /unknown attribute type "Propertee"/],
    ['Property without value', { ...base, cpuCores: { type: 'Property', unitCode: 'C62' } }, 'cpuCores', /needs a "value"/],
    ['Relationship without object', { ...base, domain: { type: 'Relationship', value: 'urn:x' } }, 'domain', /needs a "object"/],
    ['Relationship object not a URI', { ...base, domain: { type: 'Relationship', object: 'Domain 1' } }, 'domain', /must be a URI/],
    ['Relationship with an empty object array', { ...base, domain: { type: 'Relationship', object: [] } }, 'domain', /non-empty array/],
    ['datasetId not a URI (§4.5.5)', { ...base, cpuCores: { type: 'Property', value: 3, datasetId: 'ds 1' } }, 'cpuCores', /datasetId must be a URI/],
    ['two instances with one datasetId (§4.5.5)', { ...base, cpuCores: [{ type: 'Property', value: 3, datasetId: 'urn:d' }, { type: 'Property', value: 4, datasetId: 'urn:d' }] }, 'cpuCores', /share the datasetId/],
    ['two default instances (§4.5.5)', { ...base, cpuCores: [{ type: 'Property', value: 3 }, { type: 'Property', value: 4 }] }, 'cpuCores', /at most one default instance/],
    ['observedAt not a DateTime', { ...base, cpuCores: { type: 'Property', value: 3, observedAt: 'yesterday' } }, 'cpuCores', /observedAt must be an ISO 8601/],
    ['observedAt with month 13', { ...base, cpuCores: { type: 'Property', value: 3, observedAt: '2026-13-01T00:00:00Z' } }, 'cpuCores', /observedAt/],
    ['unitCode not a string', { ...base, cpuCores: { type: 'Property', value: 3, unitCode: 7 } }, 'cpuCores', /unitCode/],
    ['invalid DateTime value', { ...base, lastBoot: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-02-30X' } } }, 'lastBoot', /not a valid DateTime/],
    ['GeoProperty with a bad geometry (§4.7)', { ...base, location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [1] } } }, 'location', /invalid coordinates/],
    ['GeoProperty with an open polygon ring', { ...base, location: { type: 'GeoProperty', value: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] } } }, 'location', /invalid coordinates/],
    ['GeoProperty of an unsupported geometry', { ...base, location: { type: 'GeoProperty', value: { type: 'Circle', coordinates: [0, 0] } } }, 'location', /unsupported geometry/],
    ['LanguageProperty with a bad tag', { ...base, street: { type: 'LanguageProperty', languageMap: { 'en us': 'x' } } }, 'street', /not a language tag/],
    ['LanguageProperty with a number', { ...base, street: { type: 'LanguageProperty', languageMap: { en: 3 } } }, 'street', /must be a string or a non-empty array of strings/],
    ['ListRelationship item without object', { ...base, route: { type: 'ListRelationship', objectList: [{ value: 'urn:a' }] } }, 'route', /objectList item/],
    ['empty languageMap', { ...base, street: { type: 'LanguageProperty', languageMap: {} } }, 'street', /non-empty JSON object/],
    ['empty objectList', { ...base, route: { type: 'ListRelationship', objectList: [] } }, 'route', /non-empty array/],
    ['empty vocab list', { ...base, cat: { type: 'VocabProperty', vocab: [] } }, 'cat', /"vocab" must be a term/],
    ['ListProperty without an array', { ...base, list: { type: 'ListProperty', valueList: 3 } }, 'list', /must be an array/],
    ['a member of another kind', { ...base, cpuCores: { type: 'Property', value: 3, object: 'urn:x' } }, 'cpuCores', /"object" belongs to a Relationship/],
    ['objectType on a Property', { ...base, cpuCores: { type: 'Property', value: 3, objectType: 'T' } }, 'cpuCores', /objectType belongs to a Relationship/],
    ['reserved name as attribute (§4.6.2)', { ...base, observedAt: { type: 'Property', value: 3 } }, 'observedAt', /reserved NGSI-LD term/],
    ['forbidden characters in a name (§4.6.2)', { ...base, 'cpu(cores)': { type: 'Property', value: 3 } }, 'cpu(cores)', /not allowed/],
    ['null attribute outside merge-patch', { ...base, cpuCores: null }, 'cpuCores', /null is not a valid attribute/],
    ['null value outside merge-patch', { ...base, cpuCores: { type: 'Property', value: null } }, 'cpuCores', /must not be null/],
    ['errors inside sub-attributes name the sub-attribute', { ...base, cpuCores: { type: 'Property', value: 3, sensor: { type: 'Relationship', object: 'x y' } } }, 'sensor', /must be a URI/],
    ['two names expanding to one IRI', { ...base, cpuCores: 3, 'aeros:cpuCores': 4 }, 'aeros:cpuCores', /given twice/],
  ])('%s', (_name, json, attribute, detail) => badRequest(json, attribute, detail));

  it('requireType / requireId can be relaxed (e.g. PATCH /entities/{id} bodies)', () => {
    const e = expandEntity({ cpuCores: 3 }, ctx, { requireType: false, requireId: false });
    expect(e.types).toEqual([]);
    expect(e.attributes.get(`${AEROS}cpuCores`)![0].value).toBe(3);
  });

  it('NGSI-LD Null is accepted with allowNull (merge-patch §5.6.17)', () => {
    const e = expandEntity({ ...base, cpuCores: null, domain: { type: 'Relationship', object: NGSI_LD_NULL } }, ctx, { allowNull: true });
    expect(e.attributes.get(`${AEROS}cpuCores`)![0].value).toBe(NGSI_LD_NULL);
    expect(e.attributes.get(`${AEROS}domain`)![0].object).toBe(NGSI_LD_NULL);
  });

  it('createdAt / modifiedAt in a payload are ignored unless asked to keep them (§4.8)', () => {
    const json = { ...base, createdAt: '2020-01-01T00:00:00Z', cpuCores: { type: 'Property', value: 1, modifiedAt: '2020-01-01T00:00:00Z' } };
    expect(expandEntity(json, ctx).createdAt).toBeUndefined();
    expect(expandEntity(json, ctx).attributes.get(`${AEROS}cpuCores`)![0].modifiedAt).toBeUndefined();
    expect(expandEntity(json, ctx, { keepSystemAttributes: true }).createdAt).toBe('2020-01-01T00:00:00Z');
  });
});

describe('concise input (§4.5.1) is inferred', () => {
  it('bare values, member-named kinds and bare geometries', () => {
    const e = expandEntity({
      ...base, cpuCores: 4, hostname: { value: 'h', observedAt: '2020-01-01T00:00:00Z' }, domain: { object: 'urn:d' },
      location: { type: 'Point', coordinates: [1, 2] }, street: { languageMap: { en: 'x' } }, route: { objectList: ['urn:a', 'urn:b'] },
      cfg: { json: { a: 1 } }, list: { valueList: [1] }, cat: { vocab: 'cpuCores' }, where: { value: { type: 'Point', coordinates: [0, 0] } },
    }, ctx);
    const kind = (name: string): string => e.attributes.get(name.includes(':') ? name : `https://uri.etsi.org/ngsi-ld/default-context/${name}`)![0].kind;
    expect(kind(`${AEROS}cpuCores`)).toBe('Property');
    expect(kind('https://w3id.org/continuum-fabric/ns#hostname')).toBe('Property');
    expect(kind(`${AEROS}domain`)).toBe('Relationship');
    expect(kind('https://uri.etsi.org/ngsi-ld/location')).toBe('GeoProperty');
    expect(kind('street')).toBe('LanguageProperty');
    expect(kind('route')).toBe('ListRelationship');
    expect(kind('cfg')).toBe('JsonProperty');
    expect(kind('list')).toBe('ListProperty');
    expect(kind('cat')).toBe('VocabProperty');
    expect(kind('where')).toBe('GeoProperty');
    expect(e.attributes.get('https://uri.etsi.org/ngsi-ld/default-context/route')![0].object).toEqual(['urn:a', 'urn:b']);
  });
});

describe('fragments for /attrs operations', () => {
  it('expandAttributes reads every member but @context, id and type', () => {
    const attrs = expandAttributes({ cpuCores: { type: 'Property', value: 2 }, '@context': CONTINUUM_CONTEXT_URL, id: 'urn:x:1' }, ctx);
    expect([...attrs.keys()]).toEqual([`${AEROS}cpuCores`]);
    expect(() => expandAttributes([], ctx)).toThrow(InvalidRequestError);
  });

  it('expandAttribute takes the name from the URL and the fragment from the body (§6.7.3)', () => {
    const { iri, instances } = expandAttribute('cpuCores', { value: 6 }, ctx);
    expect(iri).toBe(`${AEROS}cpuCores`);
    expect(instances[0]).toMatchObject({ kind: 'Property', value: 6 });
    expect(() => expandAttribute('bad name', { value: 6 }, ctx)).toThrow(BadRequestDataError);
  });
});
