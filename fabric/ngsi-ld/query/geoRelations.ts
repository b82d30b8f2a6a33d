/**
 * Geo-query relations (GS CIM 009 v1.8 §4.10) between an entity's GeoProperty geometry and the
 * query geometry, evaluated with @turf/turf (SPARQL on oxigraph has no GeoSPARQL functions):
 * near (maxDistance / minDistance in metres: shortest distance to the geometry, 0 inside a
 * polygon), within, contains, intersects, disjoint, overlaps, equals. Multi-geometries are
 * split into parts where turf's predicates need single geometries.
 */
import * as turf from '@turf/turf';
import type { Feature, Geometry, LineString, Point, Polygon, Position } from 'geojson';
import type { GeoJsonGeometry } from '../model/Entity.js';
import type { GeoQuery } from './parseGeoQuery.js';

type Part = Point | LineString | Polygon;

function partsOf(g: Geometry): Part[] {
  switch (g.type) {
    case 'MultiPoint': return g.coordinates.map((c) => ({ type: 'Point', coordinates: c }));
    case 'MultiLineString': return g.coordinates.map((c) => ({ type: 'LineString', coordinates: c }));
    case 'MultiPolygon': return g.coordinates.map((c) => ({ type: 'Polygon', coordinates: c }));
    case 'Point': case 'LineString': case 'Polygon': return [g];
    default: return [];
  }
}

const feature = (g: Geometry): Feature => turf.feature(g);

/** Shortest distance in metres from a point to a geometry (0 when inside an area). */
export function distanceMetres(from: Position, to: Geometry): number {
  const p = turf.point(from);
  return Math.min(...partsOf(to).map((part) => {
    if (part.type === 'Point') return turf.distance(p, turf.point(part.coordinates), { units: 'meters' });
    if (part.type === 'LineString') return turf.pointToLineDistance(p, turf.lineString(part.coordinates), { units: 'meters' });
    return Math.max(0, turf.pointToPolygonDistance(p, turf.polygon(part.coordinates), { units: 'meters' }));
  }));
}

function safely(test: () => boolean): boolean {
  try {
    return test();
  } catch {
    return false; // a type combination turf does not define: no match
  }
}

function within(a: Geometry, b: Geometry): boolean {
  const targets = partsOf(b);
  return partsOf(a).every((part) => targets.some((t) => safely(() => turf.booleanWithin(feature(part), feature(t)))));
}

/** Whether `entityGeometry` stands in the query's relation to the query geometry. */
export function geoRelationHolds(entityGeometry: GeoJsonGeometry, query: GeoQuery): boolean {
  const e = entityGeometry as unknown as Geometry;
  const q = query.geometry as unknown as Geometry;
  switch (query.georel) {
    case 'near': {
      const d = distanceMetres((q as Point).coordinates, e);
      return (query.maxDistance === undefined || d <= query.maxDistance) && (query.minDistance === undefined || d >= query.minDistance);
    }
    case 'within': return within(e, q);
    case 'contains': return within(q, e);
    case 'intersects': return safely(() => turf.booleanIntersects(feature(e), feature(q)));
    case 'disjoint': return safely(() => !turf.booleanIntersects(feature(e), feature(q)));
    case 'overlaps': return safely(() => turf.booleanOverlap(feature(e), feature(q)));
    case 'equals': return safely(() => turf.booleanEqual(feature(e), feature(q)));
  }
}
