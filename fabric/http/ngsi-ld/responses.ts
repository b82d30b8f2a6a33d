/**
 * Response helpers shared by the NGSI-LD routes (GS CIM 009 v1.8 §6.3.4 @context in Link
 * header or body, §6.3.13 NGSILD-Results-Count, §6.3.14 NGSILD-Tenant echo, 201 Location).
 */
import type { FastifyReply } from 'fastify';
import type { ProcessedContext } from '../../ngsi-ld/context/ProcessedContext.js';
import { compactEntity, type CompactOptions } from '../../ngsi-ld/codec/compactEntity.js';
import { entitiesToFeatureCollection, entityToFeature } from '../../ngsi-ld/codec/geoJsonRendering.js';
import type { Entity } from '../../ngsi-ld/model/Entity.js';
import { contextLink } from './linkHeader.js';
import { cacheableRendering, RenderedEntityTexts } from './RenderedEntityTexts.js';
import { GEO_JSON_TYPE, JSON_LD_TYPE, type ResponseMediaType } from './mediaTypes.js';
import { responseContext, responseLinkUrl, type RequestContextSource } from './requestContext.js';
import { TENANT_HEADER } from './tenant.js';

export const RESULTS_COUNT_HEADER = 'NGSILD-Results-Count';
export const API_BASE = '/ngsi-ld/v1';

export interface RenderOptions extends CompactOptions {
  /** Expanded IRI of the GeoProperty for application/geo+json (§4.5.16 geometryProperty). */
  readonly geometryProperty?: string;
}

/** Sends a JSON body in the negotiated media type: Link header for application/json and geo+json, inline @context for ld+json. */
export function sendJson(reply: FastifyReply, mediaType: ResponseMediaType, source: RequestContextSource, body: unknown, status = 200): FastifyReply {
  return sendJsonText(reply, mediaType, source, JSON.stringify(body), status);
}

/** sendJson of a body already serialized (JSON text). */
export function sendJsonText(reply: FastifyReply, mediaType: ResponseMediaType, source: RequestContextSource, text: string, status = 200): FastifyReply {
  if (mediaType !== JSON_LD_TYPE) void reply.header('Link', contextLink(responseLinkUrl(source)));
  return reply.status(status).type(mediaType).send(text);
}

/** Adds "@context" to an object body for application/ld+json. */
export function withContext(body: Record<string, unknown>, mediaType: ResponseMediaType, source: RequestContextSource): Record<string, unknown> {
  return mediaType === JSON_LD_TYPE ? { ...body, '@context': responseContext(source) } : body;
}

/** One entity (§6.5.3.1) or a list of entities (§6.4.3.2) in the negotiated representation. */
export function renderEntities(entities: Entity | readonly Entity[], ctx: ProcessedContext, mediaType: ResponseMediaType, source: RequestContextSource, options: RenderOptions): unknown {
  const context = mediaType === JSON_LD_TYPE ? responseContext(source) : undefined;
  if (mediaType === GEO_JSON_TYPE) {
    return Array.isArray(entities) ? entitiesToFeatureCollection(entities, ctx, options) : entityToFeature(entities as Entity, ctx, options);
  }
  const perEntity: CompactOptions = { ...options, ...(context !== undefined ? { context } : {}) };
  return Array.isArray(entities) ? entities.map((e) => compactEntity(e, ctx, perEntity)) : compactEntity(entities as Entity, ctx, perEntity);
}

/** Texts of rendered entities, reused while an entity object (its version in the read index) is unchanged. */
const renderedTexts = new RenderedEntityTexts();

/**
 * renderEntities as JSON text: the same text as JSON.stringify of its result, with each entity's text
 * taken from the RenderedEntityTexts when the rendering is a cacheable one (RenderedEntityTexts.ts).
 */
export function renderEntitiesJson(entities: Entity | readonly Entity[], ctx: ProcessedContext, mediaType: ResponseMediaType, source: RequestContextSource, options: RenderOptions): string {
  if (mediaType === GEO_JSON_TYPE || options.geometryProperty !== undefined) return JSON.stringify(renderEntities(entities, ctx, mediaType, source, options));
  const context = mediaType === JSON_LD_TYPE ? responseContext(source) : undefined;
  const perEntity: CompactOptions = { ...options, ...(context !== undefined ? { context } : {}) };
  const key = cacheableRendering(perEntity);
  if (key === undefined) return JSON.stringify(renderEntities(entities, ctx, mediaType, source, options));
  const one = (e: Entity): string => renderedTexts.text(e, ctx, key, () => compactEntity(e, ctx, perEntity));
  if (!Array.isArray(entities)) return one(entities as Entity);
  let text = '[';
  for (let i = 0; i < entities.length; i++) text += (i === 0 ? '' : ',') + one(entities[i] as Entity);
  return `${text}]`;
}

/** Hits and misses of the rendered-text cache (tests, diagnostics). */
export function renderedTextStats(): { hits: number; misses: number } {
  return renderedTexts.stats();
}

/** §6.3.14: echo the tenant of the request. */
export function echoTenant(reply: FastifyReply, tenant: string | undefined): void {
  if (tenant !== undefined) void reply.header(TENANT_HEADER, tenant);
}

/** Location of an entity resource (201 Created, §6.4.3.1). */
export function entityLocation(id: string): string {
  return `${API_BASE}/entities/${encodeURIComponent(id)}`;
}

/** Names as the client sees them (compacted), in a stable order. */
export function sorted(names: string[]): string[] {
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
