/**
 * The boundary between the HTTP layer and the entity query compiler (fabric/ngsi-ld/query,
 * GS CIM 009 v1.8 §5.7.2 / §6.4.3.2): the raw query terms of GET /entities or of a
 * POST /entityOperations/query Query body (§5.2.23), and the compiled query the
 * EntityQueryService runs. Names are expanded with the request's @context by `expandTerm`.
 */
import type { CompiledEntityQuery } from '../../ngsi-ld/service/EntityQueryService.js';

export interface GeoQueryTerms {
  readonly georel: string;
  readonly geometry: string;
  /** GET: the coordinates string; POST Query: the JSON array. */
  readonly coordinates: unknown;
  readonly geoproperty?: string;
}

/** §5.2.33 EntitySelector as written in a Query body. */
export interface EntitySelectorTerms {
  readonly id?: string;
  readonly idPattern?: string;
  /** §4.17 type expression. */
  readonly type?: string;
}

export interface EntityQueryTerms {
  /** Several EntitySelectors of a Query body (§5.2.23), matched as a union; one selector is given as type / ids / idPattern. */
  readonly selectors?: readonly EntitySelectorTerms[];
  /** §4.17 type expression as written (`A,B`, `(A;B)|C`). */
  readonly type?: string;
  readonly ids?: readonly string[];
  readonly idPattern?: string;
  /** Attribute names (§5.7.2 attrs: entities having at least one). */
  readonly attrs?: readonly string[];
  /** §4.9 NGSI-LD query language. */
  readonly q?: string;
  /** §4.19 scope query. */
  readonly scopeQ?: string;
  readonly geoQ?: GeoQueryTerms;
}

export type EntityQueryCompiler = (terms: EntityQueryTerms, expandTerm: (term: string) => string) => CompiledEntityQuery;
