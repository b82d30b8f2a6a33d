/**
 * The common first steps of the discovery resources (GS CIM 009 v1.8 §5.7.5–§5.7.10:
 * /types, /types/{type}, /attributes, /attributes/{attrId}): check the parameters,
 * negotiate the response, read the tenant and the @context, pick the tenant's services.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProcessedContext } from '../../ngsi-ld/context/ProcessedContext.js';
import type { TenantServices } from '../../ngsi-ld/service/NgsiLdServices.js';
import { negotiateResponse, type ResponseMediaType } from './mediaTypes.js';
import type { NgsiLdHttpDeps } from './NgsiLdHttpDeps.js';
import { checkParameters, type ParameterTable, type QueryParams } from './queryParameters.js';
import { linkContext } from './requestContext.js';
import { contextOf, queryOf, tenantFor } from './requestKit.js';

export interface DiscoveryRequest {
  readonly query: QueryParams;
  readonly mediaType: ResponseMediaType;
  readonly source: ReturnType<typeof linkContext>;
  readonly ctx: ProcessedContext;
  readonly services: TenantServices;
}

export async function discoveryRequest(
  deps: NgsiLdHttpDeps, request: FastifyRequest, reply: FastifyReply, allowed: ParameterTable,
): Promise<DiscoveryRequest> {
  const query = queryOf(request);
  checkParameters(query, allowed);
  const mediaType = negotiateResponse(request.headers.accept);
  const tenant = tenantFor(request, reply);
  const source = linkContext(request.headers);
  const ctx = await contextOf(deps, source.context);
  return { query, mediaType, source, ctx, services: await deps.services.forRead(tenant) };
}
