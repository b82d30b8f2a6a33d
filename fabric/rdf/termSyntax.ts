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

/** A term that has no N-Triples / SPARQL syntax (its text would parse as other terms). */
export class TermSyntaxError extends TypeError {}

/** Characters IRIREF forbids (N-Triples [8], SPARQL [139]): one of them in an IRI would end `<…>` early. */
const NOT_IN_IRIREF = /[\u0000-\u0020<>"{}|^`\\]/;

/** Whether `iri` holds a character IRIREF forbids, so that `<iri>` would not parse as one IRI (N-Triples [8], SPARQL [139]). */
export function hasCharacterIriRefForbids(iri: string): boolean {
  return NOT_IN_IRIREF.test(iri);
}

const LANGUAGE_TAG_SYNTAX = /^[a-zA-Z]+(?:-[a-zA-Z0-9]+)*$/;

/**
 * `<iri>`. An IRI with a character IRIREF forbids is refused rather than written: the text would parse as other
 * terms — a write of data from a request could add quads of its choosing (N-Quads injection). The NGSI-LD codec
 * already refuses such IRIs with 400 (fabric/rdf/iriValidation.ts); this guards every other writer.
 */
function iriSyntax(iri: string): string {
  if (hasCharacterIriRefForbids(iri)) throw new TermSyntaxError(`Cannot write ${JSON.stringify(iri)} as an IRI: it holds a character IRIREF forbids.`);
  return `<${iri}>`;
}

export function termSyntax(term: RDF.Term): string {
  switch (term.termType) {
    case 'NamedNode': return iriSyntax(term.value);
    case 'BlankNode':
      if (NOT_IN_IRIREF.test(term.value)) throw new TermSyntaxError(`Cannot write ${JSON.stringify(term.value)} as a blank node label.`);
      return `_:${term.value}`;
    case 'Literal': {
      const lexical = quotedString(term.value);
      if (term.language) {
        if (!LANGUAGE_TAG_SYNTAX.test(term.language)) throw new TermSyntaxError(`Cannot write ${JSON.stringify(term.language)} as a language tag.`);
        return `${lexical}@${term.language}`;
      }
      return term.datatype.value === XSD_STRING ? lexical : `${lexical}^^${iriSyntax(term.datatype.value)}`;
    }
    case 'Quad': return `<<( ${termSyntax(term.subject)} ${termSyntax(term.predicate)} ${termSyntax(term.object)} )>>`;
    case 'Variable': return `?${term.value}`;
    default: throw new Error(`no syntax for a ${term.termType} term`);
  }
}
