/**
 * Reads and writes whole entity graphs (plan "RDF mapping": every entity in the named graph
 * named by its id). Every write is ONE store commit of the difference between the graph's
 * current quads and the quads of the next entity, so it is atomic, and durable when the
 * promise resolves (DurableGraphStore acknowledges after fsync). Writes of one entity are
 * serialized (KeyedMutex) from the read to the commit call, across EntityService and
 * BatchService, which share the writer of a store.
 */
import type * as RDF from '@rdfjs/types';
import N3 from 'n3';
import type { CommitReceipt, GraphStore } from '../../store/GraphStore.js';
import { GRAPHS } from '../../rdf/namespaces.js';
import { entityToQuads } from '../mapping/entityToQuads.js';
import { quadsToEntity } from '../mapping/quadsToEntity.js';
import { termKey } from '../mapping/rdfVocabulary.js';
import type { Entity } from '../model/Entity.js';
import type { EntityValidator, ShapeViolation } from './EntityValidator.js';
import { KeyedMutex } from './KeyedMutex.js';

export type Clock = () => Date;

export interface EntityWriterOptions {
  /** SHACL validation of every written entity (optional). */
  readonly validator?: EntityValidator;
  /** Source of createdAt / modifiedAt (§4.8); injectable for tests. */
  readonly clock?: Clock;
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

const quadKey = (q: RDF.Quad): string => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${termKey(q.graph)}`;
const NO_CHANGE: Promise<CommitReceipt> = Promise.resolve({ seq: 0 });

export class EntityWriter {
  private readonly locks = new KeyedMutex();
  private readonly clock: Clock;

  constructor(readonly store: GraphStore, readonly options: EntityWriterOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  get validator(): EntityValidator | undefined {
    return this.options.validator;
  }

  now(): string {
    return this.clock().toISOString();
  }

  /** The quads of the entity's graph as stored. */
  graphQuads(id: string): RDF.Quad[] {
    return this.store.match(null, null, null, N3.DataFactory.namedNode(GRAPHS.entity(id)));
  }

  read(id: string): Entity | undefined {
    return quadsToEntity(this.graphQuads(id), id);
  }

  /** Runs `plan` on the current entity and commits its outcome; resolves once durable. */
  async write<T>(id: string, plan: (current: Entity | undefined, now: string) => WritePlan<T>): Promise<WriteOutcome<T>> {
    const pending = await this.writePending(id, plan);
    await pending.durable;
    return { result: pending.result, warnings: pending.warnings };
  }

  /**
   * Like write, but resolves once the change is applied (visible to reads), handing back
   * the durability promise: a batch issues its items in order and awaits them together.
   * A plan or validation error rejects before anything is written.
   */
  async writePending<T>(id: string, plan: (current: Entity | undefined, now: string) => WritePlan<T>): Promise<PendingWrite<T>> {
    const release = await this.locks.lock(id);
    try {
      const before = this.graphQuads(id);
      const current = quadsToEntity(before, id);
      const { next, result } = plan(current, this.now());
      if (next === 'unchanged') return { result, warnings: [], durable: NO_CHANGE };
      const after = next ? entityToQuads(next) : [];
      const warnings = next && this.options.validator ? (await this.options.validator.validate(next, after)).warnings : [];
      const durable = this.store.commit(difference(before, after));
      return { result, warnings, durable };
    } finally {
      release();
    }
  }
}

/** The minimal change turning `before` into `after` (the log records only what changed). */
function difference(before: readonly RDF.Quad[], after: readonly RDF.Quad[]): { deletes: RDF.Quad[]; inserts: RDF.Quad[] } {
  if (before.length === 0) return { deletes: [], inserts: [...after] };
  const afterKeys = new Set(after.map(quadKey));
  const beforeKeys = new Set(before.map(quadKey));
  return {
    deletes: before.filter((q) => !afterKeys.has(quadKey(q))),
    inserts: after.filter((q) => !beforeKeys.has(quadKey(q))),
  };
}
