/**
 * Pure edits of attribute instances (GS CIM 009 v1.8 §4.5.5 multi-attributes, §4.8 system
 * attributes, §5.6.17 merge rules). No store, no I/O: the services compose these and
 * write the result as one commit.
 */
import type { AttributeInstance } from '../model/Entity.js';
import { NGSI_LD_NULL } from '../codec/ngsiLdVocabulary.js';

export type Instances = readonly AttributeInstance[];
export type AttributeMap = ReadonlyMap<string, Instances>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The key of an instance within its attribute (§4.5.5): its datasetId, or '@default'. */
export const instanceKey = (datasetId: string | undefined): string => datasetId ?? '@default';

/**
 * NGSI-LD Null (§4.5.0 / §5.6.17): an instance whose content is `urn:ngsi-ld:null`
 * (the codec turns JSON null into it when a merge-patch allows nulls).
 */
export function isNgsiLdNull(instance: AttributeInstance): boolean {
  if (instance.value === NGSI_LD_NULL || instance.object === NGSI_LD_NULL || instance.vocab === NGSI_LD_NULL) return true;
  if (Array.isArray(instance.object) && instance.object.length === 1 && instance.object[0] === NGSI_LD_NULL) return true;
  const map = instance.languageMap;
  return map !== undefined && Object.keys(map).length === 1 && map['@none'] === NGSI_LD_NULL;
}

export function findInstance(instances: Instances | undefined, datasetId: string | undefined): AttributeInstance | undefined {
  const key = instanceKey(datasetId);
  return instances?.find((i) => instanceKey(i.datasetId) === key);
}

/** §4.8: a newly written instance gets createdAt = modifiedAt = now. */
export function stampNew(instance: AttributeInstance, now: string): AttributeInstance {
  return { ...instance, createdAt: now, modifiedAt: now };
}

/** §4.8: an instance that replaces another keeps the old createdAt; modifiedAt = now. */
export function stampReplacing(instance: AttributeInstance, previous: AttributeInstance | undefined, now: string): AttributeInstance {
  return { ...instance, createdAt: previous?.createdAt ?? now, modifiedAt: now };
}

/** Drops caller-supplied system attributes (§4.8: createdAt / modifiedAt are set by the system only). */
export function withoutSystemAttributes(instance: AttributeInstance): AttributeInstance {
  if (instance.createdAt === undefined && instance.modifiedAt === undefined) return instance;
  const copy: Mutable<AttributeInstance> = { ...instance };
  delete copy.createdAt;
  delete copy.modifiedAt;
  return copy;
}

/** Puts `instance` into the list, replacing the one with the same datasetId. */
export function putInstance(instances: Instances | undefined, instance: AttributeInstance): AttributeInstance[] {
  const key = instanceKey(instance.datasetId);
  const out = (instances ?? []).filter((i) => instanceKey(i.datasetId) !== key);
  out.push(instance);
  return out;
}

export function removeInstance(instances: Instances | undefined, datasetId: string | undefined): AttributeInstance[] {
  const key = instanceKey(datasetId);
  return (instances ?? []).filter((i) => instanceKey(i.datasetId) !== key);
}

const CONTENT_MEMBERS = ['value', 'object', 'languageMap', 'vocab', 'geometry', 'objectType'] as const;

/**
 * Merge of one instance (§5.6.17 Merge Entity, §5.6.4 Partial Attribute Update): the
 * patch's content (value / object / …) replaces the old content; observedAt, unitCode
 * and objectType are kept unless the patch gives them; sub-attributes merge recursively,
 * NGSI-LD Null deleting one. System attributes (top-level instances only, `now` given):
 * createdAt kept, modifiedAt = now.
 */
export function mergeInstance(previous: AttributeInstance, patch: AttributeInstance, now?: string): AttributeInstance {
  const merged: Mutable<AttributeInstance> = { ...previous, kind: patch.kind };
  if (patch.kind !== previous.kind) {
    for (const member of CONTENT_MEMBERS) delete merged[member];
  }
  for (const member of CONTENT_MEMBERS) {
    if (patch[member] !== undefined) (merged as Record<string, unknown>)[member] = patch[member];
  }
  if (patch.kind !== previous.kind && patch.objectType === undefined) delete merged.objectType;
  if (patch.observedAt !== undefined) merged.observedAt = patch.observedAt;
  if (patch.unitCode !== undefined) merged.unitCode = patch.unitCode;
  merged.subAttributes = mergeAttributeMaps(previous.subAttributes, patch.subAttributes).attributes;
  if (now !== undefined) {
    merged.createdAt = previous.createdAt ?? now;
    merged.modifiedAt = now;
  }
  return merged;
}

export interface MapMergeResult {
  readonly attributes: Map<string, AttributeInstance[]>;
  /** Attributes (expanded IRIs) the patch touched. */
  readonly touched: string[];
}

/**
 * Merge-patch of an attribute map (§5.6.17): per instance of the patch, NGSI-LD Null
 * deletes the instance with that datasetId, an existing instance is merged
 * (mergeInstance), a new one is added. Attributes left without instances disappear.
 * `now` stamps system attributes (given for entity attributes, not for sub-attributes).
 */
export function mergeAttributeMaps(base: AttributeMap, patch: AttributeMap, now?: string): MapMergeResult {
  const attributes = new Map<string, AttributeInstance[]>([...base].map(([k, v]) => [k, [...v]]));
  const touched: string[] = [];
  for (const [iri, patchInstances] of patch) {
    let list: AttributeInstance[] = attributes.get(iri) ?? [];
    for (const p of patchInstances) {
      const previous = findInstance(list, p.datasetId);
      if (isNgsiLdNull(p)) list = removeInstance(list, p.datasetId);
      else if (previous) list = putInstance(list, mergeInstance(previous, withoutSystemAttributes(p), now));
      else list = putInstance(list, now === undefined ? p : stampNew(withoutSystemAttributes(p), now));
    }
    if (list.length > 0) attributes.set(iri, list);
    else attributes.delete(iri);
    touched.push(iri);
  }
  return { attributes, touched };
}

/** §4.8 on a whole new attribute map: every instance (not sub-attributes) stamped as new. */
export function stampAllNew(attributes: AttributeMap, now: string): Map<string, AttributeInstance[]> {
  return new Map([...attributes].map(([iri, list]) => [iri, list.map((i) => stampNew(withoutSystemAttributes(i), now))]));
}
