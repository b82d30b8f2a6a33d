/**
 * The response of Query Entities (GS CIM 009 v1.8 §6.4.3.2, §6.23.3.1): 200 with the array
 * of entities (or a GeoJSON FeatureCollection, §4.5.16) in the requested representation,
 * projection (attributes §4.21, instances §4.5.5) and language, with linked entities on request (join §4.5.23),
 * and NGSILD-Results-Count when count=true (§6.3.13).
 */
import type { FastifyReply } from 'fastify';
import type { ProcessedContext } from '../../ngsi-ld/context/ProcessedContext.js';
import type { Entity } from '../../ngsi-ld/model/Entity.js';
import type { QueryPage } from '../../ngsi-ld/service/EntityQueryService.js';
import { joinedEntitiesJson, joinOf } from './entityJoin.js';
import type { ResponseMediaType } from './mediaTypes.js';
import { projection } from './projection.js';
import { param, type QueryParams } from './queryParameters.js';
import { representation } from './representation.js';
import type { RequestContextSource } from './requestContext.js';
import { renderEntitiesJson, RESULTS_COUNT_HEADER, sendJsonText } from './responses.js';

/**
 * `find`: the tenant's entity by id, for join (§4.5.23: linked entities are looked up in the same tenant). The
 * count (§6.3.13) counts the matching entities only, never the linked ones.
 */
export function entityQueryResponse(
  reply: FastifyReply, page: QueryPage, ctx: ProcessedContext, mediaType: ResponseMediaType, source: RequestContextSource,
  query: QueryParams, lang: string | undefined, find: (id: string) => Entity | undefined,
): FastifyReply {
  const { format, sysAttrs } = representation(query);
  const geometryProperty = param(query, 'geometryProperty');
  if (page.count !== undefined) void reply.header(RESULTS_COUNT_HEADER, String(page.count));
  const options = {
    format, sysAttrs, ...projection(query, ctx), ...(lang !== undefined ? { lang } : {}),
    ...(geometryProperty !== undefined ? { geometryProperty: ctx.expandTerm(geometryProperty) ?? geometryProperty } : {}),
  };
  const join = joinOf(query, mediaType, format);
  const text = join ? joinedEntitiesJson(page.entities, join, ctx, mediaType, source, options, find) : renderEntitiesJson(page.entities, ctx, mediaType, source, options);
  return sendJsonText(reply, mediaType, source, text);
}
