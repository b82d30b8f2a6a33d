/**
 * Retrieve Entity (§6.5.3.1) and Query Entities (§6.4.3.2) reuse the JSON text of an entity rendered
 * earlier while the entity is unchanged (fabric/http/ngsi-ld/RenderedEntityTexts.ts). Every answer must
 * stay what a fresh rendering gives: after each kind of write (merge, replace, attribute update and
 * delete, entity delete, SPARQL Update of the entity's graph), per tenant, per @context, per
 * representation (format, sysAttrs) and per media type. Each check reads twice, so the second read
 * is served from the cache (the cache's hit counter must move), and compares both reads with the answer
 * of an app without the read index, where entities are decoded per request and never cached.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp, defaultNgsiLdDeps } from '../../../fabric/http/buildHttpApp.js';
import { renderedTextStats } from '../../../fabric/http/ngsi-ld/responses.js';
import { NgsiLdServices } from '../../../fabric/ngsi-ld/service/NgsiLdServices.js';
import { TenantRegistry } from '../../../fabric/ngsi-ld/service/TenantRegistry.js';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { BASE, link, testApp, vehicle } from './support/ngsiLdTestApp.js';

/** An app whose named tenants also have a change feed, hence their own read index (like a node's durable tenants). */
function appWithIndexedTenants(dataDir: string): FastifyInstance {
  const store = new ObservedMemoryStore();
  const tenants = new TenantRegistry({ defaultStore: store, dataDir, openDurable: async () => new ObservedMemoryStore() });
  return buildHttpApp({ store, config: { bodyLimitBytes: 1_000_000 }, ngsiLd: { ...defaultNgsiLdDeps(store), services: new NgsiLdServices(tenants) } });
}

const V1 = 'urn:ngsi-ld:Vehicle:V1';
const json = { 'content-type': 'application/json' };

describe('NGSI-LD rendered entity texts', () => {
  let app: FastifyInstance;
  /** The same requests on an app without the read index: entities decoded per request, never cached. */
  let plain: FastifyInstance;
  beforeEach(async () => {
    ({ app } = testApp());
    ({ app: plain } = testApp({ index: false }));
  });
  afterEach(async () => {
    await app.close();
    await plain.close();
  });

  /** Sends the request to both apps (writes) and expects the same status. */
  async function both(request: { method: 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; payload?: unknown; headers?: Record<string, string> }): Promise<void> {
    const a = await app.inject(request as never);
    const b = await plain.inject(request as never);
    expect([a.statusCode, a.body]).toEqual([b.statusCode, b.body]);
    expect(a.statusCode).toBeLessThan(300);
  }

  /** GETs twice on the cached app (the second from the cache) and once on the plain app; all three bodies equal. */
  interface ReadOptions {
    readonly headers?: Record<string, string>;
    /** Headers for the plain app (hosted @context URLs differ per app). */
    readonly plainHeaders?: Record<string, string>;
    /** Compare without createdAt / modifiedAt (each app stamps its own writes). */
    readonly withoutTimes?: boolean;
  }
  async function read(url: string, { headers = {}, plainHeaders = headers, withoutTimes = false}: ReadOptions = {}): Promise<unknown> {
    const hitsBefore = renderedTextStats().hits;
    const first = await app.inject({ method: 'GET', url, headers });
    const second = await app.inject({ method: 'GET', url, headers });
    const fresh = await plain.inject({ method: 'GET', url, headers: plainHeaders });
    expect(first.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(second.headers.link).toBe(first.headers.link);
    expect(fresh.statusCode).toBe(200);
    expect(renderedTextStats().hits).toBeGreaterThan(hitsBefore);
    const strip = (body: string): unknown => (withoutTimes ? JSON.parse(body.replace(/"(createdAt|modifiedAt)":"[^"]*"/g, '"$1":"t"')) : JSON.parse(body));
    expect(strip(first.body)).toEqual(strip(fresh.body));
    return first.json();
  }

  it('shows every kind of write in the next read', async () => {
    await both({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).toMatchObject({ speed: 10 });

    await both({ method: 'PATCH', url: `${BASE}/entities/${V1}`, payload: { speed: { type: 'Property', value: 77 } }, headers: json });
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).toMatchObject({ speed: 77 });

    await both({ method: 'PATCH', url: `${BASE}/entities/${V1}/attrs/speed`, payload: { value: 78 }, headers: json });
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).toMatchObject({ speed: 78 });

    await both({ method: 'PUT', url: `${BASE}/entities/${V1}`, payload: { type: 'Vehicle', speed: { type: 'Property', value: 5 } }, headers: json });
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).toEqual({ id: V1, type: 'Vehicle', speed: 5 });

    await both({ method: 'POST', url: `${BASE}/entities/${V1}/attrs`, payload: { color: { type: 'Property', value: 'red' } }, headers: json });
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).toEqual({ id: V1, type: 'Vehicle', speed: 5, color: 'red' });

    await both({ method: 'DELETE', url: `${BASE}/entities/${V1}/attrs/speed` });
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).toEqual({ id: V1, type: 'Vehicle', color: 'red' });

    expect(await read(`${BASE}/entities?type=Vehicle&format=keyValues`)).toEqual([{ id: V1, type: 'Vehicle', color: 'red' }]);
    await both({ method: 'DELETE', url: `${BASE}/entities/${V1}` });
    expect((await app.inject({ method: 'GET', url: `${BASE}/entities/${V1}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `${BASE}/entities?type=Vehicle` })).json()).toEqual([]);
  });

  it('shows a SPARQL Update of the entity graph in the next read', async () => {
    await both({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).not.toHaveProperty('color');
    const update = {
      method: 'POST' as const, url: '/sparql', headers: { 'content-type': 'application/sparql-update' },
      payload: `INSERT DATA { GRAPH <${V1}> { <${V1}> <https://uri.etsi.org/ngsi-ld/default-context/color> "green" } }`,
    };
    await both(update);
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).toMatchObject({ color: 'green' });
  });

  it('renders per representation, sysAttrs and media type', async () => {
    await both({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
    await both({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(2) });
    const urls = [
      `${BASE}/entities/${V1}`, `${BASE}/entities/${V1}?format=concise`, `${BASE}/entities/${V1}?options=keyValues`,
      `${BASE}/entities/${V1}?format=simplified`, `${BASE}/entities/${V1}?options=sysAttrs`, `${BASE}/entities/${V1}?options=sysAttrs,keyValues`,
      `${BASE}/entities?type=Vehicle`, `${BASE}/entities?type=Vehicle&format=concise&options=sysAttrs`, `${BASE}/entities?type=Vehicle&q=speed>15`,
    ];
    // Twice round, so each rendering is read back after the others were cached for the same entities.
    for (let round = 0; round < 2; round++) {
      for (const url of urls) {
        await read(url, { withoutTimes: true });
        await read(url, { headers: { accept: 'application/ld+json' }, withoutTimes: true });
      }
    }
    const normalized = await read(`${BASE}/entities/${V1}`) as Record<string, unknown>;
    expect(normalized.speed).toEqual({ type: 'Property', value: 10, observedAt: '2026-01-01T10:00:00Z', unitCode: 'KMH' });
    expect(normalized).not.toHaveProperty('createdAt');
    const ld = await read(`${BASE}/entities/${V1}?format=keyValues`, { headers: { accept: 'application/ld+json' } }) as Record<string, unknown>;
    expect(ld['@context']).toBe('https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld');
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).not.toHaveProperty('@context');
    expect(await read(`${BASE}/entities/${V1}?options=sysAttrs`, { withoutTimes: true })).toHaveProperty('createdAt');
  });

  it('renders per @context', async () => {
    await both({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
    /** A hosted @context naming brandName `term` on each app (their URLs differ: random local ids). */
    const host = async (term: string): Promise<[Record<string, string>, Record<string, string>]> => {
      const urls = await Promise.all([app, plain].map(async (target) => {
        const res = await target.inject({ method: 'POST', url: `${BASE}/jsonldContexts`, payload: { '@context': { [term]: 'https://uri.etsi.org/ngsi-ld/default-context/brandName' } } });
        expect(res.statusCode).toBe(201);
        return String(res.headers.location);
      }));
      return [{ link: link(urls[0]!) }, { link: link(urls[1]!) }];
    };
    const [brand, plainBrand] = await host('brand');
    const [make, plainMake] = await host('make');
    for (let round = 0; round < 2; round++) {
      expect(await read(`${BASE}/entities/${V1}?format=keyValues`, { headers: brand, plainHeaders: plainBrand })).toMatchObject({ brand: 'Seat' });
      expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).toMatchObject({ brandName: 'Seat' });
      expect(await read(`${BASE}/entities/${V1}?format=keyValues`, { headers: make, plainHeaders: plainMake })).toMatchObject({ make: 'Seat' });
      expect(await read(`${BASE}/entities?type=Vehicle&format=keyValues`, { headers: brand, plainHeaders: plainBrand })).toMatchObject([{ brand: 'Seat' }]);
      expect(await read(`${BASE}/entities?type=Vehicle&format=keyValues`, { headers: make, plainHeaders: plainMake })).toMatchObject([{ make: 'Seat' }]);
    }
  });

  it('keeps tenants apart for the same entity id', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rendered-texts-'));
    await app.close();
    app = appWithIndexedTenants(dataDir);
    const acme = { 'NGSILD-Tenant': 'acme' };
    await both({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1) });
    await both({ method: 'POST', url: `${BASE}/entities`, payload: vehicle(1, { speed: { type: 'Property', value: 999 } }), headers: acme });
    for (let round = 0; round < 2; round++) {
      expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).toMatchObject({ speed: 10 });
      expect(await read(`${BASE}/entities/${V1}?format=keyValues`, { headers: acme, })).toMatchObject({ speed: 999 });
      expect(await read(`${BASE}/entities?type=Vehicle&format=keyValues`, { headers: acme, })).toMatchObject([{ speed: 999 }]);
    }
    await both({ method: 'PATCH', url: `${BASE}/entities/${V1}`, payload: { speed: { type: 'Property', value: 1000 } }, headers: { ...json, ...acme } });
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`, { headers: acme, })).toMatchObject({ speed: 1000 });
    expect(await read(`${BASE}/entities/${V1}?format=keyValues`)).toMatchObject({ speed: 10 });
    rmSync(dataDir, { recursive: true, force: true });
  });
});
