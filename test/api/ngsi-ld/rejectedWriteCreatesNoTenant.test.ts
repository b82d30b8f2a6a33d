/**
 * A write creates its NGSI-LD tenant only if it commits something (GS CIM 009 v1.8 §4.14; §5.5.10: an operation
 * that creates information creates the tenant): a create rejected by its shape (400 BadRequestData, issue 3) into a
 * tenant that did not exist leaves no tenant behind — a later read with that NGSILD-Tenant is 404 NonexistentTenant,
 * in memory and with durable tenant stores (their directory goes too); the next accepted create makes the tenant.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp, defaultNgsiLdDeps } from '../../../fabric/http/buildHttpApp.js';
import { EntityValidator } from '../../../fabric/ngsi-ld/service/EntityValidator.js';
import { NgsiLdServices } from '../../../fabric/ngsi-ld/service/NgsiLdServices.js';
import { TenantRegistry } from '../../../fabric/ngsi-ld/service/TenantRegistry.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { loadOntology, loadShapes } from '../../../fabric/validation/modelFiles.js';
import { BASE, expectProblem } from './support/ngsiLdTestApp.js';

const IE = JSON.parse(readFileSync('test/fixtures/ngsi-ld/aeros-ie.normalized.json', 'utf8')) as Record<string, unknown>;
const BAD = { ...IE, cpuCores: { type: 'Property', value: 'eight' } };
const validator = new EntityValidator({ shapes: loadShapes(), ontology: loadOntology(), defaultMode: 'reject' });
const headers = { 'content-type': 'application/ld+json', 'ngsild-tenant': 'acme' };

function appOver(tenants: TenantRegistry, store: MemoryGraphStore): FastifyInstance {
  return buildHttpApp({ store, config: { bodyLimitBytes: 1_000_000 }, ngsiLd: { ...defaultNgsiLdDeps(store), services: new NgsiLdServices(tenants, { validator }) } });
}

async function rejectedThenAccepted(app: FastifyInstance, tenants: TenantRegistry): Promise<void> {
  expectProblem(await app.inject({ method: 'POST', url: `${BASE}/entities`, headers, payload: JSON.stringify(BAD) }), 400, 'BadRequestData');
  expectProblem(await app.inject({ method: 'GET', url: `${BASE}/entities?type=InfrastructureElement`, headers: { 'ngsild-tenant': 'acme' } }), 404, 'NonexistentTenant');
  expectProblem(await app.inject({ method: 'POST', url: '/sparql', headers: { 'ngsild-tenant': 'acme', 'content-type': 'application/sparql-query' }, payload: 'ASK {}' }), 404, 'NonexistentTenant');
  expect(tenants.list()).toEqual([]);
  // A batch create whose only item is rejected by its shape: 207 with the error, and still no tenant.
  const batch = await app.inject({ method: 'POST', url: `${BASE}/entityOperations/create`, headers, payload: JSON.stringify([BAD]) });
  expect(batch.statusCode).toBe(207);
  expectProblem(await app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(String(IE.id))}`, headers: { 'ngsild-tenant': 'acme' } }), 404, 'NonexistentTenant');

  expect((await app.inject({ method: 'POST', url: `${BASE}/entities`, headers, payload: JSON.stringify(IE) })).statusCode).toBe(201);
  expect((await app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(String(IE.id))}`, headers: { 'ngsild-tenant': 'acme' } })).statusCode).toBe(200);
  expect(tenants.list()).toEqual(['acme']);
}

describe('a write that commits nothing does not create its tenant', () => {
  it('in memory', async () => {
    const store = new MemoryGraphStore();
    const tenants = new TenantRegistry({ defaultStore: store });
    const app = appOver(tenants, store);
    try {
      await rejectedThenAccepted(app, tenants);
    } finally {
      await app.close();
    }
  });

  it('with durable tenant stores: the rejected tenant\'s directory is removed at close', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cf-rejected-tenant-'));
    const store = new MemoryGraphStore();
    try {
      const tenants = new TenantRegistry({ defaultStore: store, dataDir });
      const app = appOver(tenants, store);
      expectProblem(await app.inject({ method: 'POST', url: `${BASE}/entities`, headers: { ...headers, 'ngsild-tenant': 'ghost' }, payload: JSON.stringify(BAD) }), 400, 'BadRequestData');
      await rejectedThenAccepted(app, tenants);
      await app.close();
      await tenants.close();
      expect(readdirSync(join(dataDir, 'tenants')).sort()).toEqual(['acme']);
      const reopened = new TenantRegistry({ defaultStore: store, dataDir });
      expect(reopened.list()).toEqual(['acme']);
      await reopened.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
