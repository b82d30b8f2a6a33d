/**
 * The NGSI-LD read view of one tenant's store (GS CIM 009 v1.8 §4.14: one index per tenant store,
 * so tenants never mix): decoded entities by id (EntityCache, read-through) and the entities of
 * each type in id order (TypeDirectory). "One store, two views, always consistent": the index
 * follows the store's change feed (GraphStore.onCommit: every effective change, from NGSI-LD, SPARQL
 * Update, the Graph Store Protocol or a bulk load, reported synchronously before the write is
 * acknowledged); a change touching an entity's graph (docs/ngsi-ld-mapping.md: every entity lives
 * in the graph named by its id) drops that entity from the cache and updates its type memberships,
 * so a read after an acknowledged write never sees the old entity. Reads are synchronous on the
 * store (readEntityGraph), so no change can slip between a read and its caching.
 * Write-through: the NGSI-LD writer hands over the quads of each entity graph it just committed
 * when they are exactly the stored ones (`written`, called right after the commit's change record
 * dropped the entity, in the same tick); the index keeps them, decodes them on the first read
 * (≈ 0.16 ms instead of dump + parse + decode ≈ 0.5 ms) and gives them back to the writer as the
 * graph's current quads (`storedGraph`), so a write of a recently written entity reads no graph.
 * A write does not leave a cached entity undecoded: an entity the change dropped from the cache is
 * decoded again in the background (`redecode`, a chunk per macrotask after the write's tick) from its
 * written graph, or, when another writer changed it (trust's scores and statuses, SPARQL Update: no
 * written graph), read again from the store. So the cache keeps what the warm-up filled it with under
 * a write load instead of leaving each changed entity to cost its next read a decode (≈ 0.1 ms) or a
 * store read (≈ 0.35 ms) — docs/benchmarks.md §4 "Retrieve after writes", "Trust's writes and the read index".
 * Query walks over one type's entities read numeric attribute values from columns by position
 * (NumericColumns.ts), forgotten like the cache for every entity a change touches.
 * SPARQL-path queries whose q compares values ask `jsonValued` (JsonValuedPredicates.ts, kept from
 * the same feed) whether the compared attributes hold rdf:JSON values, instead of an ASK per store state.
 * Stores without a change feed get no index (`EntityIndex.attach` → undefined).
 */
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../store/GraphStore.js';
import { quadsToEntity } from '../mapping/quadsToEntity.js';
import { readEntityGraph } from '../mapping/readEntityGraph.js';
import type { Entity } from '../model/Entity.js';
import { scanChange } from './changeRecordScan.js';
import { DEFAULT_CACHED_ENTITIES, EntityCache } from './EntityCache.js';
import { JsonValuedPredicates } from './JsonValuedPredicates.js';
import { NumericColumns, type NumericColumn } from './NumericColumns.js';
import { TypeDirectory } from './TypeDirectory.js';

export interface EntityIndexOptions {
  /** Decoded entities kept (LRU). Default 100,000 (≈ 0.2 GB for aerOS IEs, EntityCache.ts); 0 = no entity cache. */
  readonly cachedEntities?: number;
  /**
   * Warm the cache in the background once attached: load the type directory, then decode entities
   * in id order, `WARM_CHUNK` per macrotask (requests run in between), until the cache is full.
   * Default false (the node turns it on): a cold cache costs ≈ 0.4–1.4 ms per first read of an entity.
   */
  readonly warm?: boolean;
  /**
   * Entity graphs kept as written by the NGSI-LD writer (`written`; oldest dropped first). Default 4,096;
   * 0 = none. Each holds its quads as plain objects (≈ 65 for an aerOS IE; heap per graph not measured).
   */
  readonly writtenGraphs?: number;
}

const DEFAULT_WRITTEN_GRAPHS = 4_096;

/** Entities decoded per macrotask while warming or reading changed entities again (from the store: ≈ 3–10 ms of work), or decoding written graphs again (≈ 0.3–1 ms). */
const WARM_CHUNK = 8;
/** Dropped ids looked at per macrotask by redecode (those deleted or read meanwhile are skipped at once). */
const REDECODE_VISITS = 1_024;

export interface EntityIndexStats {
  readonly cachedEntities: number;
  readonly hits: number;
  readonly misses: number;
  readonly directoryLoaded: boolean;
  readonly entities: number;
  /** Entities decoded by the background warm-up. */
  readonly warmed: number;
  /** Entity graphs held as written (write-through), decoded or not. */
  readonly writtenGraphs: number;
  /** Whether the background warm-up is over (true when none was asked). */
  readonly warm: boolean;
  /** Cached entities a write replaced, decoded again from their written graphs in the background (redecode). */
  readonly redecoded: number;
  /** Cached entities another writer changed (no written graph), read again from the store in the background (redecode). */
  readonly reread: number;
}

export class EntityIndex {
  private readonly cache: EntityCache;
  private readonly types: TypeDirectory;
  /** Numeric attribute values by position in a type's id list, for query walks (NumericColumns.ts). */
  private readonly columns = new NumericColumns();
  /** Predicates with rdf:JSON values, for the SPARQL path's choice of SELECT (EntityQueryService). */
  readonly jsonValued: JsonValuedPredicates;
  /** Quads of entity graphs as the writer committed them, exactly as stored (insertion order = age). */
  private readonly writtenQuads = new Map<string, RDF.Quad[]>();
  private readonly maxWritten: number;
  private readonly unsubscribe: () => void;
  private hits = 0;
  private misses = 0;
  private warmed = 0;
  private redecoded = 0;
  private reread = 0;
  /** Ids a change dropped from the cache, to decode again from their written graphs or the store (redecode); insertion order. */
  private readonly dropped = new Set<string>();
  private redecodeScheduled = false;
  private detached = false;
  /** The background warm-up (`options.warm`), settled when it is over; resolved when none was asked. */
  private readonly warming: Promise<void>;
  private warmDone = false;

  private constructor(private readonly store: GraphStore & Required<Pick<GraphStore, 'onCommit'>>, options: EntityIndexOptions) {
    this.cache = new EntityCache(options.cachedEntities ?? DEFAULT_CACHED_ENTITIES);
    this.types = new TypeDirectory(store);
    this.jsonValued = new JsonValuedPredicates(store);
    this.maxWritten = options.writtenGraphs ?? DEFAULT_WRITTEN_GRAPHS;
    this.unsubscribe = store.onCommit((record) => this.onChange(record.deletes, record.inserts));
    this.warmDone = !options.warm;
    this.warming = options.warm
      ? this.warm()
        .catch((error: unknown) => console.warn('NGSI-LD read index: warming the entity cache failed:', error))
        .finally(() => { this.warmDone = true; })
      : Promise.resolve();
  }

  /** The index of `store`, or undefined when the store has no change feed to keep it consistent. */
  static attach(store: GraphStore, options: EntityIndexOptions = {}): EntityIndex | undefined {
    if (typeof store.onCommit !== 'function') return undefined;
    return new EntityIndex(store as GraphStore & Required<Pick<GraphStore, 'onCommit'>>, options);
  }

  /** The entity as stored (§5.7.1), or undefined. Shared with other readers: never modify it. */
  read(id: string): Entity | undefined {
    const cached = this.cache.get(id);
    if (cached) {
      this.hits++;
      return cached;
    }
    const written = this.writtenQuads.get(id);
    if (written) this.hits++;
    else this.misses++;
    const entity = quadsToEntity(written ?? readEntityGraph(this.store, id), id);
    return entity ? this.cache.set(id, entity) : undefined;
  }

  /** Whether `id` is in the entity cache or held as written (a read would not touch the store). */
  isCached(id: string): boolean {
    return this.cache.peek(id) || this.writtenQuads.has(id);
  }

  /**
   * Write-through (see the file comment): `quads` are ALL the quads of the entity's graph right
   * after a commit the caller made, exactly as the store holds them (mapping/storedForm.ts), and
   * nothing else changed the graph since the caller read it. Must be called in the tick of that
   * commit, after its change record (which dropped the entity). An empty array = no entity.
   */
  written(id: string, quads: RDF.Quad[]): void {
    if (this.detached || this.maxWritten <= 0) return;
    this.writtenQuads.delete(id);
    if (quads.length === 0) return;
    this.writtenQuads.set(id, quads);
    if (this.writtenQuads.size > this.maxWritten) this.writtenQuads.delete(this.writtenQuads.keys().next().value as string);
  }

  /** The quads of the entity's graph as stored, when held as written (the writer's read); undefined otherwise. */
  storedGraph(id: string): RDF.Quad[] | undefined {
    return this.writtenQuads.get(id);
  }

  /** The decoded entity when cached (no store read, no decode); shared: never modify it. */
  cachedEntity(id: string): Entity | undefined {
    return this.cache.get(id);
  }

  /** The type directory, loaded (the first call runs one SELECT over the type triples). */
  async directory(): Promise<TypeDirectory> {
    await this.types.ready();
    return this.types;
  }

  /**
   * The numeric columns (NumericColumns.ts) of `attributes` over the current id list of `type`, or
   * undefined while the type directory is not loaded. Valid until the next change or await: use
   * them in the same synchronous stretch, and only where the walk's candidates are `ids` itself.
   */
  numericColumns(type: string, attributes: readonly string[]): { ids: readonly string[]; columns: NumericColumn[] } | undefined {
    if (!this.types.isLoaded || this.detached) return undefined;
    const { ids, generation } = this.types.typeList(type);
    return { ids, columns: attributes.map((a) => this.columns.column(type, a, ids, generation)) };
  }

  stats(): EntityIndexStats {
    return {
      cachedEntities: this.cache.size, hits: this.hits, misses: this.misses, directoryLoaded: this.types.isLoaded,
      entities: this.types.entityCount, warmed: this.warmed, writtenGraphs: this.writtenQuads.size, warm: this.warmDone,
      redecoded: this.redecoded, reread: this.reread,
    };
  }

  /**
   * Resolves when the background warm-up (option `warm`) is over: every entity decoded, the cache
   * full, the index detached, or the warm-up failed (logged). At once when no warm-up was asked.
   * Never rejects. Reads are correct before; they are only slower (each first read decodes).
   */
  warmedUp(): Promise<void> {
    return this.warming;
  }

  /** Stops following the store (the index must not be used afterwards). */
  detach(): void {
    this.detached = true;
    this.unsubscribe();
    this.jsonValued.stop();
  }

  /**
   * Decodes entities in id order into the cache, a chunk per macrotask, until every entity was
   * visited or the cache is full. Resolves when done.
   */
  async warm(): Promise<void> {
    const directory = await this.directory();
    const ids = [...directory.allIds()]; // a copy: the shared list may change between chunks
    for (let at = 0; at < ids.length && !this.detached; at += WARM_CHUNK) {
      for (const id of ids.slice(at, at + WARM_CHUNK)) {
        if (this.cache.size >= this.cache.maxEntries) return;
        if (this.cache.peek(id)) continue;
        const entity = quadsToEntity(readEntityGraph(this.store, id), id);
        if (entity) {
          this.cache.set(id, entity);
          this.warmed++;
        }
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private onChange(deletes: string, inserts: string): void {
    this.jsonValued.follow(deletes, inserts);
    if (this.cache.size === 0 && this.writtenQuads.size === 0 && !this.types.following) return; // nothing to keep current yet
    const { touched, typeChanges } = scanChange(deletes, inserts);
    const columns = this.columns.size > 0;
    for (const graph of touched) {
      if (this.cache.delete(graph)) this.dropped.add(graph);
      this.writtenQuads.delete(graph);
      if (columns) this.columns.forget(graph);
    }
    for (const change of typeChanges) this.types.apply(change);
    this.scheduleRedecode();
  }

  /** Runs `redecode` in a later macrotask while dropped entities wait, once at a time. */
  private scheduleRedecode(): void {
    if (this.dropped.size === 0 || this.redecodeScheduled) return;
    this.redecodeScheduled = true;
    setImmediate(() => this.redecode());
  }

  /**
   * Decodes again, `WARM_CHUNK` per macrotask, the entities changes dropped from the cache: from the graphs the
   * NGSI-LD writer handed over (`written`, in the tick of the change, so before this runs), else from the store
   * (another writer: trust, the reasoner's commits, SPARQL Update, loads). The written quads are the graph as
   * stored unless a later change dropped them (then the store is read), and a store read is synchronous and sees
   * every change reported so far, so what is cached is what a read would decode. Entities deleted meanwhile
   * (nothing to decode) or read meanwhile (cached again) are skipped.
   */
  private redecode(): void {
    this.redecodeScheduled = false;
    if (this.detached) {
      this.dropped.clear();
      return;
    }
    let decoded = 0;
    let visited = 0;
    for (const id of this.dropped) {
      if (decoded >= WARM_CHUNK || visited++ >= REDECODE_VISITS) break;
      this.dropped.delete(id);
      if (this.cache.peek(id)) continue;
      const quads = this.writtenQuads.get(id);
      const graph = quads ?? readEntityGraph(this.store, id);
      if (graph.length === 0) continue; // deleted meanwhile: an empty dump, not counted as a decode
      const entity = quadsToEntity(graph, id);
      decoded++;
      if (entity) {
        this.cache.set(id, entity);
        if (quads) this.redecoded++;
        else this.reread++;
      }
    }
    this.scheduleRedecode();
  }
}
