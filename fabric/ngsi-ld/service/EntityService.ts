/**
 * NGSI-LD entity operations on one tenant's store (GS CIM 009 v1.8 §5.6, §5.7.1). Takes
 * and returns the internal model (expanded IRIs); JSON-LD expansion / compaction happen at
 * the HTTP edge. Every write is one atomic store commit (EntityWriter), durable when the
 * returned promise resolves.
 */
import { AlreadyExistsError, BadRequestDataError, ResourceNotFoundError } from '../../errors/FabricError.js';
import type { EntityIndex } from '../index/EntityIndex.js';
import type { AttributeFragment } from '../model/AttributeFragment.js';
import type { AttributeInstance, Entity } from '../model/Entity.js';
import type { ShapeViolation } from './EntityValidator.js';
import type { EntityWriter, WriteOutcome, WritePlan } from './EntityWriter.js';
import {
  appendedEntity, attributeDeletedEntity, attributeReplacedEntity, createdEntity, type DeleteAttributeOptions,
  type EntityFragment, type EntityMergePatch, mergedEntity, partiallyUpdatedEntity, replacedEntity, type UpdateResult, updatedEntity,
} from './entityEdits.js';

export interface WriteWarnings {
  /** SHACL violations accepted because the entity type's validation mode is `warn`. */
  readonly warnings: ShapeViolation[];
}

export type UpdateOutcome = UpdateResult & WriteWarnings;

export interface AppendOptions {
  /** §5.6.3 options=noOverwrite: existing attributes are kept and reported in notUpdated. */
  readonly noOverwrite?: boolean;
}

const notFound = (id: string): ResourceNotFoundError => new ResourceNotFoundError(`Entity ${id} does not exist.`);

/** A plan that needs the entity to exist (ResourceNotFound otherwise). */
function onExisting<T>(id: string, edit: (current: Entity, now: string) => WritePlan<T>): (current: Entity | undefined, now: string) => WritePlan<T> {
  return (current, now) => {
    if (!current) throw notFound(id);
    return edit(current, now);
  };
}

const warningsOf = <T>(outcome: WriteOutcome<T>): WriteWarnings => ({ warnings: outcome.warnings });

export class EntityService {
  /** `index`: the tenant's read index (fabric/ngsi-ld/index), when its store has a change feed; reads use it. */
  constructor(private readonly writer: EntityWriter, private readonly index?: EntityIndex) {}

  private read(id: string): Entity | undefined {
    return this.index ? this.index.read(id) : this.writer.read(id);
  }

  /** §5.6.1 Create Entity: 409 AlreadyExists when the id exists; createdAt / modifiedAt set (§4.8). */
  async create(entity: Entity): Promise<WriteWarnings> {
    if (!entity.id) throw new BadRequestDataError('The entity has no id (§4.5.1).', { attribute: 'id' });
    if (entity.types.length === 0) throw new BadRequestDataError('The entity has no type (§4.5.1).', { attribute: 'type' });
    const outcome = await this.writer.write(entity.id, (current, now) => {
      if (current) throw new AlreadyExistsError(`Entity ${entity.id} already exists (§5.6.1).`);
      return { next: createdEntity(entity, now), result: undefined };
    });
    return warningsOf(outcome);
  }

  /** §5.7.1 Retrieve Entity: 404 ResourceNotFound when absent. Projection happens at the edge. */
  retrieve(id: string): Entity {
    const entity = this.read(id);
    if (!entity) throw notFound(id);
    return entity;
  }

  /** The entity, or undefined (no error), e.g. for conditional logic in callers. */
  find(id: string): Entity | undefined {
    return this.read(id);
  }

  /** §5.6.18 Replace Entity (PUT /entities/{id}): 404 when absent; createdAt kept. */
  async replace(id: string, replacement: Entity): Promise<WriteWarnings> {
    if (replacement.types.length === 0) throw new BadRequestDataError('The replacement has no type (§5.6.18, §4.5.1).', { attribute: 'type' });
    const outcome = await this.writer.write(id, onExisting(id, (current, now) => ({ next: replacedEntity(current, replacement, now), result: undefined })));
    return warningsOf(outcome);
  }

  /** §5.6.17 Merge Entity (PATCH /entities/{id}): NGSI-LD Null deletes; 404 when absent. */
  async merge(id: string, patch: EntityMergePatch): Promise<WriteWarnings> {
    const outcome = await this.writer.write(id, onExisting(id, (current, now) => ({ next: mergedEntity(current, patch, now), result: undefined })));
    return warningsOf(outcome);
  }

  /** §5.6.6 Delete Entity: 404 when absent. Removes the entity's whole graph. */
  async delete(id: string): Promise<void> {
    await this.writer.write(id, onExisting(id, () => ({ next: undefined, result: undefined })));
  }

  /**
   * §5.6.3 Append Entity Attributes (POST /entities/{id}/attrs): 204 when notUpdated is
   * empty, 207 with the UpdateResult otherwise (the route decides).
   */
  async appendAttributes(id: string, fragment: EntityFragment, options: AppendOptions = {}): Promise<UpdateOutcome> {
    const outcome = await this.writer.write(id, onExisting(id, (current, now) => {
      const { entity, result } = appendedEntity(current, fragment, options.noOverwrite === true, now);
      return { next: result.updated.length > 0 || fragment.types?.length || fragment.scope !== undefined ? entity : 'unchanged', result };
    }));
    return { ...outcome.result, ...warningsOf(outcome) };
  }

  /** §5.6.2 Update Entity Attributes (PATCH /entities/{id}/attrs): missing attributes → notUpdated (207). */
  async updateAttributes(id: string, fragment: EntityFragment): Promise<UpdateOutcome> {
    const outcome = await this.writer.write(id, onExisting(id, (current, now) => {
      const { entity, result } = updatedEntity(current, fragment, now);
      return { next: result.updated.length > 0 || entity.scope !== current.scope ? entity : 'unchanged', result };
    }));
    return { ...outcome.result, ...warningsOf(outcome) };
  }

  /** §5.6.4 Partial Attribute Update (PATCH /entities/{id}/attrs/{attrId}): 404 when entity or attribute instance is absent. */
  async updateAttribute(id: string, attribute: string, fragments: readonly AttributeFragment[]): Promise<WriteWarnings> {
    const outcome = await this.writer.write(id, onExisting(id, (current, now) => ({ next: partiallyUpdatedEntity(current, attribute, fragments, now), result: undefined })));
    return warningsOf(outcome);
  }

  /** §5.6.19 Replace Entity Attribute (PUT /entities/{id}/attrs/{attrId}): 404 when absent. */
  async replaceAttribute(id: string, attribute: string, instances: readonly AttributeInstance[]): Promise<WriteWarnings> {
    const outcome = await this.writer.write(id, onExisting(id, (current, now) => ({ next: attributeReplacedEntity(current, attribute, instances, now), result: undefined })));
    return warningsOf(outcome);
  }

  /** §5.6.5 Delete Entity Attribute (datasetId, deleteAll): 404 when absent. */
  async deleteAttribute(id: string, attribute: string, options: DeleteAttributeOptions = {}): Promise<WriteWarnings> {
    const outcome = await this.writer.write(id, onExisting(id, (current, now) => ({ next: attributeDeletedEntity(current, attribute, options, now), result: undefined })));
    return warningsOf(outcome);
  }
}
