/**
 * Whether quads come back from the store exactly as written. oxigraph 0.5 keeps numbers, booleans
 * and dates in binary form and prints them canonically, and lower-cases language tags (measured:
 * `"+5"^^xsd:integer` → `"5"`, `"1.0E0"^^xsd:double` → `"1"`, `"1e-7"^^xsd:double` → `"0.0000001"`,
 * `"…00.120Z"` → `"…00.12Z"`, `"+00:00"` → `"Z"`, `@EN` → `@en`; temporalLexical.ts). A writer
 * that knows its quads are stored verbatim may keep them as the graph's stored state (the NGSI-LD
 * read index, EntityIndex.written) instead of reading the graph back.
 *
 * The test is conservative: it accepts a literal only in a lexical form this module knows to be
 * the store's own (xsd:string, IRIs, rdf:JSON and other non-XSD datatypes are stored verbatim);
 * any other XSD datatype, or an unusual form, answers false and the caller reads the store.
 * A differential test (test/unit/ngsi-ld/mapping/storedForm.test.ts) writes random literals into
 * oxigraph and checks that every literal accepted here is dumped back unchanged.
 */
import type * as RDF from '@rdfjs/types';
import { XSD } from '../../rdf/namespaces.js';
import { factory } from './rdfVocabulary.js';
import { canonicalTemporal, isStoreCanonical } from './temporalLexical.js';

/** Canonical forms per XSD datatype the store re-encodes; an XSD datatype absent here is never accepted (except xsd:string). */
const CANONICAL: Readonly<Record<string, (lexical: string) => boolean>> = {
  [`${XSD}string`]: () => true,
  // i64 range with margin: longer integers the store may keep as text or refuse, not tried here.
  [`${XSD}integer`]: (v) => /^(0|-?[1-9]\d{0,17})$/.test(v),
  [`${XSD}boolean`]: (v) => v === 'true' || v === 'false',
  // The store prints an f64 in its shortest round-trip digits without an exponent, as JS does for 1e-6 ≤ |x| < 1e21.
  [`${XSD}double`]: (v) => /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/.test(v) && v.length <= 22 && String(Number(v)) === v,
  [`${XSD}decimal`]: (v) => /^-?(0|[1-9]\d{0,17})(\.\d{0,17}[1-9])?$/.test(v),
  [`${XSD}dateTime`]: (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$/.test(v) && isStoreCanonical(v) && validDate(v) && validTime(v.slice(11)),
  [`${XSD}date`]: (v) => /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$/.test(v) && isStoreCanonical(v) && validDate(v),
  [`${XSD}time`]: (v) => /^\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$/.test(v) && isStoreCanonical(v) && validTime(v),
};

/** Month 01–12, day within the month (an invalid date is out of scope: not accepted). */
function validDate(v: string): boolean {
  const year = Number(v.slice(0, 4));
  const month = Number(v.slice(5, 7));
  const day = Number(v.slice(8, 10));
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= days[month - 1];
}

/** hh < 24, mm and ss < 60, and a time-zone offset within ±14:00 other than ±00:00 (printed as Z). */
function validTime(v: string): boolean {
  if (Number(v.slice(0, 2)) > 23 || Number(v.slice(3, 5)) > 59 || Number(v.slice(6, 8)) > 59) return false;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(v);
  if (!offset) return true;
  const minutes = Number(offset[2]) * 60 + Number(offset[3]);
  return minutes > 0 && minutes <= 14 * 60 && Number(offset[3]) < 60;
}

const TEMPORAL = new Set([`${XSD}dateTime`, `${XSD}date`, `${XSD}time`]);

/**
 * The last XSD literal found canonical: the quads of one write repeat the same timestamps (a create stamps every
 * instance's createdAt and modifiedAt with one instant), so most literals skip the regular expressions.
 */
let lastCanonical = { datatype: '', value: '' };

/** The term as the store gives it back, or undefined when this module cannot tell. */
function storedTerm(term: RDF.Term): RDF.Term | undefined {
  if (term.termType === 'NamedNode') return term;
  if (term.termType === 'Literal') {
    const literal = term as RDF.Literal;
    if ((literal as { direction?: unknown }).direction) return undefined;
    if (literal.language) return literal.language === literal.language.toLowerCase() ? term : factory.literal(literal.value, literal.language.toLowerCase());
    const datatype = literal.datatype.value;
    if (!datatype.startsWith(XSD)) return term;
    const canonical = CANONICAL[datatype];
    if (canonical === undefined) return undefined;
    if (lastCanonical.value === literal.value && lastCanonical.datatype === datatype) return term;
    if (canonical(literal.value)) {
      lastCanonical = { datatype, value: literal.value };
      return term;
    }
    if (!TEMPORAL.has(datatype)) return undefined;
    const stored = canonicalTemporal(literal.value);
    return canonical(stored) ? factory.literal(stored, literal.datatype) : undefined;
  }
  if (term.termType === 'Quad') {
    const q = term as unknown as RDF.Quad;
    const s = storedTerm(q.subject);
    const o = storedTerm(q.object);
    if (!s || !o) return undefined;
    return s === q.subject && o === q.object ? term : factory.quad(s as RDF.Quad_Subject, q.predicate, o as RDF.Quad_Object) as unknown as RDF.Term;
  }
  return undefined; // blank nodes get fresh labels; variables are not data
}

/**
 * The quads as the store holds them once inserted (literals in their stored lexical form, see the
 * file comment), or undefined when some literal's stored form is not known here. Unchanged quads
 * are returned as they are (no copy when nothing changes).
 */
export function storedForm(quads: readonly RDF.Quad[]): RDF.Quad[] | undefined {
  let out: RDF.Quad[] | undefined;
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i];
    if (q.graph.termType !== 'NamedNode' || q.subject.termType === 'BlankNode') return undefined;
    const s = q.subject.termType === 'Quad' ? storedTerm(q.subject) : q.subject;
    const o = storedTerm(q.object);
    if (!s || !o) return undefined;
    if (s !== q.subject || o !== q.object) {
      out ??= quads.slice(0, i);
      out.push(factory.quad(s as RDF.Quad_Subject, q.predicate, o as RDF.Quad_Object, q.graph));
    } else if (out) out.push(q);
  }
  return out ?? (quads as RDF.Quad[]);
}
