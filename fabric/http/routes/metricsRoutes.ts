/** Prometheus exposition (text format 0.0.4) of the app's registry. */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export function metricsRoutes(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
