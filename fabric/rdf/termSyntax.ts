/**
 * The N-Triples / SPARQL syntax of one RDF/JS term: `<iri>`, `_:label`, `"lexical"` (xsd:string),
 * `"lexical"@lang`, `"lexical"^^<datatype>`, the RDF 1.2 triple term `<<( s p o )>>`, `?variable`.
 * Shared by the N-Quads writer of the NGSI-LD mapping and the reasoner's query builder.
 */
import type * as RDF from '@rdfjs/types';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const ESCAPED: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A string literal's lexical form in quotes, with `\`, `"`, LF, CR and tab escaped (valid N-Triples and SPARQL). */
export function quotedString(value: string): string {
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => ESCAPED[c])}"`;
}

export function termSyntax(term: RDF.Term): string {
  switch (term.termType) {
    case 'NamedNode': return `<${term.value}>`;
    case 'BlankNode': return `_:${term.value}`;
    case 'Literal': {
      const lexical = quotedString(term.value);
      if (term.language) return `${lexical}@${term.language}`;
      return term.datatype.value === XSD_STRING ? lexical : `${lexical}^^<${term.datatype.value}>`;
    }
    case 'Quad': return `<<( ${termSyntax(term.subject)} ${termSyntax(term.predicate)} ${termSyntax(term.object)} )>>`;
    case 'Variable': return `?${term.value}`;
    default: throw new Error(`no syntax for a ${term.termType} term`);
  }
}
