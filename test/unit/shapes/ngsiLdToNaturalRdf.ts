/**
 * TEST HELPER ONLY (the NGSI-LD layer arrives in a later issue): turns an NGSI-LD
 * normalized entity into "natural" RDF — `<ie> aeros:cpuCores 8` instead of
 * reified hasValue/hasObject nodes — so the SHACL shapes can be checked against
 * the Smart Data Models examples.
 *
 * Term resolution uses jsonld.expand with ontology/context.jsonld plus the few
 * NGSI-LD core terms needed here (NGSI-LD v1.8 §5.2 Property/Relationship);
 * `value` is read as @json so the helper decides how each value becomes a literal:
 * - Relationship objects → IRIs;
 * - string values of properties whose rdfs:range is an enumeration class → the
 *   code IRI urn:ngsi-ld:<Class>:<value> (owl:sameAs the aerOS individual);
 * - strings for xsd:anyURI / xsd:dateTime ranges → typed literals;
 * - numbers → xsd:integer / xsd:double, booleans → xsd:boolean;
 * - JSON objects / arrays of objects → a JSON string; GeoProperties are skipped.
 */
import jsonld from 'jsonld';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';

const NGSI = 'https://uri.etsi.org/ngsi-ld/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_RANGE = 'http://www.w3.org/2000/01/rdf-schema#range';
const OWL_NAMED_INDIVIDUAL = 'http://www.w3.org/2002/07/owl#NamedIndividual';
const { namedNode, literal, quad } = N3.DataFactory;

export interface ConversionResult {
  quads: Quad[];
  /** Attribute names the context does not map (dropped by JSON-LD expansion). */
  unmapped: string[];
}

export class NgsiLdToNaturalRdf {
  private readonly ranges = new Map<string, string>();
  private readonly enumClasses = new Set<string>();

  constructor(private readonly context: Record<string, unknown>, ontology: Quad[]) {
    for (const q of ontology) {
      if (q.predicate.value === RDFS_RANGE && q.object.termType === 'NamedNode') this.ranges.set(q.subject.value, q.object.value);
    }
    const individuals = new Set(ontology.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === OWL_NAMED_INDIVIDUAL).map((q) => q.subject.value));
    for (const q of ontology) {
      if (q.predicate.value === RDF_TYPE && individuals.has(q.subject.value) && q.object.value !== OWL_NAMED_INDIVIDUAL) this.enumClasses.add(q.object.value);
    }
  }

  async convert(entity: Record<string, unknown>): Promise<ConversionResult> {
    const { '@context': _ignored, ...body } = entity;
    const ctx = {
      ...this.context,
      id: '@id',
      type: '@type',
      value: { '@id': `${NGSI}hasValue`, '@type': '@json' },
      object: { '@id': `${NGSI}hasObject`, '@type': '@id' },
      Property: `${NGSI}Property`,
      Relationship: `${NGSI}Relationship`,
      GeoProperty: `${NGSI}GeoProperty`,
      Geoproperty: `${NGSI}GeoProperty`,
      location: `${NGSI}location`,
      unitCode: `${NGSI}unitCode`,
      unit: `${NGSI}unit`,
    };
    const unmapped = Object.keys(body).filter((k) => k !== 'id' && k !== 'type' && !(k in ctx));
    const [node] = (await jsonld.expand({ '@context': ctx, ...body } as jsonld.JsonLdDocument)) as Record<string, unknown>[];
    const subject = namedNode(node['@id'] as string);
    const quads: Quad[] = [];
    for (const t of (node['@type'] as string[]) ?? []) quads.push(quad(subject, namedNode(RDF_TYPE), namedNode(t)));
    for (const [property, attributes] of Object.entries(node)) {
      if (property.startsWith('@') || property === `${NGSI}location`) continue;
      for (const attribute of attributes as Record<string, unknown>[]) {
        const types = (attribute['@type'] as string[] | undefined) ?? [];
        if (types.includes(`${NGSI}GeoProperty`)) continue;
        const isRelationship = types.includes(`${NGSI}Relationship`);
        for (const o of (attribute[`${NGSI}hasObject`] as { '@id': string }[] | undefined) ?? []) {
          quads.push(quad(subject, namedNode(property), namedNode(o['@id'])));
        }
        for (const v of (attribute[`${NGSI}hasValue`] as { '@value': unknown }[] | undefined) ?? []) {
          for (const object of this.objectsFor(property, v['@value'], isRelationship)) quads.push(quad(subject, namedNode(property), object));
        }
      }
    }
    return { quads, unmapped };
  }

  private objectsFor(property: string, value: unknown, isRelationship: boolean): N3.Quad_Object[] {
    if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
      return value.flatMap((v) => this.objectsFor(property, v, isRelationship));
    }
    const range = this.ranges.get(property);
    if (typeof value === 'string') {
      if (isRelationship) return [namedNode(value)];
      if (range && this.enumClasses.has(range)) return [namedNode(`urn:ngsi-ld:${range.replace(/^.*[#/]/, '')}:${value}`)];
      if (range === `${XSD}anyURI` || range === `${XSD}dateTime`) return [literal(value, namedNode(range))];
      return [literal(value)];
    }
    if (typeof value === 'number') return [literal(String(value), namedNode(Number.isInteger(value) ? `${XSD}integer` : `${XSD}double`))];
    if (typeof value === 'boolean') return [literal(String(value), namedNode(`${XSD}boolean`))];
    return [literal(JSON.stringify(value))];
  }
}
