/**
 * The NATURAL objects of an attribute instance — `<e> P v` — and back
 * (docs/ngsi-ld-mapping.md "Natural triples"):
 * Property number → xsd:integer (safe integers) / xsd:double, string → xsd:string or the
 * enumeration individual, boolean → xsd:boolean, DateTime/Date/Time → xsd:dateTime/date/time,
 * array / object → one rdf:JSON literal; Relationship / ListRelationship / VocabProperty →
 * IRIs; GeoProperty → geo:geoJSONLiteral; LanguageProperty → "text"@tag ("@none" → xsd:string);
 * JsonProperty / ListProperty → one rdf:JSON literal.
 */
import type * as RDF from '@rdfjs/types';
import type { AttributeInstance, AttributeKind, GeoJsonGeometry, JsonValue, TypedValue } from '../model/Entity.js';
import { DATE, DATE_TIME, TIME } from '../codec/ngsiLdVocabulary.js';
import { isTypedValue } from '../codec/propertyValues.js';
import { canonicalJson, jsonEqual } from './canonicalJson.js';
import type { OntologyValueMap } from './OntologyValueMap.js';
import {
  factory, GEO_JSON_LITERAL, NUMERIC_DATATYPES, RDF_JSON, XSD_BOOLEAN, XSD_DATE, XSD_DATE_TIME, XSD_DOUBLE,
  XSD_ANY_URI, XSD_INTEGER, XSD_STRING, XSD_TIME, termKey,
} from './rdfVocabulary.js';
import { isAbsoluteIri, isDate, isDateTime } from '../codec/structuralRules.js';
import { isStoreCanonical, storeLexical } from './temporalLexical.js';

const { namedNode, literal } = factory;
const dt = (iri: string): RDF.NamedNode => namedNode(iri);
const DT = {
  string: dt(XSD_STRING), integer: dt(XSD_INTEGER), double: dt(XSD_DOUBLE), boolean: dt(XSD_BOOLEAN),
  json: dt(RDF_JSON), geo: dt(GEO_JSON_LITERAL),
};
const TEMPORAL_TO_XSD: Record<string, string> = { [DATE_TIME]: XSD_DATE_TIME, [DATE]: XSD_DATE, [TIME]: XSD_TIME };
const XSD_TO_TEMPORAL: Record<string, string> = { [XSD_DATE_TIME]: DATE_TIME, [XSD_DATE]: DATE, [XSD_TIME]: TIME };

const STRING_CHECKS: Record<string, (v: string) => boolean> = { [XSD_ANY_URI]: isAbsoluteIri, [XSD_DATE_TIME]: isDateTime, [XSD_DATE]: isDate };

export type NaturalObject = RDF.NamedNode | RDF.Literal;

/** The kind-specific content of an instance, as kept in cf:jsonValue. */
export function contentOf(i: AttributeInstance): unknown {
  switch (i.kind) {
    case 'Relationship': case 'ListRelationship': return i.object;
    case 'GeoProperty': return i.geometry;
    case 'LanguageProperty': return i.languageMap;
    case 'VocabProperty': return i.vocab;
    default: return i.value;
  }
}

export function withContent(kind: AttributeKind, content: unknown): Partial<AttributeInstance> {
  switch (kind) {
    case 'Relationship': case 'ListRelationship': return { object: content as string | string[] };
    case 'GeoProperty': return { geometry: content as GeoJsonGeometry };
    case 'LanguageProperty': return { languageMap: content as Record<string, string | string[]> };
    case 'VocabProperty': return { vocab: content as string | string[] };
    default: return { value: content as JsonValue };
  }
}

function scalarObject(value: JsonValue | TypedValue): NaturalObject {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? literal(String(value), DT.integer) : literal(String(value), DT.double);
  }
  if (typeof value === 'boolean') return literal(String(value), DT.boolean);
  if (typeof value === 'string') return literal(value, DT.string);
  if (isTypedValue(value)) return literal(value['@value'], dt(TEMPORAL_TO_XSD[value['@type']] ?? value['@type']));
  return literal(canonicalJson(value), DT.json);
}

const iris = (v: string | readonly string[] | undefined): NaturalObject[] =>
  v === undefined ? [] : typeof v === 'string' ? [namedNode(v)] : [...new Set(v)].map((x) => namedNode(x));

/** The natural objects of one instance of attribute `attributeIri`. */
export function naturalObjects(i: AttributeInstance, attributeIri: string, enums: OntologyValueMap): NaturalObject[] {
  switch (i.kind) {
    case 'Property': {
      const v = i.value ?? null;
      if (typeof v === 'string') {
        const individual = enums.individualFor(attributeIri, v);
        if (individual) return [namedNode(individual)];
        const datatype = enums.stringDatatype(attributeIri);
        if (datatype && STRING_CHECKS[datatype]?.(v)) return [literal(v, dt(datatype))];
      }
      return [scalarObject(v)];
    }
    case 'Relationship': case 'ListRelationship': case 'VocabProperty':
      return iris(i.kind === 'VocabProperty' ? i.vocab : i.object);
    case 'GeoProperty': return [literal(canonicalJson(i.geometry), DT.geo)];
    case 'JsonProperty': case 'ListProperty': return [literal(canonicalJson(i.value ?? null), DT.json)];
    case 'LanguageProperty': {
      const out: NaturalObject[] = [];
      const seen = new Set<string>();
      for (const [tag, text] of Object.entries(i.languageMap ?? {})) {
        for (const t of typeof text === 'string' ? [text] : text) {
          const term = tag === '@none' ? literal(t, DT.string) : literal(t, tag);
          const key = termKey(term);
          if (!seen.has(key)) out.push(term);
          seen.add(key);
        }
      }
      return out;
    }
  }
}

/** A literal's JSON value (Property content of a natural triple). */
export function literalValue(term: RDF.Term): JsonValue | TypedValue {
  if (term.termType !== 'Literal') return term.value;
  const datatype = term.datatype.value;
  if (datatype === XSD_STRING || datatype === XSD_ANY_URI) return term.value;
  if (NUMERIC_DATATYPES.has(datatype)) return Number(term.value);
  if (datatype === XSD_BOOLEAN) return term.value === 'true' || term.value === '1';
  if (datatype === RDF_JSON || datatype === GEO_JSON_LITERAL) {
    try {
      return JSON.parse(term.value) as JsonValue;
    } catch {
      return term.value;
    }
  }
  if (term.language) return term.value;
  return { '@type': XSD_TO_TEMPORAL[datatype] ?? datatype, '@value': term.value };
}

const sortByKey = (terms: readonly RDF.Term[]): RDF.Term[] => [...terms].sort((a, b) => (termKey(a) < termKey(b) ? -1 : 1));
const one = <T>(values: T[]): T | T[] => (values.length === 1 ? values[0] : values);

/** Content of an instance of `kind` read from its natural objects alone. */
export function decodeNatural(kind: AttributeKind, objects: readonly RDF.Term[]): Partial<AttributeInstance> {
  const sorted = sortByKey(objects);
  switch (kind) {
    case 'Relationship': return { object: one(sorted.map((o) => o.value)) };
    case 'ListRelationship': return { object: sorted.map((o) => o.value) };
    case 'VocabProperty': return { vocab: one(sorted.map((o) => o.value)) };
    case 'GeoProperty': return { geometry: literalValue(sorted[0]) as unknown as GeoJsonGeometry };
    case 'LanguageProperty': {
      const map: Record<string, string[]> = {};
      for (const o of sorted) ((map[(o as RDF.Literal).language || '@none'] ??= [])).push(o.value);
      return { languageMap: Object.fromEntries(Object.entries(map).map(([k, v]) => [k, one(v)])) as Record<string, string | string[]> };
    }
    default: return { value: one(sorted.map(literalValue)) as JsonValue };
  }
}

/** The kind a natural attribute without a reifier gets (written by SPARQL directly). */
export function bareKind(objects: readonly RDF.Term[]): AttributeKind {
  if (objects.every((o) => o.termType === 'NamedNode')) return 'Relationship';
  if (objects.every((o) => o.termType === 'Literal' && o.language)) return 'LanguageProperty';
  if (objects.length === 1 && objects[0].termType === 'Literal' && (objects[0] as RDF.Literal).datatype.value === GEO_JSON_LITERAL) return 'GeoProperty';
  return 'Property';
}

/**
 * Whether natural objects can be the content of an instance of `kind` (the shapes naturalObjects writes):
 * IRIs for Relationship / ListRelationship / VocabProperty, language-tagged or xsd:string literals for a
 * LanguageProperty, one geo:geoJSONLiteral for a GeoProperty, one rdf:JSON literal for a JsonProperty /
 * ListProperty; a Property takes any (an IRI reads as its string). Bare objects a SPARQL Update added next
 * to a reified instance may not fit it (docs/ngsi-ld-mapping.md, Reading back).
 */
export function fitsKind(kind: AttributeKind, objects: readonly RDF.Term[]): boolean {
  switch (kind) {
    case 'Property': return true;
    case 'Relationship': case 'ListRelationship': case 'VocabProperty': return objects.every((o) => o.termType === 'NamedNode');
    case 'LanguageProperty': return objects.every((o) => o.termType === 'Literal' && (o.language !== '' || o.datatype.value === XSD_STRING));
    case 'GeoProperty': return objects.length === 1 && objects[0].termType === 'Literal' && objects[0].datatype.value === GEO_JSON_LITERAL;
    default: return objects.length === 1 && objects[0].termType === 'Literal' && objects[0].datatype.value === RDF_JSON;
  }
}

/**
 * Whether the natural objects — as the store will give them back (canonical temporal
 * lexical forms, lower-case language tags) — decode to exactly this instance's content.
 */
export function naturalIsExact(i: AttributeInstance, objects: readonly NaturalObject[]): boolean {
  if (i.kind === 'Property' && (typeof i.value === 'number' || typeof i.value === 'boolean')) return true;
  if (i.kind === 'Property' && typeof i.value === 'string') {
    const o = objects[0];
    return o.termType === 'Literal' && (o.datatype.value === XSD_STRING || o.datatype.value === XSD_ANY_URI);
  }
  if (i.kind === 'Relationship' && typeof i.object === 'string') return true;
  if (i.kind === 'GeoProperty' || i.kind === 'JsonProperty') return true;
  if (objects.some((o) => o.termType === 'Literal' && !o.language && XSD_TO_TEMPORAL[o.datatype.value] && !isStoreCanonical(o.value) && /T24:/.test(o.value))) return false;
  const stored = objects.map(storeLexical);
  return jsonEqual(contentOf({ kind: i.kind, subAttributes: i.subAttributes, ...decodeNatural(i.kind, stored) }), contentOf(i));
}
