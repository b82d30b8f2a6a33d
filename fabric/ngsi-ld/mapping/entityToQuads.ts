/**
 * Entity → quads of its named graph (docs/ngsi-ld-mapping.md; contract in the NGSI-LD plan):
 * - `<e> rdf:type <T>`, `<e> ngsi-ld:createdAt / modifiedAt`, `<e> ngsi-ld:scope "/a/b"`;
 * - per attribute instance the NATURAL triple(s) `<e> P v` and a REIFIER
 *   `r rdf:reifies <<( <e> P v )>>` (RDF 1.2) carrying kind, datasetId, observedAt, unitCode,
 *   createdAt / modifiedAt, objectType and, when the natural triples
 *   cannot give the written value back, cf:jsonValue; sub-attributes are natural triples
 *   on the reifier, reified in turn. The attribute and its subject are those of the reified triple
 *   (no cf:attribute / cf:subject since 2026-12-04: two quads fewer per attribute instance).
 * Every quad is in the graph named by the entity id (fabric/rdf/namespaces.ts GRAPHS.entity).
 */
import type * as RDF from '@rdfjs/types';
import { GRAPHS } from '../../rdf/namespaces.js';
import { KIND_IRI } from '../codec/ngsiLdVocabulary.js';
import type { AttributeInstance, Entity } from '../model/Entity.js';
import { canonicalJson } from './canonicalJson.js';
import { defaultOntologyValueMap, type OntologyValueMap } from './OntologyValueMap.js';
import { contentOf, naturalIsExact, naturalObjects } from './naturalObjects.js';
import {
  CF_ATTRIBUTE_KIND, CF_JSON_VALUE, CF_LEXICAL_FORMS, factory, NGSI_CREATED_AT,
  NGSI_DATASET_ID, NGSI_MODIFIED_AT, NGSI_OBJECT_TYPE, NGSI_OBSERVED_AT, NGSI_SCOPE, NGSI_UNIT_CODE, RDF_JSON,
  RDF_REIFIES, RDF_TYPE, XSD_DATE_TIME, XSD_STRING, termKey,
} from './rdfVocabulary.js';
import { reifierIri } from './reifierIri.js';
import { isStoreCanonical } from './temporalLexical.js';

const { namedNode, literal, quad } = factory;
const P = {
  type: namedNode(RDF_TYPE), reifies: namedNode(RDF_REIFIES), kind: namedNode(CF_ATTRIBUTE_KIND),
  jsonValue: namedNode(CF_JSON_VALUE), lexicalForms: namedNode(CF_LEXICAL_FORMS),
  datasetId: namedNode(NGSI_DATASET_ID), observedAt: namedNode(NGSI_OBSERVED_AT), unitCode: namedNode(NGSI_UNIT_CODE),
  createdAt: namedNode(NGSI_CREATED_AT), modifiedAt: namedNode(NGSI_MODIFIED_AT), objectType: namedNode(NGSI_OBJECT_TYPE),
  scope: namedNode(NGSI_SCOPE),
};
const XSD_DT = namedNode(XSD_DATE_TIME);
const JSON_DT = namedNode(RDF_JSON);
const STRING_DT = namedNode(XSD_STRING);
const KIND_TERMS = Object.fromEntries(Object.entries(KIND_IRI).map(([k, iri]) => [k, namedNode(iri)])) as Record<string, RDF.NamedNode>;

export interface EntityToQuadsOptions {
  /** Enumeration codes → individuals; defaults to the shipped ontology's table. */
  readonly enumerations?: OntologyValueMap;
}

interface Writer {
  readonly out: RDF.Quad[];
  readonly graph: RDF.NamedNode;
  readonly enums: OntologyValueMap;
}

export function entityToQuads(entity: Entity, options: EntityToQuadsOptions = {}): RDF.Quad[] {
  const graph = namedNode(GRAPHS.entity(entity.id));
  const w: Writer = { out: [], graph, enums: options.enumerations ?? defaultOntologyValueMap() };
  const e = namedNode(entity.id);
  for (const t of entity.types) w.out.push(quad(e, P.type, namedNode(t), graph));
  for (const s of entity.scope ?? []) w.out.push(quad(e, P.scope, literal(s, STRING_DT), graph));
  writeTimestamps(w, e, entity);
  for (const [attributeIri, instances] of entity.attributes) writeAttribute(w, e, attributeIri, instances);
  return w.out;
}

/** The quads of one attribute's instances on `subject` (an entity or a parent reifier). */
export function attributeToQuads(entityId: string, subjectIri: string, attributeIri: string, instances: readonly AttributeInstance[], options: EntityToQuadsOptions = {}): RDF.Quad[] {
  const w: Writer = { out: [], graph: namedNode(GRAPHS.entity(entityId)), enums: options.enumerations ?? defaultOntologyValueMap() };
  writeAttribute(w, namedNode(subjectIri), attributeIri, instances);
  return w.out;
}

function writeAttribute(w: Writer, subject: RDF.NamedNode, attributeIri: string, instances: readonly AttributeInstance[]): void {
  const predicate = namedNode(attributeIri);
  const written = instances.length > 1 ? new Set<string>() : undefined;
  for (const instance of instances) writeInstance(w, subject, predicate, instance, written);
}

function writeInstance(w: Writer, subject: RDF.NamedNode, predicate: RDF.NamedNode, i: AttributeInstance, written: Set<string> | undefined): void {
  const { out, graph } = w;
  const r = namedNode(reifierIri(subject.value, predicate.value, i.datasetId));
  const objects = naturalObjects(i, predicate.value, w.enums);
  for (const o of objects) {
    // Two instances with equal values share one natural triple; each reifier still reifies it.
    const key = written ? termKey(o) : undefined;
    if (!written || !written.has(key!)) out.push(quad(subject, predicate, o, graph));
    written?.add(key!);
    out.push(quad(r, P.reifies, quad(subject, predicate, o), graph));
  }
  out.push(quad(r, P.kind, KIND_TERMS[i.kind], graph));
  if (i.datasetId !== undefined) out.push(quad(r, P.datasetId, namedNode(i.datasetId), graph));
  if (i.unitCode !== undefined) out.push(quad(r, P.unitCode, literal(i.unitCode, STRING_DT), graph));
  if (i.objectType !== undefined) {
    for (const t of typeof i.objectType === 'string' ? [i.objectType] : i.objectType) out.push(quad(r, P.objectType, namedNode(t), graph));
  }
  if (!naturalIsExact(i, objects)) out.push(quad(r, P.jsonValue, literal(canonicalJson(contentOf(i)), JSON_DT), graph));
  writeTimestamps(w, r, i);
  for (const [subIri, subInstances] of i.subAttributes) writeAttribute(w, r, subIri, subInstances);
}

/** observedAt / createdAt / modifiedAt as xsd:dateTime; written forms the store would change go to cf:lexicalForms. */
function writeTimestamps(w: Writer, node: RDF.NamedNode, holder: { observedAt?: string; createdAt?: string; modifiedAt?: string }): void {
  let exact: Record<string, string> | undefined;
  for (const [member, predicate] of [['observedAt', P.observedAt], ['createdAt', P.createdAt], ['modifiedAt', P.modifiedAt]] as const) {
    const value = holder[member];
    if (value === undefined) continue;
    w.out.push(quad(node, predicate, literal(value, XSD_DT), w.graph));
    if (!isStoreCanonical(value)) (exact ??= {})[member] = value;
  }
  if (exact) w.out.push(quad(node, P.lexicalForms, literal(canonicalJson(exact), JSON_DT), w.graph));
}
