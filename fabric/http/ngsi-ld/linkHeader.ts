/**
 * The JSON-LD context Link header (GS CIM 009 v1.8 §6.3.5; JSON-LD 1.1 §6.1, RFC 8288):
 * `Link: <https://…/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`.
 * A request may carry at most one such link; other Link relations are ignored.
 */
import { BadRequestDataError } from '../../errors/FabricError.js';

export const JSON_LD_CONTEXT_REL = 'http://www.w3.org/ns/json-ld#context';

interface LinkValue {
  readonly target: string;
  readonly params: ReadonlyMap<string, string>;
}

/** Splits a Link header into link-values (commas inside <…> or quoted strings do not split). */
export function parseLinkHeader(header: string): LinkValue[] {
  const links: LinkValue[] = [];
  let i = 0;
  const n = header.length;
  while (i < n) {
    while (i < n && /[\s,]/.test(header[i]!)) i++;
    if (i >= n) break;
    if (header[i] !== '<') throw new BadRequestDataError(`Malformed Link header near '${header.slice(i, i + 20)}': expected '<URI>' (RFC 8288 §3).`, { header: 'Link' });
    const close = header.indexOf('>', i);
    if (close < 0) throw new BadRequestDataError('Malformed Link header: missing \'>\' (RFC 8288 §3).', { header: 'Link' });
    const target = header.slice(i + 1, close).trim();
    i = close + 1;
    const params = new Map<string, string>();
    while (i < n && header[i] !== ',') {
      while (i < n && /[\s;]/.test(header[i]!)) i++;
      if (i >= n || header[i] === ',') break;
      const nameMatch = /^[A-Za-z0-9!#$&+\-.^_`|~*]+/.exec(header.slice(i));
      if (!nameMatch) throw new BadRequestDataError(`Malformed Link header parameter near '${header.slice(i, i + 20)}' (RFC 8288 §3).`, { header: 'Link' });
      const name = nameMatch[0].toLowerCase();
      i += name.length;
      while (i < n && header[i] === ' ') i++;
      let value = '';
      if (header[i] === '=') {
        i++;
        while (i < n && header[i] === ' ') i++;
        if (header[i] === '"') {
          i++;
          while (i < n && header[i] !== '"') {
            if (header[i] === '\\' && i + 1 < n) i++;
            value += header[i];
            i++;
          }
          i++;
        } else {
          const token = /^[^;,\s]*/.exec(header.slice(i))![0];
          value = token;
          i += token.length;
        }
      }
      if (!params.has(name)) params.set(name, value);
    }
    links.push({ target, params });
  }
  return links;
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
  const contexts = values.flatMap(parseLinkHeader).filter((l) => (l.params.get('rel') ?? '').split(/\s+/).includes(JSON_LD_CONTEXT_REL));
  if (contexts.length > 1) throw new BadRequestDataError('The request has more than one JSON-LD @context Link header (GS CIM 009 §6.3.5).', { header: 'Link' });
  const url = contexts[0]?.target;
  if (url !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url)) {
    throw new BadRequestDataError(`The @context Link target '${url}' is not an absolute URL (§6.3.5).`, { header: 'Link' });
  }
  return url;
}

/** The Link header value pointing at a context URL (responses in application/json, §6.3.4). */
export function contextLink(url: string): string {
  return `<${url}>; rel="${JSON_LD_CONTEXT_REL}"; type="application/ld+json"`;
}
