/**
 * SPARQL 1.1 queries on an oxigraph Store (Query §16 forms; results as the structured QueryResult
 * for in-process callers, or serialized by oxigraph in a requested media type for the endpoint),
 * and the mapping of oxigraph's parser messages to SparqlSyntaxError with a position.
 */
import type oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { QueryOptions, QueryResult, SerializedResult } from './GraphStore.js';
import { toOxigraphOptions } from './oxigraphQueryOptions.js';
import { queryForm, type QueryForm } from './queryForm.js';
import { errorPosition, mediaTypeOf, messageOf } from './rdfText.js';
import { termFromJson, type JsonTerm } from './sparqlJsonTerms.js';
import { FabricError, NotAcceptableError, QueryEngineFailureError, SparqlSyntaxError } from '../errors/FabricError.js';
import { isEngineFailure } from './engineFailure.js';

/**
 * A typed fabric error as it is; an oxigraph parse error as SparqlSyntaxError with its line and column; a failure inside the
 * engine (engineFailure.ts) as QueryEngineFailureError (422).
 */
export function sparqlError(error: unknown): Error {
  if (error instanceof FabricError) return error;
  const message = messageOf(error);
  if (isEngineFailure(error)) return new QueryEngineFailureError(message, false);
  const { line, column } = errorPosition(message);
  if (line !== undefined) return new SparqlSyntaxError(message, line, column);
  return error instanceof Error ? error : new Error(message);
}

function formOf(raw: oxigraph.Store, sparql: string, options?: QueryOptions): QueryForm {
  const form = queryForm(sparql);
  if (form) return form;
  try {
    raw.query(sparql, toOxigraphOptions(options)); // not a query: let the parser say where
  } catch (error) {
    throw sparqlError(error);
  }
  throw new SparqlSyntaxError('Not a SPARQL query (expected SELECT, CONSTRUCT, ASK or DESCRIBE).');
}

export function queryStore(raw: oxigraph.Store, sparql: string, options?: QueryOptions): QueryResult {
  const form = formOf(raw, sparql, options);
  try {
    if (form === 'SELECT') {
      const json = raw.query(sparql, { ...toOxigraphOptions(options), results_format: 'application/sparql-results+json' }) as string;
      const parsed = JSON.parse(json) as { head: { vars: string[] }; results: { bindings: Record<string, JsonTerm>[] } };
      const rows = parsed.results.bindings.map((b) => new Map(Object.entries(b).map(([k, v]) => [k, termFromJson(v)])));
      return { kind: 'bindings', variables: parsed.head.vars, rows };
    }
    const result = raw.query(sparql, toOxigraphOptions(options));
    if (form === 'ASK') return { kind: 'boolean', value: result as boolean };
    return { kind: 'quads', quads: result as unknown as RDF.Quad[] };
  } catch (error) {
    throw sparqlError(error);
  }
}

export function queryStoreTo(raw: oxigraph.Store, sparql: string, mediaType: string, options?: QueryOptions): SerializedResult {
  const form = formOf(raw, sparql, options);
  const kind = form === 'ASK' ? 'boolean' : form === 'SELECT' ? 'bindings' : 'quads';
  let body: string;
  try {
    body = raw.query(sparql, { ...toOxigraphOptions(options), results_format: mediaTypeOf(mediaType) }) as string;
  } catch (error) {
    if (/Not supported .*media type/.test(messageOf(error))) {
      throw new NotAcceptableError(`Cannot serialize ${form} results as ${mediaType}.`);
    }
    throw sparqlError(error);
  }
  return { kind, mediaType, body };
}
