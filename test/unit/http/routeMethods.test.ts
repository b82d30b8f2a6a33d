import { RouteMethods } from '../../../fabric/http/routeMethods.js';

describe('RouteMethods', () => {
  const routes = new RouteMethods();
  routes.add('/ngsi-ld/v1/entities', ['GET', 'POST']);
  routes.add('/ngsi-ld/v1/entities/:entityId', 'get');
  routes.add('/ngsi-ld/v1/entities/:entityId', 'DELETE');
  routes.add('/ngsi-ld/v1/entities/:entityId/attrs/:attrId', 'PATCH');
  routes.add('/ngsi-ld/v1/temporal/*', ['GET', 'POST']);
  routes.add('/metrics.json', 'GET');

  it('collects the methods of every route matching a path, sorted and upper-case', () => {
    expect(routes.allowedOn('/ngsi-ld/v1/entities')).toEqual(['GET', 'POST']);
    expect(routes.allowedOn('/ngsi-ld/v1/entities/urn:x:1')).toEqual(['DELETE', 'GET']);
    expect(routes.allowedOn('/ngsi-ld/v1/entities/urn:x:1/attrs/speed')).toEqual(['PATCH']);
  });

  it('lets a parameter match one segment only and a wildcard any rest', () => {
    expect(routes.allowedOn('/ngsi-ld/v1/entities/urn:x:1/attrs')).toEqual([]);
    expect(routes.allowedOn('/ngsi-ld/v1/temporal/entities/urn:x:1')).toEqual(['GET', 'POST']);
  });

  it('takes the route text literally apart from parameters (a dot is not any character)', () => {
    expect(routes.allowedOn('/metrics.json')).toEqual(['GET']);
    expect(routes.allowedOn('/metricsxjson')).toEqual([]);
    expect(routes.allowedOn('/unknown')).toEqual([]);
    expect(routes.allowedOn('/metrics.json/')).toEqual([]); // fastify's router takes no trailing slash either
  });
});
