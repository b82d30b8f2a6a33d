/**
 * NGSI-LD entity type discovery (GS CIM 009 v1.8 §5.7.5 Retrieve Available Entity Types,
 * §5.7.6 … Details, §5.7.7 Retrieve Available Entity Type Information), computed with
 * SPARQL aggregates over the entity graphs of one tenant's store. Types and attribute
 * names are expanded IRIs; the HTTP edge compacts them and builds the §5.2.24 EntityTypeList,
 * §5.2.25 EntityType and §5.2.26 EntityTypeInfo bodies. With the tenant's read index, the type
 * list comes from its type directory (kept from the change feed) instead of a scan of every
 * entity's type triples; both answer the same (an entity = graph <id> holding <id> a <T>).
 */
import { ResourceNotFoundError } from '../../errors/FabricError.js';
import type { GraphStore } from '../../store/GraphStore.js';
import type { EntityIndex } from '../index/EntityIndex.js';
import type { AttributeKind } from '../model/Entity.js';
import { iriRef, kindName, KIND_OF_ATTRIBUTE, NOT_ATTRIBUTE_FILTER, selectRows, value } from './sparqlHelpers.js';

/** §5.2.25 EntityType (details=true): a type and the attributes its entities have. */
export interface EntityTypeDetails {
  readonly type: string;
  readonly attributeNames: string[];
}

/** §5.2.27 AttributeDetails within EntityTypeInfo. */
export interface TypeAttributeDetails {
  readonly attributeName: string;
  readonly attributeTypes: AttributeKind[];
}

/** §5.2.26 EntityTypeInfo. */
export interface EntityTypeInfo {
  readonly type: string;
  readonly entityCount: number;
  readonly attributeDetails: TypeAttributeDetails[];
}

export class TypeService {
  constructor(private readonly store: GraphStore, private readonly index?: EntityIndex) {}

  /** §5.7.5: every type (IRI) of at least one entity, sorted. */
  async listTypes(): Promise<string[]> {
    if (this.index) return (await this.index.directory()).typeNames();
    const rows = await selectRows(this.store, 'SELECT DISTINCT ?t WHERE { GRAPH ?e { ?e a ?t } FILTER(isIRI(?e) && isIRI(?t)) } ORDER BY ?t');
    return rows.map((r) => value(r, 't')!);
  }

  /** §5.7.6 (details=true): per type, the attribute names of its entities, sorted. */
  async listTypeDetails(): Promise<EntityTypeDetails[]> {
    const rows = await selectRows(this.store,
      `SELECT DISTINCT ?t ?p WHERE { GRAPH ?e { ?e a ?t OPTIONAL { ?e ?p ?o ${NOT_ATTRIBUTE_FILTER} } } } ORDER BY ?t ?p`);
    const byType = new Map<string, string[]>();
    for (const row of rows) {
      const type = value(row, 't')!;
      const list = byType.get(type) ?? [];
      const p = value(row, 'p');
      if (p !== undefined) list.push(p);
      byType.set(type, list);
    }
    return [...byType].map(([type, attributeNames]) => ({ type, attributeNames }));
  }

  /** §5.7.7: entity count and attribute details of one type; ResourceNotFound when no entity has it. */
  async typeInfo(type: string): Promise<EntityTypeInfo> {
    const ref = iriRef(type);
    const missing = new ResourceNotFoundError(`No entity of type ${type} exists (§5.7.7).`);
    if (!ref) throw missing;
    const count = await selectRows(this.store, `SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?e { ?e a ${ref} } }`);
    const entityCount = Number(value(count[0], 'n') ?? 0);
    if (entityCount === 0) throw missing;
    const rows = await selectRows(this.store,
      `SELECT DISTINCT ?p ?k WHERE { GRAPH ?e { ?e a ${ref} ; ?p ?o ${NOT_ATTRIBUTE_FILTER} ${KIND_OF_ATTRIBUTE} } } ORDER BY ?p ?k`);
    const byAttribute = new Map<string, AttributeKind[]>();
    for (const row of rows) {
      const p = value(row, 'p')!;
      const list = byAttribute.get(p) ?? [];
      list.push(kindName(value(row, 'k')!) as AttributeKind);
      byAttribute.set(p, list);
    }
    return { type, entityCount, attributeDetails: [...byAttribute].map(([attributeName, attributeTypes]) => ({ attributeName, attributeTypes })) };
  }
}
