/**
 * The content of an attribute instance under a merge (GS CIM 009 v1.8 §5.5.12 merge patch behaviour, used by §5.6.17
 * Merge Entity and §5.6.20 Batch Entity Merge): "merges the provided information with the existing information up to
 * an arbitrary depth, e.g. including going into JSON objects representing a Property value", with NGSI-LD Nulls in
 * the fragment removing members (§5.5.12 EXAMPLE 2). The algorithm is IETF RFC 7396's MergePatch on:
 * - a Property's JSON object value: members merged recursively; JSON null or "urn:ngsi-ld:null" removes a member
 *   (a Property value cannot hold JSON null after JSON-LD expansion, §5.2.1); arrays, typed values
 *   ({"@type", "@value"}) and scalars replace what was there;
 * - a JsonProperty's json object: the same, except that only "urn:ngsi-ld:null" removes (its JSON is a JSON literal,
 *   where null is a value);
 * - a LanguageProperty's languageMap: one member per language tag, "urn:ngsi-ld:null" removing that language.
 * Every other content member (object, vocab, geometry, valueList, …) is replaced. A Partial Attribute Update (§5.5.8)
 * replaces the content instead and does not come here.
 */
import { BadRequestDataError } from '../../errors/FabricError.js';
import { NGSI_LD_NULL } from '../codec/ngsiLdVocabulary.js';
import { isTypedValue } from '../codec/propertyValues.js';
import type { AttributeInstance, AttributeKind, JsonValue } from '../model/Entity.js';

type JsonObject = { [key: string]: JsonValue };
type LanguageMap = NonNullable<AttributeInstance['languageMap']>;

const isPlainObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v) && !isTypedValue(v);
const propertyRemoves = (v: JsonValue): boolean => v === null || v === NGSI_LD_NULL;
const jsonRemoves = (v: JsonValue): boolean => v === NGSI_LD_NULL;

/**
 * `given` (the fragment's content members, of the instance's unchanged kind) merged into `previous`'s content.
 * Returns `given` itself when nothing merges (no JSON object on either side): the common case costs two checks.
 */
export function mergePatchContent(kind: AttributeKind, previous: AttributeInstance, given: Partial<AttributeInstance>, name: string): Partial<AttributeInstance> {
  if (kind === 'LanguageProperty' && given.languageMap !== undefined && previous.languageMap !== undefined) {
    return { ...given, languageMap: mergedLanguageMap(previous.languageMap, given.languageMap, name) };
  }
  if (kind !== 'Property' && kind !== 'JsonProperty') return given;
  const patch = given.value;
  if (!isPlainObject(patch) || !isPlainObject(previous.value)) return given;
  return { ...given, value: mergePatch(previous.value, patch, kind === 'JsonProperty' ? jsonRemoves : propertyRemoves) };
}

/** RFC 7396 §2 MergePatch(target, patch), with `removes` saying which patch values delete a member. */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue, removes: (v: JsonValue) => boolean): JsonValue {
  if (!isPlainObject(patch)) return patch;
  const out: JsonObject = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (removes(value)) delete out[key];
    else out[key] = mergePatch(out[key], value, removes);
  }
  return out;
}

function mergedLanguageMap(previous: LanguageMap, patch: LanguageMap, name: string): LanguageMap {
  const out: Record<string, string | readonly string[]> = { ...previous };
  for (const [tag, text] of Object.entries(patch)) {
    if (text === NGSI_LD_NULL) delete out[tag];
    else out[tag] = text;
  }
  if (Object.keys(out).length === 0) {
    throw new BadRequestDataError(
      `Attribute '${name}': the merge removes every language of the LanguageProperty (§4.5.18); delete the attribute with NGSI-LD Null instead.`,
      { attribute: name },
    );
  }
  return out;
}
