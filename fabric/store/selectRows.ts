/**
 * A SELECT's solutions read from the store's SPARQL 1.1 Query Results JSON (W3C REC §3.2) as N3 terms, for callers
 * that read many values (policy checks, the reconciler's Ready IEs). GraphStore.query gives oxigraph terms, each an
 * object of the WASM module made and read through calls into it; plain JS terms cost less: measured at 10k IEs, the check's two queries 2.4 → 1.9 ms and the core validation over
 * the neighbourhood 0.76 → 0.37 ms of CPU (docs/benchmarks.md §6, helper policy-check2).
 */
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from './GraphStore.js';
import { termFromJson, type JsonTerm, type JsonTermFactory } from './sparqlJsonTerms.js';

const N3_TERMS: JsonTermFactory = N3.DataFactory;

/** The solutions of a SELECT query, each a map from variable name to term (unbound variables absent). */
export async function selectRows(store: GraphStore, sparql: string): Promise<Array<Map<string, RDF.Term>>> {
  const result = await store.queryTo(sparql, 'application/sparql-results+json');
  const bindings = (JSON.parse(result.body) as { results?: { bindings?: Array<Record<string, JsonTerm>> } }).results?.bindings ?? [];
  return bindings.map((b) => {
    const row = new Map<string, RDF.Term>();
    for (const name in b) row.set(name, termFromJson(b[name], N3_TERMS));
    return row;
  });
}
