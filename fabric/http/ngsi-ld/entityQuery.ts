/**
 * From a request to an entity query (GS CIM 009 v1.8 §5.7.2 Query Entities): the terms
 * of GET /entities (§6.4.3.2 parameters) or of a POST /entityOperations/query Query body
 * (§5.2.23, §6.23.3.1), compiled with the request's @context and run on the tenant's
 * EntityQueryService.
 */
import { BadRequestDataError, InvalidRequestError, NotImplementedError } from '../../errors/FabricError.js';
import { missingGeoParameter } from '../../ngsi-ld/query/parseGeoQuery.js';
import type { ProcessedContext } from '../../ngsi-ld/context/ProcessedContext.js';
import type { QueryPage, QueryPaging } from '../../ngsi-ld/service/EntityQueryService.js';
import type { TenantServices } from '../../ngsi-ld/service/NgsiLdServices.js';
import type { EntityQueryTerms, EntitySelectorTerms, GeoQueryTerms } from './entityQueryPort.js';
import type { NgsiLdHttpDeps } from './NgsiLdHttpDeps.js';
import { booleanParam, integerParam, listParam, param, type QueryParams } from './queryParameters.js';

/** §5.7.2: a query must be restricted by at least one of these, else 400 BadRequestData. */
function assertRestricted(terms: EntityQueryTerms): void {
  if (!terms.selectors && !terms.type && !terms.ids && !terms.idPattern && !terms.attrs && !terms.q && !terms.geoQ && !terms.scopeQ) {
    throw new BadRequestDataError('A query needs at least one of type, id, idPattern, attrs, q, scopeQ or a geo-query (GS CIM 009 §5.7.2).');
  }
}

function geoFromParams(query: QueryParams): GeoQueryTerms | undefined {
  const georel = param(query, 'georel');
  const geometry = param(query, 'geometry');
  const coordinates = param(query, 'coordinates');
  const geoproperty = param(query, 'geoproperty');
  if (georel === undefined && geometry === undefined && coordinates === undefined) {
    if (geoproperty !== undefined) throw missingGeoParameter('georel');
    return undefined;
  }
  if (georel === undefined) throw missingGeoParameter('georel');
  if (geometry === undefined) throw missingGeoParameter('geometry');
  if (coordinates === undefined) throw missingGeoParameter('coordinates');
  return { georel, geometry, coordinates, ...(geoproperty !== undefined ? { geoproperty } : {}) };
}

/** §6.4.3.2: the query terms of GET /entities. */
export function termsFromParams(query: QueryParams): EntityQueryTerms {
  const terms: EntityQueryTerms = {
    ...(param(query, 'type') !== undefined ? { type: param(query, 'type') } : {}),
    ...(listParam(query, 'id') ? { ids: listParam(query, 'id') } : {}),
    ...(param(query, 'idPattern') !== undefined ? { idPattern: param(query, 'idPattern') } : {}),
    ...(listParam(query, 'attrs') ? { attrs: listParam(query, 'attrs') } : {}),
    ...(param(query, 'q') !== undefined ? { q: param(query, 'q') } : {}),
    ...(param(query, 'scopeQ') !== undefined ? { scopeQ: param(query, 'scopeQ') } : {}),
  };
  const geoQ = geoFromParams(query);
  const out = geoQ ? { ...terms, geoQ } : terms;
  assertRestricted(out);
  return out;
}

/**
 * §5.2.23 Query members, plus datasetId (§4.5.5, as Orion-LD takes it). The Query has no `id` member: an `id` is an
 * unknown member (400, as Orion-LD answers), not accepted and ignored as before.
 */
const QUERY_MEMBERS = new Set(['type', 'entities', 'attrs', 'pick', 'omit', 'q', 'geoQ', 'scopeQ', 'lang', 'datasetId', 'csf', 'temporalQ', '@context']);

/** What a Query body asks besides its query terms: language (§4.15), projection (§4.21), instances (§4.5.5). */
export interface QueryBodyRendering {
  readonly lang?: string;
  readonly pick?: string;
  readonly omit?: string;
  /** Comma-separated, as the URL parameter. */
  readonly datasetId?: string;
}

/**
 * A member given both in the Query body and as the URL parameter of the same name (lang, datasetId): the same value
 * is taken, different values are a 400 naming the conflict (the spec gives no precedence; never one silently wins).
 */
export function bodyOrParameter(name: string, fromBody: string | undefined, query: QueryParams): string | undefined {
  const fromUrl = param(query, name);
  if (fromBody !== undefined && fromUrl !== undefined && fromBody !== fromUrl) {
    throw new InvalidRequestError(`'${name}' is given in the Query body (${JSON.stringify(fromBody)}) and as a URL parameter (${JSON.stringify(fromUrl)}) with different values (§5.2.23, §6.23.3.1).`, { parameter: name });
  }
  return fromBody ?? fromUrl;
}

/** §5.2.23 Query body of POST /entityOperations/query. */
export function termsFromQueryBody(body: unknown): { terms: EntityQueryTerms } & QueryBodyRendering {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InvalidRequestError('The payload must be a Query object (§5.2.23).');
  const q = body as Record<string, unknown>;
  if (q.type !== 'Query') throw new BadRequestDataError('The Query payload must have "type": "Query" (§5.2.23).', { attribute: 'type' });
  for (const key of Object.keys(q)) {
    if (!QUERY_MEMBERS.has(key)) throw new BadRequestDataError(`Unknown member '${key}' in the Query payload (§5.2.23).`, { attribute: key });
  }
  for (const key of ['csf', 'temporalQ']) {
    if (q[key] !== undefined) throw new NotImplementedError(`Query member '${key}' is not implemented by this node.`);
  }
  const string = (name: string): string | undefined => {
    const v = q[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new BadRequestDataError(`Query member '${name}' must be a string (§5.2.23).`, { attribute: name });
    return v;
  };
  let terms: EntityQueryTerms = {
    ...(string('q') !== undefined ? { q: string('q') } : {}),
    ...(string('scopeQ') !== undefined ? { scopeQ: string('scopeQ') } : {}),
  };
  if (q.attrs !== undefined) {
    if (!Array.isArray(q.attrs) || !q.attrs.every((a) => typeof a === 'string')) throw new BadRequestDataError('Query member attrs must be an array of names (§5.2.23).', { attribute: 'attrs' });
    terms = { ...terms, attrs: q.attrs as string[] };
  }
  if (q.entities !== undefined) terms = { ...terms, ...selectorTerms(q.entities) };
  if (q.geoQ !== undefined) terms = { ...terms, geoQ: geoQueryBody(q.geoQ) };
  assertRestricted(terms);
  const lang = string('lang');
  const pick = projectionMember(q, 'pick');
  const omit = projectionMember(q, 'omit');
  const datasetId = datasetIdMember(q.datasetId);
  return {
    terms, ...(lang !== undefined ? { lang } : {}), ...(pick !== undefined ? { pick } : {}), ...(omit !== undefined ? { omit } : {}),
    ...(datasetId !== undefined ? { datasetId } : {}),
  };
}

/** datasetId in a Query body: a string or a non-empty array of strings (URIs or "@none", checked with the URL parameter's rules). */
function datasetIdMember(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string' && v !== '') return v;
  if (Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'string' && a !== '' && !a.includes(','))) return v.join(',');
  throw new BadRequestDataError('Query member datasetId must be a URI, "@none" or a non-empty array of them (§4.5.5).', { attribute: 'datasetId' });
}

/** §5.2.23 pick / omit (§4.21): an array of names or the comma-separated projection string, as the URL parameter. */
function projectionMember(q: Record<string, unknown>, name: 'pick' | 'omit'): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string' && v !== '') return v;
  if (Array.isArray(v) && v.length > 0 && v.every((a) => typeof a === 'string' && a !== '')) return v.join(',');
  throw new BadRequestDataError(`Query member ${name} must be a non-empty array of names or a projection string (§5.2.23, §4.21).`, { attribute: name });
}

/**
 * §5.2.23 entities, a list of §5.2.33 EntitySelectors, matched as a union. One selector, several that only name types
 * (one type union, §4.17 ',') and several with ids and one same type (one id list) are given as type / ids /
 * idPattern, so the read index walks the type's id list or the ids; any other list as `selectors`.
 */
function selectorTerms(entities: unknown): Pick<EntityQueryTerms, 'type' | 'ids' | 'idPattern' | 'selectors'> {
  if (!Array.isArray(entities) || entities.length === 0) throw new BadRequestDataError('Query member entities must be a non-empty array of EntitySelectors (§5.2.8).', { attribute: 'entities' });
  const selectors = entities.map((e): EntitySelectorTerms => {
    if (e === null || typeof e !== 'object' || Array.isArray(e)) throw new BadRequestDataError('Each EntitySelector must be an object (§5.2.8).', { attribute: 'entities' });
    const s = e as Record<string, unknown>;
    for (const k of ['id', 'idPattern', 'type']) {
      if (s[k] !== undefined && typeof s[k] !== 'string') throw new BadRequestDataError(`EntitySelector ${k} must be a string (§5.2.8).`, { attribute: 'entities' });
    }
    // §5.2.33: id takes precedence over idPattern, so a selector with both is an id selector (and may join an id list).
    const { id, idPattern, type } = s as { id?: string; idPattern?: string; type?: string };
    return { ...(id !== undefined ? { id } : idPattern !== undefined ? { idPattern } : {}), ...(type !== undefined ? { type } : {}) };
  });
  if (selectors.length === 1) {
    const [s] = selectors as [EntitySelectorTerms];
    return { ...(s.type ? { type: s.type } : {}), ...(s.id ? { ids: [s.id] } : {}), ...(s.idPattern ? { idPattern: s.idPattern } : {}) };
  }
  if (selectors.every((s) => s.id === undefined && s.idPattern === undefined && s.type)) {
    return { type: selectors.map((s) => (/[;|()]/.test(s.type!) ? `(${s.type})` : s.type)).join(',') }; // ',' is OR (§4.17)
  }
  const sameType = selectors.every((s) => s.type === selectors[0]!.type && s.id !== undefined && s.idPattern === undefined);
  if (sameType) return { ...(selectors[0]!.type ? { type: selectors[0]!.type } : {}), ids: selectors.map((s) => s.id!) };
  return { selectors: selectors.map((s) => ({ ...(s.id !== undefined ? { id: s.id } : {}), ...(s.idPattern !== undefined ? { idPattern: s.idPattern } : {}), ...(s.type !== undefined ? { type: s.type } : {}) })) };
}

function geoQueryBody(geoQ: unknown): GeoQueryTerms {
  if (geoQ === null || typeof geoQ !== 'object' || Array.isArray(geoQ)) throw new BadRequestDataError('Query member geoQ must be an object (§5.2.13).', { attribute: 'geoQ' });
  const g = geoQ as Record<string, unknown>;
  if (typeof g.georel !== 'string' || typeof g.geometry !== 'string' || g.coordinates === undefined) {
    throw new BadRequestDataError('geoQ needs georel, geometry and coordinates (§5.2.13).', { attribute: 'geoQ' });
  }
  if (g.geoproperty !== undefined && typeof g.geoproperty !== 'string') throw new BadRequestDataError('geoQ.geoproperty must be a string (§5.2.13).', { attribute: 'geoQ' });
  return { georel: g.georel, geometry: g.geometry, coordinates: g.coordinates, ...(g.geoproperty ? { geoproperty: g.geoproperty as string } : {}) };
}

/** §6.3.10 limit / offset, §6.3.13 count. */
export function pagingOf(query: QueryParams): QueryPaging {
  const limit = integerParam(query, 'limit');
  const offset = integerParam(query, 'offset');
  const count = booleanParam(query, 'count');
  return { ...(limit !== undefined ? { limit } : {}), ...(offset !== undefined ? { offset } : {}), ...(count !== undefined ? { count } : {}) };
}

export async function runQuery(deps: NgsiLdHttpDeps, services: TenantServices, terms: EntityQueryTerms, ctx: ProcessedContext, paging: QueryPaging): Promise<QueryPage> {
  const compiled = deps.compileQuery(terms, (term) => ctx.expandTerm(term) ?? term);
  return services.query.query(compiled, paging);
}
