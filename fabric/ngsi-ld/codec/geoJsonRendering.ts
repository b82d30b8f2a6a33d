/**
 * GeoJSON representation of entities (GS CIM 009 v1.8 §4.5.16, media type
 * application/geo+json, RFC 7946): an entity is a Feature whose geometry is the value
 * of the geometryProperty (default `location`; the first instance; null when absent) and
 * whose properties hold the entity's type and attributes in the requested format; a query
 * result is a FeatureCollection.
 */
import type { ProcessedContext } from '../context/ProcessedContext.js';
import type { Entity, JsonValue } from '../model/Entity.js';
import { compactEntity, type CompactOptions } from './compactEntity.js';
import { LOCATION } from './ngsiLdVocabulary.js';

export interface GeoJsonOptions extends CompactOptions {
  /** Expanded IRI of the GeoProperty giving the Feature's geometry (§4.5.16 geometryProperty). */
  readonly geometryProperty?: string;
}

type JsonObject = { [key: string]: JsonValue };

export function entityToFeature(entity: Entity, ctx: ProcessedContext, options: GeoJsonOptions = {}): JsonObject {
  const geometryIri = options.geometryProperty ?? LOCATION;
  const instance = entity.attributes.get(geometryIri)?.[0];
  const geometry = instance?.kind === 'GeoProperty' && instance.geometry ? (instance.geometry as unknown as JsonValue) : null;
  const { context, ...compactOptions } = options;
  const { id, ...properties } = compactEntity(entity, ctx, compactOptions);
  const feature: JsonObject = { id: id ?? entity.id, type: 'Feature', geometry, properties };
  if (context !== undefined) feature['@context'] = context as JsonValue;
  return feature;
}

export function entitiesToFeatureCollection(entities: readonly Entity[], ctx: ProcessedContext, options: GeoJsonOptions = {}): JsonObject {
  const { context, ...perFeature } = options;
  const collection: JsonObject = { type: 'FeatureCollection', features: entities.map((e) => entityToFeature(e, ctx, perFeature)) };
  if (context !== undefined) collection['@context'] = context as JsonValue;
  return collection;
}
