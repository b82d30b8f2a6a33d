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

/** Canonical lexical form of an xsd:dateTime / date / time as the store prints it. */
export function canonicalTemporal(lexical: string): string {
  // Neither replacement applies without a fraction or a zero offset (most timestamps: no regular expression run).
  if (!lexical.includes('.') && !lexical.endsWith('00:00')) return lexical;
  return lexical
    .replace(/\.(\d*?)0+(?=$|Z|[+-]\d{2}:\d{2}$)/, (_m, digits: string) => (digits ? `.${digits}` : ''))
    .replace(/[+-]00:00$/, 'Z');
}

/** Whether the store keeps this timestamp's lexical form as written. */
export function isStoreCanonical(lexical: string): boolean {
  return canonicalTemporal(lexical) === lexical && !/T24:/.test(lexical);
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
