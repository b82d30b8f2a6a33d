/**
 * An HTTP app over an in-memory store for the NGSI-LD API tests, and an inject-backed fetch for NgsiLdClient.
 * The store reports its changes (ObservedMemoryStore, like the node's durable store), so reads and
 * queries go through the NGSI-LD read index (fabric/ngsi-ld/index) as on a node; `index: false`
 * gives a plain MemoryGraphStore (no change feed: reads and queries on the store only).
 */
import type { FastifyInstance } from 'fastify';
import { buildHttpApp, defaultNgsiLdDeps } from '../../../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import type { GraphStore } from '../../../../fabric/store/GraphStore.js';
import { NgsiLdClient, type FetchLike, type NgsiLdClientOptions } from '../../../../fabric/client/NgsiLdClient.js';

export const BASE = '/ngsi-ld/v1';
export const CORE = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld';
export const LINK_REL = 'http://www.w3.org/ns/json-ld#context';
export const link = (url: string): string => `<${url}>; rel="${LINK_REL}"; type="application/ld+json"`;
export const ETSI = 'https://uri.etsi.org/ngsi-ld/errors/';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly store: GraphStore;
}

export function testApp(options: { bodyLimitBytes?: number; writeToken?: string; index?: boolean } = {}): TestApp {
  const store = options.index === false ? new MemoryGraphStore() : new ObservedMemoryStore();
  const app = buildHttpApp({
    store,
    config: { bodyLimitBytes: options.bodyLimitBytes ?? 1_000_000, ...(options.writeToken ? { writeToken: options.writeToken } : {}) },
    ngsiLd: defaultNgsiLdDeps(store),
  });
  return { app, store };
}

/** fetch over app.inject, so NgsiLdClient runs against the app without a socket. */
export function injectFetch(app: FastifyInstance): FetchLike {
  return async (url, init) => {
    const res = await app.inject({ method: init.method as 'GET', url: url.replace(/^https?:\/\/[^/]+/, ''), headers: init.headers, ...(init.body !== undefined ? { payload: init.body } : {}) });
    const headers = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : String(v));
    return new Response(res.statusCode === 204 ? null : res.body, { status: res.statusCode, headers });
  };
}

export function client(app: FastifyInstance, options: Omit<NgsiLdClientOptions, 'url' | 'fetch'> = {}): NgsiLdClient {
  return new NgsiLdClient({ url: 'http://localhost', fetch: injectFetch(app), ...options });
}

/** A vehicle like the GS CIM 009 Annex C examples, in normalized form. */
export function vehicle(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> & { id: string } {
  return {
    id: `urn:ngsi-ld:Vehicle:V${n}`,
    type: 'Vehicle',
    brandName: { type: 'Property', value: n % 2 === 0 ? 'Mercedes' : 'Seat' },
    speed: { type: 'Property', value: 10 * n, observedAt: '2026-01-01T10:00:00Z', unitCode: 'KMH' },
    isParked: { type: 'Relationship', object: `urn:ngsi-ld:OffStreetParking:P${n}` },
    location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [-8.5 + n / 100, 41.2] } },
    ...extra,
  };
}

export async function createVehicles(app: FastifyInstance, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    const res = await app.inject({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(n) });
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  }
}

/** Asserts an RFC 7807 body with the ETSI problem type (GS CIM 009 §5.5.1) and Content-Type application/json. */
export function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, type: string): Record<string, unknown> {
  expect({ status: res.statusCode, body: res.body }).toEqual({ status, body: expect.any(String) });
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const problem = JSON.parse(res.body) as Record<string, unknown>;
  expect(problem.type).toBe(ETSI + type);
  expect(problem.status).toBe(status);
  expect(typeof problem.detail).toBe('string');
  return problem;
}
