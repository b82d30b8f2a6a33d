/**
 * IRIs and the RDF/JS term factory of the NGSI-LD ↔ RDF mapping (docs/ngsi-ld-mapping.md).
 * Terms are plain JavaScript objects (termFactory.ts): creating oxigraph terms from JS
 * costs ~2 µs each (WASM calls), so the store converts them when it writes.
 */
import type * as RDF from '@rdfjs/types';
import { termFactory } from './termFactory.js';
import { CF, RDF as RDF_NS, XSD } from '../../rdf/namespaces.js';
import { NGSI_LD } from '../codec/ngsiLdVocabulary.js';

export const factory = termFactory;

export const RDF_TYPE = `${RDF_NS}type`;
/** RDF 1.2 reification: `r rdf:reifies <<( s p o )>>`. */
export const RDF_REIFIES = `${RDF_NS}reifies`;
export const RDF_JSON = `${RDF_NS}JSON`;
export const RDF_LANG_STRING = `${RDF_NS}langString`;
export const GEO_JSON_LITERAL = 'http://www.opengis.net/ont/geosparql#geoJSONLiteral';

export const XSD_STRING = `${XSD}string`;
export const XSD_ANY_URI = `${XSD}anyURI`;
export const XSD_INTEGER = `${XSD}integer`;
export const XSD_DOUBLE = `${XSD}double`;
export const XSD_BOOLEAN = `${XSD}boolean`;
export const XSD_DATE_TIME = `${XSD}dateTime`;
export const XSD_DATE = `${XSD}date`;
export const XSD_TIME = `${XSD}time`;
export const NUMERIC_DATATYPES: ReadonlySet<string> = new Set(
  ['integer', 'decimal', 'double', 'float', 'long', 'int', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger',
    'negativeInteger', 'nonPositiveInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte'].map((t) => `${XSD}${t}`),
);

/** Reifier predicates (cf: = https://w3id.org/continuum-fabric/ns#). */
export const CF_ATTRIBUTE_KIND = `${CF}attributeKind`;
/**
 * Written on every reifier until 2026-12-04 (the attribute P and the entity or parent reifier S); implied by the
 * reified triple `<<( S P o )>>`, so no longer written nor read. Kept as reifier metadata so reifiers stored before
 * (WAL records, snapshots, RDF loaded from elsewhere) read the same: not as sub-attributes.
 */
export const CF_ATTRIBUTE = `${CF}attribute`;
export const CF_SUBJECT = `${CF}subject`;
/** The exact expanded value when the natural triples cannot give it back. */
export const CF_JSON_VALUE = `${CF}jsonValue`;
/** Exact lexical forms of timestamps the store would canonicalize ({"observedAt": "…"}). */
export const CF_LEXICAL_FORMS = `${CF}lexicalForms`;

export const NGSI_DATASET_ID = `${NGSI_LD}datasetId`;
export const NGSI_OBSERVED_AT = `${NGSI_LD}observedAt`;
export const NGSI_UNIT_CODE = `${NGSI_LD}unitCode`;
export const NGSI_CREATED_AT = `${NGSI_LD}createdAt`;
export const NGSI_MODIFIED_AT = `${NGSI_LD}modifiedAt`;
export const NGSI_SCOPE = `${NGSI_LD}scope`;
/** The core context's IRI for the objectType member (Annex B: objectType → ngsi-ld:hasObjectType). */
export const NGSI_OBJECT_TYPE = `${NGSI_LD}hasObjectType`;

/** Predicates of a reifier that describe the instance rather than being sub-attributes. */
export const REIFIER_METADATA: ReadonlySet<string> = new Set([
  RDF_REIFIES, CF_ATTRIBUTE_KIND, CF_ATTRIBUTE, CF_SUBJECT, CF_JSON_VALUE, CF_LEXICAL_FORMS,
  NGSI_DATASET_ID, NGSI_OBSERVED_AT, NGSI_UNIT_CODE, NGSI_CREATED_AT, NGSI_MODIFIED_AT, NGSI_OBJECT_TYPE,
]);
/** Predicates on the entity node that are not attributes. */
export const ENTITY_METADATA: ReadonlySet<string> = new Set([RDF_TYPE, NGSI_CREATED_AT, NGSI_MODIFIED_AT, NGSI_SCOPE, CF_LEXICAL_FORMS]);

/** A string key identifying a term (quoted triples included) for sets and maps. */
export function termKey(term: RDF.Term): string {
  switch (term.termType) {
    case 'NamedNode': return `<${term.value}>`;
    case 'BlankNode': return `_:${term.value}`;
    case 'Literal': return `"${term.value}"${term.language ? `@${term.language}` : `^^${term.datatype.value}`}`;
    case 'Quad': return `<<${termKey(term.subject)} ${termKey(term.predicate)} ${termKey(term.object)}>>`;
    default: return `?${term.value}`;
  }
}

export function tripleKey(s: RDF.Term, p: RDF.Term, o: RDF.Term): string {
  return `${termKey(s)} ${termKey(p)} ${termKey(o)}`;
}
