/**
 * The `ngsi-ld` bench's load (bench/ngsiLd.ts): per scenario, the autocannon options of one measured run against a
 * fabric node preloaded with bench IEs (bench/ngsiLdEntities.ts).
 */
import autocannon from 'autocannon';
import { CONTINUUM_CONTEXT, ieEntity, ieId, ieTelemetry, prng } from './ngsiLdEntities.js';

const API = '/ngsi-ld/v1';
const LINK = `<${CONTINUUM_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`;
const QUERY = `type=InfrastructureElement&q=${encodeURIComponent('cpuCores>=8;currentCpuUsage<50')}&limit=20`;

/** A query no other request repeats (a fresh bound each time): never served from the query cache. */
const distinctQuery = (bound: number): string =>
  `type=InfrastructureElement&q=${encodeURIComponent(`cpuCores>=8;currentCpuUsage<${bound.toFixed(6)}`)}&limit=20`;

/** A scenario's options for one run of `amount` requests (`run` seeds its random choices). */
export type Scenario = (url: string, size: number, run: number, amount: number) => autocannon.Options;

const GET_HEADERS = { link: LINK, accept: 'application/json' };

/**
 * GET requests built before the run, per connection (autocannon `setupClient` + `setRequests`): every connection
 * draws its own seeded stream of paths, so the paths of a run are as random as with a `setupRequest` per request, but
 * autocannon builds each request once instead of rebuilding it before every send. A `setupRequest` doubled
 * autocannon's CPU per retrieve (docs/benchmarks.md §1, "Retrieve at 100k"): on 2 shared cores the load generator
 * then did half of the machine's work and the run measured both processes. autocannon gives each connection an equal
 * share of `amount` (± 1), so a list of ⌈amount / connections⌉ covers a run and no connection repeats its paths.
 */
function prebuiltGets(seed: number, amount: number, connections: number, path: (r: () => number) => string): Pick<autocannon.Options, 'requests' | 'setupClient'> {
  const perConnection = Math.ceil(amount / connections);
  let connection = 0;
  const first = prng(seed);
  return {
    requests: [{ method: 'GET', path: path(first), headers: GET_HEADERS }],
    setupClient: (client) => {
      const r = prng(seed * 1009 + connection++);
      client.setRequests(Array.from({ length: perConnection }, () => ({ method: 'GET', path: path(r), headers: GET_HEADERS })));
    },
  };
}

export function scenarios(connections: number, duration: number, batch: number, upsertConnections: number): Record<string, Scenario> {
  const common = { connections, duration };
  let created = 0;
  return {
    retrieve: (url, size, run, amount) => ({
      ...common, url,
      ...prebuiltGets(1000 + run, amount, connections, (r) => `${API}/entities/${encodeURIComponent(ieId(Math.floor(r() * size)))}`),
    }),
    query: (url, _size, run, amount) => ({
      ...common, url,
      ...prebuiltGets(2000 + run, amount, connections, (r) => `${API}/entities?${QUERY}&offset=${Math.floor(r() * 200)}`),
    }),
    'query-distinct': (url, _size, run, amount) => {
      const c = Math.min(connections, 8);
      return {
        ...common, connections: c, url,
        ...prebuiltGets(4000 + run, amount, c, (r) => `${API}/entities?${distinctQuery(40 + r() * 20)}&offset=${Math.floor(r() * 200)}`),
      };
    },
    create: (url, size) => ({
      ...common, url,
      requests: [{ method: 'POST', path: `${API}/entities`, headers: { link: LINK, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(ieEntity(size + created++, 'bench-new')) }) }],
    }),
    upsert: (url, size, run) => {
      const r = prng(3000 + run);
      let tick = 0;
      return {
        ...common, connections: upsertConnections, url,
        requests: [{ method: 'POST', path: `${API}/entityOperations/upsert?options=update`, headers: { link: LINK, 'content-type': 'application/json' },
          setupRequest: (req) => {
            const observedAt = new Date(Date.UTC(2026, 11, 1, 12) + tick++ * 1000).toISOString();
            const items = Array.from({ length: batch }, () => ieTelemetry(Math.floor(r() * size), r, observedAt));
            return { ...req, body: JSON.stringify(items) };
          } }],
      };
    },
  };
}
