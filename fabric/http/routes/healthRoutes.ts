/** Liveness (/health: never touches the store) and readiness (/ready: store recovered, replicas ready). */
import type { FastifyInstance } from 'fastify';

export function healthRoutes(app: FastifyInstance, ready?: () => Promise<boolean>): void {
  app.get('/health', async (_request, reply) => reply.type('application/json').send({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const isReady = ready ? await ready() : true;
    return reply.status(isReady ? 200 : 503).type('application/json').send({ status: isReady ? 'ready' : 'not ready' });
  });
}
