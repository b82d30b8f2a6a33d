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

const IE_ID = 'urn:ngsi-ld:InfrastructureElement:d:1';
const DATA = `INSERT DATA { GRAPH <http://example.org/data> { <${IE_ID}> a <https://w3id.org/aerOS/continuum#InfrastructureElement> ;
  <https://w3id.org/aerOS/continuum#domain> <urn:ngsi-ld:Domain:d> } }`;
const STATS = { run: 'recorded', rules: 0, rulesRun: 0, iterations: 0, triplesDerived: 0, added: 0, removed: 0, millis: 0, phases: { copyMs: 0, fixpointMs: 0, writeMs: 0 }, perRule: [] } satisfies RunStats;

function setup(options: { incremental: boolean }) {
  const events: string[] = [];
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
      trust: {},
    } as unknown as TenantReasoning;
  };
  let now = 1_000;
  const reasoners = options.incremental ? new TenantReasoners<TenantReasoning>({ create, idleMs: 60_000, checkEveryMs: 60_000, now: () => now }) : undefined;
  for (const [tenant, store] of stores) reasoners?.opened(tenant, store, `/d/${tenant}`);
  const defaults = { store: defaultStore, reasoner: new ReasonerService(defaultStore, new RuleEngine(defaultStore)), trust: new TrustService(defaultStore), incremental: options.incremental };
  const services = new NodeTenantReasonerServices({
    defaults,
    tenants: { get: async (t) => (t === undefined || t === '' ? defaultStore : stores.get(t) ?? Promise.reject(new NonexistentTenantError(t))) },
    ...(reasoners ? { reasoners } : {}),
    oneShot: () => ({ run: async () => { events.push('one-shot run'); return STATS; }, stop: async () => { events.push('one-shot stop'); } }),
  });
  return { events, services, defaults, acme: stores.get('acme')!, reasoners, setNow: (t: number) => { now = t; } };
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
