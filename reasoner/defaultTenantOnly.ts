/**
 * The reasoner (/reasoner) and trust scores (/trust) serve the node's default tenant only (NGSI-LD tenants,
 * GS CIM 009 v1.8 §4.14, NGSILD-Tenant §6.3.14): their rules, runs, inferred graphs and scores are those of
 * the node's store (a named tenant's derived graphs are kept by an incremental reasoner of its own, with no
 * API: fabric/node/TenantReasoners.ts). A request naming a tenant is therefore never answered from the default
 * tenant's data: an invalid name is 400 BadRequestData, an unknown tenant 404 NonexistentTenant, an
 * existing named tenant 501 NotImplemented (docs/reasoner.md, docs/trust.md "Tenants").
 */
import { NotImplementedError } from '../fabric/errors/FabricError.js';
import { TenantRegistry, type KnownTenants } from '../fabric/ngsi-ld/service/TenantRegistry.js';

/** Throws unless `tenant` (the NGSILD-Tenant header, undefined when absent) is the default tenant. */
export function assertDefaultTenant(tenants: KnownTenants, tenant: string | undefined, service: string): void {
  if (TenantRegistry.isDefault(tenant)) return;
  TenantRegistry.assertKnown(tenants, tenant);
  throw new NotImplementedError(`${service} serves the default tenant only: NGSILD-Tenant '${tenant}' is not supported (omit the header).`);
}
