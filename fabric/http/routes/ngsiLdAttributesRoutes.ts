/**
 * NGSI-LD attribute discovery (GS CIM 009 v1.8 §6.27 /attributes, §6.28
 * /attributes/{attrId}): §5.2.29 AttributeList, with details=true an array of §5.2.28
 * Attribute, and the §5.2.28 Attribute of one attribute. Names are compacted with the
 * request's @context.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { discoveryRequest } from '../ngsi-ld/discoveryRequest.js';
import type { NgsiLdHttpDeps } from '../ngsi-ld/NgsiLdHttpDeps.js';
import { booleanParam, PARAMETERS } from '../ngsi-ld/queryParameters.js';
import { sendJson, sorted, withContext } from '../ngsi-ld/responses.js';

export function ngsiLdAttributesRoutes(app: FastifyInstance, deps: NgsiLdHttpDeps): void {
  app.get('/attributes', async (request, reply) => {
    const { query, mediaType, source, ctx, services } = await discoveryRequest(deps, request, reply, PARAMETERS.discoveryList);
    if (booleanParam(query, 'details') === true) {
      const details = await services.attributes.listAttributeDetails();
      return sendJson(reply, mediaType, source, details.map((d) => withContext({
        id: d.attributeName, type: 'Attribute', attributeName: ctx.compactIri(d.attributeName), typeNames: sorted(d.typeNames.map((t) => ctx.compactIri(t))),
      }, mediaType, source)));
    }
    const names = await services.attributes.listAttributes();
    return sendJson(reply, mediaType, source, withContext({
      id: `urn:ngsi-ld:AttributeList:${randomUUID()}`, type: 'AttributeList', attributeList: sorted(names.map((n) => ctx.compactIri(n))),
    }, mediaType, source));
  });

  app.get<{ Params: { attrId: string } }>('/attributes/:attrId', async (request, reply) => {
    const { mediaType, source, ctx, services } = await discoveryRequest(deps, request, reply, PARAMETERS.discoveryItem);
    const info = await services.attributes.attributeInfo(ctx.expandTerm(request.params.attrId) ?? request.params.attrId);
    return sendJson(reply, mediaType, source, withContext({
      id: info.attributeName, type: 'Attribute', attributeName: ctx.compactIri(info.attributeName), attributeCount: info.attributeCount,
      attributeTypes: info.attributeTypes, typeNames: info.typeNames.map((t) => ctx.compactIri(t)),
    }, mediaType, source));
  });
}
