/**
 * The JSON-LD context Link header (GS CIM 009 v1.8 §6.3.5; JSON-LD 1.1 §6.1, RFC 8288):
 * `Link: <https://…/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`.
 * A request may carry at most one such link; other Link relations are ignored.
 */
import LinkHeader from 'http-link-header';
import { BadRequestDataError } from '../../errors/FabricError.js';

export const JSON_LD_CONTEXT_REL = 'http://www.w3.org/ns/json-ld#context';

/** The link-values of Link header lines (RFC 8288 §3, parsed by the http-link-header library). */
function linksOf(values: readonly string[]): LinkHeader.Reference[] {
  return values.flatMap((value) => {
    try {
      return LinkHeader.parse(value).refs;
    } catch (error) {
      throw new BadRequestDataError(`Malformed Link header: ${(error as Error).message} (RFC 8288 §3).`, { header: 'Link' });
    }
  });
}

/**
 * The @context URL of a request's Link header(s), or undefined. More than one JSON-LD
 * context link → 400 BadRequestData (§6.3.5: one context link).
 */
export function contextFromLinkHeader(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string') return contextOf(header);
  // Clients send the same Link header on every request: parse each distinct one once (hot path).
  const cached = parsedContexts.get(header);
  if (cached !== undefined || parsedContexts.has(header)) return cached;
  const url = contextOf([header]); // a malformed header throws and is not remembered
  if (parsedContexts.size >= MAX_CACHED_HEADERS) parsedContexts.delete(parsedContexts.keys().next().value!);
  parsedContexts.set(header, url);
  return url;
}

/** Distinct single Link headers remembered, oldest dropped first. */
const MAX_CACHED_HEADERS = 256;
const parsedContexts = new Map<string, string | undefined>();

function contextOf(values: readonly string[]): string | undefined {
  // The library gives one reference per relation type of a link (rel="a b" → two).
  const contexts = linksOf(values).filter((l) => l.rel === JSON_LD_CONTEXT_REL);
  if (contexts.length > 1) throw new BadRequestDataError('The request has more than one JSON-LD @context Link header (GS CIM 009 §6.3.5).', { header: 'Link' });
  const url = contexts[0]?.uri.trim();
  if (url !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url)) {
    throw new BadRequestDataError(`The @context Link target '${url}' is not an absolute URL (§6.3.5).`, { header: 'Link' });
  }
  return url;
}

/** The Link header value pointing at a context URL (responses in application/json, §6.3.4). */
export function contextLink(url: string): string {
  return `<${url}>; rel="${JSON_LD_CONTEXT_REL}"; type="application/ld+json"`;
}
