/**
 * Safe SPARQL text for the entity-query compiler: IRIs and string literals from request
 * parameters are checked / escaped here and nowhere else (no injection through q, type, ids).
 */
import { InvalidRequestError } from '../../errors/FabricError.js';
import { XSD } from '../../rdf/namespaces.js';
import { hasCharacterIriRefForbids } from '../../rdf/termSyntax.js';
import { splitRegexFlags } from './queryRegex.js';

const ABSOLUTE_IRI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** `<iri>`, refusing characters that IRIREF forbids (SPARQL 1.1 §19.8 [139]). */
export function iriRef(iri: string, what = 'IRI'): string {
  if (!ABSOLUTE_IRI_SCHEME.test(iri) || hasCharacterIriRefForbids(iri)) {
    throw new InvalidRequestError(`Not a valid absolute IRI for ${what}: ${JSON.stringify(iri)}.`);
  }
  return `<${iri}>`;
}

/** A SPARQL string literal (STRING_LITERAL_QUOTE, §19.8 [156]) with escapes. */
export function stringLiteral(value: string): string {
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)}"`;
}

export function typedLiteral(value: string, xsdLocalName: string): string {
  return `${stringLiteral(value)}^^<${XSD}${xsdLocalName}>`;
}

/** Numbers as xsd:double so comparisons with integers and doubles never hit decimal arithmetic. */
export function numberLiteral(value: number): string {
  return typedLiteral(String(value), 'double');
}

/** A regular expression for REGEX(): an optional leading `(?i)` becomes the "i" flag. */
export function regexArguments(pattern: string): string {
  const { source, flags } = splitRegexFlags(pattern);
  return flags ? `${stringLiteral(source)}, ${stringLiteral(flags)}` : stringLiteral(source);
}

/** Fresh variable names, one generator per compiled query. */
export class Variables {
  private n = 0;
  next(prefix: string): string {
    return `?${prefix}${this.n++}`;
  }
}
