/**
 * Parsers of scopeQ (§4.19), type expressions (§4.17), attrs / pick / omit (§4.21) and geo-query
 * parameters (§4.10) of GS CIM 009 v1.8, valid and invalid (positions, §5.5.1 InvalidRequest).
 */
import { BadRequestDataError, InvalidRequestError } from '../../../../fabric/errors/FabricError.js';
import { parseScopeQ, scopeRegex, type ScopeExpression } from '../../../../fabric/ngsi-ld/query/parseScopeQ.js';
import { parseTypeExpression, typeUnion } from '../../../../fabric/ngsi-ld/query/parseTypeExpression.js';
import { parseProjection } from '../../../../fabric/ngsi-ld/query/parseProjection.js';
import { parseGeoQuery, parseGeorel } from '../../../../fabric/ngsi-ld/query/parseGeoQuery.js';
import { parseEntityQuery } from '../../../../fabric/ngsi-ld/query/EntityQuery.js';

function errorOf(f: () => unknown): InvalidRequestError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidRequestError);
    return e as InvalidRequestError;
  }
  throw new Error('accepted');
}

describe('§4.19 scopeQ', () => {
  test('levels, + and # with ; and |', () => {
    expect(parseScopeQ('/Madrid/Gardens')).toEqual({ kind: 'scope', pattern: { levels: ['Madrid', 'Gardens'], descendants: false } });
    expect(parseScopeQ('/Madrid/#')).toEqual({ kind: 'scope', pattern: { levels: ['Madrid'], descendants: true } });
    expect(parseScopeQ('/#')).toEqual({ kind: 'scope', pattern: { levels: [], descendants: true } });
    expect(parseScopeQ('/a/+/c|(/x;/y)')).toMatchObject({ kind: 'or', operands: [{ pattern: { levels: ['a', '+', 'c'] } }, { kind: 'and' }] });
    expect(parseScopeQ('/a,/b')).toMatchObject({ kind: 'or' });
  });

  test('scope patterns as regular expressions', () => {
    const re = (s: string): RegExp => new RegExp(scopeRegex((parseScopeQ(s) as Extract<ScopeExpression, { kind: 'scope' }>).pattern));
    expect(['/a', '/a/b', '/a/b/c', '/ab'].filter((x) => re('/a/#').test(x))).toEqual(['/a', '/a/b', '/a/b/c']);
    expect(['/a', '/a/b', '/a/b/c'].filter((x) => re('/a/+').test(x))).toEqual(['/a/b']);
    expect(['/a.b', '/axb'].filter((x) => re('/a.b').test(x))).toEqual(['/a.b']);
  });

  test.each([
    ['Madrid', 1, "a scope starting with '/'"],
    ['/Madrid/', 9, 'a scope level'],
    ['/a/#/b', 5, "';', '|', ',' or the end"],
    ['(/a', 4, "')'"],
  ])('%j → position %i', (q, position, expected) => {
    const e = errorOf(() => parseScopeQ(q));
    expect(e.extensions).toEqual({ parameter: 'scopeQ', position });
    expect(e.message).toContain(expected);
  });
});

describe('§4.17 type expressions', () => {
  test('names, IRIs, , | ; and parentheses', () => {
    expect(parseTypeExpression('Building')).toEqual({ kind: 'type', name: 'Building' });
    expect(typeUnion(parseTypeExpression('A,B|https://example.org/C'))).toEqual(['A', 'B', 'https://example.org/C']);
    expect(parseTypeExpression('(A;B)|C')).toMatchObject({ kind: 'or', operands: [{ kind: 'and' }, { kind: 'type', name: 'C' }] });
    expect(typeUnion(parseTypeExpression('A;B'))).toBeUndefined();
  });

  test.each([['', 1], ['A,', 3], ['(A|B', 5], ['A B', 2]])('%j → position %i', (t, position) => {
    expect(errorOf(() => parseTypeExpression(t)).extensions).toEqual({ parameter: 'type', position });
  });
});

describe('§4.21 attrs / pick / omit', () => {
  test('lists, nested projections for pick / omit', () => {
    expect(parseProjection('a,b', 'attrs').map((i) => i.name)).toEqual(['a', 'b']);
    expect(parseProjection('id,a{b,c{d}},e', 'pick')).toEqual([
      { name: 'id', position: 1 },
      { name: 'a', position: 4, children: [{ name: 'b', position: 6 }, { name: 'c', position: 8, children: [{ name: 'd', position: 10 }] }] },
      { name: 'e', position: 14 },
    ]);
  });

  test('errors', () => {
    expect(errorOf(() => parseProjection('a,,b', 'attrs')).extensions).toEqual({ parameter: 'attrs', position: 3 });
    expect(errorOf(() => parseProjection('a{b', 'omit')).extensions).toEqual({ parameter: 'omit', position: 4 });
    expect(errorOf(() => parseProjection('a{b}', 'attrs')).extensions).toEqual({ parameter: 'attrs', position: 2 });
    expect(errorOf(() => parseProjection('a,type', 'attrs')).extensions).toEqual({ parameter: 'attrs', position: 3 });
  });
});

describe('§4.10 geo-query parameters', () => {
  test('an incomplete geo-query is BadRequestData naming the missing parameter, as the HTTP layer answers (§5.7.2.4)', () => {
    const missing = (p: Parameters<typeof parseGeoQuery>[0]): BadRequestDataError => {
      try {
        parseGeoQuery(p);
      } catch (e) {
        expect(e).toBeInstanceOf(BadRequestDataError);
        return e as BadRequestDataError;
      }
      throw new Error('expected BadRequestData');
    };
    expect(missing({ georel: 'within', geometry: 'Point' }).extensions).toEqual({ parameter: 'coordinates' });
    expect(missing({ georel: 'within', coordinates: '[0,0]' }).extensions).toEqual({ parameter: 'geometry' });
    expect(missing({ geometry: 'Point', coordinates: '[0,0]' }).extensions).toEqual({ parameter: 'georel' });
    expect(missing({ geoproperty: 'location' }).extensions).toEqual({ parameter: 'georel' });
  });

  test('near with distances, other relations, geoproperty default', () => {
    expect(parseGeorel('near;maxDistance==2000')).toEqual({ georel: 'near', maxDistance: 2000 });
    expect(parseGeorel('near;minDistance==10;maxDistance==20.5')).toEqual({ georel: 'near', minDistance: 10, maxDistance: 20.5 });
    expect(parseGeoQuery({ georel: 'within', geometry: 'Polygon', coordinates: '[[[0,0],[1,0],[1,1],[0,0]]]' })).toEqual({
      georel: 'within', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, geoproperty: 'location',
    });
    expect(parseGeoQuery({ georel: 'intersects', geometry: 'Point', coordinates: [1, 2], geoproperty: 'observationSpace' })?.geoproperty).toBe('observationSpace');
    expect(parseGeoQuery({})).toBeUndefined();
  });

  test('errors', () => {
    expect(errorOf(() => parseGeorel('nearby')).extensions).toEqual({ parameter: 'georel', position: 1 });
    expect(errorOf(() => parseGeorel('near')).extensions).toEqual({ parameter: 'georel', position: 5 });
    expect(errorOf(() => parseGeorel('near;maxDistance=5')).extensions).toEqual({ parameter: 'georel', position: 17 });
    expect(errorOf(() => parseGeorel('near;farDistance==5')).extensions).toEqual({ parameter: 'georel', position: 6 });
    expect(errorOf(() => parseGeorel('within;x')).extensions).toEqual({ parameter: 'georel', position: 7 });
    expect(errorOf(() => parseGeoQuery({ georel: 'within', geometry: 'Circle', coordinates: '[0,0]' })).extensions).toEqual({ parameter: 'geometry', position: 1 });
    expect(errorOf(() => parseGeoQuery({ georel: 'within', geometry: 'Point', coordinates: '[0,' })).extensions).toMatchObject({ parameter: 'coordinates' });
    expect(errorOf(() => parseGeoQuery({ georel: 'within', geometry: 'Polygon', coordinates: '[[[0,0],[1,0],[1,1]]]' })).message).toContain('closed');
    expect(errorOf(() => parseGeoQuery({ georel: 'within', geometry: 'Point', coordinates: '[200,0]' })).extensions).toMatchObject({ parameter: 'coordinates' });
    expect(errorOf(() => parseGeoQuery({ georel: 'near;maxDistance==1', geometry: 'LineString', coordinates: '[[0,0],[1,1]]' })).message).toContain('Point');
  });
});

describe('parseEntityQuery bundles the parameters', () => {
  test('each parameter parsed; errors name their parameter', () => {
    const q = parseEntityQuery({ type: 'A,B', id: 'urn:a:1,urn:a:2', idPattern: '^urn:a', q: 'x>1', scopeQ: '/a', attrs: 'x,y' });
    expect(q).toMatchObject({ type: { kind: 'or' }, ids: ['urn:a:1', 'urn:a:2'], q: { kind: 'compare' }, scopeQ: { kind: 'scope' }, anyOfAttributes: ['x', 'y'] });
    expect(errorOf(() => parseEntityQuery({ q: 'x>' })).extensions).toEqual({ parameter: 'q', position: 3 });
    expect(errorOf(() => parseEntityQuery({ idPattern: '(' })).extensions).toMatchObject({ parameter: 'idPattern' });
  });
});
