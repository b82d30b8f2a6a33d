/**
 * Parser of geo-queries (GS CIM 009 v1.8 §4.10): the `georel`, `geometry`, `coordinates` and
 * `geoproperty` parameters of GET /entities (or the GeoQuery object of POST /entityOperations/query).
 *
 *   georel      = 'near' ';' Distance [ ';' Distance ] / 'within' / 'contains' / 'intersects'
 *               / 'disjoint' / 'overlaps' / 'equals'
 *   Distance    = ( 'maxDistance' / 'minDistance' ) '==' Number     ; metres
 *   geometry    = Point / MultiPoint / LineString / MultiLineString / Polygon / MultiPolygon
 *   coordinates = the geometry's GeoJSON coordinates (RFC 7946), as JSON text
 *   geoproperty = attribute name (default `location`, §4.10)
 *
 * georel, geometry and coordinates come together or not at all; `near` needs a Point.
 * Hand-written: see QueryScanner.ts.
 */
import type { GeoJsonGeometry } from '../model/Entity.js';
import { querySyntaxError, QueryScanner } from './QueryScanner.js';
import { BadRequestDataError, InvalidRequestError } from '../../errors/FabricError.js';

export type GeoRelation = 'near' | 'within' | 'contains' | 'intersects' | 'disjoint' | 'overlaps' | 'equals';

export interface GeoQuery {
  readonly georel: GeoRelation;
  /** near: metres. */
  readonly maxDistance?: number;
  readonly minDistance?: number;
  readonly geometry: GeoJsonGeometry;
  /** The GeoProperty compared, as written (compact term); default 'location'. */
  readonly geoproperty: string;
}

export interface GeoQueryParameters {
  readonly georel?: string;
  readonly geometry?: string;
  /** JSON text (query string) or already-parsed coordinates (POST query body). */
  readonly coordinates?: string | unknown;
  readonly geoproperty?: string;
}

const RELATIONS: ReadonlySet<string> = new Set(['near', 'within', 'contains', 'intersects', 'disjoint', 'overlaps', 'equals']);
const GEOMETRIES: ReadonlySet<string> = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);
/** Array nesting depth of each geometry's coordinates (RFC 7946 §3.1). */
const DEPTH: Record<string, number> = { Point: 1, MultiPoint: 2, LineString: 2, MultiLineString: 3, Polygon: 3, MultiPolygon: 4 };
const WORD = /[A-Za-z]+/y;
const NUMBER = /\d+(?:\.\d+)?/y;

/** undefined when no geo-query parameter is present. */
export function parseGeoQuery(p: GeoQueryParameters): GeoQuery | undefined {
  const present = [p.georel, p.geometry, p.coordinates].filter((v) => v !== undefined).length;
  if (present === 0) {
    if (p.geoproperty !== undefined) throw missingGeoParameter('georel');
    return undefined;
  }
  for (const name of ['georel', 'geometry', 'coordinates'] as const) {
    if (p[name] === undefined) throw missingGeoParameter(name);
  }
  const relation = parseGeorel(p.georel!);
  const geometry = parseGeometry(p.geometry!, p.coordinates);
  if (relation.georel === 'near' && geometry.type !== 'Point') {
    throw new InvalidRequestError(`georel near needs geometry Point, got ${geometry.type} (§4.10).`, { parameter: 'geometry', position: 1 });
  }
  const geoproperty = p.geoproperty ?? 'location';
  if (!/^[^\s,;|()]+$/.test(geoproperty)) throw querySyntaxError('geoproperty', geoproperty, 0, 'an attribute name');
  return { ...relation, geometry, geoproperty };
}

/**
 * An incomplete geo-query is 400 BadRequestData: GS CIM 009 v1.8 §5.7.2.4 raises
 * BadRequestData when the query's filters are not valid (§4.10 requires georel, geometry and
 * coordinates together), as Orion-LD does; the HTTP layer (fabric/http/ngsi-ld/entityQuery.ts)
 * uses this same error. Syntax errors inside a present parameter stay InvalidRequest with
 * the position (QueryScanner.ts).
 */
export function missingGeoParameter(name: 'georel' | 'geometry' | 'coordinates'): BadRequestDataError {
  return new BadRequestDataError(`A geo-query needs georel, geometry and coordinates together; ${name} is missing (GS CIM 009 §4.10).`, { parameter: name });
}

export function parseGeorel(georel: string): Pick<GeoQuery, 'georel' | 'maxDistance' | 'minDistance'> {
  const s = new QueryScanner(georel, 'georel');
  const word = s.match(WORD);
  if (word === undefined || !RELATIONS.has(word)) {
    throw s.error('one of near, within, contains, intersects, disjoint, overlaps, equals', 0);
  }
  if (word !== 'near') {
    s.expectEnd('the end of georel');
    return { georel: word as GeoRelation };
  }
  const distances: { maxDistance?: number; minDistance?: number } = {};
  s.expect(';', "';' followed by maxDistance==<metres> or minDistance==<metres>");
  do {
    const at = s.pos;
    const name = s.match(WORD);
    if (name !== 'maxDistance' && name !== 'minDistance') throw s.error('maxDistance or minDistance', at);
    if (distances[name] !== undefined) throw s.error(`${name} only once`, at);
    s.expect('==');
    const n = s.match(NUMBER);
    if (n === undefined) throw s.error('a distance in metres');
    distances[name] = Number(n);
  } while (s.eat(';'));
  s.expectEnd("';' or the end of georel");
  return { georel: 'near', ...distances };
}

function parseGeometry(type: string, coordinates: unknown): GeoJsonGeometry {
  if (!GEOMETRIES.has(type)) {
    throw querySyntaxError('geometry', type, 0, 'one of Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon');
  }
  let value = coordinates;
  if (typeof coordinates === 'string') {
    try {
      value = JSON.parse(coordinates);
    } catch (e) {
      const m = /position (\d+)/.exec(String(e));
      throw querySyntaxError('coordinates', coordinates, m ? Number(m[1]) : 0, 'GeoJSON coordinates as a JSON array');
    }
  }
  const problem = checkCoordinates(type, value, DEPTH[type]);
  if (problem) {
    throw new InvalidRequestError(`Invalid coordinates for geometry ${type}: ${problem} (§4.10, RFC 7946 §3.1).`, { parameter: 'coordinates', position: 1 });
  }
  return { type: type as GeoJsonGeometry['type'], coordinates: value as GeoJsonGeometry['coordinates'] };
}

function isPosition(v: unknown): boolean {
  return Array.isArray(v) && v.length >= 2 && v.length <= 3 && v.every((n) => typeof n === 'number' && Number.isFinite(n))
    && Math.abs(v[0] as number) <= 180 && Math.abs(v[1] as number) <= 90;
}

function checkCoordinates(type: string, v: unknown, depth: number): string | undefined {
  if (depth === 1) return isPosition(v) ? undefined : 'expected a position [longitude, latitude] within range';
  if (!Array.isArray(v) || v.length === 0) return `expected a non-empty array at nesting depth ${DEPTH[type] - depth + 1}`;
  for (const item of v) {
    const p = checkCoordinates(type, item, depth - 1);
    if (p) return p;
  }
  if ((type === 'LineString' && depth === 2) || (type === 'MultiLineString' && depth === 2)) {
    if (v.length < 2) return 'a line needs at least two positions';
  }
  if ((type === 'Polygon' && depth === 2) || (type === 'MultiPolygon' && depth === 2)) {
    const [first, last] = [v[0] as number[], v[v.length - 1] as number[]];
    if (v.length < 4 || first[0] !== last[0] || first[1] !== last[1]) return 'a linear ring needs four or more positions and must be closed';
  }
  return undefined;
}
