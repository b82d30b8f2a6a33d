/**
 * The NGSILD-Tenant request header (GS CIM 009 v1.8 §6.3.14, §4.14): absent → the default
 * tenant. Responses to requests naming a tenant echo the header (§6.3.14).
 */
import { BadRequestDataError } from '../../errors/FabricError.js';

export const TENANT_HEADER = 'ngsild-tenant';

export function tenantOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers[TENANT_HEADER];
  if (Array.isArray(value)) throw new BadRequestDataError('NGSILD-Tenant is given more than once (§6.3.14).', { header: 'NGSILD-Tenant' });
  const tenant = value?.trim();
  return tenant ? tenant : undefined;
}
