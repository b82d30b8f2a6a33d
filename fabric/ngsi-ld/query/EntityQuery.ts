/**
 * A parsed NGSI-LD entity query (GS CIM 009 v1.8 §5.7.2 Query Entities, §5.7.3 POST
 * /entityOperations/query, §6.4.3.2 query parameters) with every term still compact, and the
 * one function that parses its parameters (each parser reports its own positions).
 */
import { InvalidRequestError } from '../../errors/FabricError.js';
import type { QExpression } from './qAst.js';
import { parseGeoQuery, type GeoQuery, type GeoQueryParameters } from './parseGeoQuery.js';
import { parseProjection } from './parseProjection.js';
import { parseQ } from './parseQ.js';
import { toRegExp } from './queryRegex.js';
import { parseScopeQ, type ScopeExpression } from './parseScopeQ.js';
import { parseTypeExpression, type TypeExpression } from './parseTypeExpression.js';

/**
 * §5.2.33 EntitySelector: id or idPattern, and a type expression (§4.17), which the entity must satisfy together.
 * "id takes precedence over idPattern" (§5.2.33, as the ETSI OpenAPI's EntitySelector says; Orion-LD and Scorpio drop
 * the pattern likewise): a selector with both selects by id alone, and so do GET /entities' id and idPattern.
 */
export interface EntitySelector {
  readonly type?: TypeExpression;
  readonly ids?: readonly string[];
  readonly idPattern?: string;
}

export interface EntityQuery {
  /**
   * Several EntitySelectors of a Query (§5.2.23 entities): an entity matches when it satisfies ANY of them (their
   * union); q, scopeQ, attrs and the geo-query then apply to every match. Absent when the request has one selector
   * (or several that are one type union or one id list): `type`, `ids` and `idPattern` carry it, and the read index's
   * candidates are the type's id list or the ids.
   */
  readonly selectors?: readonly EntitySelector[];
  readonly type?: TypeExpression;
  /** §6.4.3.2 id: entity ids (absolute IRIs). */
  readonly ids?: readonly string[];
  /** §6.4.3.2 idPattern: a regular expression on the id. */
  readonly idPattern?: string;
  readonly q?: QExpression;
  readonly scopeQ?: ScopeExpression;
  /** Entities must have at least one of these attributes (compact names; §5.7.2 attrs). */
  readonly anyOfAttributes?: readonly string[];
  readonly geoQuery?: GeoQuery;
}

/** One EntitySelector as written (the type expression not yet parsed). */
export interface EntitySelectorParameters {
  readonly type?: string;
  readonly id?: string;
  readonly idPattern?: string;
}

export interface EntityQueryParameters extends GeoQueryParameters {
  /** Several EntitySelectors (POST /entityOperations/query), matched as a union. */
  readonly selectors?: readonly EntitySelectorParameters[];
  readonly type?: string;
  /** Comma-separated ids (query string) or a list (POST body). */
  readonly id?: string | readonly string[];
  readonly idPattern?: string;
  readonly q?: string;
  readonly scopeQ?: string;
  /** Comma-separated attribute names whose presence is required (at least one). */
  readonly attrs?: string;
}

function checkIdPattern(idPattern: string | undefined): void {
  if (idPattern !== undefined && !toRegExp(idPattern)) {
    throw new InvalidRequestError(`idPattern is not a valid regular expression: ${JSON.stringify(idPattern)}.`, { parameter: 'idPattern', position: 1 });
  }
}

function parseSelector(s: EntitySelectorParameters): EntitySelector {
  if (s.id === '') throw new InvalidRequestError('An EntitySelector id must not be empty (§5.2.33).', { parameter: 'id' });
  checkIdPattern(s.idPattern);
  return {
    ...(s.type !== undefined ? { type: parseTypeExpression(s.type) } : {}),
    ...(s.id !== undefined ? { ids: [s.id] } : {}),
    ...(s.idPattern !== undefined && s.id === undefined ? { idPattern: s.idPattern } : {}), // id takes precedence (§5.2.33)
  };
}

export function parseEntityQuery(p: EntityQueryParameters): EntityQuery {
  const ids = p.id === undefined ? undefined : typeof p.id === 'string' ? p.id.split(',') : [...p.id];
  if (ids?.some((id) => id === '')) throw new InvalidRequestError('id must be a comma-separated list of entity ids without empty items.', { parameter: 'id' });
  checkIdPattern(p.idPattern);
  const geoQuery = parseGeoQuery(p);
  return {
    ...(p.selectors?.length ? { selectors: p.selectors.map(parseSelector) } : {}),
    ...(p.type !== undefined ? { type: parseTypeExpression(p.type) } : {}),
    ...(ids ? { ids } : {}),
    ...(p.idPattern !== undefined && !ids ? { idPattern: p.idPattern } : {}), // id takes precedence (§5.2.33)
    ...(p.q !== undefined ? { q: parseQ(p.q) } : {}),
    ...(p.scopeQ !== undefined ? { scopeQ: parseScopeQ(p.scopeQ) } : {}),
    ...(p.attrs !== undefined ? { anyOfAttributes: parseProjection(p.attrs, 'attrs').map((i) => i.name) } : {}),
    ...(geoQuery ? { geoQuery } : {}),
  };
}
