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

describe('RouteMethods against fastify’s own router (find-my-way syntax)', () => {
  // The routes' syntax is the router's: a regex parameter, an escaped colon, two parameters in one segment.
  const urls = ['/n/:id(^\\d+$)', '/c/a::b', '/g/:lat-:lng', '/x/:id(^[a-z]+-[a-z]+$)/tail'];
  const paths = ['/n/42', '/n/4x', '/n/', '/c/a:b', '/c/a::b', '/c/ab', '/g/1-2', '/g/1', '/x/ab-cd/tail', '/x/ab-/tail', '/x/ab/tail/more'];

  it('allows a method on exactly the paths fastify routes', async () => {
    const { default: fastify } = await import('fastify');
    const app = fastify();
    const routes = RouteMethods.attachTo(app);
    for (const url of urls) app.get(url, async () => 'routed');
    await app.ready();
    for (const path of paths) {
      const routed = (await app.inject({ method: 'GET', url: path })).statusCode === 200;
      expect({ path, allowed: routes.allowedOn(path).includes('GET') }).toEqual({ path, allowed: routed });
    }
    expect(paths.filter((path) => routes.allowedOn(path).length > 0)).toEqual(['/n/42', '/c/a:b', '/g/1-2', '/x/ab-cd/tail']);
    await app.close();
  });
});
