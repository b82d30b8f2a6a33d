/**
 * RDF terms from SPARQL 1.1 Query Results JSON (W3C REC §3.2.2), including
 * the RDF 1.2 "triple" term type oxigraph emits for quoted triples.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';

export interface JsonTerm {
  type: 'uri' | 'literal' | 'bnode' | 'triple' | 'typed-literal';
  value: string | { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
  'xml:lang'?: string;
  datatype?: string;
}

export function termFromJson(term: JsonTerm): RDF.Term {
  switch (term.type) {
    case 'uri':
      return oxigraph.namedNode(term.value as string);
    case 'bnode':
      return oxigraph.blankNode(term.value as string);
    case 'literal':
    case 'typed-literal':
      if (term['xml:lang']) return oxigraph.literal(term.value as string, term['xml:lang']);
      return oxigraph.literal(term.value as string, term.datatype ? oxigraph.namedNode(term.datatype) : undefined);
    case 'triple': {
      const t = term.value as { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
      return oxigraph.triple(termFromJson(t.subject), termFromJson(t.predicate), termFromJson(t.object)) as RDF.Term;
    }
    default:
      throw new Error(`Unknown SPARQL JSON term type ${String((term as { type: unknown }).type)}`);
  }
}
