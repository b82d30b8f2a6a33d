/**
 * Structured QueryResult from a replica's serialized answer: SPARQL 1.1
 * Query Results JSON (W3C REC §3) for SELECT/ASK, N-Quads for
 * CONSTRUCT/DESCRIBE. oxigraph.parse keeps blank-node labels, so a blank
 * node in a result names the same node as in the primary store.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { QueryResult } from '../GraphStore.js';
import { termFromJson, type JsonTerm } from '../sparqlJsonTerms.js';
import type { QueryReply } from './protocol.js';

interface SparqlJson {
  head: { vars?: string[] };
  boolean?: boolean;
  results?: { bindings: Array<Record<string, JsonTerm>> };
}

export function decodeQueryResult(reply: QueryReply): QueryResult {
  if (reply.kind === 'quads') {
    return { kind: 'quads', quads: oxigraph.parse(reply.body, { format: reply.mediaType }) as RDF.Quad[] };
  }
  const json = JSON.parse(reply.body) as SparqlJson;
  if (reply.kind === 'boolean') return { kind: 'boolean', value: json.boolean === true };
  const variables = json.head.vars ?? [];
  const rows = (json.results?.bindings ?? []).map((binding) => {
    const row = new Map<string, RDF.Term>();
    for (const [name, term] of Object.entries(binding)) row.set(name, termFromJson(term));
    return row;
  });
  return { kind: 'bindings', variables, rows };
}
