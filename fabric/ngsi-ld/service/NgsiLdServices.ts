/**
 * The NGSI-LD services of each tenant (GS CIM 009 v1.8 §4.14), built once per tenant store
 * and cached: one EntityWriter per store, so every write path of a tenant (single entity
 * and batch) shares its per-entity locks. The HTTP layer asks `forRead(tenant)` (unknown
 * tenant → NonexistentTenant) or `forWrite(tenant)` (creates the tenant; §4.14 says
 * create / upsert / batch create may create it; other writes should use forRead).
 */
import type { GraphStore } from '../../store/GraphStore.js';
import { EntityIndex, type EntityIndexOptions } from '../index/EntityIndex.js';
import { AttributeService } from './AttributeService.js';
import { BatchService } from './BatchService.js';
import { EntityQueryService, type EntityQueryServiceOptions } from './EntityQueryService.js';
import { EntityService } from './EntityService.js';
import type { EntityValidator } from './EntityValidator.js';
import { EntityWriter, type Clock } from './EntityWriter.js';
import type { TenantRegistry } from './TenantRegistry.js';
import { TypeService } from './TypeService.js';

export interface TenantServices {
  readonly store: GraphStore;
  readonly writer: EntityWriter;
  /** The read index, when the store has a change feed. */
  readonly index?: EntityIndex;
  readonly entities: EntityService;
  readonly batch: BatchService;
  readonly query: EntityQueryService;
  readonly types: TypeService;
  readonly attributes: AttributeService;
}

export interface NgsiLdServicesOptions {
  readonly validator?: EntityValidator;
  readonly clock?: Clock;
  readonly query?: EntityQueryServiceOptions;
  /** The per-tenant read index (fabric/ngsi-ld/index); `false` = none (reads and queries on the store only). */
  readonly index?: EntityIndexOptions | false;
}

export function servicesFor(store: GraphStore, options: NgsiLdServicesOptions = {}): TenantServices {
  // One read index per tenant store (§4.14: tenants never share entities); none without a change feed.
  const index = options.index === false ? undefined : EntityIndex.attach(store, options.index ?? {});
  // The writer reads entity graphs it wrote from the index and writes the index through.
  const writer = new EntityWriter(store, { validator: options.validator, clock: options.clock, ...(index ? { index } : {}) });
  return {
    store,
    writer,
    ...(index ? { index } : {}),
    entities: new EntityService(writer, index),
    batch: new BatchService(writer),
    query: new EntityQueryService(store, writer, options.query, index),
    types: new TypeService(store, index),
    attributes: new AttributeService(store),
  };
}

export class NgsiLdServices {
  private readonly byStore = new WeakMap<GraphStore, TenantServices>();

  constructor(readonly tenants: TenantRegistry, private readonly options: NgsiLdServicesOptions = {}) {}

  /** Services of an existing tenant (NonexistentTenantError otherwise); undefined / '' = default tenant. */
  async forRead(tenant: string | undefined): Promise<TenantServices> {
    return this.of(await this.tenants.get(tenant));
  }

  /** Services of a tenant, creating the tenant if needed (create, upsert, batch create / upsert). */
  async forWrite(tenant: string | undefined): Promise<TenantServices> {
    return this.of(await this.tenants.getOrCreate(tenant));
  }

  private of(store: GraphStore): TenantServices {
    let services = this.byStore.get(store);
    if (!services) {
      services = servicesFor(store, this.options);
      this.byStore.set(store, services);
    }
    return services;
  }
}
