/**
 * The control loop of issue 5: compares the desired state (the components and decisions in the graph) with the actual
 * state (what each runtime reports) and converges, on an interval and on runtime watch events:
 *   - a non-job workload that Failed or went Missing is re-applied (Running → Failed → Starting → Running);
 *   - a stale workload (another specHash) is re-applied; Starting becomes Running when the runtime says so;
 *   - a Running component whose IE is Overloaded, Untrusted or unreachable for `unhealthyObservations` consecutive
 *     interval passes, and that has stayed on it at least `minDwellMs`, is migrated (Migrating: start on the new IE,
 *     wait Running, stop the old one);
 *   - a Failed component with no IE, on a bad IE, or that keeps failing on its IE is placed anew, with backoff
 *     (FailedReplacement.ts);
 *   - an interrupted deploy / migration / removal (Locating, Migrating, Removing after a crash) is resumed;
 *   - a workload the runtime holds for no wanted component is removed (garbage collection).
 * Every decision is taken from the graph under the service's lock, so a new Reconciler over the same store converges
 * to the same state without repeating work; only the hysteresis counts are in memory (a restart can delay, never cause,
 * a migration).
 */
import type { ContainerRuntime, WorkloadStatus } from '../runtime/ContainerRuntime.js';
import type { RuntimeResolver } from '../runtime/RuntimeRegistry.js';
import type { OrchestrationService } from '../OrchestrationService.js';
import type { ComponentRecord } from '../lifecycle/OrchestrationRepository.js';
import type { ServiceRequest } from '../request/ServiceRequest.js';
import { workloadSpec } from '../lifecycle/workloadSpec.js';
import { Hysteresis } from './Hysteresis.js';
import { ieProblem } from './ieHealth.js';
import { collectUnwanted, type Actual } from './collectUnwanted.js';
import { FailedComponentReplacer } from './FailedReplacement.js';

export interface ReconcilerOptions {
  /** Pass interval (default 10 000 ms). */
  readonly intervalMs?: number;
  /** Consecutive interval passes an IE must be Overloaded / Untrusted / unreachable before migrating (default 3). */
  readonly unhealthyObservations?: number;
  /** Minimum time on an IE before a component may be migrated off it (default 60 000 ms). */
  readonly minDwellMs?: number;
  /** Restarts that keep failing back off exponentially from the interval up to this (default 300 000 ms). */
  readonly maxRestartBackoffMs?: number;
  /** Re-placement of Failed components: first backoff (default: the interval), doubled per attempt up to maxReplaceBackoffMs (default 600 000 ms). */
  readonly replaceBackoffMs?: number;
  readonly maxReplaceBackoffMs?: number;
  /** Failures on one IE before a component is re-placed elsewhere (default 3); attempts per series (default unlimited). */
  readonly replaceAfterFailures?: number;
  readonly maxReplaceAttempts?: number;
  /** Delay after a watch event before the pass it triggers (default 250 ms; events in between share the pass). */
  readonly eventDelayMs?: number;
  readonly now?: () => Date;
  /** Errors of a pass or of one component (default: ignored; the node logs them). */
  readonly onError?: (error: unknown, context: string) => void;
}

export interface ReconcileReport {
  readonly restarted: string[];
  readonly promoted: string[];
  readonly migrated: string[];
  readonly resumed: string[];
  readonly collected: string[];
  readonly failed: string[];
  /** Failed components placed anew and started (FailedReplacement.ts). */
  readonly replaced: string[];
  /** Components whose IE is bad but that could not (yet) move, with why. */
  readonly held: Array<{ component: string; reason: string }>;
}

export class Reconciler {
  private readonly hysteresis: Hysteresis;
  private readonly intervalMs: number;
  private readonly minDwellMs: number;
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private eventTimer?: NodeJS.Timeout;
  private readonly unwatch = new Map<ContainerRuntime, () => void>();
  private running?: Promise<ReconcileReport>;
  /** Consecutive failed restarts per component and when the next one may happen (in memory: a restart retries at once). */
  private readonly backoff = new Map<string, { failures: number; notBefore: number }>();
  private readonly replacer: FailedComponentReplacer;

  constructor(private readonly service: OrchestrationService, private readonly runtimes: RuntimeResolver, private readonly options: ReconcilerOptions = {}) {
    this.hysteresis = new Hysteresis(options.unhealthyObservations ?? 3);
    this.intervalMs = options.intervalMs ?? 10_000;
    this.minDwellMs = options.minDwellMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
    const maxDelayMs = options.maxReplaceBackoffMs ?? 600_000;
    this.replacer = new FailedComponentReplacer(service, {
      baseDelayMs: options.replaceBackoffMs ?? this.intervalMs, maxDelayMs,
      afterFailures: options.replaceAfterFailures ?? 3, maxAttempts: options.maxReplaceAttempts ?? Number.POSITIVE_INFINITY, stableMs: maxDelayMs,
    }, this.now);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => { void this.pass(true); }, this.intervalMs);
    this.timer.unref();
    this.watchRuntimes();
    void this.pass(false); // converge at once after a (re)start: resume, restart, collect
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.eventTimer);
    this.timer = undefined;
    for (const off of this.unwatch.values()) off();
    this.unwatch.clear();
    await this.running?.catch(() => undefined);
  }

  /** One pass; `observeHealth` counts an observation for the hysteresis (interval passes do, event passes do not). */
  async reconcileOnce(observeHealth = true): Promise<ReconcileReport> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.reconcile(observeHealth);
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async pass(observeHealth: boolean): Promise<void> {
    try {
      await this.reconcileOnce(observeHealth);
    } catch (e) {
      this.options.onError?.(e, 'reconcile pass');
    }
  }

  private watchRuntimes(): void {
    for (const runtime of this.runtimes.known()) {
      if (this.unwatch.has(runtime)) continue;
      this.unwatch.set(runtime, runtime.watch(() => {
        if (!this.timer || this.eventTimer) return;
        this.eventTimer = setTimeout(() => { this.eventTimer = undefined; void this.pass(false); }, this.options.eventDelayMs ?? 250);
        this.eventTimer.unref();
      }));
    }
  }

  private async reconcile(observeHealth: boolean): Promise<ReconcileReport> {
    const report: ReconcileReport = { restarted: [], promoted: [], migrated: [], resumed: [], collected: [], failed: [], replaced: [], held: [] };
    const repo = this.service.repository;
    const serviceIds = repo.ownedServiceIds();
    const runtimes = new Set(this.runtimes.known());
    let anyFailed = false;
    for (const id of serviceIds) {
      for (const c of repo.componentsOf(id)) {
        if (c.status === 'Failed') anyFailed = true;
        for (const ie of [c.ie, c.migratingFrom]) {
          const runtime = ie ? this.safeRuntime(ie) : undefined;
          if (runtime) runtimes.add(runtime);
        }
      }
    }
    if (this.timer) this.watchRuntimes();
    await this.replacer.beginPass(anyFailed);
    const actual: Actual = new Map();
    for (const runtime of runtimes) {
      try {
        actual.set(runtime, new Map((await runtime.list()).map((w) => [w.componentId, w])));
      } catch (e) {
        this.options.onError?.(e, `list workloads of ${runtime.kind} ${runtime.endpoint}`);
      }
    }
    const live = new Set<string>();
    for (const id of serviceIds) {
      await this.service.withService(id, async () => {
        const service = repo.readService(id);
        if (!service?.request) return;
        if (service.action === 'Destroying') {
          for (const c of repo.componentsOf(id)) await this.service.removeComponent(c, 'service removed (resumed)');
          await repo.writeService({ ...service, request: service.request, action: 'Finished' });
          report.resumed.push(id);
          return;
        }
        if (service.action === 'Finished') return;
        const located = repo.componentsOf(id).filter((c) => c.status === 'Locating');
        if (located.length > 0) {
          await this.service.placeAndStart(service.request, located);
          report.resumed.push(...located.map((c) => c.id));
        }
        // Deploying while we hold the lock = a deploy or update interrupted by a crash, now resumed.
        if (service.action === 'Deploying') await repo.writeService({ ...service, request: service.request, action: 'Deployed' });
        for (const c of repo.componentsOf(id)) {
          if (c.ie) live.add(`${c.id}@${c.ie}`);
          try {
            const runtime = c.ie === undefined ? undefined : this.safeRuntime(c.ie);
            const answered = c.ie === undefined || (runtime !== undefined && actual.has(runtime));
            if (await this.replacer.consider(service.request, c, answered, report)) {
              this.backoff.delete(c.id);
              continue;
            }
            await this.converge(service.request, c, actual, observeHealth, report);
          } catch (e) {
            this.options.onError?.(e, `reconcile ${c.id}`);
          }
        }
      });
    }
    this.hysteresis.retain(live);
    await collectUnwanted(this.service, actual, report, (ie) => this.safeRuntime(ie), this.options.onError);
    return report;
  }

  private async converge(request: ServiceRequest, c: ComponentRecord, actual: Actual, observeHealth: boolean, report: ReconcileReport): Promise<void> {
    const lifecycle = this.service.lifecycle;
    if (c.status === 'Removing') {
      await this.service.removeComponent(c, 'removal resumed');
      report.resumed.push(c.id);
      return;
    }
    if (!c.ie || c.status === 'Finished' || c.status === 'Locating' || !c.status) return;
    if (c.status === 'Failed' && c.isJob) return;
    const runtime = lifecycle.runtimeOf(c.ie);
    const seen = actual.get(runtime);
    const component = request.components.find((x) => x.id === c.id);
    if (!component) return;
    const w = seen?.get(c.id);
    const expected = workloadSpec(request, component, c.ie).specHash;
    const current = (x: WorkloadStatus | undefined) => x?.specHash === undefined || x.specHash === expected;

    if (c.status === 'Migrating') {
      if (w?.phase === 'Running' && current(w)) await lifecycle.completeMigration(c);
      else if (!w || w.phase === 'Missing' || w.phase === 'Failed' || !current(w)) {
        const { component: next, observed } = await lifecycle.enact(request, c);
        if (next.status === 'Migrating' && observed?.phase === 'Running') await lifecycle.completeMigration(next);
      } else return;
      report.resumed.push(c.id);
      return;
    }
    if (!seen) {
      // The runtime did not answer: only the IE's health can be judged.
      if (c.status === 'Running') await this.checkHealth(c, false, observeHealth, report);
      return;
    }
    const broken = !w || w.phase === 'Missing' || (w.phase === 'Failed' && !c.isJob);
    if (broken || c.status === 'Failed') {
      if (c.isJob && w?.phase === 'Succeeded') return void (await lifecycle.observe(c, w));
      const wait = this.backoff.get(c.id);
      if (wait && this.now().getTime() < wait.notBefore) {
        report.held.push({ component: c.id, reason: `restart backoff after ${wait.failures} failed restart(s)` });
        return;
      }
      const why = !w || w.phase === 'Missing' ? 'workload missing from the runtime' : (w.message ?? `workload failed (exit code ${w.exitCode ?? '?'})`);
      let current = c;
      if (c.status !== 'Failed') {
        current = await lifecycle.transition(c, 'Failed', { reason: why });
        // One failure too many on this IE: placed anew elsewhere (or held back) instead of restarted here.
        if (await this.replacer.consider(request, current, true, report)) return void this.backoff.delete(c.id);
      }
      const starting = await lifecycle.transition(current, 'Starting', { reason: `restart: ${why}` });
      const { component: after } = await lifecycle.enact(request, starting);
      if (after.status === 'Failed') {
        const failures = (wait?.failures ?? 0) + 1;
        const delay = Math.min(this.options.maxRestartBackoffMs ?? 300_000, this.intervalMs * 2 ** (failures - 1));
        this.backoff.set(c.id, { failures, notBefore: this.now().getTime() + delay });
        report.failed.push(c.id);
      } else {
        this.backoff.delete(c.id);
        report.restarted.push(c.id);
      }
      return;
    }
    if (!current(w)) {
      await lifecycle.enact(request, c);
      report.restarted.push(c.id);
      return;
    }
    const before = c.status;
    const after = await lifecycle.observe(c, w);
    if (after.status !== before) (after.status === 'Failed' ? report.failed : report.promoted).push(c.id);
    if (after.status === 'Running') await this.checkHealth(after, true, observeHealth, report);
  }

  private async checkHealth(c: ComponentRecord, reachable: boolean, observeHealth: boolean, report: ReconcileReport): Promise<void> {
    if (!c.ie || !observeHealth || c.isJob) return;
    const problem = ieProblem(this.service.repository, c.ie, reachable);
    const key = `${c.id}@${c.ie}`;
    if (!this.hysteresis.observe(key, problem !== undefined) || !problem) return;
    const history = this.service.repository.history(c.serviceId).filter((t) => t.component === c.id);
    const since = history.length > 0 ? Date.parse(history[history.length - 1].at) : 0;
    const dwell = this.now().getTime() - since;
    if (dwell < this.minDwellMs) {
      report.held.push({ component: c.id, reason: `${problem}; on the IE for ${Math.round(dwell / 1000)} s < ${Math.round(this.minDwellMs / 1000)} s` });
      return;
    }
    const { moved, reasons } = await this.service.migrate(c.id, `leaving ${c.ie}: ${problem}`, []);
    if (moved) {
      this.hysteresis.reset(key);
      report.migrated.push(c.id);
    } else {
      report.held.push({ component: c.id, reason: `${problem}; no other IE: ${reasons.join('; ')}` });
    }
  }

  private safeRuntime(ie: string): ContainerRuntime | undefined {
    try {
      return this.runtimes.runtimeFor(ie);
    } catch {
      return undefined;
    }
  }
}
