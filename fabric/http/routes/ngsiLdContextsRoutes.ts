/**
 * NGSI-LD @context management (GS CIM 009 v1.8 §6.30, §5.13): GET /jsonldContexts (list,
 * details=true, kind=Hosted|Cached|ImplicitlyCreated), POST (add: 201 + Location),
 * GET /jsonldContexts/{contextId} (serve the document, or details=true its information),
 * DELETE (204; reload=true re-fetches a cached remote context).
 * Contexts are node-wide, not per tenant (fabric/ngsi-ld/context/HostedContexts.ts): NGSILD-Tenant selects
 * nothing here, but it is not ignored either: it must name an existing tenant (else 404 NonexistentTenant,
 * §4.14) and is echoed (§6.3.14).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../../errors/FabricError.js';
import { TenantRegistry } from '../../ngsi-ld/service/TenantRegistry.js';
import type { ContextKind } from '../../ngsi-ld/context/HostedContexts.js';
import { JSON_TYPE, negotiateResponse } from '../ngsi-ld/mediaTypes.js';
import type { NgsiLdHttpDeps } from '../ngsi-ld/NgsiLdHttpDeps.js';
import { booleanParam, checkParameters, param, PARAMETERS } from '../ngsi-ld/queryParameters.js';
import { bodyMediaType } from '../ngsi-ld/requestContext.js';
import { assertMayWrite, queryOf, tenantFor } from '../ngsi-ld/requestKit.js';

const KINDS: readonly ContextKind[] = ['Hosted', 'Cached', 'ImplicitlyCreated'];

/** NGSILD-Tenant, when given, names an existing tenant (contexts are shared by all tenants). */
function checkTenant(deps: NgsiLdHttpDeps, request: FastifyRequest, reply: FastifyReply): void {
  TenantRegistry.assertKnown(deps.services.tenants, tenantFor(request, reply));
}

export function ngsiLdContextsRoutes(app: FastifyInstance, deps: NgsiLdHttpDeps): void {
  app.get('/jsonldContexts', async (request, reply) => {
    const query = queryOf(request);
    checkParameters(query, PARAMETERS.listContexts);
    checkTenant(deps, request, reply);
    negotiateResponse(request.headers.accept);
    const kind = param(query, 'kind');
    if (kind !== undefined && !KINDS.includes(kind as ContextKind)) {
      throw new InvalidRequestError(`kind must be one of ${KINDS.join(', ')} (§6.30.3.1).`, { parameter: 'kind' });
    }
    const list = deps.hosted.list(kind as ContextKind | undefined);
    const body = booleanParam(query, 'details') === true ? list : list.map((c) => c.URL);
    return reply.type(JSON_TYPE).send(JSON.stringify(body));
  });

  app.post('/jsonldContexts', async (request, reply) => {
    checkParameters(queryOf(request), PARAMETERS.addContext);
    assertMayWrite(deps, request);
    checkTenant(deps, request, reply);
    bodyMediaType(request.headers);
    // Answered once the context is durable (an acknowledged add survives a restart).
    const info = await deps.hosted.add(request.body, `${request.protocol}://${request.host}`);
    // §6.30.3.2: Location is the URL clients put in their Link headers (absolute: it names the context).
    return reply.status(201).header('Location', info.URL).send();
  });

  app.get<{ Params: { contextId: string } }>('/jsonldContexts/:contextId', async (request, reply) => {
    const query = queryOf(request);
    checkParameters(query, PARAMETERS.getContext);
    checkTenant(deps, request, reply);
    const { info, document } = await deps.hosted.get(request.params.contextId);
    if (booleanParam(query, 'details') === true) return reply.type(JSON_TYPE).send(JSON.stringify(info));
    // §5.13.4: the @context document itself, served as application/ld+json (application/json if asked).
    const mediaType = negotiateResponse(request.headers.accept);
    return reply.type(mediaType).send(JSON.stringify(document));
  });

  app.delete<{ Params: { contextId: string } }>('/jsonldContexts/:contextId', async (request, reply) => {
    const query = queryOf(request);
    checkParameters(query, PARAMETERS.deleteContext);
    assertMayWrite(deps, request);
    checkTenant(deps, request, reply);
    const reload = booleanParam(query, 'reload') === true;
    await deps.hosted.delete(request.params.contextId);
    if (reload) await deps.contexts.resolve(request.params.contextId); // §6.30.3.4: fetch it again now
    return reply.status(204).send();
  });
}
