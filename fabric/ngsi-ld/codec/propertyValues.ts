/**
 * Expansion and compaction of Property / ListProperty values (GS CIM 009 §4.5.2, §4.6.3).
 * The core context maps `value` to ngsi-ld:hasValue without @json, so a JSON object value
 * is JSON-LD: its member names are terms (expanded like attribute names), `type` is
 * `@type` (vocab-expanded), `id` is `@id`, and {"@type": "DateTime", "@value": "…"} is a
 * typed literal. Structure (arrays, nesting, nulls) is kept as written, so the round trip
 * returns what was sent (JSON-LD would drop nulls and flatten one-element arrays).
 */
import { BadRequestDataError } from '../../errors/FabricError.js';
import type { ProcessedContext } from '../context/ProcessedContext.js';
import type { JsonValue, TypedValue } from '../model/Entity.js';
import { DATE, DATE_TIME, TIME } from './ngsiLdVocabulary.js';
import { isAbsoluteIri, isDate, isDateTime, isJsonObject, isTime } from './structuralRules.js';

export function isTypedValue(value: unknown): value is TypedValue {
  return isJsonObject(value) && typeof value['@value'] === 'string' && typeof value['@type'] === 'string' && Object.keys(value).length === 2;
}

/** Expands a Property value; `attribute` names the attribute in error messages. */
export function expandPropertyValue(value: JsonValue, ctx: ProcessedContext, attribute: string): JsonValue | TypedValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => expandNested(v, ctx, attribute));
  if ('@value' in value) return expandTypedValue(value, ctx, attribute);
  return expandObject(value, ctx, attribute);
}

function expandNested(value: JsonValue, ctx: ProcessedContext, attribute: string): JsonValue {
  return expandPropertyValue(value, ctx, attribute) as JsonValue;
}

function expandTypedValue(value: { [key: string]: JsonValue }, ctx: ProcessedContext, attribute: string): TypedValue {
  // "type" is the core context's alias of @type (Annex B), so {"type": "DateTime", "@value": …} is the same value.
  const type = value['@type'] ?? (ctx.definition('type')?.iri === '@type' ? value.type : undefined);
  const lexical = value['@value'];
  if (typeof type !== 'string' || typeof lexical !== 'string' || Object.keys(value).length !== 2) {
    throw new BadRequestDataError(`Attribute '${attribute}': a typed value needs exactly a string "@type" and a string "@value".`, { attribute });
  }
  const iri = ctx.expandTerm(type) ?? type;
  if (!isAbsoluteIri(iri)) {
    throw new BadRequestDataError(`Attribute '${attribute}': the datatype ${JSON.stringify(type)} expands to ${JSON.stringify(iri)}, which is not an absolute IRI (RFC 3987).`, { attribute });
  }
  const check = iri === DATE_TIME ? isDateTime : iri === DATE ? isDate : iri === TIME ? isTime : undefined;
  if (check && !check(lexical)) {
    throw new BadRequestDataError(`Attribute '${attribute}': "${lexical}" is not a valid ${type} (ISO 8601).`, { attribute });
  }
  return { '@type': iri, '@value': lexical };
}

function expandObject(value: { [key: string]: JsonValue }, ctx: ProcessedContext, attribute: string): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, member] of Object.entries(value)) {
    const def = ctx.definition(key);
    if (key === '@type' || def?.iri === '@type') {
      out['@type'] = Array.isArray(member) ? member.map((t) => expandType(t, ctx)) : expandType(member, ctx);
    } else if (key === '@id' || def?.iri === '@id') {
      out['@id'] = member;
    } else {
      out[key.startsWith('@') ? key : (ctx.expandTerm(key) ?? key)] = expandNested(member, ctx, attribute);
    }
  }
  return out;
}

const expandType = (t: JsonValue, ctx: ProcessedContext): JsonValue => (typeof t === 'string' ? (ctx.expandTerm(t) ?? t) : t);

/** Compacts an expanded Property value with the response's @context. */
export function compactPropertyValue(value: JsonValue | TypedValue, ctx: ProcessedContext): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => compactPropertyValue(v, ctx));
  if (isTypedValue(value)) return { '@type': ctx.compactIri(value['@type']), '@value': value['@value'] };
  const out: { [key: string]: JsonValue } = {};
  for (const [key, member] of Object.entries(value as { [key: string]: JsonValue })) {
    if (key === '@type') out.type = Array.isArray(member) ? member.map((t) => (typeof t === 'string' ? ctx.compactIri(t) : t)) : typeof member === 'string' ? ctx.compactIri(member) : member;
    else if (key === '@id') out.id = member;
    else out[key.startsWith('@') ? key : ctx.compactIri(key)] = compactPropertyValue(member, ctx);
  }
  return out;
}
