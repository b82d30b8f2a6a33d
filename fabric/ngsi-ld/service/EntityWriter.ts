/**
 * Reads and writes whole entity graphs (plan "RDF mapping": every entity in the named graph
 * named by its id). Every write is ONE store commit of the difference between the graph's
 * current quads and the quads of the next entity, so it is atomic, and durable when the
 * promise resolves (DurableGraphStore acknowledges after fsync). Writes of one entity are
 * serialized (KeyedMutex) from the read to the commit call, across EntityService and
 * BatchService, which share the writer of a store. The graph is read as one N-Triples dump
 * (readEntityGraph); `read` answers from a read-model cache valid while the store is unchanged
 * (StoreVersionedCache), a write is one ground N-Quads load when it only inserts (entityCommit.ts).
 * A batch (writeBatch, batchPlan.ts) is one commit of all its successful items. A diff whose graph
 * is unchanged since the read is exact (graphDifference), so the durable store applies it as text
 * (ChangeSet.exactAt). Writes planned in the same event-loop turn are committed together
 * (CommitCoalescer: one load, one log record and fsync, one change-feed record), each entity locked
 * until its write is applied. Other writers (SPARQL Update, services calling the store) take no
 * entity lock: a write whose graph one of them changed between the read and the commit is planned
 * again on the graph as it is (readValidation.ts; docs/ngsi-ld-api.md "Writes racing SPARQL Update").
 * With the tenant's read index (`index`), the writer reads an entity graph it wrote earlier from the
 * index instead of the store, and hands each graph it commits to the index when its quads are
 * written in their stored form (mapping/storedForm.ts), so a write does not cost the next read a miss.
 */
import type * as RDF from '@rdfjs/types';
import type { CommitReceipt, GraphStore } from '../../store/GraphStore.js';
import { entityToQuads } from '../mapping/entityToQuads.js';
import { quadsToEntity } from '../mapping/quadsToEntity.js';
import { readEntityGraph } from '../mapping/readEntityGraph.js';
import { storedForm } from '../mapping/storedForm.js';
import type { EntityIndex } from '../index/EntityIndex.js';
import { GRAPHS } from '../../rdf/namespaces.js';
import type { Entity } from '../model/Entity.js';
import type { EntityValidator, ShapeViolation, ValidationOutcome } from './EntityValidator.js';
import { planBatch, type BatchItemOutcome, type BatchWriteItem, type WrittenGraph } from './batchPlan.js';
import { CommitCoalescer, type CoalescerStats, type QueuedWrite } from './CommitCoalescer.js';
import { commitEntityChange } from './entityCommit.js';
import { combinedChange, graphDifference, type GraphChange } from './graphDifference.js';
import { KeyedMutex } from './KeyedMutex.js';
import { readStillCurrent } from './readValidation.js';
import { StoreVersionedCache } from './StoreVersionedCache.js';
import { WriteConflictError } from './WriteConflictError.js';

export type { BatchWriteItem } from './batchPlan.js';

export type Clock = () => Date;

export interface EntityWriterOptions {
  /** SHACL validation of every written entity (optional). */
  readonly validator?: EntityValidator;
  /** Source of createdAt / modifiedAt (§4.8); injectable for tests. */
  readonly clock?: Clock;
  /** Entities kept by `read` while the store does not change (StoreVersionedCache). Default 10,000; 0 = none. */
  readonly readCacheEntries?: number;
  /** The tenant's read index of this store: read before writes and written through (see the file comment). */
  readonly index?: EntityIndex;
  /**
   * Commit writes planned in one event-loop turn together (default true; needs GraphStore.changeCount,
   * without it every write is its own commit). false = one commit per write (for A/B measurements).
   */
  readonly coalesce?: boolean;
}

/** What a write plan decides: the next entity (undefined = delete the entity), or no change. */
export interface WritePlan<T> {
  readonly next: Entity | undefined | 'unchanged';
  readonly result: T;
}

export interface WriteOutcome<T> {
  readonly result: T;
  /** SHACL violations accepted because the type's mode is `warn`. */
  readonly warnings: ShapeViolation[];
}

export interface PendingWrite<T> extends WriteOutcome<T> {
  /** Resolves when the commit is durable. */
  readonly durable: Promise<CommitReceipt>;
}

/** Per item, in order, its result or its error; `durable` resolves when the batch's one commit is on disk. */
export interface BatchWrite<T> {
  readonly outcomes: BatchItemOutcome<T>[];
  readonly durable: Promise<CommitReceipt>;
}

const NO_WARNINGS: ValidationOutcome = { warnings: [] };
const NO_CHANGE: Promise<CommitReceipt> = Promise.resolve({ seq: 0 });
/** submit's answer when a graph the write read had changed: nothing committed, the locks still held. */
const STALE = 'stale';
/** Plans of one write before it gives up on graphs other writers keep changing (WriteConflictError). */
const MAX_ATTEMPTS = 5;

export class EntityWriter {
  private readonly locks = new KeyedMutex();
  private readonly clock: Clock;
  /** Read models of entity graphs, valid while the store is unchanged (any write empties it). */
  private readonly readCache: StoreVersionedCache<Entity>;
  /** Undefined when the store cannot tell an applied commit (no changeCount): each write commits alone. */
  private readonly coalescer: CommitCoalescer | undefined;
  private readonly coalescing: boolean;
  private readonly index: EntityIndex | undefined;

  constructor(readonly store: GraphStore, readonly options: EntityWriterOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.readCache = new StoreVersionedCache(store, options.readCacheEntries ?? 10_000);
    this.index = options.index;
    this.coalescer = CommitCoalescer.supports(store) ? new CommitCoalescer(store, (change, basis) => commitEntityChange(store, change, basis)) : undefined;
    this.coalescing = options.coalesce ?? true;
  }

  /** Commits made for writes vs writes (coalescing), and writes planned again, when the store supports it. */
  commitStats(): CoalescerStats | undefined {
    return this.coalescer?.stats();
  }

  get validator(): EntityValidator | undefined {
    return this.options.validator;
  }

  now(): string {
    return this.clock().toISOString();
  }

  /** The quads of the entity's graph as stored. */
  graphQuads(id: string): RDF.Quad[] {
    return readEntityGraph(this.store, id);
  }

  /**
   * The entity as stored (§5.7.1), or undefined. Callers must not modify it: it may be the
   * cached read model shared with other readers. Writes never use the cache (writePending
   * reads the graph itself, under the entity's lock).
   */
  read(id: string): Entity | undefined {
    const cached = this.readCache.get(id);
    if (cached) return cached;
    const version = this.readCache.currentVersion();
    const entity = quadsToEntity(this.graphQuads(id), id);
    if (entity) this.readCache.set(id, entity, version);
    return entity;
  }

  /** Runs `plan` on the current entity and commits its outcome; resolves once durable. */
  async write<T>(id: string, plan: (current: Entity | undefined, now: string) => WritePlan<T>): Promise<WriteOutcome<T>> {
    const pending = await this.writePending(id, plan);
    await pending.durable;
    return { result: pending.result, warnings: pending.warnings };
  }

  /**
   * Like write, but resolves once the change is applied (visible to reads), handing back
   * the durability promise. A plan or validation error rejects before anything is written.
   * With compiled shapes (EntityValidator.check) the read, plan and validation run in one tick.
   * When another writer changed the graph before the commit, the plan runs again on the graph
   * as it is then (the write is ordered after that change); `plan` must be a function of its arguments.
   */
  async writePending<T>(id: string, plan: (current: Entity | undefined, now: string) => WritePlan<T>): Promise<PendingWrite<T>> {
    const release = await this.locks.lock(id);
    let held = true;
    try {
      for (let attempt = 1; ; attempt++) {
        const basis = this.store.changeCount?.();
        const { before, current } = this.currentGraph(id);
        const { next, result } = plan(current, this.now());
        if (next === 'unchanged') return { result, warnings: [], durable: NO_CHANGE };
        const after = next ? entityToQuads(next) : [];
        let checked = next ? this.checked(next, after) : NO_WARNINGS;
        const awaited = checked instanceof Promise;
        if (checked instanceof Promise) checked = await checked;
        const change = graphDifference(GRAPHS.entity(id), before, after);
        const submitted = await this.submit(change, basis, [{ id, before, after, exact: change.exact }], release, awaited, attempt);
        if (submitted === STALE) {
          if (attempt >= MAX_ATTEMPTS) throw new WriteConflictError([id], attempt);
          continue;
        }
        held = false;
        return { result, warnings: checked.warnings, durable: submitted.durable };
      }
    } finally {
      if (held) release();
    }
  }

  /**
   * The entity graph's quads as stored (from the read index when it holds them as written, else read from the store)
   * and the entity they decode to: the index's cached entity when it has one (it is what those quads decode to: the
   * index drops an entity in the tick of any change to its graph), else decoded here.
   */
  private currentGraph(id: string): { before: RDF.Quad[]; current: Entity | undefined } {
    const before = this.index?.storedGraph(id) ?? this.graphQuads(id);
    return { before, current: this.index?.cachedEntity(id) ?? quadsToEntity(before, id) };
  }

  /**
   * Hands the change to the store (through the coalescer when there is one) and resolves once it is
   * applied in memory, with its durability promise, or with STALE when a graph it read changed since
   * (readValidation.ts: checked when the store's count moved, or without a count when the write awaited).
   * `release` unlocks the write's entities right after the apply (or the refusal), in the same tick;
   * the written graphs go to the read index then. A stale write keeps its locks. A write planned again
   * commits alone, at once: with synchronous validation in the tick of its read, so it cannot be stale twice.
   */
  private submit(change: GraphChange, basis: number | undefined, graphs: readonly WrittenGraph[], release: () => void, awaited: boolean, attempt: number): Promise<{ durable: Promise<CommitReceipt> } | typeof STALE> {
    const readIsCurrent = (): boolean => readStillCurrent(this.store, this.index, graphs);
    if (!this.coalescer) {
      if (awaited && !readIsCurrent()) return Promise.resolve(STALE);
      try {
        return Promise.resolve({ durable: commitEntityChange(this.store, change, basis) });
      } finally {
        release();
      }
    }
    return new Promise((resolve) => {
      const write: QueuedWrite = {
        change,
        basis,
        readIsCurrent,
        settled: (settlement) => {
          if (settlement.status === 'stale') {
            resolve(STALE);
            return;
          }
          try {
            if (settlement.status === 'applied') this.writeThrough(graphs);
          } catch (error) {
            // The change feed already dropped the graphs from the index: without write-through the next read goes to the store.
            console.error('NGSI-LD read index write-through failed:', error);
          } finally {
            release();
            resolve({ durable: settlement.durable });
          }
        },
      };
      if (this.coalescing && attempt === 1) this.coalescer!.enqueue(write);
      else this.coalescer!.commitAlone(write);
    });
  }

  /** Read index write-through: each graph whose stored form is known (an empty one: deleted). */
  private writeThrough(graphs: readonly WrittenGraph[]): void {
    if (!this.index) return;
    for (const { id, after, exact } of graphs) {
      const stored = exact ? storedForm(after) : undefined;
      if (stored) this.index.written(id, stored);
    }
  }

  /**
   * Batch writes (§5.6.7–§5.6.10, §5.6.20): the items planned in order (batchPlan.ts) and all that
   * succeed committed as ONE store commit (one log record, one fsync, one change-feed record). The
   * entities' locks are taken in id order before the first read (no deadlock with other batches) and
   * held until the commit call; a batch whose graphs another writer changed meanwhile is planned again
   * as a whole. Resolves once the change is applied; `durable` once it is on disk.
   */
  async writeBatch<T>(items: readonly BatchWriteItem<T>[]): Promise<BatchWrite<T>> {
    const ids = [...new Set(items.map((item) => item.id))].sort();
    const releases: Array<() => void> = [];
    const releaseAll = (): void => {
      for (const release of releases.splice(0)) release();
    };
    let held = true;
    try {
      for (const id of ids) releases.push(await this.locks.lock(id));
      for (let attempt = 1; ; attempt++) {
        const basis = this.store.changeCount?.();
        const planning = planBatch(items, { read: (id) => this.currentGraph(id), now: () => this.now(), check: (next, after) => this.checked(next, after) });
        const planned = planning instanceof Promise ? await planning : planning;
        const submitted = await this.submit(combinedChange(planned.changes), basis, planned.written, releaseAll, planned.awaited, attempt);
        if (submitted === STALE) {
          if (attempt >= MAX_ATTEMPTS) throw new WriteConflictError(planned.written.map((graph) => graph.id), attempt);
          continue;
        }
        held = false;
        return { outcomes: planned.outcomes, durable: submitted.durable };
      }
    } finally {
      if (held) releaseAll();
    }
  }

  /** SHACL validation of the next entity; synchronous when its shapes are compiled. */
  private checked(next: Entity, after: readonly RDF.Quad[]): ValidationOutcome | Promise<ValidationOutcome> {
    return this.options.validator ? this.options.validator.check(next, after) : NO_WARNINGS;
  }
}
