/**
 * Media types of the SPARQL 1.1 result formats and RDF serializations the
 * endpoint offers, in server preference order (first = default), plus the
 * short names accepted by the ?format= override.
 */
export const SOLUTION_MEDIA_TYPES = [
  'application/sparql-results+json', // SPARQL 1.1 Query Results JSON Format
  'application/sparql-results+xml', // SPARQL Query Results XML Format
  'text/csv', // SPARQL 1.1 Query Results CSV and TSV Formats
  'text/tab-separated-values',
] as const;

export const GRAPH_MEDIA_TYPES = [
  'text/turtle',
  'application/n-triples',
  'application/n-quads',
  'application/trig',
  'application/ld+json',
] as const;

/** Triple formats the Graph Store Protocol accepts for upload (quad formats only when targeting the dataset). */
export const RDF_UPLOAD_MEDIA_TYPES = [
  'text/turtle',
  'application/n-triples',
  'application/n-quads',
  'application/trig',
  'application/ld+json',
  'application/rdf+xml',
] as const;

export const QUAD_MEDIA_TYPES = new Set<string>(['application/n-quads', 'application/trig']);

/** Aliases clients commonly send for the canonical types. */
export const MEDIA_TYPE_ALIASES: Readonly<Record<string, string>> = {
  'application/json': 'application/sparql-results+json',
  'application/xml': 'application/sparql-results+xml',
  'application/x-turtle': 'text/turtle',
  'text/plain': 'application/n-triples',
  'application/json+ld': 'application/ld+json',
};

/** Short names for ?format= (also accepts a full media type). */
export const FORMAT_SHORT_NAMES: Readonly<Record<string, string>> = {
  json: 'application/sparql-results+json',
  srj: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  srx: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  turtle: 'text/turtle',
  ttl: 'text/turtle',
  nt: 'application/n-triples',
  ntriples: 'application/n-triples',
  nq: 'application/n-quads',
  nquads: 'application/n-quads',
  trig: 'application/trig',
  jsonld: 'application/ld+json',
  'json-ld': 'application/ld+json',
};

/** The bare media type of a Content-Type header value, lower-cased, without parameters. */
export function bareMediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const bare = contentType.split(';')[0].trim().toLowerCase();
  return bare === '' ? undefined : bare;
}

/** The charset parameter of a Content-Type header value, lower-cased; undefined when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1].toLowerCase();
}
