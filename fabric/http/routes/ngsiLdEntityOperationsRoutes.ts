/**
 * NGSI-LD batch operations (GS CIM 009 v1.8 §6.14 create, §6.15 upsert, §6.16 update,
 * §6.17 delete, §6.31 merge, §6.23 query). Every item is expanded with its own @context
 * (application/ld+json: the item's "@context"; application/json: the Link header); an
 * item that does not expand fails alone. Results (§5.2.16 BatchOperationResult):
 * - create: 201 with the created ids when all succeeded, else 207 {success, errors};
 * - upsert: 201 with the created ids when some were created, 204 when all were updated,
 *   else 207;
 * - update, delete, merge: 204, else 207.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestDataError, FabricError, InvalidRequestError } from '../../errors/FabricError.js';
import type { ProcessedContext } from '../../ngsi-ld/context/ProcessedContext.js';
import { expandEntity, expandEntityFragment } from '../../ngsi-ld/codec/expandEntity.js';
import type { Entity } from '../../ngsi-ld/model/Entity.js';
import { type BatchResult, failedBatch, type MergeItem } from '../../ngsi-ld/service/BatchService.js';
import type { TenantServices } from '../../ngsi-ld/service/NgsiLdServices.js';
import { TenantRegistry } from '../../ngsi-ld/service/TenantRegistry.js';
import { clientAttributeName, type ShapeViolation } from '../../ngsi-ld/service/shapeViolations.js';
import { entityQueryResponse } from '../ngsi-ld/entityQueryResponse.js';
import { joinOf } from '../ngsi-ld/entityJoin.js';
import { bodyOrParameter, pagingOf, runQuery, termsFromQueryBody } from '../ngsi-ld/entityQuery.js';
import { projection } from '../ngsi-ld/projection.js';
import { JSON_LD_TYPE, negotiateResponse } from '../ngsi-ld/mediaTypes.js';
import type { NgsiLdHttpDeps } from '../ngsi-ld/NgsiLdHttpDeps.js';
import { checkParameters, PARAMETERS } from '../ngsi-ld/queryParameters.js';
import { optionFlags, representation } from '../ngsi-ld/representation.js';
import { bodyContext, bodyMediaType } from '../ngsi-ld/requestContext.js';
import { assertMayWrite, contextOf, queryOf, tenantFor, warn, withClientNames } from '../ngsi-ld/requestKit.js';

/** A batch item after expansion: the entity and its @context, or the error that fails only this item. */
interface PreparedItem<E = Entity> {
  readonly id: string;
  readonly entity?: E;
  readonly ctx?: ProcessedContext;
  readonly error?: unknown;
}

/** The @context each item was written with, by entity id: attributes in errors and warnings are named with it. */
type ItemContexts = ReadonlyMap<string, ProcessedContext>;

const contextsOf = (items: readonly PreparedItem<unknown>[]): ItemContexts => new Map(items.flatMap((i) => (i.ctx ? [[i.id, i.ctx] as const] : [])));

/** SHACL violations accepted in `warn` mode, over all items. */
function batchWarnings(reply: FastifyReply, result: BatchResult, contexts: ItemContexts = new Map()): void {
  const name = (entityId: string, v: ShapeViolation) => {
    const ctx = contexts.get(entityId);
    return v.attribute === null ? '' : ctx ? clientAttributeName((iri) => ctx.compactIri(iri), v.attribute, v.equivalents) : v.attribute;
  };
  warn(reply, result.warnings.flatMap((w) => w.violations.map((v) => ({ message: v.message, rule: v.rule, attribute: `${w.entityId} ${name(w.entityId, v)}`.trim() }))));
}

const rawIdOf = (item: unknown): string => {
  const id = item && typeof item === 'object' ? (item as { id?: unknown }).id ?? (item as { '@id'?: unknown })['@id'] : undefined;
  return typeof id === 'string' ? id : '';
};

function batchArray(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw new InvalidRequestError('The payload of a batch operation must be a JSON array (§6.14–§6.17).');
  if (body.length === 0) throw new BadRequestDataError('The batch is empty.');
  return body;
}

/** Expands each item with its own @context; `expand` is expandEntity, or expandEntityFragment for a merge. */
async function prepare<E extends { readonly id: string }>(
  deps: NgsiLdHttpDeps, request: FastifyRequest, expand: (item: unknown, ctx: ProcessedContext) => E,
): Promise<PreparedItem<E>[]> {
  const bodyType = bodyMediaType(request.headers);
  const items = batchArray(request.body);
  return Promise.all(items.map(async (item): Promise<PreparedItem<E>> => {
    try {
      const source = bodyContext(request.headers, bodyType, item);
      const ctx = await contextOf(deps, source.context);
      const entity = expand(item, ctx);
      return { id: entity.id, entity, ctx };
    } catch (error) {
      return { id: rawIdOf(item), error };
    }
  }));
}

/**
 * The services of a batch create / upsert's tenant, creating it (§5.5.10: an operation creating information
 * creates its tenant) only when some item can be written: a batch whose every item fails to expand answers its
 * errors (207) without creating the tenant. undefined: the tenant does not exist and nothing will be written.
 */
async function servicesToCreate(deps: NgsiLdHttpDeps, tenant: string | undefined, items: readonly PreparedItem<unknown>[]): Promise<TenantServices | undefined> {
  if (items.some((i) => i.error === undefined) || deps.services.tenants.has(tenant)) return deps.services.forWrite(tenant);
  TenantRegistry.validateName(tenant!); // not the default tenant: has() answers true for it
  return undefined;
}

const entities = (requireType: boolean) => (item: unknown, ctx: ProcessedContext): Entity => expandEntity(item, ctx, { requireType });
/** §6.31: a merge item is a fragment (only the members given change, NGSI-LD Null deletes; §5.6.17). */
const mergePatches = (item: unknown, ctx: ProcessedContext): MergeItem => expandEntityFragment(item, ctx);

const expandPrepared = <E>(item: PreparedItem<E>): E => {
  if (item.error !== undefined) throw item.error;
  return item.entity!;
};

/** §5.2.16 BatchOperationResult; each §5.2.17 error an RFC 7807 body naming attributes with the item's @context. */
function multiStatus(reply: FastifyReply, result: BatchResult, contexts: ItemContexts = new Map()): FastifyReply {
  batchWarnings(reply, result, contexts);
  const errors = result.errors.map(({ entityId, error }) => {
    const ctx = contexts.get(entityId);
    const named = ctx ? withClientNames(error, ctx, entityId) : error;
    return { entityId, error: (named instanceof FabricError ? named : error).toProblem() };
  });
  return reply.status(207).type('application/json').send(JSON.stringify({ success: result.success, errors }));
}

/** update, merge, delete: 204 when every item succeeded, else 207. */
function noContentOrMultiStatus(reply: FastifyReply, result: BatchResult, contexts: ItemContexts = new Map()): FastifyReply {
  if (result.errors.length > 0) return multiStatus(reply, result, contexts);
  batchWarnings(reply, result, contexts);
  return reply.status(204).send();
}

export function ngsiLdEntityOperationsRoutes(app: FastifyInstance, deps: NgsiLdHttpDeps): void {
  // §6.14.3.1 Batch Entity Creation.
  app.post('/entityOperations/create', async (request, reply) => {
    checkParameters(queryOf(request), PARAMETERS.batch);
    optionFlags(queryOf(request), []);
    assertMayWrite(deps, request);
    const tenant = tenantFor(request, reply);
    const items = await prepare(deps, request, entities(true));
    const contexts = contextsOf(items);
    const services = await servicesToCreate(deps, tenant, items);
    const result = services ? await services.batch.create(items, expandPrepared) : failedBatch(items);
    if (result.errors.length > 0) return multiStatus(reply, result, contexts);
    batchWarnings(reply, result, contexts);
    return reply.status(201).type('application/json').send(JSON.stringify(result.success));
  });

  // §6.15.3.1 Batch Entity Create or Update (Upsert), options=replace (default) | update.
  app.post('/entityOperations/upsert', async (request, reply) => {
    checkParameters(queryOf(request), PARAMETERS.batch);
    const flags = optionFlags(queryOf(request), ['replace', 'update']);
    if (flags.size > 1) throw new InvalidRequestError('options=replace and options=update exclude each other (§6.15.3.1).', { parameter: 'options' });
    assertMayWrite(deps, request);
    const tenant = tenantFor(request, reply);
    const items = await prepare(deps, request, entities(true));
    const contexts = contextsOf(items);
    const services = await servicesToCreate(deps, tenant, items);
    const result = services ? await services.batch.upsert(items, flags.has('update') ? 'update' : 'replace', expandPrepared) : failedBatch(items);
    if (result.errors.length > 0) return multiStatus(reply, result, contexts);
    batchWarnings(reply, result, contexts);
    if (result.created.length > 0) return reply.status(201).type('application/json').send(JSON.stringify(result.created));
    return reply.status(204).send();
  });

  // §6.16.3.1 Batch Entity Update, options=noOverwrite.
  app.post('/entityOperations/update', async (request, reply) => {
    checkParameters(queryOf(request), PARAMETERS.batch);
    const noOverwrite = optionFlags(queryOf(request), ['noOverwrite']).has('noOverwrite');
    assertMayWrite(deps, request);
    const services = await deps.services.forRead(tenantFor(request, reply));
    const items = await prepare(deps, request, entities(false));
    const result = await services.batch.update(items, noOverwrite, expandPrepared);
    return noContentOrMultiStatus(reply, result, contextsOf(items));
  });

  // §6.31.3.1 Batch Entity Merge (NGSI-LD Null deletes).
  app.post('/entityOperations/merge', async (request, reply) => {
    checkParameters(queryOf(request), PARAMETERS.batch);
    optionFlags(queryOf(request), []);
    assertMayWrite(deps, request);
    const services = await deps.services.forRead(tenantFor(request, reply));
    const items = await prepare(deps, request, mergePatches);
    const result = await services.batch.merge(items, expandPrepared);
    return noContentOrMultiStatus(reply, result, contextsOf(items));
  });

  // §6.17.3.1 Batch Entity Delete: an array of entity ids.
  app.post('/entityOperations/delete', async (request, reply) => {
    checkParameters(queryOf(request), PARAMETERS.batch);
    optionFlags(queryOf(request), []);
    assertMayWrite(deps, request);
    bodyMediaType(request.headers);
    const services = await deps.services.forRead(tenantFor(request, reply));
    const result = await services.batch.delete(batchArray(request.body));
    return noContentOrMultiStatus(reply, result);
  });

  // §6.23.3.1 Query Entities via POST (a §5.2.23 Query body).
  app.post('/entityOperations/query', async (request, reply) => {
    const query = queryOf(request);
    checkParameters(query, PARAMETERS.batchQuery);
    const mediaType = negotiateResponse(request.headers.accept, { geo: true });
    const tenant = tenantFor(request, reply);
    const bodySource = bodyContext(request.headers, bodyMediaType(request.headers), request.body);
    const ctx = await contextOf(deps, bodySource.context);
    // An inline @context answered in application/json is named by an ImplicitlyCreated context URL (§5.13, §6.3.4).
    const source = bodySource.via === 'body' && typeof bodySource.context !== 'string' && mediaType !== JSON_LD_TYPE
      ? { ...bodySource, context: deps.hosted.implicit(bodySource.context, `${request.protocol}://${request.host}`) }
      : bodySource;
    const body = termsFromQueryBody(request.body);
    const { terms, pick, omit } = body;
    // lang and datasetId may be given in the body and in the URL: one value, else 400 naming the conflict.
    const lang = bodyOrParameter('lang', body.lang, query);
    const datasetId = bodyOrParameter('datasetId', body.datasetId, query);
    // The Query's attrs, pick, omit and datasetId project like the parameters of GET /entities (§5.7.2, §4.21, §4.5.5).
    const projected = {
      ...query,
      ...(terms.attrs && query.attrs === undefined ? { attrs: terms.attrs.join(',') } : {}),
      ...(pick !== undefined ? { pick } : {}),
      ...(omit !== undefined ? { omit } : {}),
      ...(datasetId !== undefined ? { datasetId } : {}),
    };
    joinOf(projected, mediaType, representation(projected).format); // fail fast (400, 501) before running the query
    projection(projected, ctx);
    const services = await deps.services.forRead(tenant);
    const page = await runQuery(deps, services, terms, ctx, pagingOf(query));
    return entityQueryResponse(reply, page, ctx, mediaType, source, projected, lang, (id) => services.entities.find(id));
  });
}
