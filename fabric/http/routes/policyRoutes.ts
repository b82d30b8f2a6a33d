/**
 * /policies — ontology-driven policies (issue 4, docs/policies.md):
 *   GET    /policies              every policy (id, IRI, label, comment, severity, constraints)
 *   POST   /policies              store the policies of a Turtle / JSON-LD / N-Triples body → 201 (400 Invalid policy)
 *   GET    /policies/violations   the current violations over the whole continuum (?explain=true: with explanations;
 *                                  ?focus=IRI: only the verdicts about that resource; ?policy=id: only that policy)
 *   POST   /policies/check        {"placements":[{"component":IRI,"ie":IRI}]} → { allowed, violations } (?explain=true); changes nothing
 *   GET    /policies/{id}         one policy, with its Turtle (Accept: text/turtle → the Turtle alone)
 *   PUT    /policies/{id}         replace it → 200
 *   DELETE /policies/{id}         remove it → 204
 * Writes go through the AccessGuard like every other write. NGSILD-Tenant (GS CIM 009 §4.14) selects the tenant whose
 * policies are meant (each tenant store has its own policies graph); an unknown tenant is 404 NonexistentTenant.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TenantPolicies } from '../../../reasoner/policy/TenantPolicies.js';
import { InvalidRequestError } from '../../errors/FabricError.js';
import { bareMediaType } from '../../../sparql/mediaTypes.js';
import type { AccessGuard } from '../accessGuard.js';
import { isValidIri } from '../../rdf/iriValidation.js';


function tenantOf(request: FastifyRequest): string | undefined {
  const tenant = request.headers['ngsild-tenant'];
  return typeof tenant === 'string' && tenant !== '' ? tenant : undefined;
}

function documentOf(request: FastifyRequest): [string, string] {
  const mediaType = bareMediaType(request.headers['content-type']) ?? '';
  if (typeof request.body !== 'string') return ['', mediaType || 'none'];
  return [request.body, mediaType];
}

const explainFlag = (request: FastifyRequest): boolean => (request.query as { explain?: string }).explain === 'true';

function placementsOf(body: unknown): Array<{ component: string; ie: string }> {
  const placements = typeof body === 'object' && body !== null ? (body as { placements?: unknown }).placements : undefined;
  if (!Array.isArray(placements) || placements.length === 0 || !placements.every((p) => typeof p === 'object' && p !== null
    && typeof (p as { component?: unknown }).component === 'string' && isValidIri((p as { component: string }).component)
    && typeof (p as { ie?: unknown }).ie === 'string' && isValidIri((p as { ie: string }).ie))) {
    throw new InvalidRequestError('The body is {"placements":[{"component":"<IRI>","ie":"<IRI>"}, …]} with at least one placement.', { parameter: 'placements' });
  }
  return placements.map((p: { component: string; ie: string }) => ({ component: p.component, ie: p.ie }));
}

export function policyRoutes(app: FastifyInstance, tenants: TenantPolicies, guard: AccessGuard): void {
  const policiesOf = (request: FastifyRequest) => tenants.of(tenantOf(request));

  app.get('/policies', async (request, reply) => reply.type('application/json').send({ policies: (await policiesOf(request)).list() }));

  app.post('/policies', async (request, reply) => {
    guard.assertMayWrite(request);
    const [text, mediaType] = documentOf(request);
    const created = await (await policiesOf(request)).create(text, mediaType);
    return reply.code(201).header('Location', `/policies/${encodeURIComponent(created[0].id)}`).type('application/json').send({ policies: created });
  });

  app.get<{ Querystring: { focus?: string; policy?: string } }>('/policies/violations', async (request, reply) => {
    const { focus, policy } = request.query;
    const report = await (await policiesOf(request)).violations({ explain: explainFlag(request), ...(focus ? { focus } : {}), ...(policy ? { policy } : {}) });
    return reply.type('application/json').send(report);
  });

  app.post('/policies/check', async (request, reply) => {
    const placements = placementsOf(request.body);
    const verdict = await (await policiesOf(request)).check(placements, undefined, { explain: explainFlag(request) });
    return reply.type('application/json').send(verdict);
  });

  app.get<{ Params: { id: string } }>('/policies/:id', async (request, reply) => {
    const policy = await (await policiesOf(request)).get(request.params.id);
    if ((request.headers.accept ?? '').includes('text/turtle')) return reply.type('text/turtle').send(policy.turtle);
    return reply.type('application/json').send(policy);
  });

  app.put<{ Params: { id: string } }>('/policies/:id', async (request, reply) => {
    guard.assertMayWrite(request);
    const [text, mediaType] = documentOf(request);
    return reply.type('application/json').send(await (await policiesOf(request)).update(request.params.id, text, mediaType));
  });

  app.delete<{ Params: { id: string } }>('/policies/:id', async (request, reply) => {
    guard.assertMayWrite(request);
    await (await policiesOf(request)).delete(request.params.id);
    return reply.code(204).send();
  });
}
