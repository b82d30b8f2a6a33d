/** Re-placement of Failed components by the Reconciler (FailedReplacement.ts), over the DryRunRuntime and a first-fit planner. */
import { jest } from '@jest/globals';
import { OrchestrationService } from '../../../../orchestration/OrchestrationService.js';
import { Reconciler, type ReconcilerOptions } from '../../../../orchestration/reconcile/Reconciler.js';
import { REPLACEMENT_REASON, nextAttemptAt, replacementState } from '../../../../orchestration/reconcile/FailedReplacement.js';
import { DecisionRecorder } from '../../../../orchestration/decision/DecisionRecorder.js';
import { termFactory } from '../../../../fabric/ngsi-ld/mapping/termFactory.js';
import type { Transition } from '../../../../orchestration/lifecycle/OrchestrationRepository.js';
import type { ComponentRequest } from '../../../../orchestration/request/ServiceRequest.js';
import { FirstFitPlanner, IE, component, continuumStore, dryRunRegistry, serviceRequest, setIeStatus } from '../support/orchestrationFixture.js';

const CF = 'https://w3id.org/continuum-fabric/ns#';
const T0 = Date.parse('2026-12-02T09:00:00Z');

async function setup(ies: number, options: ReconcilerOptions = {}, extra: Partial<ComponentRequest> = {}) {
  const store = await continuumStore(ies);
  const planner = new FirstFitPlanner(store, ies);
  const { registry, runtime } = dryRunRegistry(store);
  const clock = { t: T0 };
  const now = () => new Date(clock.t);
  const service = new OrchestrationService(store, planner, registry, { now, decisions: new DecisionRecorder(store) });
  const reconciler = new Reconciler(service, registry, { now, intervalMs: 10_000, ...options });
  const request = serviceRequest('app', [component('app', 'web', extra)]);
  const web = request.components[0].id;
  const view = async () => (await service.get(request.id)).components[0];
  const attempts = async () => (await view()).history.filter((h) => h.reason?.startsWith(REPLACEMENT_REASON));
  return { store, planner, registry, runtime, service, reconciler, request, web, clock, view, attempts };
}

describe('Reconciler re-placing Failed components', () => {
  it('a component that found no IE is placed once an IE becomes Ready; every attempt is in the history with its reasons', async () => {
    const s = await setup(2, { replaceBackoffMs: 60_000 });
    for (const n of [1, 2]) await setIeStatus(s.store, IE(n), 'Overload');
    await s.service.deploy(s.request);
    expect([(await s.view()).status, (await s.view()).ie]).toEqual(['Failed', undefined]);

    const first = await s.reconciler.reconcileOnce();
    expect(first.failed).toEqual([s.web]);
    expect((await s.view()).history.slice(-2).map((h) => [h.from, h.to, h.reason])).toEqual([
      ['Failed', 'Locating', `${REPLACEMENT_REASON} 1: not placed (no candidate IE: no IE satisfies the requirements; ${IE(1)}: status is not Ready; ${IE(2)}: status is not Ready)`],
      ['Locating', 'Failed', `no candidate IE: no IE satisfies the requirements; ${IE(1)}: status is not Ready; ${IE(2)}: status is not Ready`],
    ]);

    s.clock.t += 1000;
    const second = await s.reconciler.reconcileOnce();
    expect(second.failed).toEqual([]);
    expect(second.held).toEqual([{ component: s.web, reason: expect.stringMatching(/re-placement attempt 2 not before 2026-12-02T09:01:00.000Z$/) }]);
    expect(await s.attempts()).toHaveLength(1);

    await setIeStatus(s.store, IE(2), 'Ready');
    s.clock.t += 1000;
    const third = await s.reconciler.reconcileOnce();
    expect(third.replaced).toEqual([s.web]);
    const c = await s.view();
    expect([c.status, c.ie]).toEqual(['Running', IE(2)]);
    expect(c.history.slice(-3).map((h) => [h.from, h.to])).toEqual([['Failed', 'Locating'], ['Locating', 'Starting'], ['Starting', 'Running']]);
    expect(c.history.at(-3)!.reason).toMatch(new RegExp(`^${REPLACEMENT_REASON} 2: not placed .* \\(now: ${IE(2)} became Ready\\)$`));
    expect((await s.runtime.status(s.web)).phase).toBe('Running');
    // Each attempt's decision is linked data: the deploy's and the two attempts'.
    expect(s.store.match(null, termFactory.namedNode(`${CF}forComponent`), termFactory.namedNode(s.web), null)).toHaveLength(3);
    expect((await s.reconciler.reconcileOnce()).replaced).toEqual([]);
  });

  it('looks up the Ready IEs (one SELECT over every IE) only in passes with a Failed component', async () => {
    const s = await setup(2, { replaceBackoffMs: 60_000 });
    const readyIes = jest.spyOn(s.service.repository, 'readyIes');
    await setIeStatus(s.store, IE(2), 'Overload');
    await s.service.deploy(s.request);
    expect(await s.view()).toMatchObject({ status: 'Running', ie: IE(1) });
    await s.reconciler.reconcileOnce();
    expect(readyIes).not.toHaveBeenCalled();

    // The container fails and IE(1) goes Overload: the component must leave it; IE(2) is not Ready either.
    await setIeStatus(s.store, IE(1), 'Overload');
    s.runtime.fail(s.web, 'crash');
    s.clock.t += 1000;
    // The pass that sees the failure re-places at once (attempt 1, no backoff yet): no lookup, nothing was Failed before it.
    expect((await s.reconciler.reconcileOnce()).failed).toEqual([s.web]);
    expect(readyIes).not.toHaveBeenCalled();
    s.clock.t += 1000;
    expect((await s.reconciler.reconcileOnce()).held).toHaveLength(1);
    expect(readyIes).toHaveBeenCalledTimes(1);
    await setIeStatus(s.store, IE(2), 'Ready');
    s.clock.t += 1000;
    expect((await s.reconciler.reconcileOnce()).replaced).toEqual([s.web]);
    expect((await s.view()).history.at(-3)!.reason).toMatch(new RegExp(`\\(now: ${IE(2)} became Ready\\)$`));
    readyIes.mockClear();
    s.clock.t += 1000;
    await s.reconciler.reconcileOnce();
    expect(readyIes).not.toHaveBeenCalled();
  });

  it('backs off: attempts at 1×, 2×, 4× the base delay, capped, none in between', async () => {
    const s = await setup(1, { replaceBackoffMs: 1000, maxReplaceBackoffMs: 4000 });
    await setIeStatus(s.store, IE(1), 'Overload');
    await s.service.deploy(s.request);
    const at = async (dt: number) => {
      s.clock.t = T0 + dt;
      return (await s.reconciler.reconcileOnce()).failed.length;
    };
    const attempted = [];
    for (const dt of [0, 999, 1000, 2999, 3000, 6999, 7000, 10_999, 11_000]) attempted.push(await at(dt));
    expect(attempted).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect((await s.attempts()).map((h) => Date.parse(h.at) - T0)).toEqual([0, 1000, 3000, 7000, 11_000]);
  });

  it('gives up after maxReplaceAttempts and says so', async () => {
    const s = await setup(1, { replaceBackoffMs: 1000, maxReplaceAttempts: 2 });
    await setIeStatus(s.store, IE(1), 'Overload');
    await s.service.deploy(s.request);
    await s.reconciler.reconcileOnce();
    s.clock.t += 1000;
    await s.reconciler.reconcileOnce();
    s.clock.t += 3_600_000;
    const report = await s.reconciler.reconcileOnce();
    expect(report.failed).toEqual([]);
    expect(report.held[0].reason).toMatch(/gave up re-placing after 2 attempts$/);
    expect(await s.attempts()).toHaveLength(2);
  });

  it('the backoff comes from the graph: a new Reconciler over the same store holds back too', async () => {
    const s = await setup(1, { replaceBackoffMs: 5000 });
    await setIeStatus(s.store, IE(1), 'Overload');
    await s.service.deploy(s.request);
    await s.reconciler.reconcileOnce();
    s.clock.t += 1000;
    const fresh = new Reconciler(s.service, s.registry, { now: () => new Date(s.clock.t), replaceBackoffMs: 5000 });
    expect((await fresh.reconcileOnce()).held).toHaveLength(1);
    s.clock.t += 4000;
    expect((await fresh.reconcileOnce()).failed).toEqual([s.web]);
  });

  it('a container that keeps failing on its IE is placed elsewhere after replaceAfterFailures failures', async () => {
    const s = await setup(3, { replaceAfterFailures: 3 });
    await s.service.deploy(s.request);
    expect((await s.view()).ie).toBe(IE(1));
    for (const n of [1, 2]) {
      s.runtime.fail(s.web, `crash ${n}`);
      s.clock.t += 1000;
      expect((await s.reconciler.reconcileOnce()).restarted).toEqual([s.web]);
    }
    s.runtime.fail(s.web, 'crash 3');
    s.clock.t += 1000;
    const report = await s.reconciler.reconcileOnce();
    expect(report).toMatchObject({ restarted: [], replaced: [s.web] });
    const c = await s.view();
    expect([c.status, c.ie]).toEqual(['Running', IE(2)]);
    expect(c.history.at(-3)!.reason).toBe(`${REPLACEMENT_REASON} 1: leaving ${IE(1)}: failed 3 times there (last: crash 3)`);
    expect(s.planner.calls.at(-1)!.options).toEqual({ avoid: { web: [IE(1)] } });
    expect(s.runtime.actions().at(-1)).toMatchObject({ action: 'apply', componentId: s.web, spec: { ieId: IE(2) } });
  });

  it('a Failed component whose IE left the graph is placed elsewhere at once', async () => {
    const s = await setup(2);
    const apply = s.runtime.apply.bind(s.runtime);
    s.runtime.apply = async (spec) => { if (spec.ieId === IE(1)) throw new Error('image pull failed'); return apply(spec); };
    await s.service.deploy(s.request);
    expect(await s.view()).toMatchObject({ status: 'Failed', ie: IE(1) });
    await s.store.update(`DROP GRAPH <${IE(1)}>`);
    s.clock.t += 1000;
    expect((await s.reconciler.reconcileOnce()).replaced).toEqual([s.web]);
    const c = await s.view();
    expect([c.status, c.ie]).toEqual(['Running', IE(2)]);
    expect(c.history.at(-3)!.reason).toBe(`${REPLACEMENT_REASON} 1: leaving ${IE(1)}: unreachable: the IE is no longer in the graph`);
  });

  it('a job that failed on its IE is not re-placed (its failure is its result)', async () => {
    const s = await setup(2, {}, { isJob: true });
    const apply = s.runtime.apply.bind(s.runtime);
    s.runtime.apply = async (spec) => ({ ...(await apply(spec)), phase: 'Failed', exitCode: 1 });
    await s.service.deploy(s.request);
    expect(await s.view()).toMatchObject({ status: 'Failed', ie: IE(1) });
    s.clock.t += 3_600_000;
    const report = await s.reconciler.reconcileOnce();
    expect([report.replaced, report.failed, report.held]).toEqual([[], [], []]);
    expect(await s.view()).toMatchObject({ status: 'Failed', ie: IE(1) });
  });
});

describe('replacementState / nextAttemptAt', () => {
  const t = (at: number, from: Transition['from'], to: Transition['to'], ie?: string, reason?: string): Transition =>
    ({ component: 'c', from, to, at: new Date(T0 + at).toISOString(), seq: 0, ie, reason });

  it('counts attempts and failures on the IE since it was placed there; a stable Running spell ends the series', () => {
    const history = [
      t(0, 'Locating', 'Starting', IE(1)), t(1, 'Starting', 'Running', IE(1)), t(2, 'Running', 'Failed', IE(1)),
      t(3, 'Failed', 'Locating', undefined, `${REPLACEMENT_REASON} 1: x`), t(4, 'Locating', 'Starting', IE(2)), t(5, 'Starting', 'Failed', IE(2)),
    ];
    const state = replacementState(history, IE(2), T0 + 10, 1000);
    expect(state).toEqual({ attempts: 1, lastAttemptAt: T0 + 3, failuresOnIe: 1 });
    expect(nextAttemptAt(state, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(T0 + 103);
    const stable = [...history, t(6, 'Failed', 'Starting', IE(2)), t(7, 'Starting', 'Running', IE(2)), t(5000, 'Running', 'Failed', IE(2))];
    expect(replacementState(stable, IE(2), T0 + 6000, 1000)).toEqual({ attempts: 0, lastAttemptAt: undefined, failuresOnIe: 1 });
    expect(nextAttemptAt({ attempts: 0, failuresOnIe: 0 }, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(0);
  });
});
