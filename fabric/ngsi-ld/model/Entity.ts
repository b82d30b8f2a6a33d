/**
 * The NGSI-LD information model inside the fabric (GS CIM 009 §4.5, §5.2), with every
 * term already expanded to its IRI. JSON-LD expansion and compaction happen only at the
 * HTTP edge (fabric/ngsi-ld/codec); services and the store mapping see only this model.
 */

/** GS CIM 009 §4.5.2–§4.5.24 attribute kinds (v1.8). */
export type AttributeKind =
  | 'Property'
  | 'Relationship'
  | 'GeoProperty'
  | 'LanguageProperty'
  | 'VocabProperty'
  | 'JsonProperty'
  | 'ListProperty'
  | 'ListRelationship';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A typed literal value (`{"@type": "DateTime", "@value": "…"}`), datatype expanded. */
export interface TypedValue {
  readonly '@type': string;
  readonly '@value': string;
}

/**
 * One instance of an attribute (§4.5.5: several instances of one attribute differ by datasetId;
 * at most one instance has no datasetId, the default instance).
 */
export interface AttributeInstance {
  readonly kind: AttributeKind;
  /** Property, JsonProperty, ListProperty: the value. Keys of JSON objects in a Property value are expanded IRIs; JsonProperty values are kept verbatim. */
  readonly value?: JsonValue | TypedValue;
  /** Relationship: object IRI(s); ListRelationship: ordered object IRIs. */
  readonly object?: string | readonly string[];
  /** Relationship objectType (§4.5.3, v1.8), expanded. */
  readonly objectType?: string | readonly string[];
  /** LanguageProperty: language tag → string(s); '@none' for no language. */
  readonly languageMap?: Readonly<Record<string, string | readonly string[]>>;
  /** VocabProperty: expanded vocabulary IRI(s). */
  readonly vocab?: string | readonly string[];
  /** GeoProperty: a GeoJSON geometry (§4.7). */
  readonly geometry?: GeoJsonGeometry;
  readonly datasetId?: string;
  readonly observedAt?: string;
  readonly unitCode?: string;
  readonly createdAt?: string;
  readonly modifiedAt?: string;
  /** Sub-attributes (§4.5.6: attributes of attributes, any depth), by expanded IRI. */
  readonly subAttributes: ReadonlyMap<string, readonly AttributeInstance[]>;
}

export interface GeoJsonGeometry {
  readonly type: 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon';
  readonly coordinates: JsonValue;
}

export interface Entity {
  /** The entity id (an absolute IRI, §4.5.1). */
  readonly id: string;
  /** Expanded type IRIs (§4.5.1: one or more). */
  readonly types: readonly string[];
  /** §4.18 scopes, e.g. "/Madrid/Gardens". */
  readonly scope?: readonly string[];
  readonly createdAt?: string;
  readonly modifiedAt?: string;
  /** Attributes by expanded IRI; location, observationSpace, operationSpace are GeoProperties here too. */
  readonly attributes: ReadonlyMap<string, readonly AttributeInstance[]>;
}
