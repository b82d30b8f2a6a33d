/**
 * The PolicyService of each NGSI-LD tenant (GS CIM 009 §4.14 NGSILD-Tenant): a tenant's store holds its own policies
 * graph (seeded from shapes/policies/ when the tenant is created, fabric/node/seedFreshStore.ts), so each tenant gets
 * its own service, made on first use. The default tenant uses the service it is given.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { PolicyService } from './PolicyService.js';

/** What is needed of the tenant registry (fabric/ngsi-ld/service/TenantRegistry.ts): an existing tenant's store. */
export interface TenantStores {
  get(tenant: string | undefined): Promise<GraphStore>;
}

export class TenantPolicies {
  private readonly services = new WeakMap<GraphStore, PolicyService>();

  constructor(private readonly defaultService: PolicyService, private readonly defaultStore: GraphStore, private readonly tenants: TenantStores) {}

  /** The tenant's policies; an unknown tenant is the registry's NonexistentTenant error. */
  async of(tenant: string | undefined): Promise<PolicyService> {
    if (tenant === undefined || tenant === '') return this.defaultService;
    const store = await this.tenants.get(tenant);
    if (store === this.defaultStore) return this.defaultService;
    let service = this.services.get(store);
    if (!service) {
      service = new PolicyService(store);
      this.services.set(store, service);
    }
    return service;
  }
}
