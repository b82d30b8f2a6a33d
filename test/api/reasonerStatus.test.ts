/**
 * GET /reasoner/status tells the truth about the reasoner's worker thread (docs/reasoner.md "HTTP API" and "Limits"), for
 * the default tenant and a named one (GS CIM 009 v1.8 §4.14): starting while its worker makes its first run, running
 * once it did, failed — with why and since when — after three failed starts with a WebAssembly trap (the reasoner gave
 * up), never `running` then. The workers here are scripts: one that traps at every start (as oxigraph out of its 4 GiB at
 * 100k NGSI-LD IEs), one that reports its first run done, one that never finishes it. Wired as FabricNode wires them
 * (NodeTenantReasonerServices, TenantReasoners, TenantReasoning), without a data directory.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { NodeTenantReasonerServices } from '../../fabric/node/NodeTenantReasonerServices.js';
import { TenantReasoners } from '../../fabric/node/TenantReasoners.js';
import { TenantReasoning } from '../../fabric/node/TenantReasoning.js';
import { NonexistentTenantError } from '../../fabric/errors/FabricError.js';
import { ObservedMemoryStore } from '../../fabric/store/replica/ObservedMemoryStore.js';
import { ReasonerService } from '../../reasoner/ReasonerService.js';
import { RuleEngine } from '../../reasoner/RuleEngine.js';
import { TrustService } from '../../reasoner/trust/TrustService.js';
import { ReasonerThread } from '../../reasoner/worker/ReasonerThread.js';

const dir = mkdtempSync(join(tmpdir(), 'reasoner-status-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = (name: string, body: string): string => {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, body);
  return file;
};
const TRAPS = script('traps', "throw new WebAssembly.RuntimeError('unreachable');");
const NEVER_STARTS = script('never-starts', "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => undefined);");
const COUNTERS = '{ batches: 1, fullRuns: 1, incrementalRuns: 0, ruleExecutions: 0, ignoredOwnRecords: 0, inertQuads: 0 }';
const STARTS = script('starts', `import { parentPort } from 'node:worker_threads';
parentPort.on('message', () => undefined);
parentPort.postMessage({ type: 'started', summary: { kind: 'full', changes: 0, rulesRun: [], executions: 0, rounds: 0, added: 0, removed: 0, millis: 1 }, counters: ${COUNTERS} });`);

type Status = { tenant: string | null; reasoning: string; trust: string; behind?: boolean; failure?: { reason: string; since: string; failedStarts?: number } };

const apps: Array<{ app: FastifyInstance; close: () => Promise<void> }> = [];
afterEach(async () => {
  for (const { app, close } of apps.splice(0)) {
    await app.close();
    await close();
  }
});

/** An app whose default tenant's reasoner runs `defaultScript` and whose tenant "acme" gets reasoners running `tenantScript`. */
function nodeLikeApp(defaultScript: string, tenantScript: string, options: { trustInWorker?: boolean } = {}) {
  const store = new ObservedMemoryStore();
  const acme = new ObservedMemoryStore();
  const trustInWorker = options.trustInWorker === true;
  const seed = async () => ({ kind: 'nquads' as const, nquads: '' });
  const thread = new ReasonerThread(store, { script: defaultScript, crashRespawnDelayMs: 5, seed, onError: () => undefined, ...(trustInWorker ? { trust: { debounceMs: 50, minRerankIntervalMs: 0 } } : {}) });
  const reasoners = new TenantReasoners<TenantReasoning>({
    create: (_tenant, tenantStore) => new TenantReasoning(tenantStore, { debounceMs: 50, trustRerankIntervalMs: 0, trustInReasonerWorker: trustInWorker, seed, script: tenantScript }),
    idleMs: 60_000,
  });
  reasoners.opened('acme', acme, join(dir, 'acme'));
  const tenants = { get: async (t: string | undefined) => (t === undefined || t === '' ? store : t === 'acme' ? acme : Promise.reject(new NonexistentTenantError(t))) };
  const tenantReasoning = new NodeTenantReasonerServices({
    defaults: { store, reasoner: new ReasonerService(store, new RuleEngine(store), thread), trust: new TrustService(store), incremental: { health: () => thread.health() } },
    tenants, reasoners, trustInWorker,
    oneShot: () => { throw new Error('no one-shot runs here'); },
  });
  const app = buildHttpApp({ store, config: { bodyLimitBytes: 100_000 }, tenantReasoning });
  apps.push({ app, close: async () => { await reasoners.close(); await thread.stop(); } });
  const status = async (tenant?: string): Promise<Status> =>
    (await app.inject({ method: 'GET', url: '/reasoner/status', headers: tenant ? { 'ngsild-tenant': tenant } : {} })).json() as Status;
  return { app, thread, acme, status };
}

async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('GET /reasoner/status and the reasoner\'s worker thread', () => {
  let quiet: ReturnType<typeof jest.spyOn>;
  beforeEach(() => { quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined); });
  afterEach(() => quiet.mockRestore());

  it('the default tenant: starting until the worker\'s first run, then running', async () => {
    const waiting = nodeLikeApp(NEVER_STARTS, NEVER_STARTS);
    void waiting.thread.start().catch(() => undefined);
    expect(await waiting.status()).toEqual({ tenant: null, reasoning: 'starting', trust: 'onChange' });

    const { thread, status } = nodeLikeApp(STARTS, STARTS);
    await thread.start();
    expect(await status()).toEqual({ tenant: null, reasoning: 'running', trust: 'onChange' });
  });

  it('the default tenant: failed, with why and since when, once the worker gave up; a run says why it cannot', async () => {
    const { app, thread, status } = nodeLikeApp(TRAPS, STARTS, { trustInWorker: true });
    const before = new Date().toISOString();
    await expect(thread.start()).rejects.toThrow(/failed to start 3 times/);
    const reported = await status();
    expect(reported).toEqual({
      tenant: null, reasoning: 'failed', trust: 'failed', // trust on change ran in that worker
      failure: { reason: expect.stringMatching(/ran out of WebAssembly memory at start 3 times \(unreachable\).*stopped until the node restarts/), since: expect.any(String), failedStarts: 3 },
    });
    expect(reported.failure!.since >= before && reported.failure!.since <= new Date().toISOString()).toBe(true);
    const run = await app.inject({ method: 'POST', url: '/reasoner/run' });
    expect(run.statusCode).toBe(503); // not a run statistics answer from a reasoner that no longer runs
    expect(run.json()).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/InternalError', title: 'Reasoner unavailable', detail: reported.failure!.reason });
    expect(await status()).toEqual(reported); // still given up, since the same instant
  });

  it('a named tenant: its reasoner is failed once it gave up, not running; the default tenant is not affected', async () => {
    const { thread, acme, status } = nodeLikeApp(STARTS, TRAPS, { trustInWorker: true });
    await thread.start();
    expect(await status('acme')).toEqual({ tenant: 'acme', reasoning: 'stopped', trust: 'onChange', behind: false });
    await acme.update('INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "o" } }'); // a write starts it
    await eventually('the tenant reasoner to give up', async () => (await status('acme')).reasoning === 'failed'); // 3 starts: ≈ 1 s + 2 s of respawn delay
    expect(await status('acme')).toMatchObject({
      tenant: 'acme', reasoning: 'failed', trust: 'failed', failure: { reason: expect.stringMatching(/WebAssembly memory/), failedStarts: 3 },
    });
    expect(await status()).toEqual({ tenant: null, reasoning: 'running', trust: 'onChange' });
  }, 30_000);
});
