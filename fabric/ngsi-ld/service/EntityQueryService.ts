/**
 * NGSI-LD entity queries (GS CIM 009 v1.8 §5.7.2 Query Entities, GET /entities; §5.7.3
 * POST /entityOperations/query) on one tenant's store, on one of two paths, chosen per query:
 *
 * 1. The read index (fabric/ngsi-ld/index), when the tenant's store has one (it needs the store's
 *    change feed) and the compiler produced an `indexed` plan (the query is one whose JS
 *    evaluation is exactly the SPARQL answer, query/indexedPlan.ts): the candidate ids are walked
 *    in id order, each decoded entity (cached) is tested, and the walk stops after offset + limit
 *    matches unless the count is asked. No SPARQL runs. Conjuncts `attribute <op> number` over one
 *    type are decided from the index's numeric columns (index/NumericColumns.ts) where known: a
 *    failing candidate is not read, and when nothing else is asked a match is read only for the page.
 * 2. Otherwise SPARQL, as follows. The query compiler
 * (fabric/ngsi-ld/query) turns the parsed query into ONE SPARQL SELECT of matching entity
 * ids ordered by id, plus an optional JS post-filter for what SPARQL on oxigraph cannot
 * express (geo relations, JSON paths). This service pages it, loads each result's entity
 * graph (quadsToEntity) and counts (NGSILD-Results-Count, §6.3.13). A q comparing values also
 * carries `jsonValues`: when a compared attribute has an rdf:JSON value (an array, whose elements §4.9
 * compares), the superset SELECT and the q post-filter run instead. The read index answers that from
 * the change feed (index/JsonValuedPredicates.ts); without one, its ASK probe does (RememberedAsks).
 *
 * Repeated queries: when the same SELECT is asked a second time while the store is unchanged
 * (paging through results, dashboards polling), the full id-ordered list is fetched once and
 * cached (StoreVersionedCache: any write to the store drops it); later pages and counts are
 * slices of it. The first request of a SELECT always runs with LIMIT / OFFSET.
 *
 * Paging stays correct with a post-filter: candidates are read in id order in chunks,
 * filtered, and offset / limit apply to the entities that pass; the count then needs a
 * full pass over the candidates.
 */
import { InvalidRequestError, TooManyResultsError } from '../../errors/FabricError.js';
import type { GraphStore } from '../../store/GraphStore.js';
import type { EntityIndex } from '../index/EntityIndex.js';
import type { Entity } from '../model/Entity.js';
import { ABSENT, fillSlot, NUMBER, UNKNOWN, type NumericColumn } from '../index/NumericColumns.js';
import type { ColumnarPart, IndexedPlan } from '../query/indexedPlan.js';
import type { EntityWriter } from './EntityWriter.js';
import { RememberedAsks } from './RememberedAsks.js';
import { StoreVersionedCache } from './StoreVersionedCache.js';

/** What the service needs from a compiled query. */
export interface CompiledEntityQuery {
  /** SPARQL SELECT whose first variable binds each matching entity id, ORDER BY id, without LIMIT / OFFSET. */
  readonly select: string;
  /** Optional SELECT binding the number of matches in its first variable (no post-filter only). */
  readonly count?: string;
  /** Conditions evaluated on the loaded entity (geo-query, JSON paths); undefined when SPARQL says it all. */
  readonly postFilter?: (entity: Entity) => boolean;
  /** The same query in JS over the read index (candidates in id order + a test on the entity), when exact. */
  readonly indexed?: IndexedPlan;
  /**
   * When q compares values (§4.9: an array value matches when it includes the value; arrays are rdf:JSON
   * literals): if the ASK `probe` holds in the store, `select` + `postFilter` run instead of the above.
   * `predicates`: the IRIs the probe asks about (`?s ?p ?j`, ?j an rdf:JSON literal, in any named graph).
   */
  readonly jsonValues?: {
    readonly probe: string; readonly predicates: readonly string[]; readonly select: string; readonly postFilter: (entity: Entity) => boolean;
  };
}

export interface QueryPaging {
  /** §6.3.10 limit (0 with count=true: only the count). Default 20. */
  readonly limit?: number;
  /** §6.3.10 offset. Default 0. */
  readonly offset?: number;
  /** §6.3.13 count=true: also return the total number of matches. */
  readonly count?: boolean;
}

export interface QueryPage {
  readonly entities: Entity[];
  /** Total number of matching entities when count was requested. */
  readonly count?: number;
}

export interface EntityQueryServiceOptions {
  /** Largest page a request may ask for; above → TooManyResults (§5.5.1). Default 1000. */
  readonly maxLimit?: number;
  /** Candidates read per round when a post-filter applies. Default 500. */
  readonly chunkSize?: number;
  /** Id lists of repeated SELECTs kept while the store is unchanged. Default 16; 0 = none. */
  readonly cachedSelects?: number;
}

/** Longest stretch (ms) an index walk runs before it yields to the event loop (checked every WALK_CHECK candidates). */
const WALK_TURN_MS = 5;
const WALK_CHECK = 16;

/** Id lists longer than this are not cached (memory). */
const MAX_CACHED_IDS = 200_000;

export const DEFAULT_LIMIT = 20;

export class EntityQueryService {
  private readonly maxLimit: number;
  private readonly chunkSize: number;
  /** Full id lists of SELECTs asked at least twice in the current store state. */
  private readonly idLists: StoreVersionedCache<string[]>;
  /** SELECTs asked once in the current store state. */
  private readonly asked: StoreVersionedCache<true>;
  /** Answers of the compiled queries' ASK probes (jsonValues) in the current store state. */
  private readonly asks: RememberedAsks;
  /** Full id-list fetches in flight, by store version and SELECT: concurrent requests share one. */
  private readonly fetching = new Map<string, Promise<string[]>>();

  constructor(
    private readonly store: GraphStore, private readonly writer: EntityWriter, options: EntityQueryServiceOptions = {},
    private readonly index?: EntityIndex,
  ) {
    this.maxLimit = options.maxLimit ?? 1000;
    this.chunkSize = options.chunkSize ?? 500;
    const cachedSelects = options.cachedSelects ?? 16;
    this.idLists = new StoreVersionedCache(store, cachedSelects);
    this.asked = new StoreVersionedCache(store, cachedSelects * 16);
    this.asks = new RememberedAsks(store);
  }

  /** §5.7.2 / §5.7.3: one page of matching entities (in id order) and, on request, the count. */
  async query(compiled: CompiledEntityQuery, paging: QueryPaging = {}): Promise<QueryPage> {
    const limit = paging.limit ?? DEFAULT_LIMIT;
    const offset = paging.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 0) throw new InvalidRequestError(`limit must be a non-negative integer, got ${limit} (§6.3.10).`);
    if (!Number.isInteger(offset) || offset < 0) throw new InvalidRequestError(`offset must be a non-negative integer, got ${offset} (§6.3.10).`);
    if (limit === 0 && !paging.count) throw new InvalidRequestError('limit=0 is only allowed together with count=true (§6.3.10).');
    if (limit > this.maxLimit) {
      throw new TooManyResultsError(`limit ${limit} exceeds the maximum page size ${this.maxLimit} of this node; page with offset (§5.5.1, §6.3.10).`);
    }
    if (compiled.indexed && this.index) return this.indexedPage(this.index, compiled.indexed, limit, offset, paging.count === true);
    const jsonValues = compiled.jsonValues;
    // The read index knows the probe's answer from the change feed (index/JsonValuedPredicates.ts); the ASK
    // (once per store state) answers on stores without an index, and while the index has not counted yet.
    const plan: CompiledEntityQuery = jsonValues
      && (this.index?.jsonValued.mayHold(jsonValues.predicates) ?? await this.asks.holds(jsonValues.probe)) ? jsonValues : compiled;
    return plan.postFilter ? this.filtered(plan, plan.postFilter, limit, offset, paging.count === true) : this.direct(plan, limit, offset, paging.count === true);
  }

  /** Ids of one SELECT page. */
  async ids(select: string, limit: number, offset: number): Promise<string[]> {
    const cached = this.idLists.get(select);
    if (cached) return cached.slice(offset, offset + limit);
    const version = this.idLists.currentVersion();
    if (this.asked.get(select)) return (await this.fullList(select, version)).slice(offset, offset + limit);
    this.asked.set(select, true, version);
    return this.run(`${select}\nLIMIT ${limit} OFFSET ${offset}`);
  }

  /** The whole id list of `select` at store `version`, fetched once however many requests want it. */
  private fullList(select: string, version: number | undefined): Promise<string[]> {
    const key = `${version} ${select}`;
    let pending = this.fetching.get(key);
    if (!pending) {
      pending = this.run(select).then((all) => {
        if (all.length <= MAX_CACHED_IDS) this.idLists.set(select, all, version);
        return all;
      }).finally(() => this.fetching.delete(key));
      this.fetching.set(key, pending);
    }
    return pending;
  }

  private async run(select: string): Promise<string[]> {
    const result = await this.store.query(select);
    if (result.kind !== 'bindings') throw new Error('The compiled entity query is not a SELECT.');
    const variable = result.variables[0];
    return result.rows.map((row) => row.get(variable)?.value).filter((id): id is string => id !== undefined);
  }

  /** Path 1: the page (and count) walked over the read index, in id order. */
  private async indexedPage(index: EntityIndex, plan: IndexedPlan, limit: number, offset: number, withCount: boolean): Promise<QueryPage> {
    let candidates = plan.candidates(await index.directory());
    const entities: Entity[] = [];
    const wanted = offset + limit;
    let matched = 0;
    let turnStart = performance.now();
    // Numeric columns (index/NumericColumns.ts) decide the plan's `attribute <op> number` conjuncts by
    // position in the type's id list: candidate i is at position base + i (base moves when the walk yields).
    const part = plan.columnar;
    const attributes = part ? part.leaves.map((l) => l.attribute) : [];
    const found = part ? index.numericColumns(part.type, attributes) : undefined;
    let columns = found && found.ids === candidates ? found.columns : undefined;
    let base = 0;
    // A walk over cached entities is synchronous and short (≈ 700 entities tested for offset 200, limit 20,
    // at 30 % selectivity: well under WALK_TURN_MS). Entities not cached cost a graph read each (≈ 0.4–1.4 ms):
    // when a walk has run WALK_TURN_MS it yields to other requests, first copying the rest of the shared id
    // list. Like the SPARQL path (a SELECT, then the entities read), a page then reflects the entities as
    // they are when read, and misses ids created during the walk. (The clock, not a cache probe per
    // candidate, decides: a second Map lookup per candidate was ≈ 8 % of an in-process query.)
    for (let i = 0; i < candidates.length; i++) {
      if (i % WALK_CHECK === WALK_CHECK - 1 && performance.now() - turnStart >= WALK_TURN_MS) {
        candidates = candidates.slice(i);
        base += i;
        i = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
        // The same column objects = the same generation of the id list: positions still hold (slots the
        // store's changes touched meanwhile are UNKNOWN again). Otherwise the rest goes without columns.
        const again = columns ? index.numericColumns(part!.type, attributes) : undefined;
        if (columns && !(again && again.columns.every((c, k) => c === columns![k]))) columns = undefined;
        turnStart = performance.now();
      }
      const id = candidates[i];
      let entity: Entity | undefined;
      if (columns) {
        const at = base + i;
        const verdict = columnVerdict(part!, columns, at);
        if (verdict === REJECTED) continue;
        if (verdict === ACCEPTED && part!.exact) {
          // A match without reading the entity, unless it is on the page.
          if (matched >= offset && entities.length < limit) {
            entity = index.read(id);
            if (!entity) continue; // cannot happen (its slots would be UNKNOWN); as the full test would
            entities.push(entity);
          }
          matched++;
          if (!withCount && matched >= wanted) break;
          continue;
        }
        entity = index.read(id);
        for (const column of columns) if (column.states[at] === UNKNOWN) fillSlot(column, at, entity);
      } else {
        entity = index.read(id);
      }
      if (!entity || !plan.matches(entity)) continue;
      if (matched >= offset && entities.length < limit) entities.push(entity);
      matched++;
      if (!withCount && matched >= wanted) break;
    }
    return withCount ? { entities, count: matched } : { entities };
  }

  private load(ids: readonly string[]): Entity[] {
    const out: Entity[] = [];
    for (const id of ids) {
      const entity = this.index ? this.index.read(id) : this.writer.read(id);
      if (entity) out.push(entity); // deleted between the SELECT and the read: skip
    }
    return out;
  }

  private async direct(compiled: CompiledEntityQuery, limit: number, offset: number, withCount: boolean): Promise<QueryPage> {
    const entities = limit > 0 ? this.load(await this.ids(compiled.select, limit, offset)) : [];
    if (!withCount) return { entities };
    return { entities, count: await this.countOf(compiled) };
  }

  private async countOf(compiled: CompiledEntityQuery): Promise<number> {
    const cached = this.idLists.get(compiled.select);
    if (cached) return cached.length;
    const sparql = compiled.count ?? countQueryFor(compiled.select);
    const result = await this.store.query(sparql);
    if (result.kind !== 'bindings' || result.rows.length === 0) return 0;
    return Number(result.rows[0].get(result.variables[0])?.value ?? 0);
  }

  private async filtered(compiled: CompiledEntityQuery, keep: (e: Entity) => boolean, limit: number, offset: number, withCount: boolean): Promise<QueryPage> {
    const entities: Entity[] = [];
    let matched = 0;
    for (let start = 0; ; start += this.chunkSize) {
      const ids = await this.ids(compiled.select, this.chunkSize, start);
      for (const entity of this.load(ids)) {
        if (!keep(entity)) continue;
        if (matched >= offset && entities.length < limit) entities.push(entity);
        matched++;
      }
      const pageFull = entities.length >= limit && matched > offset + limit - 1;
      if (ids.length < this.chunkSize || (pageFull && !withCount)) break;
    }
    return withCount ? { entities, count: matched } : { entities };
  }
}

const REJECTED = 0;
const ACCEPTED = 1;
const UNDECIDED = 2;

/**
 * What the columns say of candidate `at`: REJECTED when a known slot fails its leaf (an ABSENT
 * attribute fails every comparison), ACCEPTED when every slot is a NUMBER passing its leaf,
 * UNDECIDED otherwise (the entity decides: UNKNOWN or OTHER slots).
 */
function columnVerdict(part: ColumnarPart, columns: readonly NumericColumn[], at: number): number {
  let verdict = ACCEPTED;
  for (let k = 0; k < columns.length; k++) {
    const state = columns[k].states[at];
    if (state === NUMBER) {
      if (!part.leaves[k].holds(columns[k].values[at])) return REJECTED;
    } else if (state === ABSENT) {
      return REJECTED;
    } else {
      verdict = UNDECIDED; // UNKNOWN or OTHER
    }
  }
  return verdict;
}

/** COUNT over the id SELECT as a sub-query (ORDER BY inside a sub-query is allowed and ignored). */
export function countQueryFor(select: string): string {
  const prologue = /^((?:\s*(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>))*)/i.exec(select)?.[1] ?? '';
  return `${prologue}\nSELECT (COUNT(*) AS ?count) WHERE { ${select.slice(prologue.length)} }`;
}
