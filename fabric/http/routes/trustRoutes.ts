/**
 * /trust — trust scores of the continuum's IEs (issue 4, docs/trust.md):
 *   GET  /trust/{ieId}     the breakdown of the IE's last score (components, inputs used, weights, time) → 200, or 404
 *   POST /trust/recompute  recompute every score (body {"domains": [IRI…]} limits it to those domains) → run summary
 * The recompute writes (scores, statuses), so it goes through the AccessGuard like every other write.
 * Trust serves the default tenant only: NGSILD-Tenant naming an unknown tenant is 404 NonexistentTenant, an
 * existing named tenant 501 NotImplemented (reasoner/defaultTenantOnly.ts), never the default tenant's scores.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TrustService } from '../../../reasoner/trust/TrustService.js';
import { assertDefaultTenant } from '../../../reasoner/defaultTenantOnly.js';
import type { KnownTenants } from '../../ngsi-ld/service/TenantRegistry.js';
import { tenantOf } from '../ngsi-ld/tenant.js';
import { InvalidRequestError, ResourceNotFoundError } from '../../errors/FabricError.js';
import type { AccessGuard } from '../accessGuard.js';
import { isValidIri } from '../../rdf/iriValidation.js';

function domainsOf(body: unknown): string[] | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  const domains = typeof body === 'object' ? (body as { domains?: unknown }).domains : undefined;
  if (domains === undefined) return undefined;
  if (!Array.isArray(domains) || !domains.every((d) => typeof d === 'string' && isValidIri(d))) {
    throw new InvalidRequestError('"domains" must be an array of domain IRIs.', { parameter: 'domains' });
  }
  return domains as string[];
}

export function trustRoutes(app: FastifyInstance, trust: TrustService, guard: AccessGuard, tenants: KnownTenants): void {
  const defaultTenantOnly = (request: FastifyRequest): void => assertDefaultTenant(tenants, tenantOf(request.headers), 'Trust');

  app.get<{ Params: { ieId: string } }>('/trust/:ieId', async (request, reply) => {
    defaultTenantOnly(request);
    const { ieId } = request.params;
    if (!isValidIri(ieId)) throw new InvalidRequestError('The IE is named by its absolute IRI (URL-encoded), e.g. /trust/urn:ngsi-ld:InfrastructureElement:d:1.', { parameter: 'ieId' });
    const breakdown = await trust.breakdown(ieId);
    if (!breakdown) throw new ResourceNotFoundError(`No trust score has been computed for ${ieId}.`);
    return reply.type('application/json').send(breakdown);
  });

  app.post('/trust/recompute', async (request, reply) => {
    guard.assertMayWrite(request);
    defaultTenantOnly(request);
    const summary = await trust.recompute({ domains: domainsOf(request.body) });
    return reply.type('application/json').send({
      ies: summary.ies,
      untrusted: summary.untrusted,
      recovered: summary.recovered,
      computedAt: summary.computedAt,
      millis: Math.round(summary.millis * 10) / 10,
    });
  });
}
