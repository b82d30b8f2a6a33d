/**
 * /orchestration/services — deploy and manage services (issue 5, docs/orchestration.md):
 *   POST   /orchestration/services        a TOSCA 1.3 service (application/yaml, application/x-yaml, text/yaml; ?name= names
 *                                          a template without metadata.name) or NGSI-LD Service / ServiceComponent /
 *                                          InfrastructureElementRequirements entities (application/json with a Link
 *                                          header, or application/ld+json with @context) → 201 + Location + status
 *   GET    /orchestration/services        every service deployed here, with its components' status and IE
 *   GET    /orchestration/services/{id}   status of every component, its IE, runtime, decision summary and history
 *   PUT    /orchestration/services/{id}   update: re-plan only the components that changed → 200 + status
 *   DELETE /orchestration/services/{id}   remove every component (Removing → Finished) → 200 + status; ?purge=true also
 *                                          deletes the entities and the history → 204
 *   GET    /orchestration/runtimes        the runtimes in use, their workloads, and the dry-run runtime's planned actions
 * Writes go through the AccessGuard; an invalid request is 400 BadRequestData listing every problem
 * (InvalidServiceRequestError), an unknown service 404 ResourceNotFound, a second POST of a deployed service 409.
 * Deployments are not per NGSI-LD tenant (docs/orchestration.md "Tenants"): the continuum's IEs, the services, their
 * decisions and the policies that gate placement live in the default tenant's dataset, and named tenants (GS CIM 009
 * v1.8 §4.14) are application datasets. A request naming a tenant (NGSILD-Tenant, §6.3.14) is 400 BadRequestData —
 * never served silently from the default tenant.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OrchestrationService } from '../../../orchestration/OrchestrationService.js';
import type { ServiceRequest } from '../../../orchestration/request/ServiceRequest.js';
import type { RuntimeOverview } from '../../../orchestration/runtime/runtimeOverview.js';
import { BadRequestDataError, InvalidRequestError, UnsupportedMediaTypeError } from '../../errors/FabricError.js';
import { tenantOf } from '../ngsi-ld/tenant.js';
import { bareMediaType } from '../../../sparql/mediaTypes.js';
import type { AccessGuard } from '../accessGuard.js';
import { contextFromLinkHeader } from '../ngsi-ld/linkHeader.js';
import { isValidIri } from '../../rdf/iriValidation.js';

export interface OrchestrationHttpDeps {
  readonly service: OrchestrationService;
  /** TOSCA YAML → request (orchestration/request/toscaRequest.ts parseToscaService). */
  readonly parseTosca: (text: string, options?: { name?: string }) => ServiceRequest;
  /** NGSI-LD entities → request (orchestration/request/ngsiLdRequest.ts serviceRequestFromNgsiLd). */
  readonly parseNgsiLd: (entities: unknown[], context?: unknown) => Promise<ServiceRequest>;
  /** The runtimes in use (orchestration/runtime/runtimeOverview.ts); absent = no /orchestration/runtimes. */
  readonly runtimes?: () => Promise<RuntimeOverview[]>;
}

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
const LD_JSON = 'application/ld+json';
const SERVICE_PREFIX = 'urn:ngsi-ld:Service:';

type Query = { name?: string; purge?: string };

export function orchestrationRoutes(app: FastifyInstance, deps: OrchestrationHttpDeps, guard: AccessGuard, bodyLimitBytes: number): void {
  void app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      const tenant = tenantOf(request.headers);
      if (tenant !== undefined) {
        throw new BadRequestDataError(`Orchestration serves the continuum, whose IEs, services and placement policies are in the default tenant: deployments are not per NGSI-LD tenant. Send the request without NGSILD-Tenant (got '${tenant}').`, { header: 'NGSILD-Tenant' });
      }
    });
    scope.addContentTypeParser(YAML_TYPES, { parseAs: 'string', bodyLimit: bodyLimitBytes }, (_request, body, done) => done(null, body));
    // application/ld+json arrives as text (the app parses it so for JSON-LD uploads): parsed in readRequest.

    const readRequest = async (request: FastifyRequest<{ Querystring: Query }>, name?: string): Promise<ServiceRequest> => {
      const type = bareMediaType(request.headers['content-type']) ?? '';
      if (YAML_TYPES.includes(type)) {
        if (typeof request.body !== 'string' || request.body.trim() === '') throw new InvalidRequestError('The TOSCA service template is empty.');
        return deps.parseTosca(request.body, name ? { name } : {});
      }
      if (type === 'application/json' || type === LD_JSON) {
        const body = typeof request.body === 'string' ? parseJson(request.body) : request.body;
        const entities = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : undefined;
        if (!entities) throw new InvalidRequestError('Send the NGSI-LD Service, ServiceComponent and InfrastructureElementRequirements entities as a JSON array.');
        const context = type === 'application/json' ? contextFromLinkHeader(request.headers.link) : undefined;
        return deps.parseNgsiLd(entities, context);
      }
      throw new UnsupportedMediaTypeError(`Send a TOSCA service as ${YAML_TYPES.join(', ')}, or NGSI-LD entities as application/json or ${LD_JSON}.`);
    };

    scope.post<{ Querystring: Query }>('/orchestration/services', async (request, reply) => {
      guard.assertMayWrite(request);
      const name = request.query.name;
      if (name !== undefined && !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
        throw new InvalidRequestError('name must be a DNS-1123 label (lower-case letters, digits, "-").', { parameter: 'name' });
      }
      const view = await deps.service.deploy(await readRequest(request, name));
      return reply.code(201).header('location', `/orchestration/services/${encodeURIComponent(view.id)}`).type('application/json').send(view);
    });

    const { runtimes } = deps;
    if (runtimes) scope.get('/orchestration/runtimes', async (_request, reply) => reply.type('application/json').send({ runtimes: await runtimes() }));

    scope.get('/orchestration/services', async (_request, reply) => reply.type('application/json').send({ services: await deps.service.list() }));

    scope.get<{ Params: { id: string } }>('/orchestration/services/:id', async (request, reply) => {
      return reply.type('application/json').send(await deps.service.get(serviceId(request.params.id)));
    });

    scope.put<{ Params: { id: string }; Querystring: Query }>('/orchestration/services/:id', async (request, reply) => {
      guard.assertMayWrite(request);
      const id = serviceId(request.params.id);
      const parsed = await readRequest(request, id.startsWith(SERVICE_PREFIX) ? id.slice(SERVICE_PREFIX.length) : undefined);
      if (parsed.id !== id) throw new InvalidRequestError(`The body describes service ${parsed.id}, the path names ${id}.`);
      return reply.type('application/json').send(await deps.service.update(parsed));
    });

    scope.delete<{ Params: { id: string }; Querystring: Query }>('/orchestration/services/:id', async (request, reply) => {
      guard.assertMayWrite(request);
      const purge = request.query.purge === 'true' || request.query.purge === '';
      const view = await deps.service.remove(serviceId(request.params.id), { purge });
      return view ? reply.type('application/json').send(view) : reply.code(204).send();
    });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InvalidRequestError(`The body is not valid JSON: ${(e as Error).message}`);
  }
}

/** The service id of the path: an absolute IRI (URL-encoded), or a bare name meaning urn:ngsi-ld:Service:<name>. */
function serviceId(param: string): string {
  if (isValidIri(param)) return param;
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(param)) return SERVICE_PREFIX + param;
  throw new InvalidRequestError('A service is named by its IRI (URL-encoded), e.g. /orchestration/services/urn:ngsi-ld:Service:shop, or by its name.', { parameter: 'id' });
}
