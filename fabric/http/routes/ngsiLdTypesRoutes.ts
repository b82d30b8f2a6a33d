/**
 * NGSI-LD entity type discovery (GS CIM 009 v1.8 §6.25 /types, §6.26 /types/{type}):
 * §5.2.24 EntityTypeList, with details=true an array of §5.2.25 EntityType, and
 * §5.2.26 EntityTypeInfo for one type. Names are compacted with the request's @context.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { discoveryRequest } from '../ngsi-ld/discoveryRequest.js';
import type { NgsiLdHttpDeps } from '../ngsi-ld/NgsiLdHttpDeps.js';
import { booleanParam, PARAMETERS } from '../ngsi-ld/queryParameters.js';
import { sendJson, sorted, withContext } from '../ngsi-ld/responses.js';

export function ngsiLdTypesRoutes(app: FastifyInstance, deps: NgsiLdHttpDeps): void {
  app.get('/types', async (request, reply) => {
    const { query, mediaType, source, ctx, services } = await discoveryRequest(deps, request, reply, PARAMETERS.discoveryList);
    if (booleanParam(query, 'details') === true) {
      const details = await services.types.listTypeDetails();
      return sendJson(reply, mediaType, source, details.map((d) => withContext({
        id: d.type, type: 'EntityType', typeName: ctx.compactIri(d.type), attributeNames: sorted(d.attributeNames.map((a) => ctx.compactIri(a))),
      }, mediaType, source)));
    }
    const types = await services.types.listTypes();
    return sendJson(reply, mediaType, source, withContext({
      id: `urn:ngsi-ld:EntityTypeList:${randomUUID()}`, type: 'EntityTypeList', typeList: sorted(types.map((t) => ctx.compactIri(t))),
    }, mediaType, source));
  });

  app.get<{ Params: { type: string } }>('/types/:type', async (request, reply) => {
    const { mediaType, source, ctx, services } = await discoveryRequest(deps, request, reply, PARAMETERS.discoveryItem);
    const info = await services.types.typeInfo(ctx.expandTerm(request.params.type) ?? request.params.type);
    return sendJson(reply, mediaType, source, withContext({
      id: info.type, type: 'EntityTypeInfo', typeName: ctx.compactIri(info.type), entityCount: info.entityCount,
      attributeDetails: info.attributeDetails.map((a) => ({ id: a.attributeName, type: 'Attribute', attributeName: ctx.compactIri(a.attributeName), attributeTypes: a.attributeTypes })),
    }, mediaType, source));
  });
}
