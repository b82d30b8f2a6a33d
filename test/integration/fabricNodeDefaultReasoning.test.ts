/**
 * A real node with the DEFAULT configuration (incrementalReasoning on since 2026-12-04, docs/configuration.md) keeps
 * the derived views current without anyone asking for a run:
 * - issue 3 "SPARQL sees the data naturally": an IE written through NGSI-LD (GS CIM 009 §5.6.1) with the Smart Data
 *   Models @context is found by `?ie a aeros:InfrastructureElement ; aeros:cpuCores ?c` (the ontology's
 *   owl:equivalentClass / owl:equivalentProperty, materialized by the built-in RDFS/OWL rules);
 * - issue 4 trust: the IE gets its trust score (aerOS Trust Manager formula) on change, answered by GET /trust/{ieId}.
 * Named NGSI-LD tenants (GS CIM 009 §4.14) get the same from a reasoner and trust on change of their own, and /reasoner
 * and /trust answer for them with NGSILD-Tenant; their reasoners stop when idle (tenantReasonerIdleMs) or at the cap
 * (maxTenantReasoners) and start again at the next write or POST /reasoner/run (docs/reasoner.md "Tenants").
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNodeConfig } from '../../fabric/config/loadNodeConfig.js';
import { FabricNode } from '../../fabric/node/FabricNode.js';
import { builtReasonerWorker } from '../unit/reasoner/worker/builtReasonerWorker.js';

const SDM_IE = JSON.parse(readFileSync('test/fixtures/smart-data-models/InfrastructureElement.normalized.jsonld', 'utf8')) as Record<string, unknown>;
const ID = String(SDM_IE.id);

/** Polls a condition (reasoning and trust follow the write after their debounce); fails after 60 s. */
async function eventually(what: string, ok: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Not reached within 60 s: ${what}`);
}

describe('FabricNode with the default configuration (incremental reasoning on)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-default-reasoning-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes a Smart Data Models IE visible to the aerOS SPARQL query and scores its trust, with no run requested', async () => {
    const config = loadNodeConfig({ flags: { port: 0, dataDir, queryReplicas: 0, logLevel: 'silent' } });
    expect(config.incrementalReasoning).toBe(true);
    const node = new FabricNode(config, { reasonerWorkerScript: builtReasonerWorker() });
    try {
      const { url } = await node.start();
      await node.reasoningSettled();
      const created = await fetch(`${url}/ngsi-ld/v1/entities`, { method: 'POST', headers: { 'content-type': 'application/ld+json' }, body: JSON.stringify(SDM_IE) });
      expect(created.status).toBe(201);
      const query = `PREFIX aeros: <https://w3id.org/aerOS/continuum#>
        SELECT ?c WHERE { <${ID}> a aeros:InfrastructureElement ; aeros:cpuCores ?c }`;
      let cores: string[] = [];
      await eventually('the aerOS view of the Smart Data Models IE', async () => {
        const reply = await fetch(`${url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: query });
        cores = ((await reply.json()) as { results: { bindings: Array<{ c: { value: string } }> } }).results.bindings.map((b) => b.c.value);
        return cores.length > 0;
      });
      expect(cores).toEqual(['4']);
      let trust: { trustScore?: number; components?: object } = {};
      await eventually('a trust score for the new IE', async () => {
        const reply = await fetch(`${url}/trust/${encodeURIComponent(ID)}`);
        if (reply.status !== 200) return false;
        trust = (await reply.json()) as typeof trust;
        return true;
      });
      // Alone in its domain (reliability 0.8), no alerts or events: 0.3 × 0.8 + 0.5 × 1 + 0.2 × 1 = 0.94.
      expect(trust.components).toEqual({ reliability: 0.8, security: 1, reputation: 1, healthEvents: 0 });
      expect(trust.trustScore).toBeCloseTo(0.94, 12);
    } finally {
      await node.stop();
    }
  }, 120_000);

  it('reasons over a named NGSI-LD tenant too, also when the tenant is reopened after a restart', async () => {
    const tenantDir = mkdtempSync(join(tmpdir(), 'cf-tenant-reasoning-'));
    const config = loadNodeConfig({ flags: { port: 0, dataDir: tenantDir, queryReplicas: 0, logLevel: 'silent' } });
    const headers = { 'NGSILD-Tenant': 'city-a' };
    const aerosView = async (url: string, id: string): Promise<string[]> => {
      const query = `PREFIX aeros: <https://w3id.org/aerOS/continuum#> SELECT ?c WHERE { <${id}> a aeros:InfrastructureElement ; aeros:cpuCores ?c }`;
      const reply = await fetch(`${url}/sparql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: query });
      expect(reply.status).toBe(200);
      return ((await reply.json()) as { results: { bindings: Array<{ c: { value: string } }> } }).results.bindings.map((b) => b.c.value);
    };
    const createIn = async (url: string, id: string): Promise<void> => {
      const created = await fetch(`${url}/ngsi-ld/v1/entities`, { method: 'POST', headers: { ...headers, 'content-type': 'application/ld+json' }, body: JSON.stringify({ ...SDM_IE, id }) });
      expect(created.status).toBe(201);
    };
    try {
      for (const id of [`${ID}:first`, `${ID}:after-restart`]) {
        const node = new FabricNode(config, { reasonerWorkerScript: builtReasonerWorker() });
        try {
          const { url } = await node.start();
          await createIn(url, id);
          await eventually(`the aerOS view of ${id} in tenant city-a`, async () => (await aerosView(url, id)).length > 0);
          expect(await aerosView(url, id)).toEqual(['4']);
          // The default tenant holds none of it (tenants are isolated datasets, §4.14).
          const inDefault = await fetch(`${url}/ngsi-ld/v1/entities/${encodeURIComponent(id)}`);
          expect(inDefault.status).toBe(404);
        } finally {
          await node.stop();
        }
      }
    } finally {
      rmSync(tenantDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('scores a named tenant\'s IEs on change and answers /reasoner and /trust for it; an idle or capped tenant reasoner starts again on demand', async () => {
    const tenantDir = mkdtempSync(join(tmpdir(), 'cf-tenant-trust-'));
    const config = loadNodeConfig({ flags: { port: 0, dataDir: tenantDir, queryReplicas: 0, logLevel: 'silent', tenantReasonerIdleMs: 4000, maxTenantReasoners: 1 } });
    const node = new FabricNode(config, { reasonerWorkerScript: builtReasonerWorker() });
    type Status = { tenant: string | null; reasoning: string; trust: string; behind?: boolean };
    try {
      const { url } = await node.start();
      await node.reasoningSettled();
      const status = async (tenant: string): Promise<Status> => (await (await fetch(`${url}/reasoner/status`, { headers: { 'NGSILD-Tenant': tenant } })).json()) as Status;
      // The default tenant's worker made its first run: running (its thread's health, not a constant).
      expect((await (await fetch(`${url}/reasoner/status`)).json()) as Status).toEqual({ tenant: null, reasoning: 'running', trust: 'onChange' });
      const create = async (tenant: string, id: string): Promise<void> => {
        const created = await fetch(`${url}/ngsi-ld/v1/entities`, { method: 'POST', headers: { 'NGSILD-Tenant': tenant, 'content-type': 'application/ld+json' }, body: JSON.stringify({ ...SDM_IE, id }) });
        expect(created.status).toBe(201);
      };
      const id = `${ID}:tenant-a`;
      await create('city-a', id);
      let trust: { trustScore?: number; components?: object } = {};
      await eventually('a trust score for the IE of tenant city-a', async () => {
        const reply = await fetch(`${url}/trust/${encodeURIComponent(id)}`, { headers: { 'NGSILD-Tenant': 'city-a' } });
        if (reply.status !== 200) return false;
        trust = (await reply.json()) as typeof trust;
        return true;
      });
      expect(trust.components).toEqual({ reliability: 0.8, security: 1, reputation: 1, healthEvents: 0 });
      expect(trust.trustScore).toBeCloseTo(0.94, 12);
      expect((await fetch(`${url}/trust/${encodeURIComponent(id)}`)).status).toBe(404); // not the default tenant's IE
      expect(await status('city-a')).toMatchObject({ tenant: 'city-a', reasoning: 'running', trust: 'onChange' });
      const explained = await fetch(`${url}/reasoner/explain?iri=${encodeURIComponent(id)}`, { headers: { 'NGSILD-Tenant': 'city-a' } });
      expect(((await explained.json()) as { explanations: unknown[] }).explanations.length).toBeGreaterThan(0);

      // Idle for tenantReasonerIdleMs: stopped; reads still answer from the store; POST /reasoner/run starts it again.
      await eventually('the idle reasoner of city-a stopped', async () => (await status('city-a')).reasoning === 'stopped');
      expect((await fetch(`${url}/trust/${encodeURIComponent(id)}`, { headers: { 'NGSILD-Tenant': 'city-a' } })).status).toBe(200);
      const run = await fetch(`${url}/reasoner/run`, { method: 'POST', headers: { 'NGSILD-Tenant': 'city-a' } });
      expect(run.status).toBe(200);
      expect(await status('city-a')).toMatchObject({ reasoning: 'running', behind: false });

      // At the cap (1), a write to another tenant stops city-a's reasoner (given up to 2 s to catch up: it had, after its
      // run, so it is not behind); city-b's IE is scored.
      const other = `${ID}:tenant-b`;
      await create('city-b', other);
      expect(await status('city-a')).toMatchObject({ reasoning: 'stopped' });
      await new Promise((resolve) => setTimeout(resolve, 2500)); // past the grace: the verdict is in
      expect(await status('city-a')).toMatchObject({ reasoning: 'stopped', behind: false });
      await eventually('a trust score for the IE of tenant city-b', async () =>
        (await fetch(`${url}/trust/${encodeURIComponent(other)}`, { headers: { 'NGSILD-Tenant': 'city-b' } })).status === 200);
      const recomputed = await fetch(`${url}/trust/recompute`, { method: 'POST', headers: { 'NGSILD-Tenant': 'city-a' } });
      expect(recomputed.status).toBe(200);
      expect(await recomputed.json()).toMatchObject({ ies: 1 });
      // The recompute ran on the main thread; city-a's reasoner may still make its first run (starting), then runs.
      expect(['starting', 'running']).toContain((await status('city-a')).reasoning);
      await eventually('city-a\'s reasoner made its first run', async () => (await status('city-a')).reasoning === 'running');
      expect(await status('city-b')).toMatchObject({ reasoning: 'stopped', behind: expect.any(Boolean) }); // behind: whether it had caught up within its grace
    } finally {
      await node.stop();
      rmSync(tenantDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('with trustInReasonerWorker a named tenant\'s scores are kept in its reasoner\'s worker, and its recompute runs there', async () => {
    const tenantDir = mkdtempSync(join(tmpdir(), 'cf-tenant-trust-worker-'));
    const config = loadNodeConfig({ flags: { port: 0, dataDir: tenantDir, queryReplicas: 0, logLevel: 'silent', trustInReasonerWorker: true } });
    const node = new FabricNode(config, { reasonerWorkerScript: builtReasonerWorker() });
    const headers = { 'NGSILD-Tenant': 'city-w' };
    try {
      const { url } = await node.start();
      await node.reasoningSettled();
      const id = `${ID}:tenant-w`;
      const created = await fetch(`${url}/ngsi-ld/v1/entities`, { method: 'POST', headers: { ...headers, 'content-type': 'application/ld+json' }, body: JSON.stringify({ ...SDM_IE, id }) });
      expect(created.status).toBe(201);
      await eventually('a trust score for the IE of tenant city-w', async () =>
        (await fetch(`${url}/trust/${encodeURIComponent(id)}`, { headers })).status === 200);
      const recomputed = await fetch(`${url}/trust/recompute`, { method: 'POST', headers });
      expect(recomputed.status).toBe(200);
      expect(await recomputed.json()).toMatchObject({ ies: 1 });
      const breakdown = (await (await fetch(`${url}/trust/${encodeURIComponent(id)}`, { headers })).json()) as { trustScore: number };
      expect(breakdown.trustScore).toBeCloseTo(0.94, 12);
    } finally {
      await node.stop();
      rmSync(tenantDir, { recursive: true, force: true });
    }
  }, 120_000);
});
