/**
 * /reasoner — the rule engine (docs/reasoner.md):
 *   GET    /reasoner/rules        the active rules (built-in files, rules graph, shapes graph)
 *   POST   /reasoner/rules        add the rules of a Turtle body (text/turtle) to the rules graph → 201
 *   DELETE /reasoner/rules/{id}   remove a rule of the rules graph → 204
 *   POST   /reasoner/run          run all rules to a fixpoint → run statistics
 *   GET    /reasoner/explain?iri= which rule and premises produced the derived triples about an IRI
 * Writes go through the AccessGuard like every other write. The reasoner serves the default tenant only:
 * NGSILD-Tenant naming an unknown tenant is 404 NonexistentTenant, an existing named tenant 501 NotImplemented
 * (reasoner/defaultTenantOnly.ts), never the default tenant's rules or derivations.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ReasonerService } from '../../../reasoner/ReasonerService.js';
import { assertDefaultTenant } from '../../../reasoner/defaultTenantOnly.js';
import type { KnownTenants } from '../../ngsi-ld/service/TenantRegistry.js';
import { tenantOf } from '../ngsi-ld/tenant.js';
import { InvalidRequestError, UnsupportedMediaTypeError } from '../../errors/FabricError.js';
import { bareMediaType } from '../../../sparql/mediaTypes.js';
import type { AccessGuard } from '../accessGuard.js';
import { isValidIri } from '../../rdf/iriValidation.js';

export function reasonerRoutes(app: FastifyInstance, reasoner: ReasonerService, guard: AccessGuard, tenants: KnownTenants): void {
  const defaultTenantOnly = (request: FastifyRequest): void => assertDefaultTenant(tenants, tenantOf(request.headers), 'The reasoner');

  app.get('/reasoner/rules', async (request, reply) => {
    defaultTenantOnly(request);
    return reply.type('application/json').send({ rules: reasoner.list() });
  });

  app.post('/reasoner/rules', async (request, reply) => {
    guard.assertMayWrite(request);
    defaultTenantOnly(request);
    if (bareMediaType(request.headers['content-type']) !== 'text/turtle' || typeof request.body !== 'string') {
      throw new UnsupportedMediaTypeError('Rules are added as a Turtle document (Content-Type: text/turtle).');
    }
    const added = await reasoner.add(request.body);
    return reply.code(201).type('application/json').send({ rules: added });
  });

  app.delete<{ Params: { id: string } }>('/reasoner/rules/:id', async (request, reply) => {
    guard.assertMayWrite(request);
    defaultTenantOnly(request);
    await reasoner.remove(request.params.id);
    return reply.code(204).send();
  });

  app.post('/reasoner/run', async (request, reply) => {
    guard.assertMayWrite(request);
    defaultTenantOnly(request);
    return reply.type('application/json').send(await reasoner.run());
  });

  app.get<{ Querystring: { iri?: string } }>('/reasoner/explain', async (request, reply) => {
    defaultTenantOnly(request);
    const { iri } = request.query;
    if (typeof iri !== 'string' || !isValidIri(iri)) throw new InvalidRequestError('Give the resource to explain as ?iri=<absolute IRI>.', { parameter: 'iri' });
    return reply.type('application/json').send({ explanations: await reasoner.explain(iri) });
  });
}
