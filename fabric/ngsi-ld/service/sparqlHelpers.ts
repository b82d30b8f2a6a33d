/**
 * Small helpers for the services' SPARQL over the NGSI-LD mapping (plan "RDF mapping"):
 * entity graphs are the graphs named by an entity id holding `<e> rdf:type <T>`.
 */
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../store/GraphStore.js';
import { CF, RDF as RDF_NS } from '../../rdf/namespaces.js';
import { NGSI_LD } from '../codec/ngsiLdVocabulary.js';

export const PREFIXES = `PREFIX rdf: <${RDF_NS}>\nPREFIX cf: <${CF}>\nPREFIX ngsi-ld: <${NGSI_LD}>\n`;

/** Predicates on an entity node that are not attributes (mapping ENTITY_METADATA). */
export const NOT_ATTRIBUTE_FILTER = 'FILTER(?p NOT IN (rdf:type, ngsi-ld:createdAt, ngsi-ld:modifiedAt, ngsi-ld:scope, cf:lexicalForms))';

/**
 * The attribute kind of `?p` on `?e` with natural object `?o`: the reifier's
 * cf:attributeKind when there is one, otherwise as quadsToEntity reads a bare natural
 * triple (IRI → Relationship, geoJSONLiteral → GeoProperty, language-tagged →
 * LanguageProperty, other literal → Property). Binds ?k; use inside GRAPH ?e { }.
 */
export const KIND_OF_ATTRIBUTE = `OPTIONAL { ?r rdf:reifies <<( ?e ?p ?o )>> ; cf:attributeKind ?k0 }
    BIND(COALESCE(?k0, IF(isIRI(?o), ngsi-ld:Relationship,
      IF(datatype(?o) = <http://www.opengis.net/ont/geosparql#geoJSONLiteral>, ngsi-ld:GeoProperty,
      IF(lang(?o) != "", ngsi-ld:LanguageProperty, ngsi-ld:Property)))) AS ?k)`;

/** `<iri>` for SPARQL, or undefined when the string cannot be an IRI reference (then nothing can match it). */
export function iriRef(iri: string): string | undefined {
  return /^[^<>"{}|^`\\\s]+$/.test(iri) ? `<${iri}>` : undefined;
}

export async function selectRows(store: GraphStore, sparql: string): Promise<ReadonlyArray<ReadonlyMap<string, RDF.Term>>> {
  const result = await store.query(PREFIXES + sparql);
  if (result.kind !== 'bindings') throw new Error('expected SELECT bindings');
  return result.rows;
}

export const value = (row: ReadonlyMap<string, RDF.Term>, name: string): string | undefined => row.get(name)?.value;

/** ngsi-ld:Property → 'Property'. */
export const kindName = (iri: string): string => (iri.startsWith(NGSI_LD) ? iri.slice(NGSI_LD.length) : iri);
