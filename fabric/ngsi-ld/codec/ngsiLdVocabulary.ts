/**
 * NGSI-LD core IRIs and member names (GS CIM 009 v1.8 Annex B core @context) used by the
 * codec and the RDF mapping. Core terms are @protected and the core context is always
 * processed last, so these member names cannot be redefined by a user @context.
 */
import type { AttributeKind } from '../model/Entity.js';

export const NGSI_LD = 'https://uri.etsi.org/ngsi-ld/';
export const NGSI_LD_DEFAULT_CONTEXT = 'https://uri.etsi.org/ngsi-ld/default-context/';
/** NGSI-LD Null (§4.5.0? merge-patch, §5.6.17): deletes the attribute / member it stands for. */
export const NGSI_LD_NULL = 'urn:ngsi-ld:null';

export const ATTRIBUTE_KINDS: readonly AttributeKind[] = [
  'Property', 'Relationship', 'GeoProperty', 'LanguageProperty', 'VocabProperty', 'JsonProperty', 'ListProperty', 'ListRelationship',
];
export const KIND_SET: ReadonlySet<string> = new Set(ATTRIBUTE_KINDS);
/** ngsi-ld:Property etc. */
export const KIND_IRI: Readonly<Record<AttributeKind, string>> = Object.fromEntries(
  ATTRIBUTE_KINDS.map((k) => [k, `${NGSI_LD}${k}`]),
) as Record<AttributeKind, string>;
export const KIND_BY_IRI: ReadonlyMap<string, AttributeKind> = new Map(ATTRIBUTE_KINDS.map((k) => [`${NGSI_LD}${k}`, k]));

/** The member carrying each kind's content (§4.5.2–§4.5.24). */
export const KIND_MEMBER: Readonly<Record<AttributeKind, string>> = {
  Property: 'value',
  Relationship: 'object',
  GeoProperty: 'value',
  LanguageProperty: 'languageMap',
  VocabProperty: 'vocab',
  JsonProperty: 'json',
  ListProperty: 'valueList',
  ListRelationship: 'objectList',
};

/** Typed-literal types of Property values (§4.6.3 / Annex B: DateTime, Date, Time). */
export const DATE_TIME = `${NGSI_LD}DateTime`;
export const DATE = `${NGSI_LD}Date`;
export const TIME = `${NGSI_LD}Time`;

/** The entity member scope (§4.18), not an attribute: attribute operations that name it treat it apart (§5.6.4, §5.6.5). */
export const SCOPE = `${NGSI_LD}scope`;

/** The attributes that are GeoProperties by definition (§4.7.2). */
export const LOCATION = `${NGSI_LD}location`;
export const OBSERVATION_SPACE = `${NGSI_LD}observationSpace`;
export const OPERATION_SPACE = `${NGSI_LD}operationSpace`;

export const GEOMETRY_TYPES: ReadonlySet<string> = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

/** Members of an attribute that are not sub-attributes (§4.5.2 … §4.5.24, §4.8 system attributes). */
export const ATTRIBUTE_RESERVED_MEMBERS: ReadonlySet<string> = new Set([
  'type', '@type', 'value', 'object', 'objectList', 'languageMap', 'vocab', 'json', 'valueList', 'objectType',
  'datasetId', 'observedAt', 'unitCode', 'createdAt', 'modifiedAt', 'deletedAt', 'instanceId', 'lang', 'valueType',
  'previousValue', 'previousObject', 'previousLanguageMap', 'previousVocab', 'previousJson', 'previousValueList', 'previousObjectList',
  'entity', '@context',
]);

/** Names that can never be attribute names (§4.6.2 reserved terms at entity level). */
export const ENTITY_RESERVED_NAMES: ReadonlySet<string> = new Set([
  'id', '@id', 'type', '@type', 'scope', '@context', 'createdAt', 'modifiedAt', 'deletedAt',
  'value', 'object', 'objectList', 'languageMap', 'vocab', 'json', 'valueList', 'objectType', 'datasetId', 'observedAt',
  'unitCode', 'instanceId',
]);
