/**
 * Incremental reasoning over the named NGSI-LD tenants (GS CIM 009 v1.8 §4.14: each tenant its own dataset and
 * store; docs/ngsi-ld-api.md "Tenants"). A tenant's reasoner runs only while the tenant is written to: its worker
 * thread (one per tenant, with a copy of the tenant's data) starts at the first commit to the tenant's store after
 * the node opened it or after the reasoner last stopped, and stops once no commit came for `idleMs` and it has
 * processed everything — so threads and memory follow the tenants being written, not every tenant that exists.
 * At most `maxRunning` run at once: starting one more stops the reasoner of the least recently written tenant,
 * giving it at most `capStopGraceMs` to process what it has pending (not as long as its backlog could take), and marks
 * the tenant `behind` only if it had not caught up by then (docs/reasoner.md "Tenants"). A (re)started reasoner
 * begins with a full run over the tenant's data, as at every start, so what was written while it was stopped — or left
 * unprocessed when it was stopped at the cap — is reasoned over then.
 */
import type { ChangeRecord, GraphStore } from '../store/GraphStore.js';
import type { ReasonerFailure, ReasonerThreadHealth } from '../../reasoner/worker/threadHealth.js';

/** What TenantReasoners needs of a reasoner (ReasonerThread, or TenantReasoning with trust): start, wait until caught up, stop. */
export interface TenantReasoner {
  start(): Promise<unknown>;
  idle(): Promise<void>;
  stop(): Promise<void>;
  /** Starting, running, restarting or given up (ReasonerThread.health); without it a started reasoner counts as running. */
  health?(): ReasonerThreadHealth;
}

export interface TenantReasonersOptions<R extends TenantReasoner> {
  /** Builds the reasoner of a tenant (not started): a ReasonerThread over `store`, seeded from `dir`. */
  readonly create: (tenant: string, store: GraphStore, dir: string) => R;
  /** A tenant's reasoner stops after this long without a commit to its store (default 10 minutes). */
  readonly idleMs?: number;
  /** At most this many reasoners run at once (default: no limit); starting another stops the least recently written. */
  readonly maxRunning?: number;
  /** At the cap, how long the stopped reasoner may take to catch up before it is stopped anyway (default 2 s). */
  readonly capStopGraceMs?: number;
  /** How often idle reasoners are looked for (default idleMs / 4, at least 1 s). */
  readonly checkEveryMs?: number;
  readonly now?: () => number;
}

/** What GET /reasoner/status says of a named tenant's reasoner. */
export interface TenantReasonerState {
  /** running: started and following the tenant's commits; stopped: idle, at the cap, or never written since the node opened it. */
  readonly state: 'running' | 'stopped';
  /** Stopped with commits it had not processed (at the cap, or after it gave up): the next start's full run derives what it left out. */
  readonly behind: boolean;
  /** The last commit to the tenant's store seen (ms since the epoch); undefined before any. */
  readonly lastWrite?: number;
  /** running: what its thread is doing (starting, restarting, given up …). */
  readonly health?: ReasonerThreadHealth;
  /** stopped: the failure of a reasoner that gave up before it was stopped (the next write starts a new one). */
  readonly lastFailure?: ReasonerFailure;
}

interface Tenant<R> {
  readonly store: GraphStore;
  readonly dir: string;
  reasoner?: R;
  /** Resolves once the current reasoner's start() was called (a stop in progress finishes first). */
  started?: Promise<void>;
  lastCommit: number;
  /** Commits to the store seen (own writes of the reasoner and trust included): equal before and after idle() = caught up. */
  commits: number;
  written: boolean;
  behind: boolean;
  lastFailure?: ReasonerFailure;
  /** An idle check is waiting for the reasoner to catch up. */
  checking?: boolean;
  /** Stopped at the cap, given its grace to catch up: still attached, no longer counted as running. */
  leaving?: boolean;
  stopping?: Promise<void>;
}

const DEFAULT_IDLE_MS = 10 * 60_000;
const DEFAULT_CAP_STOP_GRACE_MS = 2000;

/** A reasoner that made its first run and follows the commits (one without health() once started). */
const healthy = (reasoner: TenantReasoner): boolean => (reasoner.health?.().state ?? 'running') === 'running';

export class TenantReasoners<R extends TenantReasoner = TenantReasoner> {
  private readonly tenants = new Map<string, Tenant<R>>();
  private readonly unsubscribes: Array<() => void> = [];
  private readonly idleMs: number;
  private readonly maxRunning: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: TenantReasonersOptions<R>) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.maxRunning = options.maxRunning ?? Number.POSITIVE_INFINITY;
    if (!(this.maxRunning >= 1)) throw new RangeError('TenantReasoners: maxRunning must be at least 1.');
    this.now = options.now ?? Date.now;
  }

  /** A tenant's store was opened (TenantRegistry onOpen): follow its commits. A store without a change feed is not reasoned over. */
  opened(tenant: string, store: GraphStore, dir: string | undefined): void {
    if (this.closed || !dir || !store.onCommit || this.tenants.has(tenant)) return;
    const entry: Tenant<R> = { store, dir, lastCommit: this.now(), commits: 0, written: false, behind: false };
    this.tenants.set(tenant, entry);
    this.unsubscribes.push(store.onCommit((record) => this.committed(tenant, entry, record)));
    this.timer ??= setInterval(() => void this.stopIdle(), this.options.checkEveryMs ?? Math.max(1000, this.idleMs / 4));
    this.timer.unref();
  }

  /** Tenants whose reasoner is running now. */
  running(): string[] {
    return [...this.tenants].filter(([, t]) => t.reasoner !== undefined && !t.leaving).map(([name]) => name).sort();
  }

  /** The state of a followed tenant's reasoner; undefined for a tenant not followed. */
  state(tenant: string): TenantReasonerState | undefined {
    const t = this.tenants.get(tenant);
    if (!t || this.closed) return undefined;
    const running = t.reasoner !== undefined && !t.leaving;
    const health = running ? t.reasoner!.health?.() : undefined;
    return {
      state: running ? 'running' : 'stopped', behind: t.behind, ...(t.written ? { lastWrite: t.lastCommit } : {}),
      ...(health ? { health } : {}), ...(!running && t.lastFailure ? { lastFailure: t.lastFailure } : {}),
    };
  }

  /**
   * The tenant's running reasoner, started first if it is stopped — as a write to the tenant would (it counts as
   * one for the idle period and the cap). Resolves once its start() was called, so requests to it (a full run, a
   * trust recompute) are queued behind its first run. undefined for a tenant not followed.
   */
  async active(tenant: string): Promise<R | undefined> {
    const t = this.tenants.get(tenant);
    if (!t || this.closed) return undefined;
    this.touch(t);
    if (t.leaving) await t.stopping; // stopped at the cap a moment ago: a new one starts
    if (this.closed) return undefined;
    this.ensureRunning(tenant, t);
    const reasoner = t.reasoner;
    await t.started;
    return reasoner;
  }

  /** Stops every reasoner and follows no more commits. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    await Promise.all([...this.tenants.values()].map((t) => this.stop(t)));
  }

  /** Stops the reasoners that saw no commit for idleMs and have processed every record. */
  async stopIdle(): Promise<void> {
    const due = [...this.tenants.values()].filter((t) => t.reasoner && !t.leaving && !t.checking && this.now() - t.lastCommit >= this.idleMs);
    await Promise.all(due.map(async (t) => {
      const reasoner = t.reasoner!;
      const seen = t.commits;
      t.checking = true;
      try {
        await reasoner.idle();
      } finally {
        t.checking = false;
      }
      if (t.reasoner === reasoner && !t.leaving && this.now() - t.lastCommit >= this.idleMs) await this.stop(t, t.commits === seen);
    }));
  }

  private committed(tenant: string, t: Tenant<R>, _record: ChangeRecord): void {
    t.commits++;
    this.touch(t);
    if (t.reasoner || this.closed) return;
    this.ensureRunning(tenant, t);
  }

  private touch(t: Tenant<R>): void {
    t.lastCommit = this.now();
    t.written = true;
  }

  private ensureRunning(tenant: string, t: Tenant<R>): void {
    if (t.reasoner || this.closed) return;
    this.makeRoom(t);
    // Started after this commit returns (inside it, its feed would also hand the new reasoner this record, which
    // its seed — taken after a durability barrier — already holds); a stop in progress finishes first.
    const reasoner = this.options.create(tenant, t.store, t.dir);
    t.reasoner = reasoner;
    t.started = (t.stopping ?? Promise.resolve()).then(() => {
      if (t.reasoner !== reasoner) return;
      reasoner.start().then(
        () => {
          if (t.reasoner !== reasoner) return;
          t.behind = false;
          t.lastFailure = undefined;
        },
        (error: unknown) => {
          if (t.reasoner === reasoner) console.error(`Incremental reasoner of tenant '${tenant}': the first run failed:`, error);
        },
      );
    });
  }

  /** At the cap, stop the least recently written other tenant's reasoner, giving it capStopGraceMs to catch up. */
  private makeRoom(starting: Tenant<R>): void {
    const running = [...this.tenants.values()].filter((t) => t.reasoner !== undefined && !t.leaving && t !== starting);
    if (running.length < this.maxRunning) return;
    running.sort((a, b) => a.lastCommit - b.lastCommit);
    for (const victim of running.slice(0, running.length - this.maxRunning + 1)) this.leave(victim);
  }

  /** Stopped at the cap: stays attached (its own writes start no new one) until it caught up or the grace is over. */
  private leave(t: Tenant<R>): void {
    const reasoner = t.reasoner!;
    t.leaving = true;
    t.stopping = this.caughtUpWithin(t, reasoner, this.options.capStopGraceMs ?? DEFAULT_CAP_STOP_GRACE_MS)
      .then((caughtUp) => (t.reasoner === reasoner ? this.stop(t, caughtUp) : t.stopping));
  }

  /** Whether the reasoner processed every commit to the tenant (its own and trust's writes meanwhile too) within graceMs. */
  private async caughtUpWithin(t: Tenant<R>, reasoner: R, graceMs: number): Promise<boolean> {
    const deadline = Date.now() + graceMs;
    for (;;) {
      const seen = t.commits;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), remaining).unref(); });
      const answered = await Promise.race([reasoner.idle().then(() => true, () => false), late]);
      clearTimeout(timer);
      if (!answered) return false;
      if (t.commits === seen) return true;
    }
  }

  /**
   * Detach and stop the tenant's reasoner. `caughtUp`: whether it had processed every commit (an idle or cap stop; a
   * reasoner that gave up or had not made its first run never had) — else (close) `behind` stays as it is.
   */
  private stop(t: Tenant<R>, caughtUp?: boolean): Promise<void> {
    const reasoner = t.reasoner;
    if (!reasoner) return t.stopping ?? Promise.resolve();
    t.reasoner = undefined;
    t.started = undefined;
    t.leaving = false;
    if (caughtUp !== undefined) t.behind = !(caughtUp && healthy(reasoner));
    const health = reasoner.health?.();
    if (health?.state === 'gaveUp') t.lastFailure = health.lastFailure;
    const stopping: Promise<void> = reasoner.stop()
      .catch((error: unknown) => console.error('Stopping a tenant reasoner failed:', error))
      .then(() => { if (t.stopping === stopping) t.stopping = undefined; });
    t.stopping = stopping;
    return stopping;
  }
}
