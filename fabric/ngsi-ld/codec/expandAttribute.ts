/**
 * Expansion of one attribute (all its instances) from NGSI-LD JSON to the internal model
 * (GS CIM 009 v1.8 §4.5.2–§4.5.24). Accepts the normalized and the concise
 * representation (§4.5.1, concise: "type" may be omitted; a bare value is a Property; a
 * member object / objectList / languageMap / vocab / json / valueList says the kind; a
 * GeoJSON geometry or a value that is one is a GeoProperty).
 * Structural errors answer BadRequestDataError naming the attribute (§5.5.1, §6.3.x).
 */
import { BadRequestDataError } from '../../errors/FabricError.js';
import type { ProcessedContext } from '../context/ProcessedContext.js';
import type { AttributeInstance, AttributeKind, GeoJsonGeometry, JsonValue } from '../model/Entity.js';
import {
  ATTRIBUTE_RESERVED_MEMBERS, GEOMETRY_TYPES, KIND_MEMBER, KIND_SET, NGSI_LD_NULL,
} from './ngsiLdVocabulary.js';
import { expandPropertyValue } from './propertyValues.js';
import {
  geometryProblem, isAbsoluteIri, isDateTime, isGeometry, isJsonObject, isLanguageTag, isValidName,
} from './structuralRules.js';

export interface ExpandOptions {
  /** Accept JSON null / "urn:ngsi-ld:null" as NGSI-LD Null (merge-patch §5.6.17); otherwise null is an error. */
  readonly allowNull?: boolean;
  /** Keep createdAt / modifiedAt from the payload (replication, tests); by default they are ignored (§4.8). */
  readonly keepSystemAttributes?: boolean;
}

type Json = { [key: string]: JsonValue };
export const MAX_DEPTH = 32;
export const KIND_MEMBERS = new Set(Object.values(KIND_MEMBER));
/** Per kind, the content members of the other kinds (a Property with "object" is an error). */
const FOREIGN_MEMBERS = Object.fromEntries((Object.keys(KIND_MEMBER) as AttributeKind[]).map((kind) => [
  kind,
  (Object.entries(KIND_MEMBER) as [AttributeKind, string][]).filter(([, m]) => m !== KIND_MEMBER[kind]),
])) as Record<AttributeKind, Array<[AttributeKind, string]>>;
/** "VocabularyProperty" appears in Annex C examples; the core context term is VocabProperty. */
export const KIND_ALIASES: Record<string, AttributeKind> = { VocabularyProperty: 'VocabProperty' };

export const fail = (attribute: string, detail: string): never => {
  throw new BadRequestDataError(`Attribute '${attribute}': ${detail}`, { attribute });
};

/** Expands the attribute name and all its instances; `name` is the short name as written. */
export function expandAttributeInstances(name: string, json: JsonValue, ctx: ProcessedContext, options: ExpandOptions = {}, depth = 0): AttributeInstance[] {
  return eachInstance(name, json, (j) => expandInstance(name, j, ctx, options, depth));
}

/**
 * The instances of the attribute written `name` (a multi-attribute array or one instance, §4.5.5), each expanded by
 * `expand` (whole instances, or fragments: expandAttributeFragment.ts); at most one per datasetId.
 */
export function eachInstance<T extends { readonly datasetId?: string }>(name: string, json: JsonValue, expand: (json: JsonValue) => T): T[] {
  if (!isValidName(name)) fail(name, 'the name contains characters that are not allowed (§4.6.2).');
  const instances = isInstanceArray(json) ? (json as Json[]).map(expand) : [expand(json)];
  const seen = new Set<string>();
  for (const i of instances) {
    const key = i.datasetId ?? '@default';
    if (seen.has(key)) fail(name, i.datasetId ? `two instances share the datasetId ${i.datasetId} (§4.5.5).` : 'two instances have no datasetId; at most one default instance is allowed (§4.5.5).');
    seen.add(key);
  }
  return instances;
}

/** An array of attribute instances (multi-attribute, §4.5.5) rather than a concise array value. */
export function isInstanceArray(json: JsonValue): boolean {
  if (!Array.isArray(json) || json.length === 0 || !json.every(isJsonObject)) return false;
  const objects = json as Json[];
  const typed = (o: Json): boolean => typeof o.type === 'string' && (KIND_SET.has(o.type) || o.type in KIND_ALIASES);
  const anyDataset = objects.some((o) => 'datasetId' in o);
  return objects.every((o) => typed(o) || 'datasetId' in o || (anyDataset && Object.keys(o).some((k) => KIND_MEMBERS.has(k))));
}

export function inferKind(name: string, json: Json): AttributeKind | 'bareGeometry' | 'bareObject' {
  const type = json.type ?? json['@type'];
  if (type !== undefined) {
    if (typeof type === 'string' && KIND_SET.has(type)) return type as AttributeKind;
    if (typeof type === 'string' && type in KIND_ALIASES) return KIND_ALIASES[type];
    if (typeof type === 'string' && GEOMETRY_TYPES.has(type) && 'coordinates' in json) return 'bareGeometry';
    if (!('value' in json) && !('object' in json)) return 'bareObject';
    return fail(name, `unknown attribute type ${JSON.stringify(type)} (expected one of ${[...KIND_SET].join(', ')}).`);
  }
  if ('value' in json) return isGeometry(json.value) ? 'GeoProperty' : 'Property';
  for (const [kind, member] of Object.entries(KIND_MEMBER) as [AttributeKind, string][]) {
    if (kind !== 'Property' && kind !== 'GeoProperty' && member in json) return kind;
  }
  return 'bareObject';
}

export function expandInstance(name: string, json: JsonValue, ctx: ProcessedContext, options: ExpandOptions, depth: number): AttributeInstance {
  if (depth > MAX_DEPTH) fail(name, `sub-attributes nested deeper than ${MAX_DEPTH} levels.`);
  if (json === null) {
    if (options.allowNull) return { kind: 'Property', value: NGSI_LD_NULL, subAttributes: new Map() };
    return fail(name, 'null is not a valid attribute (use "urn:ngsi-ld:null" in a merge-patch to delete it).');
  }
  if (!isJsonObject(json)) {
    // Concise Property: the value alone (§4.5.2 concise representation).
    return { kind: 'Property', value: expandPropertyValue(json, ctx, name), subAttributes: new Map() };
  }
  const kind = inferKind(name, json);
  if (kind === 'bareGeometry') return { kind: 'GeoProperty', geometry: json as unknown as GeoJsonGeometry, subAttributes: new Map() };
  if (kind === 'bareObject') return { kind: 'Property', value: expandPropertyValue(json, ctx, name), subAttributes: new Map() };

  const out: { -readonly [K in keyof AttributeInstance]?: AttributeInstance[K] } = { kind };
  const content = json[KIND_MEMBER[kind]];
  if (content === undefined) fail(name, `a ${kind} needs a "${KIND_MEMBER[kind]}" member.`);
  if (content === null || content === NGSI_LD_NULL) {
    if (!options.allowNull) fail(name, `"${KIND_MEMBER[kind]}" must not be null.`);
    if (kind === 'Relationship') out.object = NGSI_LD_NULL;
    else out.value = NGSI_LD_NULL;
  } else {
    readContent(name, kind, content, ctx, out);
  }
  readMetadata(name, kind, json, ctx, options, out);
  const subAttributes = new Map<string, AttributeInstance[]>();
  for (const [member, value] of Object.entries(json)) {
    if (ATTRIBUTE_RESERVED_MEMBERS.has(member)) continue;
    const iri = ctx.expandTerm(member);
    if (iri === undefined) continue; // a term mapped to null is dropped, as JSON-LD expansion does
    const instances = expandAttributeInstances(member, value, ctx, options, depth + 1);
    if (!isAbsoluteIri(iri)) fail(member, `the name expands to ${JSON.stringify(iri)}, which is not an absolute IRI (RFC 3987); check the @context.`);
    subAttributes.set(iri, instances);
  }
  return { ...out, kind, subAttributes } as AttributeInstance;
}

export type Draft = { -readonly [K in keyof AttributeInstance]?: AttributeInstance[K] };

export function readContent(name: string, kind: AttributeKind, content: JsonValue, ctx: ProcessedContext, out: Draft): void {
  switch (kind) {
    case 'Property':
      out.value = expandPropertyValue(content, ctx, name);
      return;
    case 'GeoProperty': {
      const problem = geometryProblem(content);
      if (problem) fail(name, `${problem} (§4.7).`);
      out.geometry = content as unknown as GeoJsonGeometry;
      return;
    }
    case 'Relationship':
      out.object = iriOrIris(name, 'object', content);
      return;
    case 'ListRelationship': {
      if (!Array.isArray(content) || content.length === 0) return fail(name, '"objectList" must be a non-empty array (§4.5.22).');
      out.object = content.map((item) => {
        const target = isJsonObject(item) ? item.object : item;
        if (!isAbsoluteIri(target)) fail(name, `objectList item ${JSON.stringify(item)} is not {"object": "<URI>"} (§4.5.22).`);
        return target as string;
      });
      return;
    }
    case 'LanguageProperty': {
      if (!isJsonObject(content) || Object.keys(content).length === 0) return fail(name, '"languageMap" must be a non-empty JSON object (§4.5.18).');
      const map: Record<string, string | string[]> = {};
      for (const [tag, text] of Object.entries(content)) {
        if (tag !== '@none' && !isLanguageTag(tag)) fail(name, `"${tag}" is not a language tag (BCP 47).`);
        const ok = typeof text === 'string' || (Array.isArray(text) && text.every((t) => typeof t === 'string'));
        if (!ok || (Array.isArray(text) && text.length === 0)) fail(name, `languageMap entry "${tag}" must be a string or a non-empty array of strings.`);
        map[tag] = text as string | string[];
      }
      out.languageMap = map;
      return;
    }
    case 'VocabProperty': {
      const terms = Array.isArray(content) ? content : [content];
      if (terms.length === 0 || !terms.every((t) => typeof t === 'string' && isValidName(t))) fail(name, '"vocab" must be a term or an array of terms (§4.5.20).');
      const iris = expandedIris(name, 'vocab', terms as string[], ctx);
      out.vocab = Array.isArray(content) ? iris : iris[0];
      return;
    }
    case 'JsonProperty':
      out.value = content; // @json: kept verbatim (§4.5.24)
      return;
    case 'ListProperty':
      if (!Array.isArray(content)) return fail(name, '"valueList" must be an array (§4.5.21).');
      out.value = expandPropertyValue(content, ctx, name);
      return;
  }
}

/** Terms expanded with the @context (or kept as written): each must be an absolute IRI, it is stored as one. */
function expandedIris(name: string, member: string, terms: readonly string[], ctx: ProcessedContext): string[] {
  return terms.map((t) => {
    const iri = ctx.expandTerm(t) ?? t;
    if (!isAbsoluteIri(iri)) fail(name, `"${member}" term ${JSON.stringify(t)} expands to ${JSON.stringify(iri)}, which is not an absolute IRI (RFC 3987).`);
    return iri;
  });
}

function iriOrIris(name: string, member: string, content: JsonValue): string | string[] {
  if (Array.isArray(content)) {
    if (content.length === 0 || !content.every(isAbsoluteIri)) fail(name, `"${member}" must be a URI or a non-empty array of URIs.`);
    return content as string[];
  }
  if (!isAbsoluteIri(content)) fail(name, `"${member}" must be a URI, got ${JSON.stringify(content)}.`);
  return content as string;
}

/** The members besides the content; `kind` undefined: a fragment without type or main member (its kind is the existing one's). */
export function readMetadata(name: string, kind: AttributeKind | undefined, json: Json, ctx: ProcessedContext, options: ExpandOptions, out: Draft): void {
  for (const [k, other] of kind ? FOREIGN_MEMBERS[kind] : []) {
    if (other in json) fail(name, `"${other}" belongs to a ${k}, not to a ${kind}.`);
  }
  if (json.datasetId !== undefined) {
    if (!isAbsoluteIri(json.datasetId)) fail(name, `datasetId must be a URI, got ${JSON.stringify(json.datasetId)} (§4.5.5).`);
    out.datasetId = json.datasetId as string;
  }
  if (json.observedAt !== undefined) {
    if (!isDateTime(json.observedAt)) fail(name, `observedAt must be an ISO 8601 DateTime, got ${JSON.stringify(json.observedAt)} (§4.8).`);
    out.observedAt = json.observedAt as string;
  }
  if (json.unitCode !== undefined) {
    if (typeof json.unitCode !== 'string' || json.unitCode.length === 0) fail(name, 'unitCode must be a non-empty string (§4.5.2).');
    out.unitCode = json.unitCode as string;
  }
  if (json.objectType !== undefined) {
    if (kind !== undefined && kind !== 'Relationship' && kind !== 'ListRelationship') fail(name, 'objectType belongs to a Relationship (§4.5.3).');
    const types = Array.isArray(json.objectType) ? json.objectType : [json.objectType];
    if (!types.every((t) => typeof t === 'string' && isValidName(t))) fail(name, 'objectType must be a type name or an array of them.');
    const iris = expandedIris(name, 'objectType', types as string[], ctx);
    out.objectType = Array.isArray(json.objectType) ? iris : iris[0];
  }
  if (options.keepSystemAttributes) {
    for (const member of ['createdAt', 'modifiedAt'] as const) {
      if (json[member] === undefined) continue;
      if (!isDateTime(json[member])) fail(name, `${member} must be an ISO 8601 DateTime.`);
      out[member] = json[member] as string;
    }
  }
}
