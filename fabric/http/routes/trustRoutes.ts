/**
 * /trust — trust scores of the continuum's IEs (issue 4, docs/trust.md):
 *   GET  /trust/{ieId}     the breakdown of the IE's last score (components, inputs used, weights, time) → 200, or 404
 *   POST /trust/recompute  recompute every score (body {"domains": [IRI…]} limits it to those domains) → run summary
 * The recompute writes (scores, statuses), so it goes through the AccessGuard like every other write.
 * Both serve the tenant NGSILD-Tenant names (GS CIM 009 §4.14; reasoner/TenantReasonerServices.ts): its scores, from
 * its store only; an unknown tenant is 404 NonexistentTenant, an invalid name 400 (docs/trust.md "Tenants").
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TenantReasonerServices, TrustScores } from '../../../reasoner/TenantReasonerServices.js';
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

export function trustRoutes(app: FastifyInstance, tenants: TenantReasonerServices, guard: AccessGuard): void {
  const trustOf = (request: FastifyRequest): Promise<TrustScores> => tenants.trust(tenantOf(request.headers));

  app.get<{ Params: { ieId: string } }>('/trust/:ieId', async (request, reply) => {
    const { ieId } = request.params;
    if (!isValidIri(ieId)) throw new InvalidRequestError('The IE is named by its absolute IRI (URL-encoded), e.g. /trust/urn:ngsi-ld:InfrastructureElement:d:1.', { parameter: 'ieId' });
    const trust = await trustOf(request);
    const breakdown = await trust.breakdown(ieId);
    if (!breakdown) throw new ResourceNotFoundError(`No trust score has been computed for ${ieId}.`);
    return reply.type('application/json').send(breakdown);
  });

  app.post('/trust/recompute', async (request, reply) => {
    guard.assertMayWrite(request);
    const domains = domainsOf(request.body);
    const trust = await trustOf(request);
    const summary = await trust.recompute({ domains });
    return reply.type('application/json').send({
      ies: summary.ies,
      untrusted: summary.untrusted,
      recovered: summary.recovered,
      computedAt: summary.computedAt,
      millis: Math.round(summary.millis * 10) / 10,
    });
  });
}
