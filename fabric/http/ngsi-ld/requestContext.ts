/**
 * Where a request's JSON-LD @context comes from (GS CIM 009 v1.8 §6.3.5):
 * - Content-Type application/json (or merge-patch+json): from the Link header (at most
 *   one); the body must not carry "@context";
 * - Content-Type application/ld+json: from the body's "@context" (mandatory), and the
 *   request must not carry a JSON-LD Link header;
 * - requests without a body (GET, DELETE): from the Link header; none → core context only.
 * Other request media types answer 415 (§6.3.5).
 */
import { BadRequestDataError, UnsupportedMediaTypeError } from '../../errors/FabricError.js';
import { CORE_CONTEXT_URL } from '../../ngsi-ld/context/wellKnownContexts.js';
import { contextFromLinkHeader } from './linkHeader.js';
import { JSON_LD_TYPE, JSON_TYPE, MERGE_PATCH_TYPE, mediaTypeOf } from './mediaTypes.js';

export interface RequestHeaders {
  readonly 'content-type'?: string;
  readonly link?: string | string[];
}

/** The @context of a request as the client gave it (undefined = core only) and how it came. */
export interface RequestContextSource {
  readonly context: unknown;
  readonly via: 'link' | 'body' | 'none';
  /** The request's Content-Type when it had a body. */
  readonly bodyType?: typeof JSON_TYPE | typeof JSON_LD_TYPE;
}

const BODY_TYPES = new Set([JSON_TYPE, JSON_LD_TYPE, MERGE_PATCH_TYPE]);

/**
 * §6.3.5 checks on a request with a JSON body. application/merge-patch+json (RFC 7396,
 * named by §6.5.3.4 for PATCH) is read like application/json everywhere: clients such as
 * ngsijs send it on POST …/attrs too.
 */
export function bodyMediaType(headers: RequestHeaders): typeof JSON_TYPE | typeof JSON_LD_TYPE {
  const type = mediaTypeOf(headers['content-type']);
  if (type === undefined) throw new UnsupportedMediaTypeError('The request has a body but no Content-Type; use application/json or application/ld+json (GS CIM 009 §6.3.5).');
  if (!BODY_TYPES.has(type)) {
    throw new UnsupportedMediaTypeError(`Content-Type '${type}' is not supported here; use application/json or application/ld+json (GS CIM 009 §6.3.5).`);
  }
  return type === JSON_LD_TYPE ? JSON_LD_TYPE : JSON_TYPE;
}

/** The @context of a request without a body (GET, DELETE): the Link header or nothing. */
export function linkContext(headers: RequestHeaders): RequestContextSource {
  const url = contextFromLinkHeader(headers.link);
  return url === undefined ? { context: undefined, via: 'none' } : { context: url, via: 'link' };
}

function hasContextMember(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '@context');
}

/**
 * The @context of one JSON object of a request body (an entity, a fragment, a batch item)
 * under the request's Content-Type (§6.3.5).
 */
export function bodyContext(headers: RequestHeaders, bodyType: typeof JSON_TYPE | typeof JSON_LD_TYPE, item: unknown): RequestContextSource {
  if (bodyType === JSON_LD_TYPE) {
    if (contextFromLinkHeader(headers.link) !== undefined) {
      throw new BadRequestDataError('A request in application/ld+json must carry its @context in the body, not in a Link header (GS CIM 009 §6.3.5).', { header: 'Link' });
    }
    if (!hasContextMember(item)) {
      throw new BadRequestDataError('A payload in application/ld+json must contain an "@context" member (GS CIM 009 §6.3.5).', { attribute: '@context' });
    }
    return { context: (item as { '@context': unknown })['@context'], via: 'body', bodyType };
  }
  if (hasContextMember(item)) {
    throw new BadRequestDataError('A payload in application/json must not contain "@context"; send it in a Link header or use application/ld+json (GS CIM 009 §6.3.5).', { attribute: '@context' });
  }
  return { ...linkContext(headers), bodyType };
}

/**
 * The @context to name in a response (Link header for application/json, inline member
 * for application/ld+json, §6.3.4): the request's context URL(s) or the core context.
 */
export function responseContext(source: RequestContextSource): string | unknown {
  if (source.context === undefined || source.context === null) return CORE_CONTEXT_URL;
  return source.context;
}

/** The URL to put in a response Link header: the request's Link URL, or the core context. */
export function responseLinkUrl(source: RequestContextSource): string {
  return typeof source.context === 'string' ? source.context : CORE_CONTEXT_URL;
}
