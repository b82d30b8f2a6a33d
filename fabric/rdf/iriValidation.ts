/**
 * Is a string an absolute IRI (RFC 3987 §2.2, `IRI = scheme ":" ihier-part [ "?" iquery ] [ "#" ifragment ]`)?
 * At least as strict as oxigraph's strict N-Quads / SPARQL parsers (which validate with oxiri): text whose
 * every IRI passed this check may be loaded with oxigraph's `lenient` option (MemoryGraphStore), and what it
 * accepts can later be dumped, replayed from the write-ahead log and named in SPARQL (property test in
 * test/unit/rdf/iriValidation.test.ts). The rule is also the NGSI-LD codec's "shall be a URI" (§4.5.1).
 *
 * Written here rather than taken from npm `validate-iri` (RFC 3987 "strict" mode): that one nests
 * quantifiers (`(ipchar*)*`), so a 26-character invalid IRI such as `http://a/aaaa…a%` backtracks for minutes
 * (measured 2026-12-03) — a denial of service on any API that checks user IRIs with it. This grammar is
 * written so that every repetition starts with a character its neighbours cannot take (a path segment
 * after "/", a %-escape after "%"), which keeps the match linear in the input's length.
 */

const HEX = '[0-9A-Fa-f]';
const PCT_ENCODED = `%${HEX}{2}`;
/** ucschar (RFC 3987 §2.2): non-ASCII characters allowed anywhere in an IRI. */
const UCSCHAR = '\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF'
  + '\\u{10000}-\\u{1FFFD}\\u{20000}-\\u{2FFFD}\\u{30000}-\\u{3FFFD}\\u{40000}-\\u{4FFFD}\\u{50000}-\\u{5FFFD}'
  + '\\u{60000}-\\u{6FFFD}\\u{70000}-\\u{7FFFD}\\u{80000}-\\u{8FFFD}\\u{90000}-\\u{9FFFD}\\u{A0000}-\\u{AFFFD}'
  + '\\u{B0000}-\\u{BFFFD}\\u{C0000}-\\u{CFFFD}\\u{D0000}-\\u{DFFFD}\\u{E1000}-\\u{EFFFD}';
/** iprivate: allowed in the query only. */
const IPRIVATE = '\\uE000-\\uF8FF\\u{F0000}-\\u{FFFFD}\\u{100000}-\\u{10FFFD}';
const IUNRESERVED = `A-Za-z0-9\\-._~${UCSCHAR}`;
const SUB_DELIMS = "!$&'()*+,;=";

const IPCHAR = `(?:[${IUNRESERVED}${SUB_DELIMS}:@]|${PCT_ENCODED})`;
const SEGMENTS = `(?:/${IPCHAR}*)*`;
const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4 = `${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}`;
const H16 = `${HEX}{1,4}`;
const LS32 = `(?:${H16}:${H16}|${IPV4})`;
/** RFC 3986 §3.2.2 IPv6address: its nine forms (at most 8 groups; "::" once). */
const IPV6 = `(?:${[
  `(?:${H16}:){6}${LS32}`,
  `::(?:${H16}:){5}${LS32}`,
  `(?:${H16})?::(?:${H16}:){4}${LS32}`,
  `(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3}${LS32}`,
  `(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2}${LS32}`,
  `(?:(?:${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `(?:(?:${H16}:){0,4}${H16})?::${LS32}`,
  `(?:(?:${H16}:){0,5}${H16})?::${H16}`,
  `(?:(?:${H16}:){0,6}${H16})?::`,
].join('|')})`;
const IPVFUTURE = `v${HEX}+\\.[A-Za-z0-9\\-._~${SUB_DELIMS}:]+`;
/** ihost: an IP literal in brackets, or a reg-name (which covers IPv4 dotted quads). */
const IHOST = `(?:\\[(?:${IPV6}|${IPVFUTURE})\\]|(?:[${IUNRESERVED}${SUB_DELIMS}]|${PCT_ENCODED})*)`;
const IUSERINFO = `(?:[${IUNRESERVED}${SUB_DELIMS}:]|${PCT_ENCODED})*`;
const IAUTHORITY = `(?:${IUSERINFO}@)?${IHOST}(?::[0-9]*)?`;
const IHIER_PART = `(?://${IAUTHORITY}${SEGMENTS}|/(?:${IPCHAR}+${SEGMENTS})?|${IPCHAR}+${SEGMENTS}|)`;
const IQUERY = `(?:${IPCHAR}|[${IPRIVATE}/?])*`;
const IFRAGMENT = `(?:${IPCHAR}|[/?])*`;
const ABSOLUTE_IRI = new RegExp(`^[A-Za-z][A-Za-z0-9+\\-.]*:${IHIER_PART}(?:\\?${IQUERY})?(?:#${IFRAGMENT})?$`, 'u');

/** Answers kept for IRIs seen before (valid ones only): the same predicates and types recur in every write. */
const CACHE_LIMIT = 20_000;
const known = new Set<string>();

/** True when `value` is an absolute IRI by RFC 3987 (and so one oxigraph accepts). Cached, bounded. */
export function isValidIri(value: string): boolean {
  if (known.has(value)) return true;
  if (!ABSOLUTE_IRI.test(value)) return false;
  if (known.size >= CACHE_LIMIT) known.clear();
  known.add(value);
  return true;
}
