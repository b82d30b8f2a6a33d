/**
 * Query evaluation inside a replica: oxigraph serializes the results itself
 * (results_format), so only a string crosses the thread boundary. Same
 * dataset and error semantics as MemoryGraphStore.query/queryTo.
 * Pure function of (store, request): unit-testable without a worker.
 */
import oxigraph from 'oxigraph';
import { errorPosition, messageOf } from '../rdfText.js';
import { isEngineFailure } from '../engineFailure.js';
import { queryForm } from '../queryForm.js';
import { toOxigraphOptions } from '../oxigraphQueryOptions.js';
import type { QueryFailure, QueryReply, QueryRequest, ResultKind } from './protocol.js';

export const SPARQL_JSON = 'application/sparql-results+json';
export const N_QUADS = 'application/n-quads';

function syntaxFailure(id: number, error: unknown): QueryFailure {
  const message = messageOf(error);
  if (isEngineFailure(error)) return { type: 'error', id, reason: 'trap', message };
  const { line, column } = errorPosition(message);
  if (line !== undefined) return { type: 'error', id, reason: 'syntax', message, line, column };
  return { type: 'error', id, reason: 'evaluation', message };
}

export function runReplicaQuery(store: oxigraph.Store, request: QueryRequest): QueryReply | QueryFailure {
  const { id, sparql } = request;
  const options = toOxigraphOptions(request.options);
  const form = queryForm(sparql);
  if (!form) {
    try {
      store.query(sparql, options); // not a query: let the parser say where
    } catch (error) {
      return syntaxFailure(id, error);
    }
    return { type: 'error', id, reason: 'syntax', message: 'Not a SPARQL query (expected SELECT, CONSTRUCT, ASK or DESCRIBE).' };
  }
  const kind: ResultKind = form === 'ASK' ? 'boolean' : form === 'SELECT' ? 'bindings' : 'quads';
  // Structured mode: SPARQL Results JSON for SELECT/ASK, N-Quads (labels kept by oxigraph.parse) for graphs.
  const mediaType = request.mediaType ?? (kind === 'quads' ? N_QUADS : SPARQL_JSON);
  try {
    const body = store.query(sparql, { ...options, results_format: mediaType }) as unknown as string;
    return { type: 'result', id, kind, mediaType, body };
  } catch (error) {
    const message = messageOf(error);
    if (/Not supported .*media type/.test(message)) {
      return { type: 'error', id, reason: 'format', message: `Cannot serialize ${form} results as ${mediaType}.` };
    }
    return syntaxFailure(id, error);
  }
}
