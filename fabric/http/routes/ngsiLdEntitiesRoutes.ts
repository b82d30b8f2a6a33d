/**
 * NGSI-LD /entities and /entities/{entityId} (GS CIM 009 v1.8 §6.4, §6.5):
 * POST create (§5.6.1, 201 + Location), GET query (§5.7.2, NGSILD-Results-Count),
 * GET retrieve (§5.7.1; datasetId §4.5.5, join §4.5.23), DELETE (§5.6.6), PATCH merge (§5.6.17), PUT replace (§5.6.18).
 * Routes translate HTTP ↔ the tenant's services; the codec expands / compacts at the edge.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestDataError } from '../../errors/FabricError.js';
import { expandEntity, expandEntityFragment } from '../../ngsi-ld/codec/expandEntity.js';
import type { WriteWarnings } from '../../ngsi-ld/service/EntityService.js';
import type { TenantServices } from '../../ngsi-ld/service/NgsiLdServices.js';
import { joinedEntitiesJson, joinOf } from '../ngsi-ld/entityJoin.js';
import { entityQueryResponse } from '../ngsi-ld/entityQueryResponse.js';
import { pagingOf, runQuery, termsFromParams } from '../ngsi-ld/entityQuery.js';
import { negotiateResponse } from '../ngsi-ld/mediaTypes.js';
import type { NgsiLdHttpDeps } from '../ngsi-ld/NgsiLdHttpDeps.js';
import { projection } from '../ngsi-ld/projection.js';
import { checkParameters, param, PARAMETERS } from '../ngsi-ld/queryParameters.js';
import { representation } from '../ngsi-ld/representation.js';
import { bodyContext, bodyMediaType, linkContext } from '../ngsi-ld/requestContext.js';
import { assertMayWrite, checkTypeParam, contextOf, entityIdOf, entityWrite, namingViolations, queryOf, servicesForEntity, tenantFor, warn } from '../ngsi-ld/requestKit.js';
import { entityLocation, renderEntitiesJson, sendJsonText } from '../ngsi-ld/responses.js';

type IdParams = { Params: { entityId: string } };

export function ngsiLdEntitiesRoutes(app: FastifyInstance, deps: NgsiLdHttpDeps): void {
  // §6.4.3.1 Create Entity.
  app.post('/entities', async (request, reply) => {
    checkParameters(queryOf(request), PARAMETERS.createEntity);
    assertMayWrite(deps, request);
    const tenant = tenantFor(request, reply);
    const source = bodyContext(request.headers, bodyMediaType(request.headers), request.body);
    const ctx = await contextOf(deps, source.context);
    const entity = expandEntity(request.body, ctx);
    const services = await deps.services.forWrite(tenant);
    const { warnings } = await namingViolations(ctx, entity.id, services.entities.create(entity));
    warn(reply, warnings, ctx);
    return reply.status(201).header('Location', entityLocation(entity.id)).send();
  });

  // §6.4.3.2 Query Entities.
  app.get('/entities', async (request, reply) => {
    const query = queryOf(request);
    checkParameters(query, PARAMETERS.queryEntities);
    const mediaType = negotiateResponse(request.headers.accept, { geo: true });
    const tenant = tenantFor(request, reply);
    const source = linkContext(request.headers);
    const ctx = await contextOf(deps, source.context);
    const terms = termsFromParams(query);
    const paging = pagingOf(query);
    // Fail fast on bad options / format / projection / datasetId / join (400, 501) before running the query.
    joinOf(query, mediaType, representation(query).format);
    projection(query, ctx);
    const services = await deps.services.forRead(tenant);
    const page = await runQuery(deps, services, terms, ctx, paging);
    return entityQueryResponse(reply, page, ctx, mediaType, source, query, param(query, 'lang'), (id) => services.entities.find(id));
  });

  // §6.5.3.1 Retrieve Entity.
  app.get<IdParams>('/entities/:entityId', async (request, reply) => {
    const query = queryOf(request);
    checkParameters(query, PARAMETERS.retrieveEntity);
    const mediaType = negotiateResponse(request.headers.accept, { geo: true });
    const id = entityIdOf(request.params.entityId);
    const tenant = tenantFor(request, reply);
    const source = linkContext(request.headers);
    const ctx = await contextOf(deps, source.context);
    const { format, sysAttrs } = representation(query);
    const projected = projection(query, ctx);
    const join = joinOf(query, mediaType, format);
    const services = await deps.services.forRead(tenant);
    const entity = services.entities.retrieve(id);
    checkTypeParam(entity, query, ctx);
    const geometryProperty = param(query, 'geometryProperty');
    const options = {
      format, sysAttrs, ...projected, ...(param(query, 'lang') !== undefined ? { lang: param(query, 'lang') } : {}),
      ...(geometryProperty !== undefined ? { geometryProperty: ctx.expandTerm(geometryProperty) ?? geometryProperty } : {}),
    };
    // §4.5.23: with join=flat the answer is the array of the entity and its linked entities.
    const text = join
      ? joinedEntitiesJson(entity, join, ctx, mediaType, source, options, (linked) => services.entities.find(linked))
      : renderEntitiesJson(entity, ctx, mediaType, source, options);
    return sendJsonText(reply, mediaType, source, text);
  });

  // §6.5.3.2 Delete Entity.
  app.delete<IdParams>('/entities/:entityId', async (request, reply) => {
    const query = queryOf(request);
    checkParameters(query, PARAMETERS.deleteEntity);
    assertMayWrite(deps, request);
    const id = entityIdOf(request.params.entityId);
    const services = await deps.services.forRead(tenantFor(request, reply));
    if (param(query, 'type') !== undefined) {
      checkTypeParam(services.entities.retrieve(id), query, await contextOf(deps, linkContext(request.headers).context));
    }
    await services.entities.delete(id);
    return reply.status(204).send();
  });

  // §6.5.3.4 Merge Entity (PATCH): NGSI-LD Null deletes (§5.6.17).
  app.patch<IdParams>('/entities/:entityId', (request, reply) => writeEntity(deps, request, reply, 'merge'));
  // §6.5.3.3 Replace Entity (PUT, §5.6.18).
  app.put<IdParams>('/entities/:entityId', (request, reply) => writeEntity(deps, request, reply, 'replace'));
}

async function writeEntity(deps: NgsiLdHttpDeps, request: FastifyRequest<IdParams>, reply: FastifyReply, mode: 'merge' | 'replace'): Promise<FastifyReply> {
  const query = queryOf(request);
  checkParameters(query, PARAMETERS.writeEntity);
  const { id, tenant, ctx } = await entityWrite(deps, request, reply);
  // A merge payload is a fragment (only the members given change, NGSI-LD Null deletes); a replacement a whole entity.
  const checkId = (payloadId: string): void => {
    if (payloadId && payloadId !== id) {
      throw new BadRequestDataError(`The payload id ${payloadId} differs from the entity id ${id} in the URL (§5.6.17, §5.6.18).`, { attribute: 'id' });
    }
  };
  let write: (services: TenantServices) => Promise<WriteWarnings>;
  if (mode === 'merge') {
    const patch = expandEntityFragment(request.body, ctx, { requireId: false });
    checkId(patch.id);
    write = (services) => services.entities.merge(id, patch);
  } else {
    const entity = expandEntity(request.body, ctx, { requireId: false });
    checkId(entity.id);
    write = (services) => services.entities.replace(id, { ...entity, id });
  }
  const services = await servicesForEntity(deps, tenant, id, query, ctx);
  const { warnings } = await namingViolations(ctx, id, write(services));
  warn(reply, warnings, ctx);
  return reply.status(204).send();
}
