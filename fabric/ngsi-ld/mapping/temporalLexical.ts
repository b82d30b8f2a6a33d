/**
 * The lexical forms the store (oxigraph 0.5) gives back for literals it canonicalizes:
 * xsd:dateTime / date / time drop trailing zeros of the fraction ("…00.120Z" → "…00.12Z")
 * and write a zero offset as "Z"; language tags come back in lower case. Measured on this
 * machine (see docs/ngsi-ld-mapping.md). When a written form differs from its stored form,
 * the mapping keeps the written form on the reifier so the round trip stays exact.
 */
import type * as RDF from '@rdfjs/types';
import { factory, XSD_DATE, XSD_DATE_TIME, XSD_TIME } from './rdfVocabulary.js';

const TEMPORAL = new Set([XSD_DATE_TIME, XSD_DATE, XSD_TIME]);

/**
 * Whether some "." is followed by a run of digits ending in "0": the only case in which the fraction
 * replacement of canonicalTemporal can match (its lookahead needs a non-digit or the end after the zeros).
 */
function hasFractionEndingInZero(lexical: string): boolean {
  for (let dot = lexical.indexOf('.'); dot >= 0; dot = lexical.indexOf('.', dot + 1)) {
    let end = dot + 1;
    while (end < lexical.length && lexical.charCodeAt(end) >= 48 && lexical.charCodeAt(end) <= 57) end++;
    if (end > dot + 1 && lexical.charCodeAt(end - 1) === 48) return true;
  }
  return false;
}

/** Canonical lexical form of an xsd:dateTime / date / time as the store prints it. */
export function canonicalTemporal(lexical: string): string {
  // Neither replacement applies without a fraction ending in zero or a zero offset: most timestamps (toISOString's
  // ".123Z") run no regular expression, which was ≈ 0.5 µs per timestamp, ≈ 30 per created aerOS IE.
  if (!hasFractionEndingInZero(lexical) && !(lexical.endsWith('+00:00') || lexical.endsWith('-00:00'))) return lexical;
  return lexical
    .replace(/\.(\d*?)0+(?=$|Z|[+-]\d{2}:\d{2}$)/, (_m, digits: string) => (digits ? `.${digits}` : ''))
    .replace(/[+-]00:00$/, 'Z');
}

/** Whether the store keeps this timestamp's lexical form as written. */
export function isStoreCanonical(lexical: string): boolean {
  return canonicalTemporal(lexical) === lexical && !lexical.includes('T24:');
}

/** The term as the store will return it. */
export function storeLexical<T extends RDF.Term>(term: T): T {
  if (term.termType !== 'Literal') return term;
  const lit = term as unknown as RDF.Literal;
  if (lit.language && lit.language !== lit.language.toLowerCase()) return factory.literal(lit.value, lit.language.toLowerCase()) as unknown as T;
  if (TEMPORAL.has(lit.datatype.value)) {
    const canonical = canonicalTemporal(lit.value);
    if (canonical !== lit.value) return factory.literal(canonical, lit.datatype) as unknown as T;
  }
  return term;
}
