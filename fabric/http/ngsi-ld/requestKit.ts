/**
 * Small steps every NGSI-LD route takes: path ids must be URIs (§4.5.1 → 400
 * BadRequestData), the optional `type` parameter of single-entity operations must match
 * the entity (§6.5.3: otherwise 404), write access goes through the AccessGuard, and the
 * response echoes the tenant.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestDataError, ResourceNotFoundError } from '../../errors/FabricError.js';
import type { ProcessedContext } from '../../ngsi-ld/context/ProcessedContext.js';
import { isAbsoluteIri } from '../../ngsi-ld/codec/structuralRules.js';
import type { Entity } from '../../ngsi-ld/model/Entity.js';
import type { EntityFragment } from '../../ngsi-ld/service/entityEdits.js';
import type { TenantServices } from '../../ngsi-ld/service/NgsiLdServices.js';
import { bodyContext, bodyMediaType } from './requestContext.js';
import { violationError, type ViolationSummary } from '../../ngsi-ld/service/EntityValidator.js';
import { clientAttributeName } from '../../ngsi-ld/service/shapeViolations.js';
import type { NgsiLdHttpDeps } from './NgsiLdHttpDeps.js';
import { param, type QueryParams } from './queryParameters.js';
import { echoTenant } from './responses.js';
import { tenantOf } from './tenant.js';

export function entityIdOf(raw: string): string {
  if (!isAbsoluteIri(raw)) throw new BadRequestDataError(`'${raw}' is not a valid entity id: ids are URIs (§4.5.1).`, { attribute: 'id' });
  return raw;
}

/** §6.5.3 `type`: the entity must have (one of) the given type(s), else ResourceNotFound. */
export function checkTypeParam(entity: Entity, query: QueryParams, ctx: ProcessedContext): void {
  const type = param(query, 'type');
  if (type === undefined) return;
  const wanted = type.split(',').map((t) => ctx.expandTerm(t.trim()) ?? t.trim());
  if (!wanted.some((t) => entity.types.includes(t))) {
    throw new ResourceNotFoundError(`Entity ${entity.id} exists but is not of type ${type}.`);
  }
}

/** The tenant of a request; echoes it on the reply (§6.3.14). */
export function tenantFor(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const tenant = tenantOf(request.headers);
  echoTenant(reply, tenant);
  return tenant;
}

export function assertMayWrite(deps: NgsiLdHttpDeps, request: FastifyRequest): void {
  deps.guard?.assertMayWrite(request);
}

/**
 * Accepted SHACL violations (validation mode `warn`) reported as an RFC 9111-style Warning
 * header; attributes named by the request's @context terms when `ctx` is given. Each violation
 * names the attribute and the rule broken, as the 400 of `reject` mode does (issue 3
 * "Validation and errors"): `cpuCores breaks sh:MinInclusiveConstraintComponent: <message>`.
 * The warn-text is a quoted-string (RFC 9110 §5.6.4): double quotes become single quotes,
 * backslashes and line breaks spaces.
 */
export function warn(
  reply: FastifyReply,
  warnings: ReadonlyArray<{ message: string; attribute: string | null; rule?: string; equivalents?: readonly string[] }>,
  ctx?: ProcessedContext,
): void {
  if (warnings.length === 0) return;
  const name = (w: (typeof warnings)[number]) =>
    (w.attribute !== null && ctx ? clientAttributeName((iri) => ctx.compactIri(iri), w.attribute, w.equivalents) : w.attribute ?? '');
  const one = (w: (typeof warnings)[number]) => {
    const broken = w.rule ? `${name(w) || 'the entity'} breaks ${w.rule}:` : name(w);
    return `${broken} ${w.message}`.trim();
  };
  const text = warnings.map(one).join('; ').replace(/"/g, "'").replace(/[\\\r\n]/g, ' ');
  void reply.header('Warning', `199 continuum-fabric "accepted with ${warnings.length} shape violation(s): ${text.slice(0, 500)}"`);
}

/** The processed @context of a request: the core context (cached) when the request names none. */
export function contextOf(deps: NgsiLdHttpDeps, context: unknown): Promise<ProcessedContext> {
  return context === undefined || context === null ? deps.contexts.core() : deps.contexts.resolve(context);
}

export function queryOf(request: FastifyRequest): QueryParams {
  return request.query as QueryParams;
}

/**
 * Runs a write and, when it fails on SHACL violations (400 BadRequestData from
 * EntityValidator, GS CIM 009 §5.5.1), names the attributes by the request's @context terms
 * (`cpuCores` rather than its expanded IRI), as the client wrote them.
 */
/** A shape-violation error renamed with the client's term names (its @context); other errors unchanged. */
export function withClientNames(error: unknown, ctx: ProcessedContext, entityId: string): unknown {
  const violations = error instanceof BadRequestDataError ? error.extensions.violations : undefined;
  if (!Array.isArray(violations)) return error;
  const named = (violations as ViolationSummary[]).map(({ equivalents, ...v }) => ({
    ...v, attribute: v.attribute === null ? null : clientAttributeName((iri) => ctx.compactIri(iri), v.attribute, equivalents),
  }));
  return violationError(entityId, named);
}

export async function namingViolations<T>(ctx: ProcessedContext, entityId: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw withClientNames(error, ctx, entityId);
  }
}

/**
 * The first steps of a write to one entity (§6.5.3, §6.6.3, §6.7.3): write access, the entity id
 * of the path, the tenant, and the @context of the body.
 */
export async function entityWrite(deps: NgsiLdHttpDeps, request: FastifyRequest<{ Params: { entityId: string } }>, reply: FastifyReply): Promise<{ id: string; tenant: string | undefined; ctx: ProcessedContext }> {
  assertMayWrite(deps, request);
  const id = entityIdOf(request.params.entityId);
  const tenant = tenantFor(request, reply);
  const source = bodyContext(request.headers, bodyMediaType(request.headers), request.body);
  return { id, tenant, ctx: await contextOf(deps, source.context) };
}

/** The tenant's services, after checking the optional `type` parameter against the entity (§6.5.3). */
export async function servicesForEntity(deps: NgsiLdHttpDeps, tenant: string | undefined, id: string, query: QueryParams, ctx: ProcessedContext): Promise<TenantServices> {
  const services = await deps.services.forRead(tenant);
  if (param(query, 'type') !== undefined) checkTypeParam(services.entities.retrieve(id), query, ctx);
  return services;
}

/** The parts of an expanded payload that a merge or an attribute append changes. */
export function fragmentOf(entity: Entity): EntityFragment {
  return { ...(entity.types.length > 0 ? { types: entity.types } : {}), ...(entity.scope ? { scope: entity.scope } : {}), attributes: entity.attributes };
}
