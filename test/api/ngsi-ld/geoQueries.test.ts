/**
 * Geo-queries over HTTP (GS CIM 009 v1.8 §4.10, §6.4.3.2 georel / geometry / coordinates /
 * geoproperty): every georel (near with maxDistance and minDistance, within, contains,
 * intersects, disjoint, overlaps, equals), query geometries Point, LineString, Polygon and the
 * Multi* kinds, entity GeoProperties of each kind, and geoproperty choosing another GeoProperty.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, expectProblem, testApp } from './support/ngsiLdTestApp.js';

/** A 1°×1° square with its south-west corner at (x, y). */
const square = (x: number, y: number): number[][][] => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]];

const sites: Array<[string, Record<string, unknown>, Record<string, unknown>?]> = [
  ['point', { type: 'Point', coordinates: [0.5, 0.5] }, { type: 'Point', coordinates: [20, 20] }],
  ['line', { type: 'LineString', coordinates: [[2, 0], [2, 3]] }],
  ['field', { type: 'Polygon', coordinates: square(0, 0) }],
  ['farm', { type: 'MultiPolygon', coordinates: [square(10, 10), square(12, 10)] }],
  ['posts', { type: 'MultiPoint', coordinates: [[5, 5], [6, 6]] }],
  ['roads', { type: 'MultiLineString', coordinates: [[[7, 0], [7, 1]], [[8, 0], [8, 1]]] }],
];

describe('NGSI-LD geo-queries (§4.10)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = testApp());
    for (const [name, location, observationSpace] of sites) {
      const res = await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: {
        id: `urn:ngsi-ld:Site:${name}`, type: 'Site',
        location: { type: 'GeoProperty', value: location },
        ...(observationSpace ? { observationSpace: { type: 'GeoProperty', value: observationSpace } } : {}),
      } });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(() => app.close());

  const names = async (georel: string, geometry: string, coordinates: unknown, extra = ''): Promise<string[]> => {
    const res = await app.inject({ method: 'GET', url: `${BASE}/entities?type=Site&limit=100&georel=${encodeURIComponent(georel)}&geometry=${geometry}&coordinates=${encodeURIComponent(JSON.stringify(coordinates))}${extra}` });
    expect(res.statusCode).toBe(200);
    return (res.json() as Array<{ id: string }>).map((e) => e.id.split(':').pop()!).sort();
  };

  it('near;maxDistance and near;minDistance measure metres to the nearest part of each geometry', async () => {
    // (0.5, 1.05) is ≈ 5.6 km north of the field's edge, ≈ 61 km from the point (0.5, 0.5), ≈ 167 km from the line.
    expect(await names('near;maxDistance==10000', 'Point', [0.5, 1.05])).toEqual(['field']);
    expect(await names('near;maxDistance==100000', 'Point', [0.5, 1.05])).toEqual(['field', 'point']);
    expect(await names('near;maxDistance==200000', 'Point', [0.5, 1.05])).toEqual(['field', 'line', 'point']);
    expect(await names('near;minDistance==1000000', 'Point', [0.5, 1.05])).toEqual(['farm']);
    expect(await names('near;minDistance==10000;maxDistance==200000', 'Point', [0.5, 1.05])).toEqual(['line', 'point']);
  });

  it('within a Polygon and within a MultiPolygon', async () => {
    expect(await names('within', 'Polygon', [[[-1, -1], [3, -1], [3, 1.5], [-1, 1.5], [-1, -1]]])).toEqual(['field', 'point']);
    expect(await names('within', 'MultiPolygon', [square(4.5, 4.5), [[[4.5, 4.5], [6.5, 4.5], [6.5, 6.5], [4.5, 6.5], [4.5, 4.5]]]])).toEqual(['posts']);
  });

  it('contains: the entity geometry contains the query geometry', async () => {
    expect(await names('contains', 'Point', [0.25, 0.75])).toEqual(['field']);
    expect(await names('contains', 'LineString', [[10.2, 10.2], [10.8, 10.8]])).toEqual(['farm']);
  });

  it('intersects with a LineString, a MultiLineString and a MultiPoint', async () => {
    expect(await names('intersects', 'LineString', [[1.5, 0.5], [2.5, 0.5]])).toEqual(['line']);
    expect(await names('intersects', 'MultiLineString', [[[0.5, -1], [0.5, 2]], [[6.5, 0.5], [8.5, 0.5]]])).toEqual(['field', 'point', 'roads']);
    expect(await names('intersects', 'MultiPoint', [[5, 5], [12.5, 10.5]])).toEqual(['farm', 'posts']);
  });

  it('disjoint is the complement of intersects', async () => {
    expect(await names('disjoint', 'Polygon', square(0, 0))).toEqual(['farm', 'line', 'posts', 'roads']);
  });

  it('overlaps: areas sharing part of their interior, neither containing the other', async () => {
    expect(await names('overlaps', 'Polygon', square(0.5, 0.5))).toEqual(['field']);
    expect(await names('overlaps', 'Polygon', square(0, 0))).toEqual([]);
  });

  it('equals: the same geometry', async () => {
    expect(await names('equals', 'Point', [0.5, 0.5])).toEqual(['point']);
    expect(await names('equals', 'Polygon', square(0, 0))).toEqual(['field']);
  });

  it('geoproperty selects another GeoProperty than location', async () => {
    expect(await names('near;maxDistance==1000', 'Point', [20, 20], '&geoproperty=observationSpace')).toEqual(['point']);
    expect(await names('near;maxDistance==1000', 'Point', [20, 20])).toEqual([]);
  });

  it('answers 400 InvalidRequest with the position for a georel syntax error and for near with a non-Point', async () => {
    const bad = await app.inject({ method: 'GET', url: `${BASE}/entities?type=Site&georel=${encodeURIComponent('near;maxDistance=5')}&geometry=Point&coordinates=${encodeURIComponent('[0,0]')}` });
    expect(expectProblem(bad, 400, 'InvalidRequest')).toMatchObject({ parameter: 'georel', position: 17 });
    const line = await app.inject({ method: 'GET', url: `${BASE}/entities?type=Site&georel=${encodeURIComponent('near;maxDistance==5')}&geometry=LineString&coordinates=${encodeURIComponent('[[0,0],[1,1]]')}` });
    expectProblem(line, 400, 'InvalidRequest');
  });
});
