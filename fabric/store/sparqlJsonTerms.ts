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

/** What termFromJson builds terms with: oxigraph's factory (the default) or any RDF/JS one, e.g. N3.DataFactory. */
export interface JsonTermFactory {
  namedNode(value: string): RDF.NamedNode;
  blankNode(value: string): RDF.BlankNode;
  literal(value: string, languageOrDatatype?: string | RDF.NamedNode): RDF.Literal;
  triple(subject: never, predicate: never, object: never): RDF.Term | RDF.Quad;
}

export function termFromJson(term: JsonTerm, factory: JsonTermFactory = oxigraph): RDF.Term {
  switch (term.type) {
    case 'uri':
      return factory.namedNode(term.value as string);
    case 'bnode':
      return factory.blankNode(term.value as string);
    case 'literal':
    case 'typed-literal':
      if (term['xml:lang']) return factory.literal(term.value as string, term['xml:lang']);
      return factory.literal(term.value as string, term.datatype ? factory.namedNode(term.datatype) : undefined);
    case 'triple': {
      const t = term.value as { subject: JsonTerm; predicate: JsonTerm; object: JsonTerm };
      return factory.triple(termFromJson(t.subject, factory) as never, termFromJson(t.predicate, factory) as never, termFromJson(t.object, factory) as never) as RDF.Term;
    }
    default:
      throw new Error(`Unknown SPARQL JSON term type ${String((term as { type: unknown }).type)}`);
  }
}
