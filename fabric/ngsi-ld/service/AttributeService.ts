/**
 * NGSI-LD attribute discovery (GS CIM 009 v1.8 §5.7.8 Retrieve Available Attributes,
 * §5.7.9 … Details, §5.7.10 Retrieve Available Attribute Information), computed with SPARQL
 * aggregates over the entity graphs of one tenant's store. Names are expanded IRIs; the
 * HTTP edge compacts them into §5.2.29 AttributeList / §5.2.28 Attribute bodies.
 */
import { ResourceNotFoundError } from '../../errors/FabricError.js';
import type { GraphStore } from '../../store/GraphStore.js';
import type { AttributeKind } from '../model/Entity.js';
import { iriRef, kindName, KIND_OF_ATTRIBUTE, NOT_ATTRIBUTE_FILTER, selectRows, value } from './sparqlHelpers.js';

/** §5.2.28 Attribute (details=true list item): the attribute and the types of entities having it. */
export interface AttributeDetails {
  readonly attributeName: string;
  readonly typeNames: string[];
}

/** §5.2.28 Attribute (GET /attributes/{attrId}). */
export interface AttributeInfo extends AttributeDetails {
  /** Number of instances of the attribute across entities (§5.2.28 attributeCount). */
  readonly attributeCount: number;
  readonly attributeTypes: AttributeKind[];
}

export class AttributeService {
  constructor(private readonly store: GraphStore) {}

  /** §5.7.8: every attribute name used by at least one entity, sorted. */
  async listAttributes(): Promise<string[]> {
    const rows = await selectRows(this.store, `SELECT DISTINCT ?p WHERE { GRAPH ?e { ?e a ?t ; ?p ?o ${NOT_ATTRIBUTE_FILTER} } } ORDER BY ?p`);
    return rows.map((r) => value(r, 'p')!);
  }

  /** §5.7.9 (details=true): per attribute, the entity types having it. */
  async listAttributeDetails(): Promise<AttributeDetails[]> {
    const rows = await selectRows(this.store,
      `SELECT DISTINCT ?p ?t WHERE { GRAPH ?e { ?e a ?t ; ?p ?o ${NOT_ATTRIBUTE_FILTER} } } ORDER BY ?p ?t`);
    const byAttribute = new Map<string, string[]>();
    for (const row of rows) {
      const p = value(row, 'p')!;
      byAttribute.set(p, [...(byAttribute.get(p) ?? []), value(row, 't')!]);
    }
    return [...byAttribute].map(([attributeName, typeNames]) => ({ attributeName, typeNames }));
  }

  /** §5.7.10: instance count, kinds and entity types of one attribute; ResourceNotFound when no entity has it. */
  async attributeInfo(attribute: string): Promise<AttributeInfo> {
    const ref = iriRef(attribute);
    const missing = new ResourceNotFoundError(`No entity has the attribute ${attribute} (§5.7.10).`);
    if (!ref) throw missing;
    const types = await selectRows(this.store, `SELECT DISTINCT ?t WHERE { GRAPH ?e { ?e a ?t ; ${ref} ?o } } ORDER BY ?t`);
    if (types.length === 0) throw missing;
    // Instances: live reifiers of the attribute (several datasetIds), plus natural triples no reifier describes (a node
    // reifying one without cf:attributeKind, e.g. an RDF 1.2 annotation, describes no instance: quadsToEntity).
    const counts = await selectRows(this.store, `SELECT (COUNT(DISTINCT ?r) AS ?reified) (COUNT(DISTINCT ?bare) AS ?unreified) WHERE {
      { GRAPH ?e { ?e a ?t ; ${ref} ?o . ?r rdf:reifies <<( ?e ${ref} ?o )>> ; cf:attributeKind ?k } }
      UNION
      { GRAPH ?e { ?e a ?t ; ${ref} ?o . FILTER NOT EXISTS { ?x rdf:reifies <<( ?e ${ref} ?o )>> ; cf:attributeKind ?xk } BIND(CONCAT(STR(?e), " ", STR(?o)) AS ?bare) } }
    }`);
    const kinds = await selectRows(this.store,
      `SELECT DISTINCT ?k WHERE { GRAPH ?e { ?e a ?t ; ?p ?o FILTER(?p = ${ref}) ${KIND_OF_ATTRIBUTE} } } ORDER BY ?k`);
    const attributeCount = Number(value(counts[0], 'reified') ?? 0) + Number(value(counts[0], 'unreified') ?? 0);
    return {
      attributeName: attribute,
      attributeCount,
      attributeTypes: kinds.map((r) => kindName(value(r, 'k')!) as AttributeKind),
      typeNames: types.map((r) => value(r, 't')!),
    };
  }
}
