/**
 * NodeTenantReasonerServices (fabric/node/NodeTenantReasonerServices.ts): /reasoner and /trust of a named tenant on a
 * node. Reads (rules, explanations, score breakdowns, status) answer from the tenant's store and never start its
 * reasoner; a full run and a trust recompute start a stopped reasoner (TenantReasoners.active, as a write would) and
 * run in it; without incremental reasoning a run takes a one-shot runner over the tenant's store and a recompute runs in
 * process. The default tenant gets the node's own services. Recorded reasoners stand in for the worker threads.
 */
import { NodeTenantReasonerServices } from '../../../fabric/node/NodeTenantReasonerServices.js';
import { TenantReasoners } from '../../../fabric/node/TenantReasoners.js';
import type { TenantReasoning } from '../../../fabric/node/TenantReasoning.js';
import { NonexistentTenantError } from '../../../fabric/errors/FabricError.js';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import type { GraphStore } from '../../../fabric/store/GraphStore.js';
import { ReasonerService } from '../../../reasoner/ReasonerService.js';
import { RuleEngine, type RunStats } from '../../../reasoner/RuleEngine.js';
import { TrustService, type TrustRunSummary } from '../../../reasoner/trust/TrustService.js';
import type { ReasonerThreadHealth } from '../../../reasoner/worker/threadHealth.js';

const IE_ID = 'urn:ngsi-ld:InfrastructureElement:d:1';
const DATA = `INSERT DATA { GRAPH <http://example.org/data> { <${IE_ID}> a <https://w3id.org/aerOS/continuum#InfrastructureElement> ;
  <https://w3id.org/aerOS/continuum#domain> <urn:ngsi-ld:Domain:d> } }`;
const STATS = { run: 'recorded', rules: 0, rulesRun: 0, iterations: 0, triplesDerived: 0, added: 0, removed: 0, millis: 0, phases: { copyMs: 0, fixpointMs: 0, writeMs: 0 }, perRule: [] } satisfies RunStats;

const RUNNING: ReasonerThreadHealth = { state: 'running', failedStarts: 0 };
const TRAP = 'The reasoner worker ran out of WebAssembly memory at start 3 times (unreachable); incremental reasoning is stopped until the node restarts.';

function setup(options: { incremental: boolean; trustInWorker?: boolean }) {
  const events: string[] = [];
  const health = { default: RUNNING, named: RUNNING };
  const defaultStore = new ObservedMemoryStore();
  const stores = new Map<string, GraphStore>([['acme', new ObservedMemoryStore()]]);
  let made = 0;
  const create = (tenant: string): TenantReasoning => {
    const n = ++made;
    events.push(`create ${tenant} #${n}`);
    return {
      start: async () => { events.push(`start #${n}`); },
      idle: async () => undefined,
      stop: async () => { events.push(`stop #${n}`); },
      run: async () => { events.push(`run in #${n}`); return STATS; },
      recomputeTrust: async () => { events.push(`recompute in #${n}`); return { ies: 7 } as unknown as TrustRunSummary; },
      health: () => health.named,
      trust: {},
    } as unknown as TenantReasoning;
  };
  let now = 1_000;
  const reasoners = options.incremental ? new TenantReasoners<TenantReasoning>({ create, idleMs: 60_000, checkEveryMs: 60_000, now: () => now }) : undefined;
  for (const [tenant, store] of stores) reasoners?.opened(tenant, store, `/d/${tenant}`);
  const defaults = { store: defaultStore, reasoner: new ReasonerService(defaultStore, new RuleEngine(defaultStore)), trust: new TrustService(defaultStore),
    ...(options.incremental ? { incremental: { health: () => health.default } } : {}) };
  const services = new NodeTenantReasonerServices({
    defaults,
    tenants: { get: async (t) => (t === undefined || t === '' ? defaultStore : stores.get(t) ?? Promise.reject(new NonexistentTenantError(t))) },
    ...(reasoners ? { reasoners } : {}),
    trustInWorker: options.trustInWorker === true,
    oneShot: () => ({ run: async () => { events.push('one-shot run'); return STATS; }, stop: async () => { events.push('one-shot stop'); } }),
  });
  return { events, services, defaults, health, acme: stores.get('acme')!, reasoners, setNow: (t: number) => { now = t; } };
}

describe('NodeTenantReasonerServices', () => {
  it('reads answer from the tenant\'s store without starting its reasoner; a run and a recompute start it and run in it', async () => {
    const { events, services, acme, reasoners, setNow } = setup({ incremental: true });
    expect(await services.status('acme')).toEqual({ tenant: 'acme', reasoning: 'stopped', trust: 'onChange', behind: false });
    const reasoner = await services.reasoner('acme');
    expect(reasoner.list().some((r) => r.id === 'subclass-type')).toBe(true);
    expect(await reasoner.explain('http://example.org/x')).toEqual([]);
    expect(await (await services.trust('acme')).breakdown(IE_ID)).toBeUndefined();
    expect(events).toEqual([]);

    setNow(5_000);
    expect(await reasoner.run()).toBe(STATS);
    expect(events).toEqual(['create acme #1', 'start #1', 'run in #1']);
    expect(await services.status('acme')).toEqual({ tenant: 'acme', reasoning: 'running', trust: 'onChange', behind: false, lastWriteAt: new Date(5_000).toISOString() });
    expect(await (await services.trust('acme')).recompute({})).toMatchObject({ ies: 7 });
    expect(events.at(-1)).toBe('recompute in #1');

    // A write to the store is what a rule edit is: the running reasoner follows it, no second one.
    await acme.update(DATA);
    await reasoners!.close();
    expect(events.filter((e) => e.startsWith('create'))).toHaveLength(1);
    expect(await services.status('acme')).toEqual({ tenant: 'acme', reasoning: 'off', trust: 'onRequest' }); // closed: followed no more
  });

  it('the default tenant gets the node\'s services; an unknown tenant is NonexistentTenant', async () => {
    const { services, defaults } = setup({ incremental: true });
    expect(await services.reasoner(undefined)).toBe(defaults.reasoner);
    expect(await services.reasoner('')).toBe(defaults.reasoner);
    expect(await services.trust(undefined)).toBe(defaults.trust);
    expect(await services.status(undefined)).toEqual({ tenant: null, reasoning: 'running', trust: 'onChange' });
    await expect(services.reasoner('nosuch')).rejects.toBeInstanceOf(NonexistentTenantError);
    await expect(services.status('nosuch')).rejects.toBeInstanceOf(NonexistentTenantError);
  });

  it('GET /reasoner/status tells the truth about the default tenant\'s reasoner thread: starting, restarting, given up (why, since when)', async () => {
    const { services, health } = setup({ incremental: true, trustInWorker: true });
    health.default = { state: 'starting', failedStarts: 0 };
    expect(await services.status(undefined)).toEqual({ tenant: null, reasoning: 'starting', trust: 'onChange' });
    health.default = { state: 'restarting', failedStarts: 2, lastFailure: { message: 'unreachable', at: Date.UTC(2026, 11, 5, 10) } };
    expect(await services.status(undefined)).toEqual({
      tenant: null, reasoning: 'restarting', trust: 'onChange', failure: { reason: 'unreachable', since: '2026-12-05T10:00:00.000Z', failedStarts: 2 },
    });
    health.default = { state: 'gaveUp', failedStarts: 3, lastFailure: { message: TRAP, at: Date.UTC(2026, 11, 5, 10, 1) }, since: Date.UTC(2026, 11, 5, 10, 1) };
    expect(await services.status(undefined)).toEqual({
      tenant: null, reasoning: 'failed', trust: 'failed', failure: { reason: TRAP, since: '2026-12-05T10:01:00.000Z', failedStarts: 3 },
    });
    // A failed batch: reasoning goes on, the status names the error.
    health.default = { state: 'running', failedStarts: 0, lastFailure: { message: 'Derivation budget exceeded', at: Date.UTC(2026, 11, 5, 11) } };
    expect(await services.status(undefined)).toEqual({
      tenant: null, reasoning: 'running', trust: 'onChange', lastError: { message: 'Derivation budget exceeded', at: '2026-12-05T11:00:00.000Z' },
    });
  });

  it('a named tenant\'s reasoner that gave up is failed while it is held, then stopped and behind with the failure kept', async () => {
    const { services, health, reasoners, setNow } = setup({ incremental: true });
    setNow(5_000);
    await (await services.reasoner('acme')).run();
    health.named = { state: 'gaveUp', failedStarts: 3, lastFailure: { message: TRAP, at: 6_000 }, since: 6_000 };
    expect(await services.status('acme')).toEqual({
      tenant: 'acme', reasoning: 'failed', trust: 'onChange', behind: false, lastWriteAt: new Date(5_000).toISOString(),
      failure: { reason: TRAP, since: new Date(6_000).toISOString(), failedStarts: 3 },
    });
    setNow(5_000 + 60_000);
    await reasoners!.stopIdle(); // idle() answers at once: it no longer reasons — but it never caught up
    expect(await services.status('acme')).toEqual({
      tenant: 'acme', reasoning: 'stopped', trust: 'onChange', behind: true, lastWriteAt: new Date(5_000).toISOString(),
      failure: { reason: TRAP, since: new Date(6_000).toISOString() },
    });
    await reasoners!.close();
  });

  it('without incremental reasoning a tenant\'s run takes the one-shot runner and its recompute runs in process over its store', async () => {
    const { events, services, acme } = setup({ incremental: false });
    await acme.update(DATA);
    expect(await services.status('acme')).toEqual({ tenant: 'acme', reasoning: 'off', trust: 'onRequest' });
    expect(await services.status(undefined)).toEqual({ tenant: null, reasoning: 'off', trust: 'onRequest' });
    expect(await (await services.reasoner('acme')).run()).toBe(STATS);
    expect(await (await services.reasoner('acme')).run()).toBe(STATS);
    expect(events).toEqual(['one-shot run', 'one-shot run']);
    const trust = await services.trust('acme');
    expect(await trust.recompute({})).toMatchObject({ ies: 1 });
    expect((await trust.breakdown(IE_ID))?.trustScore).toBeCloseTo(0.94, 12);
    await services.close();
    expect(events.at(-1)).toBe('one-shot stop'); // one runner per tenant store, stopped with the node
  });
});
