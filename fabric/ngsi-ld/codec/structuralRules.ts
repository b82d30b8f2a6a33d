/**
 * Syntactic checks of NGSI-LD payload members (GS CIM 009 v1.8 §4.5, §4.6, §4.7, §4.18).
 * Each returns a boolean (or a reason); the expander turns failures into
 * BadRequestDataError naming the attribute.
 */
import type { GeoJsonGeometry, JsonValue } from '../model/Entity.js';
import { isValidIri } from '../../rdf/iriValidation.js';
import { isValidLanguageTag } from '../../rdf/languageTagValidation.js';
import { GEOMETRY_TYPES } from './ngsiLdVocabulary.js';

/**
 * An absolute IRI as RFC 3987 requires for ids, objects, datasetIds (§4.5.1: "shall be a URI"), checked as
 * strictly as oxigraph's strict parser does (isValidIri): what passes can be stored, dumped and replayed.
 */
export function isAbsoluteIri(value: unknown): value is string {
  return typeof value === 'string' && isValidIri(value);
}

const DATE_TIME_RE = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const DATE_RE = /^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const TIME_RE = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** ISO 8601 / xsd:dateTime (§4.6.3 DateTime; observedAt, createdAt, modifiedAt). */
export function isDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME_RE.exec(value);
  return !!m && validDate(+m[2], +m[3]) && validTime(+m[4], +m[5], +m[6]);
}

export function isDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  return !!m && validDate(+m[2], +m[3]);
}

export function isTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TIME_RE.exec(value);
  return !!m && validTime(+m[1], +m[2], +m[3]);
}

const validDate = (month: number, day: number): boolean => month >= 1 && month <= 12 && day >= 1 && day <= 31;
const validTime = (h: number, m: number, s: number): boolean => (h < 24 && m < 60 && s < 60) || (h === 24 && m === 0 && s === 0);

/**
 * Attribute / type names: §4.6.2 forbids the characters < > " ' = ; ( ) and control
 * characters (they break the query language); whitespace is not allowed either.
 */
export function isValidName(name: string): boolean {
  return name.length > 0 && !/[\s<>"'=;()\\\u0000-\u001f]/.test(name);
}

/** §4.18: a scope is "/" followed by one or more "/"-separated non-empty segments. */
export function isScope(value: unknown): value is string {
  return typeof value === 'string' && /^(\/[^\s/#+]+)+$/.test(value);
}

/** BCP 47 language tag (RFC 5646 well-formed, isValidLanguageTag) for LanguageProperty keys (§4.5.18). */
export function isLanguageTag(tag: string): boolean {
  return isValidLanguageTag(tag);
}

const isPosition = (p: unknown): boolean =>
  Array.isArray(p) && p.length >= 2 && p.length <= 3 && p.every((n) => typeof n === 'number' && Number.isFinite(n));
const positions = (a: unknown, min: number): boolean => Array.isArray(a) && a.length >= min && a.every(isPosition);
const ring = (a: unknown): boolean => {
  if (!positions(a, 4)) return false;
  const r = a as number[][];
  const [first, last] = [r[0], r[r.length - 1]];
  return first.length === last.length && first.every((n, i) => n === last[i]);
};
const polygon = (a: unknown): boolean => Array.isArray(a) && a.length >= 1 && a.every(ring);

/** Why a value is not a GeoJSON geometry of RFC 7946 §3.1 (§4.7.1), or undefined when it is one. */
export function geometryProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'a GeoJSON geometry must be a JSON object';
  const g = value as { type?: unknown; coordinates?: unknown };
  if (typeof g.type !== 'string' || !GEOMETRY_TYPES.has(g.type)) return `unsupported geometry type ${JSON.stringify(g.type)} (expected one of ${[...GEOMETRY_TYPES].join(', ')})`;
  const c = g.coordinates;
  const ok = {
    Point: () => isPosition(c),
    MultiPoint: () => positions(c, 1),
    LineString: () => positions(c, 2),
    MultiLineString: () => Array.isArray(c) && c.length >= 1 && c.every((l) => positions(l, 2)),
    Polygon: () => polygon(c),
    MultiPolygon: () => Array.isArray(c) && c.length >= 1 && c.every(polygon),
  }[g.type as GeoJsonGeometry['type']]();
  return ok ? undefined : `invalid coordinates for a ${g.type}`;
}

export function isGeometry(value: unknown): value is GeoJsonGeometry {
  return geometryProblem(value) === undefined;
}

export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
