/**
 * Linked entity retrieval on Retrieve Entity and Query Entities (GS CIM 009 v1.8 §4.5.23; URI parameters join and
 * joinLevel, §6.3.22): the parameters, checked, and the JSON text of entities rendered with their linked entities
 * (codec/linkedEntities.ts). Without join (or join=@none) nothing here runs: the routes render as before, from the
 * rendered-text cache.
 */
import { InvalidRequestError, NotImplementedError } from '../../errors/FabricError.js';
import type { ProcessedContext } from '../../ngsi-ld/context/ProcessedContext.js';
import type { CompactOptions, EntityFormat } from '../../ngsi-ld/codec/compactEntity.js';
import { renderWithLinkedEntities, type Join } from '../../ngsi-ld/codec/linkedEntities.js';
import type { Entity } from '../../ngsi-ld/model/Entity.js';
import { GEO_JSON_TYPE, JSON_LD_TYPE, type ResponseMediaType } from './mediaTypes.js';
import { param, type QueryParams } from './queryParameters.js';
import { responseContext, type RequestContextSource } from './requestContext.js';

/** join / joinLevel of a read (§6.3.22), or undefined for none; a value outside the spec, or joinLevel alone, → 400. */
export function joinOf(query: QueryParams, mediaType: ResponseMediaType, format: EntityFormat): Join | undefined {
  const join = param(query, 'join');
  const level = param(query, 'joinLevel');
  if (join === undefined || join === '@none') {
    if (level !== undefined) throw new InvalidRequestError('joinLevel needs join=flat or join=inline (§6.3.22).', { parameter: 'joinLevel' });
    return undefined;
  }
  if (join !== 'flat' && join !== 'inline') throw new InvalidRequestError(`join must be flat, inline or @none, got '${join}' (§6.3.22).`, { parameter: 'join' });
  if (level !== undefined && !/^[1-9]\d{0,5}$/.test(level)) {
    throw new InvalidRequestError(`joinLevel must be a positive integer, got '${level}' (§6.3.22).`, { parameter: 'joinLevel' });
  }
  if (mediaType === GEO_JSON_TYPE) throw new NotImplementedError('join with application/geo+json (§4.5.16, §4.5.23) is not implemented by this node.');
  if (join === 'inline' && (format === 'keyValues' || format === 'simplified')) {
    // A simplified Relationship is its bare object: there is no member to inline the entity into.
    throw new NotImplementedError('join=inline with the simplified (keyValues) representation is not implemented by this node; use join=flat or the normalized / concise representation.');
  }
  return { mode: join, level: level === undefined ? 1 : Number(level) };
}

/**
 * One entity (Retrieve Entity: an object; with join=flat the array of it and its linked entities) or a query page
 * (an array), rendered with the linked entities as JSON text.
 */
export function joinedEntitiesJson(
  entities: Entity | readonly Entity[], join: Join, ctx: ProcessedContext, mediaType: ResponseMediaType, source: RequestContextSource,
  options: CompactOptions, find: (id: string) => Entity | undefined,
): string {
  const context = mediaType === JSON_LD_TYPE ? responseContext(source) : undefined;
  const withContext = context !== undefined ? { context } : {};
  const linked: CompactOptions = {
    ...(options.format !== undefined ? { format: options.format } : {}), ...(options.sysAttrs ? { sysAttrs: true } : {}),
    ...(options.lang !== undefined ? { lang: options.lang } : {}), ...withContext,
  };
  const single = !Array.isArray(entities);
  const out = renderWithLinkedEntities(single ? [entities as Entity] : entities as readonly Entity[], join, { ctx, find, roots: { ...options, ...withContext }, linked });
  return JSON.stringify(single && join.mode === 'inline' ? out[0] : out);
}
