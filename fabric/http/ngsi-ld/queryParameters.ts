/**
 * Per-endpoint URI query parameters (GS CIM 009 v1.8 §6.3.x, the parameter tables of
 * §6.4–§6.31). An unknown parameter answers 400 InvalidRequest; a parameter the spec
 * defines for the endpoint but this node does not implement answers 501 NotImplemented
 * naming it. Nothing is silently ignored.
 */
import { InvalidRequestError, NotImplementedError } from '../../errors/FabricError.js';

export interface ParameterTable {
  /** Parameters this node implements on the endpoint. */
  readonly supported: readonly string[];
  /** Parameters the spec defines on the endpoint that this node does not implement (→ 501). */
  readonly unsupported: readonly string[];
}

export type QueryParams = Record<string, string | string[] | undefined>;

/** Distributed-operation parameters (§6.3.18 local, §6.3.19 via): no federation here yet. */
const DISTRIBUTION = ['local', 'via'];
/**
 * §6.3.18 local=true on reads: "only local data", which is all a node without context source registrations answers
 * (/csourceRegistrations is 501), so it is honoured, not ignored; FIWARE's NGSI-LD tutorials send it
 * (GET /types?local=true). `via` and `local` on writes stay 501.
 */
const LOCAL = ['local'];
const VIA = ['via'];
/**
 * Read parameters this node takes: §6.3.20 datasetId (§4.5.5 instances to return), linked-entity retrieval §6.3.22
 * join (flat | inline | @none) and joinLevel (§4.5.23; over Relationships in this node's store).
 */
const READ_VIEWS = ['datasetId', 'join', 'joinLevel'];
/**
 * Not implemented (→ 501): containedBy (§4.5.23, distributed linked-entity retrieval), entity maps (§6.3.23 entityMap),
 * collect, expandValues, jsonKeys, doNotCompact.
 */
const LINKED = ['containedBy', 'entityMap', 'collect', 'expandValues', 'jsonKeys', 'doNotCompact'];

export const PARAMETERS = {
  /** §6.4.3.2 Query Entities (GET /entities). */
  queryEntities: {
    supported: ['id', 'type', 'idPattern', 'attrs', 'pick', 'omit', 'q', 'scopeQ', 'georel', 'geometry', 'coordinates', 'geoproperty',
      'geometryProperty', 'lang', 'options', 'format', 'limit', 'offset', 'count', ...LOCAL, ...READ_VIEWS],
    unsupported: ['csf', ...VIA, ...LINKED],
  },
  /** §6.4.3.1 Create Entity. */
  createEntity: { supported: [], unsupported: DISTRIBUTION },
  /** §6.5.3.1 Retrieve Entity. */
  retrieveEntity: {
    supported: ['type', 'attrs', 'pick', 'omit', 'geometryProperty', 'lang', 'options', 'format', ...LOCAL, ...READ_VIEWS],
    unsupported: [...VIA, ...LINKED],
  },
  /** §6.5.3.2 Delete Entity. */
  deleteEntity: { supported: ['type'], unsupported: DISTRIBUTION },
  /** §6.5.3.3 Replace Entity (PUT) and §6.5.3.4 Merge Entity (PATCH). */
  writeEntity: { supported: ['type'], unsupported: ['observedAt', 'lang', 'options', 'format', ...DISTRIBUTION] },
  /** §6.6.3.1 Append Entity Attributes. */
  appendAttributes: { supported: ['options', 'type'], unsupported: ['lang', 'format', ...DISTRIBUTION] },
  /** §6.6.3.2 Update Entity Attributes; §6.7.3.1 / §6.7.3.3 partial update / replace attribute. */
  updateAttributes: { supported: ['type'], unsupported: ['options', 'lang', 'format', ...DISTRIBUTION] },
  /** §6.7.3.2 Delete Entity Attribute. */
  deleteAttribute: { supported: ['datasetId', 'deleteAll', 'type'], unsupported: ['lang', ...DISTRIBUTION] },
  /** §6.14–§6.17, §6.31 batch create / upsert / update / delete / merge. */
  batch: { supported: ['options'], unsupported: ['format', ...DISTRIBUTION] },
  /** §6.23.3.1 Query Entities via POST. */
  batchQuery: { supported: ['limit', 'offset', 'count', 'options', 'format', 'lang', 'geometryProperty', ...LOCAL, ...READ_VIEWS], unsupported: [...VIA, ...LINKED] },
  /** §6.25 / §6.26 types; §6.27 / §6.28 attributes. */
  discoveryList: { supported: ['details', ...LOCAL], unsupported: VIA },
  discoveryItem: { supported: [...LOCAL], unsupported: VIA },
  /** §6.30 @context management. */
  listContexts: { supported: ['details', 'kind'], unsupported: [] },
  getContext: { supported: ['details'], unsupported: [] },
  deleteContext: { supported: ['reload'], unsupported: [] },
  addContext: { supported: [], unsupported: [] },
  /** §6.32 source identity (v1.8). */
  none: { supported: [], unsupported: [] },
} as const satisfies Record<string, ParameterTable>;

/** Throws 400 for unknown parameters, 501 for known-but-unimplemented ones; repeated parameters → 400. */
export function checkParameters(query: QueryParams, table: ParameterTable): void {
  for (const [name, value] of Object.entries(query)) {
    if (table.supported.includes(name)) {
      if (Array.isArray(value)) throw new InvalidRequestError(`Query parameter '${name}' is given more than once.`, { parameter: name });
      if (name === 'local' && value !== 'true' && value !== 'false') {
        throw new InvalidRequestError(`Query parameter 'local' must be true or false, got '${value}' (§6.3.18).`, { parameter: name });
      }
      continue;
    }
    if (table.unsupported.includes(name)) {
      throw new NotImplementedError(`Query parameter '${name}' is defined by NGSI-LD for this operation but not implemented by this node.`);
    }
    throw new InvalidRequestError(`Unknown query parameter '${name}' for this operation (GS CIM 009 §6.3).`, { parameter: name });
  }
}

/** One string parameter (after checkParameters). */
export function param(query: QueryParams, name: string): string | undefined {
  const v = query[name];
  return typeof v === 'string' ? v : undefined;
}

/** A comma-separated list parameter, empty items dropped. */
export function listParam(query: QueryParams, name: string): string[] | undefined {
  const v = param(query, name);
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new InvalidRequestError(`Query parameter '${name}' is empty.`, { parameter: name });
  return items;
}

/** A boolean parameter (§6.3.x: "true" / "false"). */
export function booleanParam(query: QueryParams, name: string): boolean | undefined {
  const v = param(query, name);
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InvalidRequestError(`Query parameter '${name}' must be true or false, got '${v}'.`, { parameter: name });
}

/** A non-negative integer parameter (limit, offset, §6.3.10). */
export function integerParam(query: QueryParams, name: string): number | undefined {
  const v = param(query, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new InvalidRequestError(`Query parameter '${name}' must be a non-negative integer, got '${v}' (§6.3.10).`, { parameter: name });
  return Number(v);
}
