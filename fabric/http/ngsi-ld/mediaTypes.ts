/**
 * NGSI-LD media types (GS CIM 009 v1.8 §6.3.4 response negotiation, §6.3.5 request
 * payloads). Responses: application/json (the @context travels in a Link header),
 * application/ld+json (the @context is inline), application/geo+json (§4.5.16, entity
 * retrieval and query only). An Accept header that allows none of them → 406.
 */
import { NotAcceptableError } from '../../errors/FabricError.js';

export const JSON_TYPE = 'application/json';
export const JSON_LD_TYPE = 'application/ld+json';
export const GEO_JSON_TYPE = 'application/geo+json';
/** RFC 7396 merge patch; accepted on PATCH like application/json (§6.5.3.4 / §6.6.3.4 allow it). */
export const MERGE_PATCH_TYPE = 'application/merge-patch+json';

export type ResponseMediaType = typeof JSON_TYPE | typeof JSON_LD_TYPE | typeof GEO_JSON_TYPE;

interface AcceptRange {
  readonly type: string;
  readonly q: number;
  readonly order: number;
}

function parseAccept(header: string): AcceptRange[] {
  return header.split(',').map((part, order) => {
    const [range, ...params] = part.trim().split(';').map((s) => s.trim());
    let q = 1;
    for (const p of params) {
      const m = /^q=([0-9.]+)$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    return { type: (range ?? '').toLowerCase(), q: Number.isFinite(q) ? q : 0, order };
  }).filter((r) => r.type.length > 0);
}

function matches(range: string, type: string): boolean {
  if (range === '*/*' || range === type) return true;
  return range.endsWith('/*') && type.startsWith(range.slice(0, -1));
}

/**
 * §6.3.4: the response media type for an Accept header. `geo` allows application/geo+json.
 * Missing Accept or `*\/*` → application/json. Ties keep the server's order (json first).
 */
export function negotiateResponse(accept: string | undefined, options: { geo?: boolean } = {}): ResponseMediaType {
  if (accept === undefined) return JSON_TYPE;
  // Clients send the same Accept header on every request: negotiate each distinct one once (hot path).
  const known = (options.geo ? negotiatedGeo : negotiated).get(accept);
  if (known !== undefined) return known;
  const type = negotiate(accept, options);
  const memo = options.geo ? negotiatedGeo : negotiated;
  if (memo.size >= MAX_REMEMBERED_ACCEPTS) memo.delete(memo.keys().next().value!);
  memo.set(accept, type); // a 406 throws above and is not remembered
  return type;
}

/** Distinct Accept headers remembered per offer (with and without geo+json), oldest dropped first. */
const MAX_REMEMBERED_ACCEPTS = 256;
const negotiated = new Map<string, ResponseMediaType>();
const negotiatedGeo = new Map<string, ResponseMediaType>();

function negotiate(accept: string, options: { geo?: boolean }): ResponseMediaType {
  const offered: ResponseMediaType[] = options.geo ? [JSON_TYPE, JSON_LD_TYPE, GEO_JSON_TYPE] : [JSON_TYPE, JSON_LD_TYPE];
  if (accept.trim() === '') return JSON_TYPE;
  const ranges = parseAccept(accept);
  let best: { type: ResponseMediaType; q: number; specific: boolean; order: number } | undefined;
  for (const type of offered) {
    // The most specific range that matches decides this type's quality (RFC 9110 §12.5.1).
    const exact = ranges.find((r) => r.type === type);
    const range = exact ?? ranges.find((r) => r.type === type.split('/')[0] + '/*') ?? ranges.find((r) => r.type === '*/*');
    if (!range || range.q <= 0) continue;
    const candidate = { type, q: range.q, specific: exact !== undefined, order: range.order };
    if (!best || candidate.q > best.q || (candidate.q === best.q && candidate.specific && !best.specific)
      || (candidate.q === best.q && candidate.specific === best.specific && candidate.specific && candidate.order < best.order)) best = candidate;
  }
  if (!best) {
    throw new NotAcceptableError(`None of the media types in Accept '${accept}' can be produced here; use ${offered.join(', ')} (GS CIM 009 §6.3.4).`);
  }
  return best.type;
}

/** The bare media type of a Content-Type header (lower case, without parameters). */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

export { matches as acceptRangeMatches };
