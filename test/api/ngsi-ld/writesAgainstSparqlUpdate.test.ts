/**
 * Over HTTP (app.inject) on a durable store: NGSI-LD attribute updates (PATCH …/attrs, §5.6.2) and SPARQL Updates
 * (POST /sparql) of the same entity sent together, so that the update lands while the NGSI-LD write waits for its
 * turn's coalesced commit (docs/ngsi-ld-api.md "Writes racing SPARQL Update"). Every request succeeds, every
 * acknowledged change is there in some serial order (the update's change of u always survives; t is the value of
 * whichever wrote it last), and each attribute has exactly one value — never the NGSI-LD write's difference applied
 * on top of the update's (two values of t). The writer's counters show the race happened and was resolved by
 * planning the NGSI-LD write again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp, defaultNgsiLdDeps } from '../../../fabric/http/buildHttpApp.js';
import { DurableGraphStore } from '../../../fabric/store/durable/DurableGraphStore.js';
import { NgsiLdServices } from '../../../fabric/ngsi-ld/service/NgsiLdServices.js';
import { TenantRegistry } from '../../../fabric/ngsi-ld/service/TenantRegistry.js';
import { readEntityGraph } from '../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { BASE } from './support/ngsiLdTestApp.js';

const EX = 'https://example.org/ns#';
const ID = 'urn:ngsi-ld:Sensor:race';
const CONTEXT = { t: `${EX}t`, u: `${EX}u` };
const setValue = (attribute: string, value: number): string => `PREFIX ex: <${EX}>
  DELETE { GRAPH <${ID}> { <${ID}> ex:${attribute} ?v } } INSERT { GRAPH <${ID}> { <${ID}> ex:${attribute} ${value} } }
  WHERE { GRAPH <${ID}> { <${ID}> ex:${attribute} ?v } }`;

let dir: string;
let store: DurableGraphStore;
let app: FastifyInstance;
let services: NgsiLdServices;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cf-api-race-'));
  store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
  services = new NgsiLdServices(new TenantRegistry({ defaultStore: store }));
  app = buildHttpApp({ store, config: { bodyLimitBytes: 1_000_000 }, ngsiLd: { ...defaultNgsiLdDeps(store), services } });
});

afterEach(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const values = (attribute: string): string[] =>
  readEntityGraph(store, ID).filter((q) => q.subject.value === ID && q.predicate.value === `${EX}${attribute}`).map((q) => q.object.value);

test('PATCH …/attrs and POST /sparql update of one entity, sent together 20 times: one value per attribute, no change lost', async () => {
  const created = await app.inject({ method: 'POST', url: `${BASE}/entities`, headers: { 'content-type': 'application/ld+json' },
    payload: { '@context': CONTEXT, id: ID, type: `${EX}Sensor`, t: { type: 'Property', value: 0 }, u: { type: 'Property', value: 0 } } });
  expect(created.statusCode).toBe(201);
  for (let round = 1; round <= 20; round++) {
    const [patch, sparql] = await Promise.all([
      app.inject({ method: 'PATCH', url: `${BASE}/entities/${encodeURIComponent(ID)}/attrs`, headers: { 'content-type': 'application/ld+json' },
        payload: { '@context': CONTEXT, t: { type: 'Property', value: 1000 + round } } }),
      app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-update' }, payload: `${setValue('t', 2000 + round)} ; ${setValue('u', round)}` }),
    ]);
    expect([patch.statusCode, sparql.statusCode]).toEqual([204, 204]);
    expect(values('u')).toEqual([String(round)]);
    expect([[String(1000 + round)], [String(2000 + round)]]).toContainEqual(values('t'));
    const entity = await app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(ID)}` });
    expect(entity.statusCode).toBe(200);
  }
  const stats = (await services.forRead(undefined)).writer.commitStats()!;
  expect(stats.stale).toBeGreaterThan(0);
});
