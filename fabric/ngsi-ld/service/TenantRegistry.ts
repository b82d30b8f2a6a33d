/**
 * NGSI-LD tenants (GS CIM 009 v1.8 §4.14, NGSILD-Tenant header §6.3.14): each tenant is an
 * isolated dataset with its OWN GraphStore, so no NGSI-LD or SPARQL request on one tenant
 * can see another's data. The default tenant (no header) is the node's store. A named
 * tenant is created on its first create / upsert / batch create (getOrCreate) and lives
 * in <dataDir>/tenants/<encoded name> as a DurableGraphStore when the node has a data
 * directory, in memory otherwise. Reading a tenant that does not exist answers
 * NonexistentTenantError (404, §5.5.1).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
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
  private readonly tenantsDir: string | undefined;

  constructor(private readonly options: TenantRegistryOptions) {
    this.tenantsDir = options.dataDir ? join(options.dataDir, TENANTS_FOLDER) : undefined;
    if (this.tenantsDir && existsSync(this.tenantsDir)) {
      for (const entry of readdirSync(this.tenantsDir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        const name = decodeTenantDir(entry.name);
        if (TENANT_NAME.test(name)) this.known.add(name);
      }
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
    return TenantRegistry.isDefault(tenant) || this.known.has(tenant);
  }

  /** Named tenants that exist (the default tenant is not listed). */
  list(): string[] {
    return [...this.known].sort();
  }

  /** The store of an existing tenant, for reads and for writes that must not create it. */
  async get(tenant: string | undefined): Promise<GraphStore> {
    if (TenantRegistry.isDefault(tenant)) return this.options.defaultStore;
    TenantRegistry.assertKnown(this, tenant);
    return this.open(tenant, false);
  }

  /** The store of a tenant, created if needed (§4.14: create / upsert / batch create create the tenant). */
  async getOrCreate(tenant: string | undefined): Promise<GraphStore> {
    if (TenantRegistry.isDefault(tenant)) return this.options.defaultStore;
    TenantRegistry.validateName(tenant);
    const created = !this.known.has(tenant);
    this.known.add(tenant);
    return this.open(tenant, created);
  }

  private open(tenant: string, created: boolean): Promise<GraphStore> {
    let store = this.opened.get(tenant);
    if (!store) {
      store = this.openStore(tenant, created);
      this.opened.set(tenant, store);
      store.catch(() => {
        this.opened.delete(tenant);
        if (created) this.known.delete(tenant);
      });
    }
    return store;
  }

  private async openStore(tenant: string, created: boolean): Promise<GraphStore> {
    let store: GraphStore;
    const dir = this.tenantsDir ? join(this.tenantsDir, encodeTenantDir(tenant)) : undefined;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      store = await (this.options.openDurable ?? ((d: string) => DurableGraphStore.open(d)))(dir);
    } else {
      store = new MemoryGraphStore();
    }
    if (created && this.options.onCreate) await this.options.onCreate(tenant, store);
    this.options.onOpen?.(tenant, store, dir);
    return store;
  }

  /** Closes every named tenant's store (the default store belongs to the node). */
  async close(): Promise<void> {
    const stores = await Promise.allSettled([...this.opened.values()]);
    this.opened.clear();
    for (const s of stores) if (s.status === 'fulfilled') await s.value.close();
  }
}
