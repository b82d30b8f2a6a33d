/**
 * NGSI-LD /entities/{entityId}/attrs and /entities/{entityId}/attrs/{attrId}
 * (GS CIM 009 v1.8 §6.6, §6.7): POST append (§5.6.3, options=noOverwrite), PATCH update
 * (§5.6.2), PATCH partial attribute update (§5.6.4), PUT replace attribute (§5.6.19),
 * DELETE attribute (§5.6.5, datasetId, deleteAll). 204 when everything was done, 207 with
 * the §5.2.18 UpdateResult when some attributes were not.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestDataError } from '../../errors/FabricError.js';
import type { ProcessedContext } from '../../ngsi-ld/context/ProcessedContext.js';
import { expandAttribute, expandAttributeFragment, expandEntity } from '../../ngsi-ld/codec/expandEntity.js';
import { SCOPE } from '../../ngsi-ld/codec/ngsiLdVocabulary.js';
import { isAbsoluteIri } from '../../ngsi-ld/codec/structuralRules.js';
import type { UpdateOutcome, WriteWarnings } from '../../ngsi-ld/service/EntityService.js';
import type { TenantServices } from '../../ngsi-ld/service/NgsiLdServices.js';
import type { NgsiLdHttpDeps } from '../ngsi-ld/NgsiLdHttpDeps.js';
import { booleanParam, checkParameters, param, PARAMETERS } from '../ngsi-ld/queryParameters.js';
import { optionFlags } from '../ngsi-ld/representation.js';
import { linkContext } from '../ngsi-ld/requestContext.js';
import { assertMayWrite, checkTypeParam, contextOf, entityIdOf, entityWrite, fragmentOf, namingViolations, queryOf, servicesForEntity, tenantFor, warn } from '../ngsi-ld/requestKit.js';

type IdParams = { Params: { entityId: string } };
type AttrParams = { Params: { entityId: string; attrId: string } };


/** §5.2.18 UpdateResult with compacted attribute names; 204 when nothing was left out. */
function updateResponse(reply: FastifyReply, outcome: UpdateOutcome, ctx: ProcessedContext): FastifyReply {
  warn(reply, outcome.warnings, ctx);
  if (outcome.notUpdated.length === 0) return reply.status(204).send();
  const body = {
    updated: outcome.updated.map((iri) => ctx.compactIri(iri)),
    notUpdated: outcome.notUpdated.map((n) => ({ attributeName: ctx.compactIri(n.attributeName), reason: n.reason, ...(n.datasetId !== undefined ? { datasetId: n.datasetId } : {}) })),
  };
  return reply.status(207).type('application/json').send(JSON.stringify(body));
}

export function ngsiLdEntityAttrsRoutes(app: FastifyInstance, deps: NgsiLdHttpDeps): void {
  const fragmentRequest = async (request: FastifyRequest<IdParams>, reply: FastifyReply) => {
    const { id, tenant, ctx } = await entityWrite(deps, request, reply);
    const fragment = expandEntity(request.body, ctx, { requireId: false, requireType: false });
    if (fragment.id && fragment.id !== id) throw new BadRequestDataError(`The payload id ${fragment.id} differs from the entity id ${id} in the URL.`, { attribute: 'id' });
    const services = await servicesForEntity(deps, tenant, id, queryOf(request), ctx);
    return { id, ctx, services, fragment: fragmentOf(fragment) };
  };

  // §6.6.3.1 Append Entity Attributes.
  app.post<IdParams>('/entities/:entityId/attrs', async (request, reply) => {
    const query = queryOf(request);
    checkParameters(query, PARAMETERS.appendAttributes);
    const noOverwrite = optionFlags(query, ['noOverwrite']).has('noOverwrite');
    const { id, ctx, services, fragment } = await fragmentRequest(request, reply);
    return updateResponse(reply, await namingViolations(ctx, id, services.entities.appendAttributes(id, fragment, { noOverwrite })), ctx);
  });

  // §6.6.3.2 Update Entity Attributes.
  app.patch<IdParams>('/entities/:entityId/attrs', async (request, reply) => {
    checkParameters(queryOf(request), PARAMETERS.updateAttributes);
    const { id, ctx, services, fragment } = await fragmentRequest(request, reply);
    return updateResponse(reply, await namingViolations(ctx, id, services.entities.updateAttributes(id, fragment)), ctx);
  });

  const attributeWrite = (mode: 'update' | 'replace') => async (request: FastifyRequest<AttrParams>, reply: FastifyReply) => {
    const query = queryOf(request);
    checkParameters(query, PARAMETERS.updateAttributes);
    const { id, tenant, ctx } = await entityWrite(deps, request, reply);
    const body = stripContext(request.body);
    if (request.params.attrId === 'scope' || ctx.expandTerm(request.params.attrId) === SCOPE) {
      throw new BadRequestDataError(`scope is not an attribute: ${mode === 'update' ? 'a partial attribute update' : 'a replace attribute'} cannot target it (§5.6.4.4); merge the entity to change it.`, { attribute: 'scope' });
    }
    let work: (services: TenantServices) => Promise<WriteWarnings>;
    if (mode === 'update') {
      // §5.6.4: a fragment; only the members given change (expandAttributeFragment.ts).
      const { iri, fragments } = expandAttributeFragment(request.params.attrId, body, ctx);
      work = (services) => services.entities.updateAttribute(id, iri, fragments);
    } else {
      const { iri, instances } = expandAttribute(request.params.attrId, body, ctx);
      work = (services) => services.entities.replaceAttribute(id, iri, instances);
    }
    const services = await servicesForEntity(deps, tenant, id, query, ctx);
    const { warnings } = await namingViolations(ctx, id, work(services));
    warn(reply, warnings, ctx);
    return reply.status(204).send();
  };
  // §6.7.3.1 Partial Attribute Update; §6.7.3.3 Replace Entity Attribute.
  app.patch<AttrParams>('/entities/:entityId/attrs/:attrId', attributeWrite('update'));
  app.put<AttrParams>('/entities/:entityId/attrs/:attrId', attributeWrite('replace'));

  // §6.7.3.2 Delete Entity Attribute.
  app.delete<AttrParams>('/entities/:entityId/attrs/:attrId', async (request, reply) => {
    const query = queryOf(request);
    checkParameters(query, PARAMETERS.deleteAttribute);
    assertMayWrite(deps, request);
    const id = entityIdOf(request.params.entityId);
    const tenant = tenantFor(request, reply);
    const ctx = await contextOf(deps, linkContext(request.headers).context);
    const datasetId = param(query, 'datasetId');
    if (datasetId !== undefined && !isAbsoluteIri(datasetId)) throw new BadRequestDataError(`datasetId '${datasetId}' is not a URI (§4.5.5).`, { parameter: 'datasetId' });
    const deleteAll = booleanParam(query, 'deleteAll') === true;
    // §5.6.5.4: "If the target Attribute is scope, remove the scope" (entityEdits.attributeDeletedEntity).
    const iri = request.params.attrId === 'scope' ? SCOPE : ctx.expandTerm(request.params.attrId) ?? request.params.attrId;
    const services = await deps.services.forRead(tenant);
    if (param(query, 'type') !== undefined) checkTypeParam(services.entities.retrieve(id), query, ctx);
    const { warnings } = await namingViolations(ctx, id, services.entities.deleteAttribute(id, iri, { ...(datasetId !== undefined ? { datasetId } : {}), deleteAll }));
    warn(reply, warnings, ctx); // `warn` mode: a delete that breaks the shape (a required attribute) is accepted with a Warning
    return reply.status(204).send();
  });
}

/** The attribute payload without its "@context" member (application/ld+json carries it inline). */
function stripContext(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('@context' in body)) return body;
  const { '@context': _context, ...rest } = body as Record<string, unknown>;
  return rest;
}
