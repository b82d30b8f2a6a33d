/**
 * Pure entity edits behind the NGSI-LD write operations (GS CIM 009 v1.8 §5.6). Each
 * takes the current entity and the request's (expanded) content and returns the next
 * entity plus what the operation reports; the services write the result as one commit.
 * Attribute names in results are expanded IRIs (the HTTP edge compacts them).
 */
import { BadRequestDataError, ResourceNotFoundError } from '../../errors/FabricError.js';
import { SCOPE as SCOPE_IRI } from '../codec/ngsiLdVocabulary.js';
import type { AttributeFragment, FragmentMap } from '../model/AttributeFragment.js';
import type { AttributeInstance, Entity } from '../model/Entity.js';
import {
  type AttributeMap, findInstance, isNgsiLdNull, mergeAttributeMaps, mergeInstance, putInstance, removeInstance,
  stampAllNew, stampReplacing, withoutSystemAttributes,
} from './attributeEdits.js';

/** §5.2.18 UpdateResult: attributes updated, and those not updated with the reason. */
export interface NotUpdatedDetails {
  /** Expanded attribute IRI. */
  readonly attributeName: string;
  readonly datasetId?: string;
  readonly reason: string;
}
export interface UpdateResult {
  readonly updated: string[];
  readonly notUpdated: NotUpdatedDetails[];
}

/** The request content of an append / update: optional types and scope, and attributes. */
export interface EntityFragment {
  readonly types?: readonly string[];
  readonly scope?: readonly string[];
  readonly attributes: AttributeMap;
}

/** The request content of a merge (§5.6.17): attributes as fragments; scope null is NGSI-LD Null (deletes it). */
export interface EntityMergePatch {
  readonly types?: readonly string[];
  readonly scope?: readonly string[] | null;
  readonly attributes: FragmentMap;
}

/** The name under which a scope left out of an update is reported (§5.2.18 NotUpdatedDetails). */
const SCOPE_MEMBER = 'scope';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function withAttributes(entity: Entity, attributes: AttributeMap, now: string, extra: Partial<Entity> = {}): Entity {
  return { ...entity, ...extra, attributes, createdAt: entity.createdAt ?? now, modifiedAt: now };
}

const unionTypes = (a: readonly string[], b: readonly string[] | undefined): string[] => [...new Set([...a, ...(b ?? [])])];

/** §5.6.1 Create Entity: system attributes set on the entity and each attribute instance. */
export function createdEntity(entity: Entity, now: string): Entity {
  const out: Mutable<Entity> = { ...entity, attributes: stampAllNew(entity.attributes, now), createdAt: now, modifiedAt: now };
  return out;
}

/**
 * §5.6.18 Replace Entity (PUT /entities/{id}): all types, scope and attributes replaced;
 * the entity keeps its createdAt. An id in the payload must equal the target id.
 */
export function replacedEntity(current: Entity, replacement: Entity, now: string): Entity {
  if (replacement.id && replacement.id !== current.id) {
    throw new BadRequestDataError(`The payload id ${replacement.id} differs from the entity id ${current.id} in the URL (§5.6.18).`, { attribute: 'id' });
  }
  const out: Mutable<Entity> = { ...replacement, id: current.id, attributes: stampAllNew(replacement.attributes, now), createdAt: current.createdAt ?? now, modifiedAt: now };
  if (replacement.scope === undefined) delete out.scope;
  return out;
}

/**
 * §5.6.17 Merge Entity (PATCH /entities/{id}): types are added; a scope given replaces the
 * scope, NGSI-LD Null deletes it (§5.5.12); attributes merge (only the members a fragment gives
 * change, NGSI-LD Null deletes; attributeEdits.mergeInstance); new attributes are added.
 */
export function mergedEntity(current: Entity, patch: EntityMergePatch, now: string): Entity {
  const { attributes } = mergeAttributeMaps(current.attributes, patch.attributes, now);
  const out = withAttributes(current, attributes, now, { types: unionTypes(current.types, patch.types) }) as Mutable<Entity>;
  if (patch.scope === null) delete out.scope;
  else if (patch.scope !== undefined) out.scope = patch.scope;
  return out;
}

/**
 * The scope after an append (§5.6.3.4: the fragment's scope replaces the entity's, or with noOverwrite its
 * scopes not yet there are added) or an update (§5.6.2.4: replaces the entity's scope when it has one; an
 * entity without scope keeps none, and the update reports scope in notUpdated rather than dropping it silently).
 */
function editedScope(current: Entity, scope: readonly string[] | undefined, mode: 'append' | 'appendNoOverwrite' | 'update'): readonly string[] | undefined {
  if (scope === undefined) return current.scope;
  if (mode === 'append') return scope;
  if (mode === 'appendNoOverwrite') return [...new Set([...(current.scope ?? []), ...scope])];
  return current.scope === undefined ? undefined : scope;
}

function withScope(entity: Entity, scope: readonly string[] | undefined): Entity {
  if (scope === entity.scope) return entity;
  const out: Mutable<Entity> = { ...entity };
  if (scope === undefined) delete out.scope;
  else out.scope = scope;
  return out;
}

/**
 * §5.6.3 Append Entity Attributes: new attributes (by datasetId) are added; existing ones
 * are replaced unless noOverwrite, in which case they are reported in notUpdated.
 * NGSI-LD Null deletes the instance. Types in the fragment are added (v1.8 §5.6.3).
 */
export function appendedEntity(current: Entity, fragment: EntityFragment, noOverwrite: boolean, now: string): { entity: Entity; result: UpdateResult } {
  const refusal = (previous: AttributeInstance | undefined) =>
    (previous && noOverwrite ? 'The attribute exists and noOverwrite was requested (§5.6.3).' : undefined);
  const { attributes, result } = editedAttributes(current, fragment, now, refusal);
  const scope = editedScope(current, fragment.scope, noOverwrite ? 'appendNoOverwrite' : 'append');
  return { entity: withScope(withAttributes(current, attributes, now, { types: unionTypes(current.types, fragment.types) }), scope), result };
}

/**
 * §5.6.2 Update Entity Attributes (PATCH /entities/{id}/attrs): only existing attribute
 * instances (matched by datasetId) are replaced; others are reported in notUpdated.
 * NGSI-LD Null deletes the existing instance.
 */
export function updatedEntity(current: Entity, fragment: EntityFragment, now: string): { entity: Entity; result: UpdateResult } {
  const refusal = (previous: AttributeInstance | undefined) =>
    (previous ? undefined : 'The entity has no such attribute (instance); use append to add it (§5.6.2).');
  const { attributes, result } = editedAttributes(current, fragment, now, refusal);
  if (fragment.scope !== undefined && current.scope === undefined) {
    result.notUpdated.push({ attributeName: SCOPE_MEMBER, reason: 'The entity has no scope; Update Attributes replaces an existing scope only (§5.6.2), use append or merge to add one.' });
  }
  return { entity: withScope(withAttributes(current, attributes, now), editedScope(current, fragment.scope, 'update')), result };
}

/**
 * The instance-by-instance edit shared by append and update: each fragment instance replaces
 * the instance with its datasetId (NGSI-LD Null deletes it) unless `refusal` gives a reason,
 * which is reported in notUpdated.
 */
function editedAttributes(
  current: Entity, fragment: EntityFragment, now: string, refusal: (previous: AttributeInstance | undefined) => string | undefined,
): { attributes: Map<string, AttributeInstance[]>; result: UpdateResult } {
  const attributes = new Map([...current.attributes].map(([k, v]) => [k, [...v]]));
  const updated: string[] = [];
  const notUpdated: NotUpdatedDetails[] = [];
  for (const [iri, instances] of fragment.attributes) {
    let list: AttributeInstance[] = attributes.get(iri) ?? [];
    let changed = false;
    for (const raw of instances) {
      const instance = withoutSystemAttributes(raw);
      const previous = findInstance(list, instance.datasetId);
      const reason = refusal(previous);
      if (reason) {
        notUpdated.push(details(iri, instance.datasetId, reason));
        continue;
      }
      list = isNgsiLdNull(instance) ? removeInstance(list, instance.datasetId) : putInstance(list, stampReplacing(instance, previous, now));
      changed = true;
    }
    if (list.length > 0) attributes.set(iri, list);
    else attributes.delete(iri);
    if (changed) updated.push(iri);
  }
  return { attributes, result: { updated, notUpdated } };
}

function existingInstance(current: Entity, iri: string, datasetId: string | undefined): AttributeInstance {
  const previous = findInstance(current.attributes.get(iri), datasetId);
  if (!previous) {
    const which = datasetId ? ` with datasetId ${datasetId}` : ' (default instance)';
    throw new ResourceNotFoundError(`Entity ${current.id} has no attribute ${iri}${which}.`);
  }
  return previous;
}

/**
 * §5.6.4 Partial Attribute Update (PATCH /entities/{id}/attrs/{attrId}): each instance of
 * the fragment must exist (by datasetId), else ResourceNotFound; the partial update patch (§5.5.8)
 * replaces the members given (content, metadata, each sub-attribute whole), NGSI-LD Null deletes a
 * member or sub-attribute, and the attribute's type cannot change (§5.6.4.4; attributeEdits.mergeInstance).
 * NGSI-LD Null as the value deletes the targeted instance, as the ETSI conformance tests 012_05–012_07
 * expect (docs/ngsi-ld-api.md "Depth").
 */
export function partiallyUpdatedEntity(current: Entity, iri: string, fragments: readonly AttributeFragment[], now: string): Entity {
  let list: AttributeInstance[] = [...(current.attributes.get(iri) ?? [])];
  for (const raw of fragments) {
    const patch = withoutSystemAttributes(raw);
    const previous = existingInstance(current, iri, patch.datasetId);
    list = isNgsiLdNull(patch) ? removeInstance(list, patch.datasetId) : putInstance(list, mergeInstance(previous, patch, now, 'partial', iri));
  }
  return withAttributes(current, replaceList(current.attributes, iri, list), now);
}

/**
 * §5.6.19 Replace Attribute (PUT /entities/{id}/attrs/{attrId}): the attribute instance
 * (by datasetId) must exist, else ResourceNotFound; it is replaced as a whole.
 */
export function attributeReplacedEntity(current: Entity, iri: string, instances: readonly AttributeInstance[], now: string): Entity {
  let list: AttributeInstance[] = [...(current.attributes.get(iri) ?? [])];
  for (const raw of instances) {
    const instance = withoutSystemAttributes(raw);
    const previous = existingInstance(current, iri, instance.datasetId);
    list = putInstance(list, stampReplacing(instance, previous, now));
  }
  return withAttributes(current, replaceList(current.attributes, iri, list), now);
}

export interface DeleteAttributeOptions {
  readonly datasetId?: string;
  /** §5.6.5: delete every instance of the attribute. */
  readonly deleteAll?: boolean;
}

/**
 * §5.6.5 Delete Entity Attribute: the default instance, the instance with `datasetId`, or
 * every instance with `deleteAll`. A missing attribute / instance is ResourceNotFound.
 * The target scope removes the entity's scope (§5.6.5.4; ResourceNotFound when it has none).
 */
export function attributeDeletedEntity(current: Entity, iri: string, options: DeleteAttributeOptions, now: string): Entity {
  if (iri === SCOPE_IRI) {
    if (current.scope === undefined) throw new ResourceNotFoundError(`Entity ${current.id} has no scope.`);
    return withScope(withAttributes(current, current.attributes, now), undefined);
  }
  const list = current.attributes.get(iri);
  if (!list || list.length === 0) throw new ResourceNotFoundError(`Entity ${current.id} has no attribute ${iri}.`);
  if (options.deleteAll) return withAttributes(current, replaceList(current.attributes, iri, []), now);
  existingInstance(current, iri, options.datasetId);
  return withAttributes(current, replaceList(current.attributes, iri, removeInstance(list, options.datasetId)), now);
}

function replaceList(attributes: AttributeMap, iri: string, list: AttributeInstance[]): Map<string, readonly AttributeInstance[]> {
  const out = new Map(attributes);
  if (list.length > 0) out.set(iri, list);
  else out.delete(iri);
  return out;
}

function details(attributeName: string, datasetId: string | undefined, reason: string): NotUpdatedDetails {
  return datasetId === undefined ? { attributeName, reason } : { attributeName, datasetId, reason };
}

