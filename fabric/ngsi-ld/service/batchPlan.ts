/**
 * The plan of a batch write (GS CIM 009 §5.6.7–§5.6.10, §5.6.20; EntityWriter.writeBatch): the items'
 * plans run in order, each on its entity as the earlier items of the batch left it (read back through
 * the mapping, as a fresh read would give it), each validated; a failing plan or validation fails only
 * its item and leaves its entity as it was, so no entity is half-written. The outcome is one change per
 * entity the batch changes (graphDifference against the graph as read), committed together by the writer.
 */
import type * as RDF from '@rdfjs/types';
import { GRAPHS } from '../../rdf/namespaces.js';
import { entityToQuads } from '../mapping/entityToQuads.js';
import { quadsToEntity } from '../mapping/quadsToEntity.js';
import type { Entity } from '../model/Entity.js';
import type { ShapeViolation, ValidationOutcome } from './EntityValidator.js';
import type { WritePlan } from './EntityWriter.js';
import { graphDifference, type GraphChange } from './graphDifference.js';
import type { ReadGraph } from './readValidation.js';

/** One item of a batch write: a plan on one entity (EntityWriter.writeBatch). */
export interface BatchWriteItem<T> {
  readonly id: string;
  readonly plan: (current: Entity | undefined, now: string) => WritePlan<T>;
}

export type BatchItemOutcome<T> =
  | { readonly ok: true; readonly result: T; readonly warnings: ShapeViolation[] }
  | { readonly ok: false; readonly error: unknown };

/** A graph a write commits: as read (`before`), its quads after the commit, and whether its difference is exact. */
export interface WrittenGraph extends ReadGraph {
  readonly after: RDF.Quad[];
  readonly exact: boolean;
}

export interface PlannedBatch<T> {
  /** Per item, in order. */
  readonly outcomes: BatchItemOutcome<T>[];
  /** The graphs the batch changes, with their changes (same order). */
  readonly written: WrittenGraph[];
  readonly changes: GraphChange[];
  /** Whether a validation was asynchronous (something else may have run since the reads). */
  readonly awaited: boolean;
}

/** How the writer reads a graph, stamps time and validates (EntityWriter). */
export interface BatchPlanContext {
  readonly read: (id: string) => { before: RDF.Quad[]; current: Entity | undefined };
  readonly now: () => string;
  readonly check: (next: Entity, after: readonly RDF.Quad[]) => ValidationOutcome | Promise<ValidationOutcome>;
}

interface EntityState {
  readonly before: RDF.Quad[];
  readonly after: RDF.Quad[];
  readonly current: Entity | undefined;
  /** `current` no longer decodes `after` (an earlier item wrote the entity). */
  readonly stale: boolean;
}

const NO_WARNINGS: ValidationOutcome = { warnings: [] };

/**
 * Plans the batch; synchronous unless a validation is asynchronous (then the items after it wait for it),
 * so that a writer with compiled shapes reads, plans and commits a batch without yielding.
 */
export function planBatch<T>(items: readonly BatchWriteItem<T>[], context: BatchPlanContext): PlannedBatch<T> | Promise<PlannedBatch<T>> {
  return new BatchPlanner(items, context).planFrom(0);
}

class BatchPlanner<T> {
  private readonly states = new Map<string, EntityState>();
  private readonly outcomes: BatchItemOutcome<T>[] = [];
  private awaited = false;

  constructor(private readonly items: readonly BatchWriteItem<T>[], private readonly context: BatchPlanContext) {}

  planFrom(first: number): PlannedBatch<T> | Promise<PlannedBatch<T>> {
    for (let i = first; i < this.items.length; i++) {
      const validating = this.planItem(this.items[i]);
      if (validating) {
        this.awaited = true;
        return validating.then(() => this.planFrom(i + 1));
      }
    }
    return this.planned();
  }

  /** Plans and validates one item and records its outcome; a promise when its validation is asynchronous. */
  private planItem({ id, plan }: BatchWriteItem<T>): Promise<void> | undefined {
    let state = this.stateOf(id);
    try {
      // A later item sees the entity as an earlier item wrote it, read back through the mapping as a fresh read would.
      if (state.stale) state = { ...state, current: quadsToEntity(state.after, id), stale: false };
      const { next, result } = plan(state.current, this.context.now());
      if (next === 'unchanged') {
        this.accept(id, state, result, NO_WARNINGS);
        return undefined;
      }
      const after = next ? entityToQuads(next) : [];
      const written: EntityState = { ...state, after, stale: true };
      const checked = next ? this.context.check(next, after) : NO_WARNINGS;
      if (!(checked instanceof Promise)) {
        this.accept(id, written, result, checked);
        return undefined;
      }
      return checked.then((outcome) => this.accept(id, written, result, outcome), (error: unknown) => this.fail(error));
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  private stateOf(id: string): EntityState {
    let state = this.states.get(id);
    if (!state) {
      const { before, current } = this.context.read(id);
      state = { before, after: before, current, stale: false };
      this.states.set(id, state);
    }
    return state;
  }

  private accept(id: string, state: EntityState, result: T, validation: ValidationOutcome): void {
    this.states.set(id, state);
    this.outcomes.push({ ok: true, result, warnings: validation.warnings });
  }

  /** A failed item leaves its entity as the earlier items left it. */
  private fail(error: unknown): void {
    this.outcomes.push({ ok: false, error });
  }

  private planned(): PlannedBatch<T> {
    const written: WrittenGraph[] = [];
    const changes: GraphChange[] = [];
    for (const [id, { before, after }] of this.states) {
      if (after === before) continue;
      const change = graphDifference(GRAPHS.entity(id), before, after);
      changes.push(change);
      written.push({ id, before, after, exact: change.exact });
    }
    return { outcomes: this.outcomes, written, changes, awaited: this.awaited };
  }
}
