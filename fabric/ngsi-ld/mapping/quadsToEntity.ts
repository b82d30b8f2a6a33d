/**
 * Quads of an entity's graph → Entity (the inverse of entityToQuads; docs/ngsi-ld-mapping.md).
 * SPARQL and NGSI-LD stay one consistent view:
 * - natural triples without a reifier (written by SPARQL Update) are attributes too:
 *   IRIs → Relationship, literals → Property (lang-tagged → LanguageProperty, geoJSONLiteral → GeoProperty);
 * - a reifier describes the attribute and subject of the triples it reifies; one none of whose reified triples
 *   is still in the graph is stale and ignored;
 * - cf:jsonValue / cf:lexicalForms are used only while they agree with the natural triples
 *   that exist (the same natural objects, the same instants), so a SPARQL edit wins.
 * Order: types, scopes and instances come back in a deterministic order (default instance
 * first, then by datasetId); RDF keeps no order for them.
 */
import type * as RDF from '@rdfjs/types';
import { KIND_BY_IRI } from '../codec/ngsiLdVocabulary.js';
import type { AttributeInstance, AttributeKind, Entity } from '../model/Entity.js';
import { defaultOntologyValueMap, type OntologyValueMap } from './OntologyValueMap.js';
import { bareKind, decodeNatural, fitsKind, naturalObjects, withContent } from './naturalObjects.js';
import {
  CF_ATTRIBUTE_KIND, CF_JSON_VALUE, CF_LEXICAL_FORMS, ENTITY_METADATA, NGSI_CREATED_AT,
  NGSI_DATASET_ID, NGSI_MODIFIED_AT, NGSI_OBJECT_TYPE, NGSI_OBSERVED_AT, NGSI_SCOPE, NGSI_UNIT_CODE, RDF_REIFIES,
  RDF_TYPE, REIFIER_METADATA, termKey,
} from './rdfVocabulary.js';
import { canonicalTemporal, storeLexical } from './temporalLexical.js';

interface NodeData {
  /** predicate IRI → object key → object, for this subject (insertion order). */
  readonly byPredicate: Map<string, Map<string, RDF.Term>>;
  /** The triple terms this node reifies (rdf:reifies objects). */
  readonly reifies: RDF.Quad[];
}

interface Reading {
  readonly reifiers: Map<string, Reifier[]>;
  readonly valueMap: OntologyValueMap;
}

interface Reifier {
  readonly iri: string;
  readonly kind: AttributeKind;
  readonly attribute: string;
  readonly subject: string;
  /** Keys of the natural objects it reifies that still exist. */
  readonly liveObjects: Set<string>;
  readonly data: NodeData;
}


/**
 * Reads the entity `entityId` (default: the graph name of the quads) from the quads of its
 * graph. Returns undefined when there is nothing about it (no type, no attribute).
 */
export function quadsToEntity(quads: readonly RDF.Quad[], entityId?: string, options: { valueMap?: OntologyValueMap } = {}): Entity | undefined {
  if (quads.length === 0) return undefined;
  const valueMap = options.valueMap ?? defaultOntologyValueMap();
  const id = entityId ?? (quads[0].graph.termType === 'NamedNode' ? quads[0].graph.value : quads[0].subject.value);
  const nodes = new Map<string, NodeData>();
  for (const q of quads) {
    const subject = q.subject;
    if (subject.termType !== 'NamedNode') continue;
    const s = subject.value;
    let node = nodes.get(s);
    if (!node) nodes.set(s, (node = { byPredicate: new Map(), reifies: [] }));
    const p = q.predicate.value;
    const object = q.object;
    if (p === RDF_REIFIES) {
      if (object.termType === 'Quad') node.reifies.push(object as unknown as RDF.Quad);
      continue;
    }
    let objects = node.byPredicate.get(p);
    if (!objects) node.byPredicate.set(p, (objects = new Map()));
    objects.set(termKey(object), object);
  }
  const reifiersBySubject = indexReifiers(nodes);
  const entityNode = nodes.get(id);
  if (!entityNode) return undefined;
  const entity: { -readonly [K in keyof Entity]: Entity[K] } = {
    id,
    types: values(entityNode, RDF_TYPE).sort(),
    attributes: readAttributes(id, entityNode, { reifiers: reifiersBySubject, valueMap }, ENTITY_METADATA),
  };
  const scopes = values(entityNode, NGSI_SCOPE).sort();
  if (scopes.length > 0) entity.scope = scopes;
  Object.assign(entity, readTimestamps(entityNode));
  if (entity.types.length === 0 && entity.attributes.size === 0) return undefined;
  return entity;
}

function first(node: NodeData, predicate: string): RDF.Term | undefined {
  const objects = node.byPredicate.get(predicate);
  return objects ? objects.values().next().value : undefined;
}

function values(node: NodeData, predicate: string): string[] {
  const objects = node.byPredicate.get(predicate);
  return objects ? [...objects.values()].map((o) => o.value) : [];
}

/**
 * The live reifiers by the subject they describe. A reifier's attribute and subject are those of the triples it
 * reifies (`r rdf:reifies <<( S P o )>>`), counted only while `S P o` is still in the graph. entityToQuads writes one
 * (S, P) per reifier; a hand-written reifier of triples of several attributes describes an instance of each, as a
 * SPARQL pattern `?r rdf:reifies <<( ?s ?p ?o )>>` sees it. cf:subject / cf:attribute, on reifiers stored before
 * 2026-12-04, say the same as the reified triple and are not read.
 */
function indexReifiers(nodes: Map<string, NodeData>): Map<string, Reifier[]> {
  const bySubject = new Map<string, Reifier[]>();
  for (const [iri, data] of nodes) {
    if (data.reifies.length === 0) continue;
    const kindTerm = first(data, CF_ATTRIBUTE_KIND);
    const kind = kindTerm ? KIND_BY_IRI.get(kindTerm.value) : undefined;
    if (!kind) continue;
    const described: Reifier[] = [];
    for (const triple of data.reifies) {
      if (triple.subject.termType !== 'NamedNode') continue;
      const subject = triple.subject.value;
      const attribute = triple.predicate.value;
      const key = termKey(triple.object);
      if (!nodes.get(subject)?.byPredicate.get(attribute)?.has(key)) continue; // stale: removed (e.g. by SPARQL Update)
      let reifier = described.find((r) => r.subject === subject && r.attribute === attribute);
      if (!reifier) described.push((reifier = { iri, kind, attribute, subject, liveObjects: new Set(), data }));
      reifier.liveObjects.add(key);
    }
    for (const reifier of described) {
      const list = bySubject.get(reifier.subject);
      if (list) list.push(reifier);
      else bySubject.set(reifier.subject, [reifier]);
    }
  }
  return bySubject;
}

function readAttributes(subject: string, node: NodeData, reading: Reading, skip: ReadonlySet<string>): Map<string, AttributeInstance[]> {
  const attributes = new Map<string, AttributeInstance[]>();
  const mine = reading.reifiers.get(subject) ?? [];
  for (const [predicate, objects] of node.byPredicate) {
    if (skip.has(predicate)) continue;
    const claimed = new Set<string>();
    const owners = mine.filter((r) => r.attribute === predicate);
    for (const r of owners) for (const k of r.liveObjects) claimed.add(k);
    const unclaimed = [...objects].filter(([k]) => !claimed.has(k)).map(([, o]) => o);
    const instances: AttributeInstance[] = [];
    let defaultTakesUnclaimed = false;
    for (const r of owners) {
      const isDefault = first(r.data, NGSI_DATASET_ID) === undefined;
      const own = [...r.liveObjects].map((k) => objects.get(k)!).filter(Boolean);
      if (isDefault && unclaimed.length > 0) defaultTakesUnclaimed = true;
      instances.push(readInstance(r, isDefault ? [...own, ...unclaimed] : own, reading, isDefault && unclaimed.length > 0));
    }
    if (unclaimed.length > 0 && !defaultTakesUnclaimed) instances.push(bareInstance(predicate, unclaimed, reading.valueMap));
    instances.sort((a, b) => (a.datasetId === b.datasetId ? 0 : a.datasetId === undefined ? -1 : b.datasetId === undefined ? 1 : a.datasetId < b.datasetId ? -1 : 1));
    if (instances.length > 0) attributes.set(predicate, instances);
  }
  return attributes;
}

/**
 * One reified instance. `joined`: bare objects joined it (its own plus unclaimed ones); when they do not all fit
 * its kind (a literal next to a Relationship's IRIs, a number next to a LanguageProperty's strings, anything next
 * to a GeoProperty), the natural triples win: the instance reads with the kind the objects give (bareKind, as a
 * bare attribute), keeping the reifier's metadata and sub-attributes. Otherwise a literal would come back as a
 * Relationship object ("1") or a languageMap string, and q would compare it unlike SPARQL does (§4.9).
 */
function readInstance(r: Reifier, objects: RDF.Term[], reading: Reading, joined = false): AttributeInstance {
  const fits = !joined || fitsKind(r.kind, objects);
  const kind = fits ? r.kind : bareKind(objects);
  const instance: Record<string, unknown> = { kind, ...(fits ? contentFor(r, objects, reading.valueMap) : decodeNatural(kind, objects)) };
  const datasetId = first(r.data, NGSI_DATASET_ID);
  if (datasetId) instance.datasetId = datasetId.value;
  const unitCode = first(r.data, NGSI_UNIT_CODE);
  if (unitCode) instance.unitCode = unitCode.value;
  const objectTypes = values(r.data, NGSI_OBJECT_TYPE);
  if (objectTypes.length > 0) instance.objectType = objectTypes.length === 1 ? objectTypes[0] : objectTypes.sort();
  Object.assign(instance, readTimestamps(r.data));
  instance.subAttributes = readAttributes(r.iri, r.data, reading, REIFIER_METADATA);
  return instance as unknown as AttributeInstance;
}

/**
 * An attribute written as plain RDF (SPARQL, Graph Store, the demo loader): no reifier, so its kind comes from the
 * objects. An individual of the property's enumeration is read back as its code (`"Ready"` for
 * aeros:ReadyInfrastructureElement), as NGSI-LD writes of the code are (docs/ngsi-ld-mapping.md, Enumerations).
 */
function bareInstance(predicate: string, objects: RDF.Term[], valueMap: OntologyValueMap): AttributeInstance {
  const code = objects.length === 1 && objects[0].termType === 'NamedNode' ? valueMap.codeFor(predicate, objects[0].value) : undefined;
  if (code !== undefined) return { kind: 'Property', value: code, subAttributes: new Map() } as AttributeInstance;
  const kind = bareKind(objects);
  return { kind, ...decodeNatural(kind, objects), subAttributes: new Map() } as AttributeInstance;
}

/** cf:jsonValue when it still encodes to exactly the natural objects present; else the natural decoding. */
function contentFor(r: Reifier, objects: RDF.Term[], valueMap: OntologyValueMap): Partial<AttributeInstance> {
  const json = first(r.data, CF_JSON_VALUE);
  if (json) {
    try {
      const candidate = withContent(r.kind, JSON.parse(json.value));
      const encoded = naturalObjects({ kind: r.kind, subAttributes: new Map(), ...candidate } as AttributeInstance, r.attribute, valueMap);
      const present = new Set(objects.map(termKey));
      const mapsToPresent = encoded.length === present.size && encoded.every((o) => present.has(termKey(storeLexical(o))) || present.has(termKey(o)));
      // Enumeration codes were written as individuals: the exact string stands for the one natural IRI.
      const enumCode = r.kind === 'Property' && typeof candidate.value === 'string' && objects.length === 1 && objects[0].termType === 'NamedNode';
      if (mapsToPresent || enumCode) return candidate;
    } catch {
      // not JSON: fall back to the natural triples
    }
  }
  return decodeNatural(r.kind, objects);
}

function readTimestamps(node: NodeData): { observedAt?: string; createdAt?: string; modifiedAt?: string } {
  const out: { observedAt?: string; createdAt?: string; modifiedAt?: string } = {};
  let exact: Record<string, string> = {};
  const lexical = first(node, CF_LEXICAL_FORMS);
  if (lexical) {
    try {
      exact = JSON.parse(lexical.value) as Record<string, string>;
    } catch {
      exact = {};
    }
  }
  for (const [member, predicate] of [['observedAt', NGSI_OBSERVED_AT], ['createdAt', NGSI_CREATED_AT], ['modifiedAt', NGSI_MODIFIED_AT]] as const) {
    const stored = first(node, predicate)?.value;
    if (stored === undefined) continue;
    const written = exact[member];
    out[member] = written !== undefined && (canonicalTemporal(written) === stored || written === stored) ? written : stored;
  }
  return out;
}
