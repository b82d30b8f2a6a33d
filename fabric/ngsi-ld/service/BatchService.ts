/**
 * NGSI-LD batch entity operations (GS CIM 009 v1.8 §5.6.7 create, §5.6.8 upsert, §5.6.9
 * update, §5.6.10 delete, §5.6.20 merge). Items are processed in order, a later item seeing
 * the earlier ones; the items that succeed are written as ONE atomic store commit
 * (EntityWriter.writeBatch: one log record, one fsync), and a failed item changes nothing of
 * its entity, so it is never half-written. Items are acknowledged together once that commit is durable. The result is §5.2.16 BatchOperationResult: the ids that succeeded
 * and, per failed item, the entity id and the typed error; the HTTP layer renders it as an RFC 7807
 * ProblemDetails, naming attributes with the item's own @context.
 */
import { AlreadyExistsError, BadRequestDataError, FabricError, InternalError, ResourceNotFoundError } from '../../errors/FabricError.js';
import { isAbsoluteIri } from '../codec/structuralRules.js';
import type { Entity } from '../model/Entity.js';
import type { ShapeViolation } from './EntityValidator.js';
import type { EntityWriter, WritePlan } from './EntityWriter.js';
import { appendedEntity, createdEntity, type EntityMergePatch, mergedEntity, replacedEntity } from './entityEdits.js';

/** §5.2.17 BatchEntityError, before rendering: the error stays typed until the HTTP layer. */
export interface BatchEntityError {
  readonly entityId: string;
  readonly error: FabricError;
}

/** §5.2.16 BatchOperationResult, plus what the routes need to choose 201 / 204 / 207. */
export interface BatchResult {
  readonly success: string[];
  readonly errors: BatchEntityError[];
  /** Ids of entities this batch created (create, upsert): 201 lists them (§5.6.7, §5.6.8). */
  readonly created: string[];
  /** SHACL violations accepted in `warn` mode, per entity. */
  readonly warnings: { readonly entityId: string; readonly violations: ShapeViolation[] }[];
}

/** §5.6.8 options: replace (default) replaces an existing entity, update appends / overwrites its attributes. */
export type UpsertMode = 'replace' | 'update';

/** Turns one request item into an Entity (a merge item: a merge patch); throwing a FabricError fails only that item. */
export type ItemExpander<I, E = Entity> = (item: I) => E;

/** One Batch Entity Merge item (§5.6.20): the entity id and its merge patch (§5.6.17). */
export type MergeItem = EntityMergePatch & { readonly id: string };

const identity = <I, E>(item: I): E => item as unknown as E;

function rawId(item: unknown): string {
  if (typeof item === 'string') return item;
  if (item && typeof item === 'object') {
    const id = (item as { id?: unknown; '@id'?: unknown }).id ?? (item as { '@id'?: unknown })['@id'];
    if (typeof id === 'string') return id;
  }
  return '';
}

function typedError(error: unknown): FabricError {
  if (error instanceof FabricError) return error;
  return new InternalError(error instanceof Error ? error.message : String(error));
}

/** The result of a batch none of whose items could be expanded: every item an error, nothing to write. */
export function failedBatch(items: readonly { readonly id: string; readonly error?: unknown }[]): BatchResult {
  return { success: [], errors: items.map((i) => ({ entityId: i.id, error: typedError(i.error) })), created: [], warnings: [] };
}

export class BatchService {
  constructor(private readonly writer: EntityWriter) {}

  /** §5.6.7 Batch Entity Creation: an existing id fails with AlreadyExists. */
  create<I>(items: readonly I[], expand: ItemExpander<I> = identity): Promise<BatchResult> {
    return this.run(items, expand, (entity) => (current, now) => {
      if (current) throw new AlreadyExistsError(`Entity ${entity.id} already exists (§5.6.7).`);
      return { next: createdEntity(entity, now), result: 'created' };
    });
  }

  /** §5.6.8 Batch Entity Create or Update (Upsert), options=replace|update. */
  upsert<I>(items: readonly I[], mode: UpsertMode = 'replace', expand: ItemExpander<I> = identity): Promise<BatchResult> {
    return this.run(items, expand, (entity) => (current, now) => {
      if (!current) return { next: createdEntity(entity, now), result: 'created' };
      if (mode === 'replace') return { next: replacedEntity(current, entity, now), result: 'updated' };
      return { next: appendedEntity(current, { types: entity.types, scope: entity.scope, attributes: entity.attributes }, false, now).entity, result: 'updated' };
    });
  }

  /** §5.6.9 Batch Entity Update (append semantics, options=noOverwrite): a missing entity fails with ResourceNotFound. */
  update<I>(items: readonly I[], noOverwrite = false, expand: ItemExpander<I> = identity): Promise<BatchResult> {
    return this.run(items, expand, (entity) => (current, now) => {
      if (!current) throw new ResourceNotFoundError(`Entity ${entity.id} does not exist (§5.6.9).`);
      const { entity: next, result } = appendedEntity(current, { types: entity.types, scope: entity.scope, attributes: entity.attributes }, noOverwrite, now);
      const changed = result.updated.length > 0 || entity.types.some((t) => !current.types.includes(t)) || next.scope !== current.scope;
      return { next: changed ? next : 'unchanged', result: 'updated' };
    });
  }

  /** §5.6.20 Batch Entity Merge: each entity merge-patched (§5.6.17); a missing entity fails with ResourceNotFound. */
  merge<I>(items: readonly I[], expand: ItemExpander<I, MergeItem> = identity): Promise<BatchResult> {
    return this.run(items, expand, (entity) => (current, now) => {
      if (!current) throw new ResourceNotFoundError(`Entity ${entity.id} does not exist (§5.6.20).`);
      return { next: mergedEntity(current, entity, now), result: 'updated' };
    });
  }

  /** §5.6.10 Batch Entity Delete: the payload is an array of entity ids; a missing one fails with ResourceNotFound. */
  delete(ids: readonly unknown[]): Promise<BatchResult> {
    const expand = (raw: unknown): Entity => {
      if (!isAbsoluteIri(raw)) throw new BadRequestDataError(`Batch delete item ${JSON.stringify(raw)} is not an entity id (URI) (§5.6.10).`);
      return { id: raw, types: [], attributes: new Map() };
    };
    return this.run(ids, expand, (entity) => (current) => {
      if (!current) throw new ResourceNotFoundError(`Entity ${entity.id} does not exist (§5.6.10).`);
      return { next: undefined, result: 'deleted' };
    });
  }

  private async run<I, E extends { readonly id: string } = Entity>(
    items: readonly I[],
    expand: ItemExpander<I, E>,
    planFor: (entity: E) => (current: Entity | undefined, now: string) => WritePlan<'created' | 'updated' | 'deleted'>,
  ): Promise<BatchResult> {
    const result: BatchResult = { success: [], errors: [], created: [], warnings: [] };
    const prepared = items.map((raw): { readonly id: string; readonly entity?: E; readonly error?: FabricError } => {
      try {
        const entity = expand(raw);
        if (!entity.id) throw new BadRequestDataError('A batch item has no id (§4.5.1).', { attribute: 'id' });
        return { id: entity.id, entity };
      } catch (error) {
        return { id: rawId(raw), error: typedError(error) };
      }
    });
    const writes = prepared.filter((p) => p.entity).map((p) => ({ id: p.id, plan: planFor(p.entity!) }));
    const batch = await this.writer.writeBatch(writes);
    let next = 0;
    for (const item of prepared) {
      if (item.error) {
        result.errors.push({ entityId: item.id, error: item.error });
        continue;
      }
      const outcome = batch.outcomes[next++];
      if (!outcome.ok) {
        result.errors.push({ entityId: item.id, error: typedError(outcome.error) });
        continue;
      }
      result.success.push(item.id);
      if (outcome.result === 'created') result.created.push(item.id);
      if (outcome.warnings.length > 0) result.warnings.push({ entityId: item.id, violations: outcome.warnings });
    }
    await batch.durable;
    return result;
  }
}
