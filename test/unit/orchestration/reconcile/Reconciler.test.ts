/** Reconciler over a MemoryGraphStore, a test-double Planner and the DryRunRuntime. */
import { OrchestrationService } from '../../../../orchestration/OrchestrationService.js';
import { Reconciler } from '../../../../orchestration/reconcile/Reconciler.js';
import { workloadSpec } from '../../../../orchestration/lifecycle/workloadSpec.js';
import { DryRunRuntime } from '../../../../adapters/dryrun/DryRunRuntime.js';
import { RuntimeRegistry } from '../../../../orchestration/runtime/RuntimeRegistry.js';
import type { RuntimeEndpoint } from '../../../../orchestration/runtime/ContainerRuntime.js';
import { FirstFitPlanner, IE, component, continuumStore, dryRunRegistry, serviceRequest, setIeStatus, tickingClock } from '../support/orchestrationFixture.js';

async function setup(options: { unhealthyObservations?: number; minDwellMs?: number } = {}) {
  const store = await continuumStore(3);
  const planner = new FirstFitPlanner(store, 3);
  const { registry, runtime } = dryRunRegistry(store);
  const clock = tickingClock();
  const service = new OrchestrationService(store, planner, registry, { now: clock });
  const reconciler = new Reconciler(service, registry, { now: clock, unhealthyObservations: options.unhealthyObservations ?? 3, minDwellMs: options.minDwellMs ?? 0 });
  const request = serviceRequest('app', [component('app', 'web'), component('app', 'worker', { requirements: { ie: IE(2) } })]);
  await service.deploy(request);
  const web = request.components[0].id;
  return { store, planner, registry, runtime, service, reconciler, request, web, clock };
}

describe('Reconciler', () => {
  it('a converged service needs nothing', async () => {
    const { reconciler, runtime } = await setup();
    const before = runtime.actions().length;
    const report = await reconciler.reconcileOnce();
    expect(report).toEqual({ restarted: [], promoted: [], migrated: [], resumed: [], collected: [], failed: [], replaced: [], held: [] });
    expect(runtime.actions()).toHaveLength(before);
  });

  it('restarts a failed non-job workload and records Running → Failed → Starting → Running', async () => {
    const { reconciler, runtime, service, request, web } = await setup();
    runtime.fail(web, 'killed from outside');
    const report = await reconciler.reconcileOnce();
    expect(report.restarted).toEqual([web]);
    expect((await runtime.status(web)).phase).toBe('Running');
    const view = await service.get(request.id);
    const c = view.components.find((x) => x.id === web)!;
    expect(c.status).toBe('Running');
    expect(c.history.slice(-3).map((h) => [h.from, h.to, h.reason ?? null])).toEqual([
      ['Running', 'Failed', 'killed from outside'], ['Failed', 'Starting', 'restart: killed from outside'], ['Starting', 'Running', null],
    ]);
  });

  it('re-applies every workload after a runtime restart lost them', async () => {
    const { reconciler, runtime, request } = await setup();
    runtime.restart();
    const report = await reconciler.reconcileOnce();
    expect(report.restarted.sort()).toEqual(request.components.map((c) => c.id).sort());
    expect((await runtime.list()).map((w) => w.phase)).toEqual(['Running', 'Running']);
  });

  it('migrates off an Overloaded IE only after N consecutive observations (hysteresis), then stops the old workload', async () => {
    const { reconciler, runtime, service, request, store, web } = await setup({ unhealthyObservations: 3 });
    await setIeStatus(store, IE(1), 'Overload');
    expect((await reconciler.reconcileOnce()).migrated).toEqual([]);
    expect((await reconciler.reconcileOnce()).migrated).toEqual([]);
    const third = await reconciler.reconcileOnce();
    expect(third.migrated).toEqual([web]);
    const c = (await service.get(request.id)).components.find((x) => x.id === web)!;
    expect([c.status, c.ie, c.migratingFrom]).toEqual(['Running', IE(2), undefined]);
    expect(c.history.slice(-2).map((h) => [h.from, h.to, h.ie])).toEqual([['Running', 'Migrating', IE(2)], ['Migrating', 'Running', IE(2)]]);
    expect(c.history[c.history.length - 2].reason).toBe(`leaving ${IE(1)}: IE status Overload`);
    expect((await runtime.status(web)).specHash).toBe(workloadSpec(request, request.components[0], IE(2)).specHash);
    expect((await reconciler.reconcileOnce()).migrated).toEqual([]);
  });

  it('treats an IE that left the graph as unreachable and moves its components', async () => {
    const { reconciler, service, request, store, web } = await setup({ unhealthyObservations: 1 });
    await store.update(`DROP GRAPH <${IE(1)}>`);
    expect((await reconciler.reconcileOnce()).migrated).toEqual([web]);
    const c = (await service.get(request.id)).components.find((x) => x.id === web)!;
    expect(c.ie).toBe(IE(2));
    expect(c.history[c.history.length - 2].reason).toBe(`leaving ${IE(1)}: unreachable: the IE is no longer in the graph`);
  });

  it('does not flap: a condition that clears before N observations resets the count', async () => {
    const { reconciler, store } = await setup({ unhealthyObservations: 2 });
    await setIeStatus(store, IE(1), 'Overload');
    expect((await reconciler.reconcileOnce()).migrated).toEqual([]);
    await setIeStatus(store, IE(1), 'Ready');
    expect((await reconciler.reconcileOnce()).migrated).toEqual([]);
    await setIeStatus(store, IE(1), 'Overload');
    expect((await reconciler.reconcileOnce()).migrated).toEqual([]);
    expect((await reconciler.reconcileOnce()).migrated).toHaveLength(1);
  });

  it('holds a component that has not stayed the minimum dwell time, and one with nowhere to go', async () => {
    const held = await setup({ unhealthyObservations: 1, minDwellMs: 3_600_000 });
    await setIeStatus(held.store, IE(1), 'Untrusted');
    const report = await held.reconciler.reconcileOnce();
    expect(report.migrated).toEqual([]);
    expect(report.held[0].reason).toMatch(/IE status Untrusted; on the IE for \d+ s < 3600 s/);

    const stuck = await setup({ unhealthyObservations: 1 });
    for (const n of [1, 2, 3]) await setIeStatus(stuck.store, IE(n), 'Overload');
    const r2 = await stuck.reconciler.reconcileOnce();
    expect(r2.migrated).toEqual([]);
    expect(r2.held.map((h) => h.reason)).toContain('IE status Overload; no other IE: no IE satisfies the requirements');
    expect((await stuck.runtime.list()).every((w) => w.phase === 'Running')).toBe(true);
  });

  it('garbage-collects workloads no wanted component claims', async () => {
    const { reconciler, runtime, request, web } = await setup();
    const stray = { ...workloadSpec(request, request.components[0], IE(3)), componentId: 'urn:ngsi-ld:ServiceComponent:old:thing' };
    await runtime.apply(stray);
    const report = await reconciler.reconcileOnce();
    expect(report.collected).toEqual(['urn:ngsi-ld:ServiceComponent:old:thing']);
    expect((await runtime.list()).map((w) => w.componentId).sort()).toEqual([web, request.components[1].id].sort());
  });

  it('a new Reconciler over the same store finishes an interrupted migration once, without duplicating work', async () => {
    const { service, registry, runtime, request, web, clock } = await setup();
    const c = service.repository.readComponent(web)!;
    await service.lifecycle.transition(c, 'Migrating', { ie: IE(3), migratingFrom: IE(1), reason: 'interrupted' });
    const fresh = new Reconciler(service, registry, { now: clock, minDwellMs: 0 });
    const before = runtime.actions().length;
    const first = await fresh.reconcileOnce();
    expect(first.resumed).toEqual([web]);
    expect(runtime.actions().slice(before).map((a) => [a.action, a.spec?.ieId])).toEqual([['apply', IE(3)]]);
    const again = new Reconciler(service, registry, { now: clock, minDwellMs: 0 });
    const second = await again.reconcileOnce();
    expect(second).toEqual({ restarted: [], promoted: [], migrated: [], resumed: [], collected: [], failed: [], replaced: [], held: [] });
    expect(runtime.actions()).toHaveLength(before + 1);
    const view = await service.get(request.id);
    expect(view.components.find((x) => x.id === web)).toMatchObject({ status: 'Running', ie: IE(3) });
  });

  it('resumes a removal interrupted after Removing', async () => {
    const { service, reconciler, runtime, request, web } = await setup();
    await service.lifecycle.transition(service.repository.readComponent(web)!, 'Removing', { ie: IE(1) });
    const report = await reconciler.reconcileOnce();
    expect(report.resumed).toEqual([web]);
    expect((await runtime.status(web)).phase).toBe('Missing');
    expect((await service.get(request.id)).components.find((x) => x.id === web)?.status).toBe('Finished');
  });

  it('start() reacts to runtime watch events and stop() ends the loop', async () => {
    const { reconciler, runtime, web } = await setup();
    const restarted = new Promise<void>((resolve) => {
      const off = runtime.watch((s) => { if (s.componentId === web && s.phase === 'Running') { off(); resolve(); } });
    });
    reconciler.start();
    runtime.fail(web);
    await restarted;
    await reconciler.stop();
    expect((await runtime.status(web)).phase).toBe('Running');
  });
});

describe('Reconciler across two runtimes', () => {
  it('migration starts the new workload before it stops the old one', async () => {
    const store = await continuumStore(3);
    await store.update(`DELETE WHERE { GRAPH <${IE(1)}> { <${IE(1)}> <https://w3id.org/continuum-fabric/ns#managedBy> ?l } };
      INSERT DATA { GRAPH <urn:llo:a> { <urn:llo:a> <https://w3id.org/aerOS/continuum#orchestrationType> <https://w3id.org/aerOS/continuum#DockerOrchestration> ;
        <https://schema.org/url> "tcp://a:2375" } GRAPH <${IE(1)}> { <${IE(1)}> <https://w3id.org/continuum-fabric/ns#managedBy> <urn:llo:a> } }`);
    const events: string[] = [];
    const runtimes = new Map<string, DryRunRuntime>();
    const factory = (e: RuntimeEndpoint) => {
      const r = new DryRunRuntime();
      r.watch((s) => events.push(`${e.address}:${s.phase}`));
      runtimes.set(e.address ?? '', r);
      return r;
    };
    const registry = new RuntimeRegistry(store, { docker: factory }, { endpoints: { docker: { kind: 'docker', address: 'unix:///b.sock' } }, fallback: 'docker' });
    const clock = tickingClock();
    const service = new OrchestrationService(store, new FirstFitPlanner(store, 3), registry, { now: clock });
    const request = serviceRequest('two', [component('two', 'web')]);
    await service.deploy(request);
    expect(events).toEqual(['tcp://a:2375:Running']);
    await setIeStatus(store, IE(1), 'Untrusted');
    const report = await new Reconciler(service, registry, { now: clock, unhealthyObservations: 1, minDwellMs: 0 }).reconcileOnce();
    expect(report.migrated).toEqual([request.components[0].id]);
    expect(events).toEqual(['tcp://a:2375:Running', 'unix:///b.sock:Running', 'tcp://a:2375:Missing']);
    expect(await runtimes.get('tcp://a:2375')!.list()).toEqual([]);
  });
});

describe('Reconciler and an unreachable runtime', () => {
  it('moves components off an IE whose runtime stops answering, and collects the old workload once it answers again', async () => {
    const store = await continuumStore(3);
    await store.update(`DELETE WHERE { GRAPH <${IE(1)}> { <${IE(1)}> <https://w3id.org/continuum-fabric/ns#managedBy> ?l } };
      INSERT DATA { GRAPH <urn:llo:a> { <urn:llo:a> <https://w3id.org/aerOS/continuum#orchestrationType> <https://w3id.org/aerOS/continuum#DockerOrchestration> ;
        <https://schema.org/url> "tcp://a:2375" } GRAPH <${IE(1)}> { <${IE(1)}> <https://w3id.org/continuum-fabric/ns#managedBy> <urn:llo:a> } }`);
    const a = new DryRunRuntime();
    const b = new DryRunRuntime();
    const registry = new RuntimeRegistry(store, { docker: (e) => (e.address === 'tcp://a:2375' ? a : b) }, { endpoints: { docker: { kind: 'docker', address: 'unix:///b.sock' } }, fallback: 'docker' });
    const clock = tickingClock();
    const service = new OrchestrationService(store, new FirstFitPlanner(store, 3), registry, { now: clock });
    const request = serviceRequest('far', [component('far', 'web')]);
    const web = request.components[0].id;
    await service.deploy(request);
    expect((await a.list()).map((w) => w.componentId)).toEqual([web]);
    const down = new Error('connect ECONNREFUSED');
    const list = a.list.bind(a);
    const remove = a.remove.bind(a);
    a.list = async () => { throw down; };
    a.remove = async () => { throw down; };
    const errors: string[] = [];
    const reconciler = new Reconciler(service, registry, { now: clock, unhealthyObservations: 2, minDwellMs: 0, onError: (_e, what) => errors.push(what) });
    expect((await reconciler.reconcileOnce()).migrated).toEqual([]);
    expect((await reconciler.reconcileOnce()).migrated).toEqual([web]);
    expect(errors).toEqual(['list workloads of dry-run dry-run', 'list workloads of dry-run dry-run']);
    const c = (await service.get(request.id)).components[0];
    expect([c.status, c.ie]).toEqual(['Running', IE(2)]);
    expect(c.history[c.history.length - 2].reason).toBe(`leaving ${IE(1)}: unreachable: its runtime does not answer`);
    expect(c.history[c.history.length - 1].reason).toMatch(/^migrated from .*the old workload could not be stopped yet \(connect ECONNREFUSED\)$/);
    a.list = list;
    a.remove = remove;
    expect((await reconciler.reconcileOnce()).collected).toEqual([web]);
    expect(await a.list()).toEqual([]);
    expect((await b.list()).map((w) => w.phase)).toEqual(['Running']);
  });
});

describe('Reconciler restart backoff', () => {
  it('a restart that keeps failing backs off instead of retrying every pass', async () => {
    const { service, registry, runtime, web } = await setup();
    let now = Date.parse('2026-12-02T09:00:00Z');
    const reconciler = new Reconciler(service, registry, { now: () => new Date(now), intervalMs: 10_000, replaceAfterFailures: 10 }); // restarts only here: re-placement is tested in FailedReplacement.test.ts
    const apply = runtime.apply.bind(runtime);
    runtime.apply = async (spec) => { if (spec.componentId === web) throw new Error('image gone'); return apply(spec); };
    runtime.fail(web, 'crashed');
    expect((await reconciler.reconcileOnce()).failed).toEqual([web]);
    const held = await reconciler.reconcileOnce();
    expect(held.failed).toEqual([]);
    expect(held.held).toEqual([{ component: web, reason: 'restart backoff after 1 failed restart(s)' }]);
    now += 10_001;
    expect((await reconciler.reconcileOnce()).failed).toEqual([web]);
    now += 10_001;
    expect((await reconciler.reconcileOnce()).held).toHaveLength(1); // second failure: 20 s
    now += 10_000;
    runtime.apply = apply;
    expect((await reconciler.reconcileOnce()).restarted).toEqual([web]);
    expect((await runtime.status(web)).phase).toBe('Running');
  });
});

describe('Reconciler resuming an interrupted deploy', () => {
  it('places and starts components left Locating and marks the service Deployed', async () => {
    const store = await continuumStore(2);
    const { registry, runtime } = dryRunRegistry(store);
    const service = new OrchestrationService(store, new FirstFitPlanner(store, 2), registry, { now: tickingClock() });
    const request = serviceRequest('crashed', [component('crashed', 'a')]);
    // What a crash right after the Locating write leaves behind.
    await service.repository.writeService({ id: request.id, name: request.name, action: 'Deploying', request });
    await service.lifecycle.transition({ id: request.components[0].id, name: 'a', serviceId: request.id, image: 'busybox:latest', args: [], env: {}, isJob: false }, 'Locating');
    const report = await new Reconciler(service, registry).reconcileOnce();
    expect(report.resumed).toEqual([request.components[0].id]);
    const view = await service.get(request.id);
    expect(view.action).toBe('Deployed');
    expect(view.components[0]).toMatchObject({ status: 'Running', ie: IE(1) });
    expect(await runtime.list()).toHaveLength(1);
  });
});
