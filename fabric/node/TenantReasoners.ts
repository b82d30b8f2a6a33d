/**
 * Incremental reasoning over the named NGSI-LD tenants (GS CIM 009 v1.8 §4.14: each tenant its own dataset and
 * store; docs/ngsi-ld-api.md "Tenants"). A tenant's reasoner runs only while the tenant is written to: its worker
 * thread (one per tenant, with a copy of the tenant's data) starts at the first commit to the tenant's store after
 * the node opened it or after the reasoner last stopped, and stops once no commit came for `idleMs` and it has
 * processed everything — so threads and memory follow the tenants being written, not every tenant that exists.
 * A (re)started reasoner begins with a full run over the tenant's data, as at every start, so what was written
 * while it was stopped is reasoned over then.
 */
import type { ChangeRecord, GraphStore } from '../store/GraphStore.js';

/** What TenantReasoners needs of a reasoner (ReasonerThread): start, wait until caught up, stop. */
export interface TenantReasoner {
  start(): Promise<unknown>;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface TenantReasonersOptions {
  /** Builds the reasoner of a tenant (not started): a ReasonerThread over `store`, seeded from `dir`. */
  readonly create: (tenant: string, store: GraphStore, dir: string) => TenantReasoner;
  /** A tenant's reasoner stops after this long without a commit to its store (default 10 minutes). */
  readonly idleMs?: number;
  /** How often idle reasoners are looked for (default idleMs / 4, at least 1 s). */
  readonly checkEveryMs?: number;
  readonly now?: () => number;
}

interface Tenant {
  readonly store: GraphStore;
  readonly dir: string;
  reasoner?: TenantReasoner;
  lastCommit: number;
  /** An idle check is waiting for the reasoner to catch up. */
  checking?: boolean;
  stopping?: Promise<void>;
}

const DEFAULT_IDLE_MS = 10 * 60_000;

export class TenantReasoners {
  private readonly tenants = new Map<string, Tenant>();
  private readonly unsubscribes: Array<() => void> = [];
  private readonly idleMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: TenantReasonersOptions) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.now = options.now ?? Date.now;
  }

  /** A tenant's store was opened (TenantRegistry onOpen): follow its commits. A store without a change feed is not reasoned over. */
  opened(tenant: string, store: GraphStore, dir: string | undefined): void {
    if (this.closed || !dir || !store.onCommit || this.tenants.has(tenant)) return;
    const entry: Tenant = { store, dir, lastCommit: this.now() };
    this.tenants.set(tenant, entry);
    this.unsubscribes.push(store.onCommit((record) => this.committed(tenant, entry, record)));
    this.timer ??= setInterval(() => void this.stopIdle(), this.options.checkEveryMs ?? Math.max(1000, this.idleMs / 4));
    this.timer.unref();
  }

  /** Tenants whose reasoner is running now. */
  running(): string[] {
    return [...this.tenants].filter(([, t]) => t.reasoner !== undefined).map(([name]) => name).sort();
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
    const due = [...this.tenants.values()].filter((t) => t.reasoner && !t.checking && this.now() - t.lastCommit >= this.idleMs);
    await Promise.all(due.map(async (t) => {
      const reasoner = t.reasoner!;
      t.checking = true;
      try {
        await reasoner.idle();
      } finally {
        t.checking = false;
      }
      if (t.reasoner === reasoner && this.now() - t.lastCommit >= this.idleMs) await this.stop(t);
    }));
  }

  private committed(tenant: string, t: Tenant, _record: ChangeRecord): void {
    t.lastCommit = this.now();
    if (t.reasoner || this.closed) return;
    // Started after this commit returns (inside it, its feed would also hand the new reasoner this record, which
    // its seed — taken after a durability barrier — already holds); a stop in progress finishes first.
    const reasoner = this.options.create(tenant, t.store, t.dir);
    t.reasoner = reasoner;
    void (t.stopping ?? Promise.resolve()).then(() => {
      if (t.reasoner !== reasoner) return;
      reasoner.start().catch((error: unknown) => console.error(`Incremental reasoner of tenant '${tenant}': the first run failed:`, error));
    });
  }

  private stop(t: Tenant): Promise<void> {
    const reasoner = t.reasoner;
    if (!reasoner) return t.stopping ?? Promise.resolve();
    t.reasoner = undefined;
    const stopping: Promise<void> = reasoner.stop()
      .catch((error: unknown) => console.error('Stopping a tenant reasoner failed:', error))
      .then(() => { if (t.stopping === stopping) t.stopping = undefined; });
    t.stopping = stopping;
    return stopping;
  }
}
