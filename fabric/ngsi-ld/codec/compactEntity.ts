/**
 * Internal Entity → NGSI-LD JSON with the response's @context (GS CIM 009 v1.8):
 * - normalized (§4.5.1, lossless): every attribute with its type and value / object / …;
 * - concise (§4.5.1 concise rules): no "type"; a Property without metadata or
 *   sub-attributes is its bare value (JSON objects and typed values keep {"value": …});
 *   a GeoProperty without them is its bare geometry; other kinds keep their member;
 * - keyValues / simplified (§4.5.4): each attribute is its value (Property), object
 *   (Relationship), geometry (GeoProperty); LanguageProperty {"languageMap"},
 *   VocabProperty {"vocab"}, JsonProperty {"json"}, ListProperty {"valueList"},
 *   ListRelationship {"objectList": [URIs]}; a multi-attribute gives the array of its
 *   instances' values; sub-attributes are left out.
 * Options: sysAttrs (§4.8 createdAt/modifiedAt), lang (§4.15), pick / omit (§4.21, IRIs
 * of attributes plus "id", "type", "scope"), datasetIds (§4.5.5: which instances), context (adds an "@context" member).
 */
import type { ProcessedContext } from '../context/ProcessedContext.js';
import type { AttributeInstance, Entity, JsonValue } from '../model/Entity.js';
import { chooseLanguage, parseLanguagePreference, type LanguagePreference } from './languageSelection.js';
import { NGSI_LD } from './ngsiLdVocabulary.js';
import { compactPropertyValue, isTypedValue } from './propertyValues.js';
import { isGeometry } from './structuralRules.js';

export type EntityFormat = 'normalized' | 'concise' | 'keyValues' | 'simplified';

export interface CompactOptions {
  readonly format?: EntityFormat;
  readonly sysAttrs?: boolean;
  /** §4.15 language priority list, e.g. "fr,en;q=0.8". */
  readonly lang?: string;
  /** Projection (§4.21): expanded attribute IRIs and/or "id", "type", "scope". */
  readonly pick?: ReadonlySet<string>;
  readonly omit?: ReadonlySet<string>;
  /**
   * §4.5.5 datasetId on retrieval and query: only the attribute instances whose datasetId is one of these ("@none":
   * the default instance, the one without datasetId); an attribute left without instances is left out.
   */
  readonly datasetIds?: ReadonlySet<string>;
  /**
   * §4.5.23 linked entities: called with the object of each top-level Relationship instance rendered (one object;
   * after pick / omit / datasetIds). In normalized and concise form an entity it returns is the instance's `entity`
   * member (join=inline); join=flat uses it to collect the objects and returns undefined.
   */
  readonly linked?: (object: string) => JsonObject | undefined;
  /** When given, the result carries it as "@context" (application/ld+json responses). */
  readonly context?: unknown;
}

export type JsonObject = { [key: string]: JsonValue };

interface Settings {
  readonly format: 'normalized' | 'concise' | 'keyValues';
  readonly sysAttrs: boolean;
  readonly lang?: LanguagePreference;
}

const settingsCache = new Map<string, LanguagePreference>();

function settingsOf(options: CompactOptions): Settings {
  const format = options.format === 'simplified' ? 'keyValues' : (options.format ?? 'normalized');
  let lang: LanguagePreference | undefined;
  if (options.lang !== undefined) {
    lang = settingsCache.get(options.lang);
    if (!lang) {
      lang = parseLanguagePreference(options.lang);
      if (settingsCache.size < 1000) settingsCache.set(options.lang, lang);
    }
  }
  return { format, sysAttrs: options.sysAttrs === true, ...(lang ? { lang } : {}) };
}

const SPECIAL: Record<string, readonly string[]> = { id: ['id', '@id'], type: ['type', '@type'], scope: ['scope', `${NGSI_LD}scope`] };

function selected(name: string, options: CompactOptions, aliases: readonly string[] = [name]): boolean {
  if (options.pick && !aliases.some((a) => options.pick!.has(a))) return false;
  if (options.omit && aliases.some((a) => options.omit!.has(a))) return false;
  return true;
}

export function compactEntity(entity: Entity, ctx: ProcessedContext, options: CompactOptions = {}): JsonObject {
  const settings = settingsOf(options);
  const out: JsonObject = {};
  if (selected('id', options, SPECIAL.id)) out.id = entity.id;
  if (selected('type', options, SPECIAL.type) && entity.types.length > 0) {
    out.type = entity.types.length === 1 ? ctx.compactIri(entity.types[0]) : entity.types.map((t) => ctx.compactIri(t));
  }
  if (entity.scope && entity.scope.length > 0 && selected('scope', options, SPECIAL.scope)) {
    out.scope = entity.scope.length === 1 ? entity.scope[0] : [...entity.scope];
  }
  const datasetIds = options.datasetIds;
  for (const [iri, all] of entity.attributes) {
    if (!selected(iri, options)) continue;
    const instances = datasetIds === undefined ? all : all.filter((i) => datasetIds.has(i.datasetId ?? '@none'));
    if (datasetIds === undefined || instances.length > 0) out[ctx.compactIri(iri)] = compactAttribute(instances, ctx, settings, options.linked);
  }
  if (settings.sysAttrs) {
    if (entity.createdAt) out.createdAt = entity.createdAt;
    if (entity.modifiedAt) out.modifiedAt = entity.modifiedAt;
  }
  if (options.context !== undefined) out['@context'] = options.context as JsonValue;
  return out;
}

/** One attribute (all instances) in the requested format. */
export function compactAttributeInstances(instances: readonly AttributeInstance[], ctx: ProcessedContext, options: CompactOptions = {}): JsonValue {
  return compactAttribute(instances, ctx, settingsOf(options));
}

type Linked = CompactOptions['linked'];

function compactAttribute(instances: readonly AttributeInstance[], ctx: ProcessedContext, s: Settings, linked?: Linked): JsonValue {
  const compacted = instances.map((i) => (s.format === 'keyValues' ? simplified(i, ctx, s, linked) : instanceObject(i, ctx, s, linked)));
  return compacted.length === 1 ? compacted[0] : compacted;
}

function simplified(i: AttributeInstance, ctx: ProcessedContext, s: Settings, linked?: Linked): JsonValue {
  switch (i.kind) {
    case 'Property': return compactPropertyValue(i.value ?? null, ctx);
    case 'Relationship':
      if (linked !== undefined && typeof i.object === 'string') linked(i.object); // a bare object has no room for `entity`
      return copyIris(i.object);
    case 'GeoProperty': return (i.geometry ?? null) as unknown as JsonValue;
    case 'LanguageProperty': {
      if (s.lang) return (chooseLanguage(i.languageMap ?? {}, s.lang)?.text ?? null) as JsonValue;
      return { languageMap: copyLanguageMap(i.languageMap) };
    }
    case 'VocabProperty': return { vocab: compactVocab(i.vocab, ctx) };
    case 'JsonProperty': return { json: (i.value ?? null) as JsonValue };
    case 'ListProperty': return { valueList: compactPropertyValue(i.value ?? [], ctx) };
    case 'ListRelationship': return { objectList: [...asArray(i.object)] };
  }
}

function instanceObject(i: AttributeInstance, ctx: ProcessedContext, s: Settings, linked?: Linked): JsonValue {
  const o: JsonObject = {};
  const normalized = s.format === 'normalized';
  let kind: string = i.kind;
  switch (i.kind) {
    case 'Property': o.value = compactPropertyValue(i.value ?? null, ctx); break;
    case 'GeoProperty': o.value = (i.geometry ?? null) as unknown as JsonValue; break;
    case 'Relationship': o.object = copyIris(i.object); break;
    case 'ListRelationship': o.objectList = asArray(i.object).map((object) => ({ object })); break;
    case 'VocabProperty': o.vocab = compactVocab(i.vocab, ctx); break;
    case 'JsonProperty': o.json = (i.value ?? null) as JsonValue; break;
    case 'ListProperty': o.valueList = compactPropertyValue(i.value ?? [], ctx); break;
    case 'LanguageProperty': {
      const choice = s.lang ? chooseLanguage(i.languageMap ?? {}, s.lang) : undefined;
      if (choice) {
        kind = 'Property';
        o.value = (Array.isArray(choice.text) ? [...choice.text] : choice.text) as JsonValue;
        o.lang = choice.tag;
      } else {
        o.languageMap = copyLanguageMap(i.languageMap);
      }
      break;
    }
  }
  if (i.objectType !== undefined) o.objectType = compactVocab(i.objectType, ctx);
  if (i.datasetId !== undefined) o.datasetId = i.datasetId;
  if (i.observedAt !== undefined) o.observedAt = i.observedAt;
  if (i.unitCode !== undefined) o.unitCode = i.unitCode;
  if (s.sysAttrs) {
    if (i.createdAt !== undefined) o.createdAt = i.createdAt;
    if (i.modifiedAt !== undefined) o.modifiedAt = i.modifiedAt;
  }
  for (const [iri, subs] of i.subAttributes) o[ctx.compactIri(iri)] = compactAttribute(subs, ctx, s);
  if (linked !== undefined && i.kind === 'Relationship' && typeof i.object === 'string') {
    const entity = linked(i.object);
    if (entity !== undefined) o.entity = entity;
  }
  if (normalized) return { type: kind, ...o };
  // Concise (§4.5.1): bare value / bare geometry when nothing else is there.
  const onlyContent = Object.keys(o).length === 1;
  if (onlyContent && kind === 'Property' && 'value' in o && !isObjectLike(o.value)) return o.value;
  if (onlyContent && kind === 'GeoProperty') return o.value;
  // A Property whose value happens to be a GeoJSON geometry would read back as a GeoProperty.
  if (kind === 'Property' && 'value' in o && isGeometry(o.value)) return { type: kind, ...o };
  return o;
}

/** JSON objects and typed values would read back as something else in concise form. */
function isObjectLike(v: JsonValue): boolean {
  if (v === null) return true;
  if (typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.length === 0 || v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x) && 'type' in x);
  return true;
}

const asArray = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v]);
const copyIris = (v: string | readonly string[] | undefined): JsonValue => (v === undefined ? null : typeof v === 'string' ? v : [...v]);

function compactVocab(v: string | readonly string[] | undefined, ctx: ProcessedContext): JsonValue {
  if (v === undefined) return null;
  return typeof v === 'string' ? ctx.compactIri(v) : v.map((x) => ctx.compactIri(x));
}

function copyLanguageMap(map: AttributeInstance['languageMap']): JsonObject {
  const out: JsonObject = {};
  for (const [tag, text] of Object.entries(map ?? {})) out[tag] = typeof text === 'string' ? text : [...text];
  return out;
}

export { isTypedValue };
