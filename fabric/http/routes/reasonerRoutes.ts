/**
 * /reasoner — the rule engine (docs/reasoner.md):
 *   GET    /reasoner/status       whether an incremental reasoner keeps the tenant's inferred graphs (running, stopped, off)
 *   GET    /reasoner/rules        the active rules (built-in files, rules graph, shapes graph)
 *   POST   /reasoner/rules        add the rules of a Turtle body (text/turtle) to the rules graph → 201
 *   DELETE /reasoner/rules/{id}   remove a rule of the rules graph → 204
 *   POST   /reasoner/run          run all rules to a fixpoint → run statistics
 *   GET    /reasoner/explain?iri= which rule and premises produced the derived triples about an IRI
 * Writes go through the AccessGuard like every other write. Every route serves the tenant NGSILD-Tenant names
 * (GS CIM 009 §4.14; reasoner/TenantReasonerServices.ts): its rules, runs and derivations, from its store only; an
 * unknown tenant is 404 NonexistentTenant, an invalid name 400. Reads answer from the store whether or not the
 * tenant's reasoner is running; POST /reasoner/run starts a stopped one (docs/reasoner.md "Tenants").
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ReasonerService } from '../../../reasoner/ReasonerService.js';
import type { TenantReasonerServices } from '../../../reasoner/TenantReasonerServices.js';
import { tenantOf } from '../ngsi-ld/tenant.js';
import { InvalidRequestError, UnsupportedMediaTypeError } from '../../errors/FabricError.js';
import { bareMediaType } from '../../../sparql/mediaTypes.js';
import type { AccessGuard } from '../accessGuard.js';
import { isValidIri } from '../../rdf/iriValidation.js';

export function reasonerRoutes(app: FastifyInstance, tenants: TenantReasonerServices, guard: AccessGuard): void {
  const reasonerOf = (request: FastifyRequest): Promise<ReasonerService> => tenants.reasoner(tenantOf(request.headers));

  app.get('/reasoner/status', async (request, reply) => {
    return reply.type('application/json').send(await tenants.status(tenantOf(request.headers)));
  });

  app.get('/reasoner/rules', async (request, reply) => {
    const reasoner = await reasonerOf(request);
    return reply.type('application/json').send({ rules: reasoner.list() });
  });

  app.post('/reasoner/rules', async (request, reply) => {
    guard.assertMayWrite(request);
    const reasoner = await reasonerOf(request);
    if (bareMediaType(request.headers['content-type']) !== 'text/turtle' || typeof request.body !== 'string') {
      throw new UnsupportedMediaTypeError('Rules are added as a Turtle document (Content-Type: text/turtle).');
    }
    const added = await reasoner.add(request.body);
    return reply.code(201).type('application/json').send({ rules: added });
  });

  app.delete<{ Params: { id: string } }>('/reasoner/rules/:id', async (request, reply) => {
    guard.assertMayWrite(request);
    const reasoner = await reasonerOf(request);
    await reasoner.remove(request.params.id);
    return reply.code(204).send();
  });

  app.post('/reasoner/run', async (request, reply) => {
    guard.assertMayWrite(request);
    const reasoner = await reasonerOf(request);
    return reply.type('application/json').send(await reasoner.run());
  });

  app.get<{ Querystring: { iri?: string } }>('/reasoner/explain', async (request, reply) => {
    const { iri } = request.query;
    if (typeof iri !== 'string' || !isValidIri(iri)) throw new InvalidRequestError('Give the resource to explain as ?iri=<absolute IRI>.', { parameter: 'iri' });
    const reasoner = await reasonerOf(request);
    return reply.type('application/json').send({ explanations: await reasoner.explain(iri) });
  });
}
