/**
 * Pure edits of attribute instances (GS CIM 009 v1.8 §4.5.5 multi-attributes, §4.8 system
 * attributes, §5.5.8 partial update patch, §5.5.12 merge patch). No store, no I/O: the services
 * compose these and write the result as one commit.
 */
import { BadRequestDataError } from '../../errors/FabricError.js';
import { KIND_MEMBER, NGSI_LD_NULL } from '../codec/ngsiLdVocabulary.js';
import type { AttributeFragment, FragmentMap } from '../model/AttributeFragment.js';
import type { AttributeInstance, AttributeKind } from '../model/Entity.js';
import { mergePatchContent } from './mergePatchContent.js';

export type Instances = readonly AttributeInstance[];
export type AttributeMap = ReadonlyMap<string, Instances>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The key of an instance within its attribute (§4.5.5): its datasetId, or '@default'. */
export const instanceKey = (datasetId: string | undefined): string => datasetId ?? '@default';

/**
 * NGSI-LD Null (§4.5.0 / §5.6.17): an instance whose content is `urn:ngsi-ld:null`
 * (the codec turns JSON null into it when a merge-patch allows nulls).
 */
export function isNgsiLdNull(instance: Pick<AttributeInstance, 'value' | 'object' | 'vocab' | 'languageMap'>): boolean {
  if (instance.value === NGSI_LD_NULL || instance.object === NGSI_LD_NULL || instance.vocab === NGSI_LD_NULL) return true;
  if (Array.isArray(instance.object) && instance.object.length === 1 && instance.object[0] === NGSI_LD_NULL) return true;
  const map = instance.languageMap;
  return map !== undefined && Object.keys(map).length === 1 && map['@none'] === NGSI_LD_NULL;
}

export function findInstance(instances: Instances | undefined, datasetId: string | undefined): AttributeInstance | undefined {
  const key = instanceKey(datasetId);
  return instances?.find((i) => instanceKey(i.datasetId) === key);
}

/**
 * §4.8: a newly written instance gets createdAt = modifiedAt = now, and so does each of its sub-attributes (§4.8:
 * "createdAt is defined as the temporal Property at which the Entity, Property or Relationship was entered into an
 * NGSI-LD system"; a sub-attribute is a Property or Relationship of a Property or Relationship, §4.5.6). An instance
 * without sub-attributes costs one size check more.
 */
export function stampNew(instance: AttributeInstance, now: string): AttributeInstance {
  if (instance.subAttributes.size === 0) return { ...instance, createdAt: now, modifiedAt: now };
  return { ...instance, createdAt: now, modifiedAt: now, subAttributes: stampSubAttributes(instance.subAttributes, undefined, now) };
}

/**
 * §4.8: an instance that replaces another keeps the old createdAt; modifiedAt = now. Its sub-attributes likewise keep
 * the createdAt of the sub-attribute (same datasetId) they replace.
 */
export function stampReplacing(instance: AttributeInstance, previous: AttributeInstance | undefined, now: string): AttributeInstance {
  const createdAt = previous?.createdAt ?? now;
  if (instance.subAttributes.size === 0) return { ...instance, createdAt, modifiedAt: now };
  return { ...instance, createdAt, modifiedAt: now, subAttributes: stampSubAttributes(instance.subAttributes, previous?.subAttributes, now) };
}

function stampSubAttributes(subAttributes: AttributeMap, previous: AttributeMap | undefined, now: string): Map<string, AttributeInstance[]> {
  const out = new Map<string, AttributeInstance[]>();
  for (const [iri, list] of subAttributes) {
    const before = previous?.get(iri);
    out.set(iri, list.map((i) => stampReplacing(withoutSystemAttributes(i), findInstance(before, i.datasetId), now)));
  }
  return out;
}

/** Drops caller-supplied system attributes (§4.8: createdAt / modifiedAt are set by the system only). */
export function withoutSystemAttributes<T extends { readonly createdAt?: string; readonly modifiedAt?: string }>(instance: T): T {
  if (instance.createdAt === undefined && instance.modifiedAt === undefined) return instance;
  const copy: Mutable<T> = { ...instance };
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

/** The members holding an instance's content, one per kind (§4.5.2–§4.5.24). */
const CONTENT_MEMBERS = ['value', 'object', 'languageMap', 'vocab', 'geometry'] as const;
const RELATIONSHIP_KINDS: ReadonlySet<AttributeKind> = new Set(['Relationship', 'ListRelationship']);

/** §5.6.4 partial update (the type of an attribute cannot change) or §5.6.17 merge (it changes when "type" and the new content are given). */
export type PatchMode = 'partial' | 'merge';

const refuse = (name: string, detail: string): never => {
  throw new BadRequestDataError(`Attribute '${name}': ${detail}`, { attribute: name });
};

function contentOf(patch: AttributeFragment): Partial<Mutable<AttributeInstance>> {
  const out: Partial<Mutable<AttributeInstance>> = {};
  for (const member of CONTENT_MEMBERS) if (patch[member] !== undefined) (out as Record<string, unknown>)[member] = patch[member];
  return out;
}

/**
 * The kind and content an instance gets from a fragment (§5.6.4, §5.6.17). Without "type" the existing kind is
 * kept; content given in the concise form ("value" or a bare value) is read as that kind's content, so
 * `{"value": "urn:…"}` sets a Relationship's object, while another kind's main member (e.g. "object" on a
 * Property) is refused. A "type" other than the existing kind is refused by a partial update (§5.6.4.4);
 * a merge changes the kind when the fragment gives the new kind's main member.
 */
function mergedContent(previous: AttributeInstance, patch: AttributeFragment, mode: PatchMode, name: string): { kind: AttributeKind; content?: Partial<AttributeInstance> } {
  const given = patch.hasContent === false ? undefined : contentOf(patch);
  if (patch.kind === undefined || patch.kind === previous.kind) {
    if (!given) return { kind: previous.kind };
    // §5.5.12 merges into JSON object values, languageMaps and json; §5.5.8 (partial) replaces the content.
    return { kind: previous.kind, content: mode === 'merge' ? mergePatchContent(previous.kind, previous, given, name) : given };
  }
  if (patch.kindSource === 'implied') {
    if (!patch.readAs) {
      return refuse(name, `"${KIND_MEMBER[patch.kind]}" belongs to a ${patch.kind}, but the attribute is a ${previous.kind}; a fragment without "type" keeps the attribute's type (§5.6.4, §5.6.17)${mode === 'merge' ? `: give "type": "${patch.kind}" to change it` : ''}.`);
    }
    const read = patch.readAs(previous.kind);
    return { kind: previous.kind, content: mode === 'merge' ? mergePatchContent(previous.kind, previous, read, name) : read };
  }
  if (mode === 'partial') return refuse(name, `the attribute is a ${previous.kind}; a partial update cannot change its type to ${patch.kind} (§5.6.4).`);
  if (!given) return refuse(name, `changing the attribute from a ${previous.kind} to a ${patch.kind} needs its "${KIND_MEMBER[patch.kind]}" member.`);
  return { kind: patch.kind, content: given };
}

/**
 * Merge of one instance (§5.6.17 Merge Entity, §5.6.4 Partial Attribute Update): only the members the fragment
 * gives change. Its content (value / object / …) is merged into the old content by a merge (§5.5.12, up to an
 * arbitrary depth: mergePatchContent) and replaces it in a partial update (§5.5.8; kind rules: mergedContent);
 * observedAt, unitCode and objectType are kept unless given, NGSI-LD Null deleting them. Sub-attributes: a merge
 * merges them recursively (§5.5.12); a partial update replaces each sub-attribute instance given whole (§5.5.8: "the
 * target member value is replaced by the value given in the Fragment"), so it must be complete. NGSI-LD Null deletes
 * one in both. System attributes (`now` given, sub-attributes included, §4.8): createdAt kept, modifiedAt = now.
 */
export function mergeInstance(previous: AttributeInstance, patch: AttributeFragment, now?: string, mode: PatchMode = 'merge', iri = ''): AttributeInstance {
  const name = patch.name ?? iri;
  const { kind, content } = mergedContent(previous, patch, mode, name);
  const merged: Mutable<AttributeInstance> = { ...previous, kind };
  // `delete` only where a member goes (a kind change, NGSI-LD Null): it turns the object into a slow dictionary.
  if (content && kind !== previous.kind) for (const member of CONTENT_MEMBERS) if (merged[member] !== undefined) delete merged[member];
  if (content) Object.assign(merged, content);
  if (!RELATIONSHIP_KINDS.has(kind)) {
    if (patch.objectType !== undefined && patch.objectType !== NGSI_LD_NULL) refuse(name, `objectType belongs to a Relationship, the attribute is a ${kind} (§4.5.3).`);
    if (merged.objectType !== undefined) delete merged.objectType;
  }
  for (const member of ['observedAt', 'unitCode', 'objectType'] as const) {
    const given = patch[member];
    if (given === undefined) continue;
    if (given !== NGSI_LD_NULL) (merged as Record<string, unknown>)[member] = given;
    else if (merged[member] !== undefined) delete merged[member];
  }
  if (patch.subAttributes.size > 0) {
    merged.subAttributes = mode === 'partial'
      ? replaceSubAttributes(previous.subAttributes, patch.subAttributes, now)
      : mergeAttributeMaps(previous.subAttributes, patch.subAttributes, now, mode).attributes;
  }
  if (now !== undefined) {
    merged.createdAt = previous.createdAt ?? now;
    merged.modifiedAt = now;
  }
  return merged;
}

/**
 * §5.5.8 on sub-attributes: each instance given replaces the one with its datasetId whole (a new one is added),
 * NGSI-LD Null deletes it; a concise sub-attribute keeps the replaced one's type (§5.6.17.4's rule, as for the
 * attribute itself). Replaced ones keep their createdAt (§4.8).
 */
function replaceSubAttributes(base: AttributeMap, patch: FragmentMap, now: string | undefined): Map<string, AttributeInstance[]> {
  const out = new Map<string, AttributeInstance[]>(base as Map<string, AttributeInstance[]>);
  for (const [iri, fragments] of patch) {
    let list: AttributeInstance[] = [...(base.get(iri) ?? [])];
    for (const raw of fragments) {
      const fragment = withoutSystemAttributes(raw);
      const previous = findInstance(list, fragment.datasetId);
      if (isNgsiLdNull(fragment)) {
        list = removeInstance(list, fragment.datasetId);
        continue;
      }
      const replacement = completeInstance(keepingKind(fragment, previous), iri);
      list = putInstance(list, now === undefined ? replacement : stampReplacing(replacement, previous, now));
    }
    if (list.length > 0) out.set(iri, list);
    else out.delete(iri);
  }
  return out;
}

/** A concise fragment (kind implied) read as the kind of the instance it replaces, when it can be. */
function keepingKind(fragment: AttributeFragment, previous: AttributeInstance | undefined): AttributeFragment {
  if (!previous || fragment.kindSource !== 'implied' || fragment.kind === previous.kind || !fragment.readAs) return fragment;
  const out: Mutable<AttributeFragment> = { ...fragment, kind: previous.kind };
  for (const member of CONTENT_MEMBERS) if (out[member] !== undefined) delete out[member];
  return { ...out, ...fragment.readAs(previous.kind) };
}

/**
 * A fragment with no instance to merge into becomes a new instance: like a created attribute it needs its kind
 * and main member (BadRequestData naming the attribute otherwise); members deleted with NGSI-LD Null are absent.
 */
export function completeInstance(fragment: AttributeFragment, iri: string): AttributeInstance {
  const name = fragment.name ?? iri;
  if (fragment.kind === undefined || fragment.hasContent === false) {
    const kind = fragment.kind ?? 'Property';
    const which = fragment.datasetId ? `instance with datasetId ${fragment.datasetId}` : 'default instance';
    refuse(name, `a ${kind} needs a "${KIND_MEMBER[kind]}" member: the ${which} does not exist, so the fragment has nothing to update (§5.6.4, §5.6.17).`);
  }
  const { name: _name, kindSource: _source, hasContent: _content, readAs: _readAs, ...rest } = fragment;
  const instance: Mutable<AttributeInstance> = { ...rest, kind: fragment.kind!, subAttributes: new Map() };
  for (const member of ['observedAt', 'unitCode', 'objectType'] as const) {
    if (instance[member] === NGSI_LD_NULL) delete instance[member];
  }
  instance.subAttributes = mergeAttributeMaps(new Map(), fragment.subAttributes).attributes;
  return instance;
}

export interface MapMergeResult {
  readonly attributes: Map<string, AttributeInstance[]>;
  /** Attributes (expanded IRIs) the patch touched. */
  readonly touched: string[];
}

/**
 * Merge-patch of an attribute map (§5.6.17): per instance of the patch, NGSI-LD Null
 * deletes the instance with that datasetId, an existing instance is merged
 * (mergeInstance), a new one is added (completeInstance). Attributes left without instances disappear.
 * `now` stamps system attributes (§4.8), of sub-attributes too.
 */
export function mergeAttributeMaps(base: AttributeMap, patch: FragmentMap, now?: string, mode: PatchMode = 'merge'): MapMergeResult {
  const attributes = new Map<string, AttributeInstance[]>([...base].map(([k, v]) => [k, [...v]]));
  const touched: string[] = [];
  for (const [iri, patchInstances] of patch) {
    let list: AttributeInstance[] = attributes.get(iri) ?? [];
    for (const p of patchInstances) {
      const previous = findInstance(list, p.datasetId);
      if (isNgsiLdNull(p)) list = removeInstance(list, p.datasetId);
      else if (previous) list = putInstance(list, mergeInstance(previous, withoutSystemAttributes(p), now, mode, iri));
      else {
        const added = completeInstance(p, iri);
        list = putInstance(list, now === undefined ? added : stampNew(withoutSystemAttributes(added), now));
      }
    }
    if (list.length > 0) attributes.set(iri, list);
    else attributes.delete(iri);
    touched.push(iri);
  }
  return { attributes, touched };
}

/** §4.8 on a whole new attribute map: every instance, and its sub-attributes, stamped as new. */
export function stampAllNew(attributes: AttributeMap, now: string): Map<string, AttributeInstance[]> {
  return new Map([...attributes].map(([iri, list]) => [iri, list.map((i) => stampNew(withoutSystemAttributes(i), now))]));
}
