/**
 * Expansion of attribute FRAGMENTS (GS CIM 009 v1.8 §5.5.8 partial update patch, §5.5.12 merge patch) for
 * §5.6.4 Partial Attribute Update and §5.6.17 / §5.6.20 Merge: only the members given change, so a fragment
 * may lack "type" and its main member (value, object, languageMap, vocab, json, valueList, objectList):
 * `{"unitCode": "KGM"}`, `{"observedAt": "…"}` or `{"sub": {"value": 1}}` change that member or
 * sub-attribute and keep the rest. Whether such a fragment can stand alone (a new attribute needs its kind
 * and main member, as at create) is decided where the existing entity is known (service/attributeEdits.ts).
 *
 * An object without "type" and without a main member is a fragment when it has an attribute member
 * (observedAt, unitCode, datasetId, objectType, …) or when every member is attribute-shaped (a
 * sub-attribute); otherwise it is a concise Property whose value is that JSON object, as at create
 * (expandAttribute.ts, whose structural errors this keeps).
 * NGSI-LD Null (JSON null or "urn:ngsi-ld:null") deletes the instance, a sub-attribute, or the member
 * observedAt / unitCode / objectType it is given for (§5.2.1, §5.5.12).
 */
import type { ProcessedContext } from '../context/ProcessedContext.js';
import type { AttributeFragment } from '../model/AttributeFragment.js';
import type { AttributeInstance, AttributeKind, GeoJsonGeometry, JsonValue } from '../model/Entity.js';
import {
  type Draft, eachInstance, fail, inferKind, isInstanceArray, KIND_ALIASES, KIND_MEMBERS, MAX_DEPTH, readContent, readMetadata,
} from './expandAttribute.js';
import { ATTRIBUTE_RESERVED_MEMBERS, KIND_MEMBER, KIND_SET, NGSI_LD_NULL } from './ngsiLdVocabulary.js';
import { expandPropertyValue } from './propertyValues.js';
import { isAbsoluteIri, isJsonObject } from './structuralRules.js';

type Json = { [key: string]: JsonValue };
type FragmentDraft = { -readonly [K in keyof AttributeFragment]?: AttributeFragment[K] };

/** Members whose NGSI-LD Null deletes them from the instance (§5.5.12). */
const DELETABLE_MEMBERS = ['observedAt', 'unitCode', 'objectType'] as const;
const isNull = (v: JsonValue | undefined): boolean => v === null || v === NGSI_LD_NULL;

/** Expands the fragment of the attribute written `name`: one fragment per instance (§4.5.5). */
export function expandAttributeFragments(name: string, json: JsonValue, ctx: ProcessedContext, depth = 0): AttributeFragment[] {
  return eachInstance(name, json, (j) => expandFragment(name, j, ctx, depth));
}

function expandFragment(name: string, json: JsonValue, ctx: ProcessedContext, depth: number): AttributeFragment {
  if (depth > MAX_DEPTH) fail(name, `sub-attributes nested deeper than ${MAX_DEPTH} levels.`);
  const none = new Map<string, AttributeFragment[]>();
  if (json === null) return { name, kind: 'Property', kindSource: 'implied', value: NGSI_LD_NULL, subAttributes: none };
  if (!isJsonObject(json)) {
    // A bare value (concise Property, §4.5.2): the pre-existing attribute's type is kept (§5.6.17), see readAs.
    return { name, kind: 'Property', kindSource: 'implied', value: expandPropertyValue(json, ctx, name), readAs: reader(name, json, ctx), subAttributes: none };
  }
  const inferred = inferKind(name, json);
  if (inferred === 'bareGeometry') {
    return { name, kind: 'GeoProperty', kindSource: 'implied', geometry: json as unknown as GeoJsonGeometry, readAs: reader(name, json, ctx), subAttributes: none };
  }
  if (inferred === 'bareObject' && !isMemberFragment(json, depth)) {
    return { name, kind: 'Property', kindSource: 'implied', value: expandPropertyValue(json, ctx, name), readAs: reader(name, json, ctx), subAttributes: none };
  }
  const kind = inferred === 'bareObject' ? undefined : inferred;
  const stated = json.type !== undefined || json['@type'] !== undefined;
  const out: FragmentDraft = { name };
  if (kind) out.kind = kind;
  if (kind && !stated) out.kindSource = 'implied';
  const content = kind ? json[KIND_MEMBER[kind]] : undefined;
  if (content === undefined) {
    out.hasContent = false;
  } else if (isNull(content)) {
    if (kind === 'Relationship') out.object = NGSI_LD_NULL;
    else out.value = NGSI_LD_NULL;
  } else {
    readContent(name, kind!, content, ctx, out as Draft);
    if (!stated && 'value' in json) out.readAs = reader(name, json.value, ctx);
  }
  const deletes = isNull(json.observedAt) || isNull(json.unitCode) || isNull(json.objectType);
  const deleted = deletes ? DELETABLE_MEMBERS.filter((m) => isNull(json[m])) : [];
  const rest = deletes ? Object.fromEntries(Object.entries(json).filter(([k]) => !(deleted as readonly string[]).includes(k))) : json;
  readMetadata(name, kind, rest, ctx, {}, out as Draft);
  for (const member of deleted) out[member] = NGSI_LD_NULL;
  const subAttributes = new Map<string, AttributeFragment[]>();
  for (const [member, value] of Object.entries(json)) {
    if (ATTRIBUTE_RESERVED_MEMBERS.has(member)) continue;
    const iri = ctx.expandTerm(member);
    if (iri === undefined) continue; // a term mapped to null is dropped, as JSON-LD expansion does
    const fragments = expandAttributeFragments(member, value, ctx, depth + 1);
    if (!isAbsoluteIri(iri)) fail(member, `the name expands to ${JSON.stringify(iri)}, which is not an absolute IRI (RFC 3987); check the @context.`);
    subAttributes.set(iri, fragments);
  }
  return { ...out, subAttributes } as AttributeFragment;
}

/** The concise content `content` read as `kind`'s content (§5.6.17: a simplified representation keeps the existing type). */
function reader(name: string, content: JsonValue, ctx: ProcessedContext): (kind: AttributeKind) => Partial<AttributeInstance> {
  return (kind) => {
    const out: Draft = {};
    readContent(name, kind, content, ctx, out);
    return out;
  };
}

/** An object without type or main member that changes an attribute's members rather than being its value. */
function isMemberFragment(json: Json, depth: number): boolean {
  const keys = Object.keys(json).filter((k) => k !== 'type' && k !== '@type');
  if (keys.length === 0 || depth > MAX_DEPTH) return false;
  return keys.some((k) => ATTRIBUTE_RESERVED_MEMBERS.has(k)) || keys.every((k) => isAttributeShaped(json[k], depth + 1));
}

function isAttributeShaped(value: JsonValue, depth: number): boolean {
  if (value === null || value === NGSI_LD_NULL) return true; // NGSI-LD Null deleting a sub-attribute (§5.5.8, §5.5.12)
  if (Array.isArray(value)) return isInstanceArray(value);
  if (!isJsonObject(value)) return false;
  const type = value.type ?? value['@type'];
  if (typeof type === 'string' && (KIND_SET.has(type) || type in KIND_ALIASES)) return true;
  return Object.keys(value).some((k) => KIND_MEMBERS.has(k)) || isMemberFragment(value, depth);
}
