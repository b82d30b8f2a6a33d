/**
 * Reads a SPARQL 1.1 Protocol request (§2.1 query operation, §2.2 update
 * operation) from its parts — query-string parameters, Content-Type and body —
 * into one operation. Knows nothing of HTTP frameworks.
 */
import { InvalidRequestError, UnsupportedMediaTypeError } from '../fabric/errors/FabricError.js';
import { isValidIri } from '../fabric/rdf/iriValidation.js';
import { bareMediaType, charsetOf } from './mediaTypes.js';

export type Params = Record<string, string | string[] | undefined>;

export interface QueryOperation {
  readonly kind: 'query';
  readonly query: string;
  readonly defaultGraphs: string[];
  readonly namedGraphs: string[];
}
export interface UpdateOperation {
  readonly kind: 'update';
  readonly update: string;
  readonly usingGraphs: string[];
  readonly usingNamedGraphs: string[];
}
export type ProtocolOperation = QueryOperation | UpdateOperation;

/** All values of a (possibly repeated) parameter. */
export function allOf(params: Params, name: string): string[] {
  const value = params[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The graph IRIs of a dataset parameter (§2.1.4, §2.2.3): each an absolute IRI, else 400 naming it. */
function graphIris(params: Params, name: string): string[] {
  const iris = allOf(params, name);
  const bad = iris.find((iri) => !isValidIri(iri));
  if (bad !== undefined) throw new InvalidRequestError(`${name}=${bad} is not an absolute IRI.`, { parameter: name });
  return iris;
}

function single(params: Params, name: string): string | undefined {
  const values = allOf(params, name);
  if (values.length > 1) throw new InvalidRequestError(`The ${name} parameter may appear only once.`);
  return values[0];
}

export interface RawRequest {
  readonly method: 'GET' | 'POST';
  /** Query-string parameters. */
  readonly query: Params;
  readonly contentType?: string;
  /** Body: a string for application/sparql-query / -update, parameters for form bodies. */
  readonly body?: unknown;
}

/** Undefined when a GET has neither query nor update (the caller serves the service description). */
export function readOperation(req: RawRequest): ProtocolOperation | undefined {
  if (req.method === 'GET') {
    if (req.query.update !== undefined) throw new InvalidRequestError('SPARQL Update is not allowed over GET (SPARQL 1.1 Protocol §2.2); use POST.');
    const query = single(req.query, 'query');
    return query === undefined ? undefined : queryOperation(query, req.query);
  }
  const mediaType = bareMediaType(req.contentType);
  if (mediaType === 'application/sparql-query' || mediaType === 'application/sparql-update') requireUtf8(req.contentType);
  if (mediaType === 'application/sparql-query') {
    rejectBoth(req.query.query !== undefined || req.query.update !== undefined);
    return queryOperation(bodyText(req.body), req.query);
  }
  if (mediaType === 'application/sparql-update') {
    rejectBoth(req.query.query !== undefined || req.query.update !== undefined);
    return updateOperation(bodyText(req.body), req.query);
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    const form = (req.body ?? {}) as Params;
    const merged: Params = { ...req.query, ...form };
    for (const name of ['default-graph-uri', 'named-graph-uri', 'using-graph-uri', 'using-named-graph-uri']) {
      merged[name] = [...allOf(req.query, name), ...allOf(form, name)];
    }
    const query = single(form, 'query');
    const update = single(form, 'update');
    rejectBoth(query !== undefined && update !== undefined);
    if (query !== undefined) return queryOperation(query, merged);
    if (update !== undefined) return updateOperation(update, merged);
    throw new InvalidRequestError('The form body has neither a query nor an update parameter.');
  }
  throw new UnsupportedMediaTypeError(
    `POST /sparql takes application/sparql-query, application/sparql-update or application/x-www-form-urlencoded, not ${mediaType ?? 'no Content-Type'}.`,
  );
}

/** SPARQL 1.1 Protocol §2.1.3 / §2.2.2: direct POST bodies are UTF-8 ("charset=UTF-8" or no charset). */
function requireUtf8(contentType: string | undefined): void {
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeError(`SPARQL request bodies must be UTF-8, not charset=${charset}.`);
  }
}

function rejectBoth(both: boolean): void {
  if (both) throw new InvalidRequestError('A request carries either a query or an update, not both (SPARQL 1.1 Protocol §2).');
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  throw new InvalidRequestError('The request body is empty.');
}

function queryOperation(query: string, params: Params): QueryOperation {
  if (params['using-graph-uri'] !== undefined && allOf(params, 'using-graph-uri').length > 0) {
    throw new InvalidRequestError('using-graph-uri applies to updates, not queries; use default-graph-uri.');
  }
  return { kind: 'query', query, defaultGraphs: graphIris(params, 'default-graph-uri'), namedGraphs: graphIris(params, 'named-graph-uri') };
}

function updateOperation(update: string, params: Params): UpdateOperation {
  if (allOf(params, 'default-graph-uri').length > 0 || allOf(params, 'named-graph-uri').length > 0) {
    throw new InvalidRequestError('default-graph-uri / named-graph-uri apply to queries; updates take using-graph-uri / using-named-graph-uri.');
  }
  return { kind: 'update', update, usingGraphs: graphIris(params, 'using-graph-uri'), usingNamedGraphs: graphIris(params, 'using-named-graph-uri') };
}
