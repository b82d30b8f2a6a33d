/**
 * A SELECT's solutions for the policy checks, read from the store's SPARQL 1.1 Query Results JSON (W3C REC §3.2) as
 * N3 terms. GraphStore.query gives oxigraph terms, each an object of the WASM module made and read through calls into
 * it; a check reads every value of its solutions (and shacl-engine reads the neighbourhood's terms many times), so
 * plain JS terms cost less: measured at 10k IEs, the check's two queries 2.4 → 1.9 ms and the core validation over
 * the neighbourhood 0.76 → 0.37 ms of CPU (docs/benchmarks.md §6, helper policy-check2).
 */
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';

interface JsonTerm {
  readonly type: 'uri' | 'bnode' | 'literal' | 'typed-literal' | 'triple';
  readonly value: string | { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
  readonly 'xml:lang'?: string;
  readonly datatype?: string;
}

const { namedNode, blankNode, literal, quad } = N3.DataFactory;

function term(t: JsonTerm): RDF.Term {
  switch (t.type) {
    case 'uri': return namedNode(t.value as string);
    case 'bnode': return blankNode(t.value as string);
    case 'triple': {
      const v = t.value as { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
      return quad(term(v.subject) as N3.Quad_Subject, term(v.predicate) as N3.Quad_Predicate, term(v.object) as N3.Quad_Object);
    }
    default: return literal(t.value as string, t['xml:lang'] || (t.datatype !== undefined ? namedNode(t.datatype) : undefined));
  }
}

/** The solutions of a SELECT query, each a map from variable name to term (unbound variables absent). */
export async function selectRows(store: GraphStore, sparql: string): Promise<Array<Map<string, RDF.Term>>> {
  const result = await store.queryTo(sparql, 'application/sparql-results+json');
  const bindings = (JSON.parse(result.body) as { results?: { bindings?: Array<Record<string, JsonTerm>> } }).results?.bindings ?? [];
  return bindings.map((b) => {
    const row = new Map<string, RDF.Term>();
    for (const name in b) row.set(name, term(b[name]));
    return row;
  });
}
