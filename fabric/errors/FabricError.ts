/**
 * Typed domain errors. Each carries an ETSI NGSI-LD problem type
 * (GS CIM 009 §5.5.1, Table 5.5.1-1) and an HTTP status; the one HTTP error
 * handler (fabric/http/errorHandler.ts) renders them as RFC 7807 bodies.
 * Nothing below the HTTP layer knows about HTTP beyond these numbers.
 */
const ETSI = 'https://uri.etsi.org/ngsi-ld/errors/';

export type ProblemType =
  | 'InvalidRequest'
  | 'BadRequestData'
  | 'AlreadyExists'
  | 'OperationNotSupported'
  | 'ResourceNotFound'
  | 'InternalError'
  | 'TooComplexQuery'
  | 'TooManyResults'
  | 'LdContextNotAvailable'
  | 'NoMultiTenantSupport'
  | 'NonexistentTenant'
  | 'NotImplemented';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

export class FabricError extends Error {
  constructor(
    readonly problemType: ProblemType,
    readonly status: number,
    readonly title: string,
    detail: string,
    /** RFC 7807 extension members (e.g. line, column, violations). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }

  get typeUri(): string {
    return ETSI + this.problemType;
  }

  toProblem(instance?: string): ProblemDetails {
    return {
      type: this.typeUri,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

/** Malformed request: bad parameters, unsupported options (400). */
export class InvalidRequestError extends FabricError {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super('InvalidRequest', 400, 'Invalid request', detail, extensions);
  }
}

/** Well-formed request whose data is wrong (400), e.g. a SHACL violation. */
export class BadRequestDataError extends FabricError {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super('BadRequestData', 400, 'Bad request data', detail, extensions);
  }
}

/** A SPARQL query or update that does not parse (400), with the parser's position. */
export class SparqlSyntaxError extends FabricError {
  constructor(detail: string, readonly line?: number, readonly column?: number) {
    super('InvalidRequest', 400, 'SPARQL syntax error', detail, line !== undefined ? { line, column } : {});
  }
}

/** RDF text that does not parse (400); nothing was changed. */
export class RdfSyntaxError extends FabricError {
  constructor(detail: string, readonly line?: number, readonly column?: number) {
    super('BadRequestData', 400, 'RDF syntax error', detail, line !== undefined ? { line, column } : {});
  }
}

export class ResourceNotFoundError extends FabricError {
  constructor(detail: string) {
    super('ResourceNotFound', 404, 'Resource not found', detail);
  }
}

export class AlreadyExistsError extends FabricError {
  constructor(detail: string) {
    super('AlreadyExists', 409, 'Already exists', detail);
  }
}

/** The operation is understood but refused here: read-only endpoint, LOAD without HTTP client (403/422/501 by caller). */
export class OperationNotSupportedError extends FabricError {
  constructor(detail: string, status = 422) {
    super('OperationNotSupported', status, 'Operation not supported', detail);
  }
}

/** A write from a non-loopback client without the configured bearer token (403). */
export class WriteForbiddenError extends FabricError {
  constructor(detail: string) {
    super('OperationNotSupported', 403, 'Write access forbidden', detail);
  }
}

/** A query stopped at its time limit (503). */
export class QueryTimeoutError extends FabricError {
  constructor(limitMs: number) {
    super('TooComplexQuery', 503, 'Query time limit exceeded',
      `The query was stopped after ${limitMs} ms, the configured time limit. Narrow the query or raise the limit (--query-timeout).`,
      { timeLimitMs: limitMs });
  }
}

/**
 * The SPARQL engine failed inside WebAssembly on this query (422): most likely too many patterns in one group or too
 * deep a nesting for oxigraph's stack. A query replica that ran it is replaced (docs/query-replicas.md).
 */
export class QueryEngineFailureError extends FabricError {
  constructor(engineMessage: string, replicaReplaced = true) {
    super('TooComplexQuery', 422, 'Query too complex for the engine',
      `The SPARQL engine failed on this query (${engineMessage}), most likely because a group holds too many triple patterns (about 1,000) or nests too deeply. Split the query.${replicaReplaced ? ' The query replica that ran it was restarted.' : ''}`,
      { engineMessage });
  }
}

/** A request body over the configured limit (413). */
export class PayloadTooLargeError extends FabricError {
  constructor(limitBytes: number) {
    super('InvalidRequest', 413, 'Payload too large', `The request body exceeds the limit of ${limitBytes} bytes.`, { limitBytes });
  }
}

/** 406 / 415 media-type negotiation failures. */
export class NotAcceptableError extends FabricError {
  constructor(detail: string) {
    super('InvalidRequest', 406, 'Not acceptable', detail);
  }
}
export class UnsupportedMediaTypeError extends FabricError {
  constructor(detail: string) {
    super('InvalidRequest', 415, 'Unsupported media type', detail);
  }
}

/** A user @context could not be retrieved or is not valid JSON-LD (GS CIM 009 §5.5.1; 503). */
export class LdContextNotAvailableError extends FabricError {
  constructor(detail: string, readonly contextUrl?: string) {
    super('LdContextNotAvailable', 503, 'JSON-LD @context not available', detail, contextUrl ? { context: contextUrl } : {});
  }
}

/** NGSILD-Tenant names a tenant that does not exist (GS CIM 009 §5.5.1, §4.14; 404). */
export class NonexistentTenantError extends FabricError {
  constructor(tenant: string) {
    super('NonexistentTenant', 404, 'Nonexistent tenant', `Tenant '${tenant}' does not exist.`, { tenant });
  }
}

/** A known NGSI-LD parameter or feature this node does not implement yet (501), never silently ignored. */
export class NotImplementedError extends FabricError {
  constructor(detail: string) {
    super('NotImplemented', 501, 'Not implemented', detail);
  }
}

/** The result set is larger than the node will return in one response (GS CIM 009 §5.5.1; 403). */
export class TooManyResultsError extends FabricError {
  constructor(detail: string) {
    super('TooManyResults', 403, 'Too many results', detail);
  }
}

export class InternalError extends FabricError {
  constructor(detail: string) {
    super('InternalError', 500, 'Internal error', detail);
  }
}
