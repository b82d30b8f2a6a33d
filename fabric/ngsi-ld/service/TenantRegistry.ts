/**
 * NGSI-LD tenants (GS CIM 009 v1.8 §4.14, NGSILD-Tenant header §6.3.14): each tenant is an
 * isolated dataset with its OWN GraphStore, so no NGSI-LD or SPARQL request on one tenant
 * can see another's data. The default tenant (no header) is the node's store. A named
 * tenant is created on its first create / upsert / batch create (getOrCreate) and lives
 * in <dataDir>/tenants/<encoded name> as a DurableGraphStore when the node has a data
 * directory, in memory otherwise. Reading a tenant that does not exist answers
 * NonexistentTenantError (404, §5.5.1).
 * A write creates its tenant only if it commits something (§5.5.10: an operation that creates information): until the
 * first change to its store after seeding, a tenant opened by getOrCreate is unconfirmed — not listed, 404 on reads,
 * its directory marked `<name>.unconfirmed` and removed at close or at the next start — so a create rejected by its
 * shape (400) leaves no tenant behind.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadRequestDataError, NonexistentTenantError } from '../../errors/FabricError.js';
import type { GraphStore } from '../../store/GraphStore.js';
import { MemoryGraphStore } from '../../store/MemoryGraphStore.js';
import { DurableGraphStore } from '../../store/durable/DurableGraphStore.js';

/** What a check of the NGSILD-Tenant header needs of the registry: whether a tenant exists. */
export interface KnownTenants {
  has(tenant: string | undefined): boolean;
}

export interface TenantRegistryOptions {
  /** The default tenant: the node's store. */
  readonly defaultStore: GraphStore;
  /** The node's data directory; named tenants are durable under <dataDir>/tenants/. Absent → in memory. */
  readonly dataDir?: string;
  /** Opens a tenant's durable store (default DurableGraphStore.open); injectable for tests. */
  readonly openDurable?: (dir: string) => Promise<GraphStore>;
  /** Called once when a tenant is created (not when an existing one is reopened), e.g. to seed the ontology and shapes. */
  readonly onCreate?: (tenant: string, store: GraphStore) => Promise<void>;
  /**
   * Called once per tenant store opened (created, after onCreate, or reopened after a restart), before the store is
   * handed out: e.g. to start the tenant's incremental reasoner. `dir` is its data directory (undefined in memory).
   */
  readonly onOpen?: (tenant: string, store: GraphStore, dir: string | undefined) => void;
}

/** Letters, digits, '_', '-', '.', ':'; starts with a letter or digit; at most 64 characters. */
const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const TENANTS_FOLDER = 'tenants';
/** Beside a tenant's directory while no write has committed to it (the directory is dropped at close or the next start). */
const UNCONFIRMED = '.unconfirmed';

/** A tenant opened for a write that has not committed anything yet. */
interface Unconfirmed {
  store?: GraphStore;
  /** The store's size after seeding, for a store without a change feed. */
  seededSize?: number;
  unsubscribe?: () => void;
  dir?: string;
}

/** A file-system-safe, reversible directory name for a tenant (every reserved character percent-encoded). */
export function encodeTenantDir(name: string): string {
  return encodeURIComponent(name).replace(/\./g, '%2E');
}

export function decodeTenantDir(dir: string): string {
  return decodeURIComponent(dir);
}

export class TenantRegistry {
  private readonly opened = new Map<string, Promise<GraphStore>>();
  private readonly known = new Set<string>();
  private readonly unconfirmed = new Map<string, Unconfirmed>();
  private readonly tenantsDir: string | undefined;

  constructor(private readonly options: TenantRegistryOptions) {
    this.tenantsDir = options.dataDir ? join(options.dataDir, TENANTS_FOLDER) : undefined;
    if (this.tenantsDir && existsSync(this.tenantsDir)) {
      const entries = readdirSync(this.tenantsDir, { withFileTypes: true });
      const marked = new Set(entries.filter((e) => e.isFile() && e.name.endsWith(UNCONFIRMED)).map((e) => e.name.slice(0, -UNCONFIRMED.length)));
      for (const entry of entries) {
        if (!entry.isDirectory()) continue;
        if (marked.has(entry.name)) {
          // Created by a write that committed nothing before the node stopped: no tenant.
          rmSync(join(this.tenantsDir, entry.name), { recursive: true, force: true });
          continue;
        }
        const name = decodeTenantDir(entry.name);
        if (TENANT_NAME.test(name)) this.known.add(name);
      }
      for (const name of marked) rmSync(join(this.tenantsDir, name + UNCONFIRMED), { force: true });
    }
  }

  /** §4.14: the header is absent or empty → the default tenant. */
  static isDefault(tenant: string | undefined): tenant is undefined | '' {
    return tenant === undefined || tenant === '';
  }

  /** Throws BadRequestDataError for a name that cannot be a tenant here. */
  static validateName(tenant: string): void {
    if (!TENANT_NAME.test(tenant)) {
      throw new BadRequestDataError(
        `NGSILD-Tenant '${tenant}' is not a valid tenant name: use 1-64 letters, digits, '_', '-', '.' or ':', starting with a letter or digit (§4.14).`,
        { header: 'NGSILD-Tenant' },
      );
    }
  }

  /** Throws unless `tenant` is the default tenant or an existing one: 400 for an invalid name, else 404 NonexistentTenant (§4.14). */
  static assertKnown(tenants: KnownTenants, tenant: string | undefined): void {
    if (TenantRegistry.isDefault(tenant)) return;
    TenantRegistry.validateName(tenant);
    if (!tenants.has(tenant)) throw new NonexistentTenantError(tenant);
  }

  has(tenant: string | undefined): boolean {
    return TenantRegistry.isDefault(tenant) || this.known.has(tenant) || this.confirmedBySize(tenant);
  }

  /** Named tenants that exist (the default tenant is not listed). */
  list(): string[] {
    for (const tenant of [...this.unconfirmed.keys()]) this.confirmedBySize(tenant);
    return [...this.known].sort();
  }

  /** The store of an existing tenant, for reads and for writes that must not create it. */
  async get(tenant: string | undefined): Promise<GraphStore> {
    if (TenantRegistry.isDefault(tenant)) return this.options.defaultStore;
    TenantRegistry.assertKnown(this, tenant);
    return this.open(tenant, false);
  }

  /**
   * The store of a tenant, created if needed (§4.14: create / upsert / batch create create the tenant). A tenant
   * created here exists once something is committed to its store (has, get, list); until then it is unconfirmed.
   */
  async getOrCreate(tenant: string | undefined): Promise<GraphStore> {
    if (TenantRegistry.isDefault(tenant)) return this.options.defaultStore;
    TenantRegistry.validateName(tenant);
    if (this.known.has(tenant)) return this.open(tenant, false);
    if (!this.unconfirmed.has(tenant)) this.unconfirmed.set(tenant, {});
    return this.open(tenant, true);
  }

  private open(tenant: string, created: boolean): Promise<GraphStore> {
    let store = this.opened.get(tenant);
    if (!store) {
      store = this.openStore(tenant, created);
      this.opened.set(tenant, store);
      store.catch(() => {
        this.opened.delete(tenant);
        if (created) this.forget(tenant);
      });
    }
    return store;
  }

  private async openStore(tenant: string, created: boolean): Promise<GraphStore> {
    let store: GraphStore;
    const dir = this.tenantsDir ? join(this.tenantsDir, encodeTenantDir(tenant)) : undefined;
    if (dir) {
      if (created) {
        mkdirSync(this.tenantsDir!, { recursive: true });
        writeFileSync(dir + UNCONFIRMED, '');
      }
      mkdirSync(dir, { recursive: true });
      store = await (this.options.openDurable ?? ((d: string) => DurableGraphStore.open(d)))(dir);
    } else {
      store = new MemoryGraphStore();
    }
    if (created && this.options.onCreate) await this.options.onCreate(tenant, store);
    const pending = this.unconfirmed.get(tenant);
    if (created && pending) {
      pending.store = store;
      pending.dir = dir;
      // The first change committed after seeding confirms the tenant (a no-op commit produces no record).
      if (store.onCommit) pending.unsubscribe = store.onCommit(() => this.confirm(tenant));
      else pending.seededSize = store.size();
    }
    this.options.onOpen?.(tenant, store, dir);
    return store;
  }

  /** A tenant whose store has no change feed is confirmed when its size changed since seeding. */
  private confirmedBySize(tenant: string): boolean {
    const pending = this.unconfirmed.get(tenant);
    if (!pending?.store || pending.seededSize === undefined || pending.store.size() === pending.seededSize) return false;
    this.confirm(tenant);
    return true;
  }

  private confirm(tenant: string): void {
    const pending = this.unconfirmed.get(tenant);
    if (!pending) return;
    this.unconfirmed.delete(tenant);
    pending.unsubscribe?.();
    if (pending.dir) rmSync(pending.dir + UNCONFIRMED, { force: true });
    this.known.add(tenant);
  }

  private forget(tenant: string): void {
    const pending = this.unconfirmed.get(tenant);
    this.unconfirmed.delete(tenant);
    pending?.unsubscribe?.();
  }

  /** Closes every named tenant's store (the default store belongs to the node); unconfirmed tenants' directories are removed. */
  async close(): Promise<void> {
    for (const tenant of [...this.unconfirmed.keys()]) this.confirmedBySize(tenant);
    const opened = [...this.opened.entries()];
    this.opened.clear();
    for (const [tenant, promise] of opened) {
      const store = await promise.catch(() => undefined);
      if (!store) continue;
      await store.close();
      const pending = this.unconfirmed.get(tenant);
      if (!pending) continue;
      this.forget(tenant);
      if (pending.dir) {
        rmSync(pending.dir, { recursive: true, force: true });
        rmSync(pending.dir + UNCONFIRMED, { force: true });
      }
    }
  }
}
