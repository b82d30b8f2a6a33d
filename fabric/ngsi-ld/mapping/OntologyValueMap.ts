/**
 * What the ontology says about the natural form of string values (docs/ontology.md):
 *
 * Enumeration codes → ontology individuals ("Enumerations are IRIs"):
 * where ontology/continuum.ttl gives a property an enumeration class as rdfs:range and an
 * individual of that class is owl:sameAs urn:ngsi-ld:<Class>:<code>, the string Property
 * value <code> is written as the individual's IRI (so shapes' sh:in passes and SPARQL
 * joins work). Properties declared owl:equivalentProperty to such a property (the Smart
 * Data Models IRIs) share its table.
 *
 * String datatypes: a string Property value of a property whose rdfs:range is xsd:anyURI,
 * xsd:dateTime or xsd:date is written with that datatype when it is lexically valid
 * (`aeros:publicUrl "https://…"^^xsd:anyURI`), as the shapes and SPARQL expect.
 */
import type { Quad } from '@rdfjs/types';
import { OWL, RDF, RDFS, XSD } from '../../rdf/namespaces.js';
import { loadOntology } from '../../validation/modelFiles.js';

const RDF_TYPE = `${RDF}type`;
const NAMED_INDIVIDUAL = `${OWL}NamedIndividual`;
const SAME_AS = `${OWL}sameAs`;
const RANGE = `${RDFS}range`;
const EQUIVALENT_PROPERTY = `${OWL}equivalentProperty`;
const CODE = /^urn:ngsi-ld:([^:]+):(.+)$/;
const STRING_DATATYPES = new Set([`${XSD}anyURI`, `${XSD}dateTime`, `${XSD}date`]);

export class OntologyValueMap {
  private readonly byProperty = new Map<string, Map<string, string>>();
  private readonly stringDatatypes = new Map<string, string>();
  /** code → individual tables inverted on first use (shared by equivalent properties). */
  private readonly codesByIndividual = new WeakMap<Map<string, string>, Map<string, string>>();

  static fromOntology(quads: readonly Quad[]): OntologyValueMap {
    const table = new OntologyValueMap();
    const individuals = new Set<string>();
    for (const q of quads) if (q.predicate.value === RDF_TYPE && q.object.value === NAMED_INDIVIDUAL) individuals.add(q.subject.value);
    const classOf = new Map<string, string>();
    for (const q of quads) {
      if (q.predicate.value === RDF_TYPE && individuals.has(q.subject.value) && q.object.value !== NAMED_INDIVIDUAL) classOf.set(q.subject.value, q.object.value);
    }
    const codesByClass = new Map<string, Map<string, string>>();
    for (const q of quads) {
      if (q.predicate.value !== SAME_AS || !individuals.has(q.subject.value)) continue;
      const m = CODE.exec(q.object.value);
      const cls = classOf.get(q.subject.value);
      if (!m || !cls) continue;
      let codes = codesByClass.get(cls);
      if (!codes) codesByClass.set(cls, (codes = new Map()));
      if (!codes.has(m[2])) codes.set(m[2], q.subject.value);
    }
    for (const q of quads) {
      if (q.predicate.value === RANGE && codesByClass.has(q.object.value)) table.byProperty.set(q.subject.value, codesByClass.get(q.object.value)!);
    }
    for (const q of quads) {
      if (q.predicate.value === RANGE && STRING_DATATYPES.has(q.object.value)) table.stringDatatypes.set(q.subject.value, q.object.value);
    }
    for (const q of quads) {
      if (q.predicate.value !== EQUIVALENT_PROPERTY) continue;
      for (const map of [table.byProperty, table.stringDatatypes] as Map<string, unknown>[]) {
        const [a, b] = [q.subject.value, q.object.value];
        if (map.has(a) && !map.has(b)) map.set(b, map.get(a));
        else if (map.has(b) && !map.has(a)) map.set(a, map.get(b));
      }
    }
    return table;
  }

  static empty(): OntologyValueMap {
    return new OntologyValueMap();
  }

  /** The individual IRI for a code of the property's enumeration, if any. */
  individualFor(propertyIri: string, code: string): string | undefined {
    return this.byProperty.get(propertyIri)?.get(code);
  }

  /** The datatype (xsd:anyURI, xsd:dateTime, xsd:date) the ontology gives string values of the property, if any. */
  stringDatatype(propertyIri: string): string | undefined {
    return this.stringDatatypes.get(propertyIri);
  }

  /** The code of an individual of the property's enumeration (the inverse of individualFor), if it is one. */
  codeFor(propertyIri: string, individualIri: string): string | undefined {
    return this.canonicalCodes(propertyIri)?.get(individualIri);
  }

  /**
   * Individual → canonical code for every individual of the property's enumeration (what codeFor answers), or
   * undefined when the property has none: the SPARQL of q reads a bare individual as its code with it.
   */
  canonicalCodes(propertyIri: string): ReadonlyMap<string, string> | undefined {
    const codes = this.byProperty.get(propertyIri);
    if (!codes) return undefined;
    let inverse = this.codesByIndividual.get(codes);
    if (!inverse) {
      // The first code listed for an individual is its canonical one ("Ready", not "READY").
      inverse = new Map();
      for (const [code, individual] of codes) if (!inverse.has(individual)) inverse.set(individual, code);
      this.codesByIndividual.set(codes, inverse);
    }
    return inverse;
  }

  hasEnumeration(propertyIri: string): boolean {
    return this.byProperty.has(propertyIri);
  }
}

let defaultTable: OntologyValueMap | undefined;

/** The table of the ontology shipped with the package (read once). */
export function defaultOntologyValueMap(): OntologyValueMap {
  defaultTable ??= OntologyValueMap.fromOntology(loadOntology());
  return defaultTable;
}
