/** Saved competency queries: GET /sparql/queries lists them; GET/POST /sparql/queries/{name} runs one with parameters. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SavedQueryService } from '../../../sparql/SavedQueryService.js';
import { InvalidRequestError } from '../../errors/FabricError.js';

/** Query-string (and, for POST, form/JSON body) arguments, minus the response-format override. */
function argumentsOf(request: FastifyRequest): { args: Record<string, string>; format?: string } {
  const merged: Record<string, unknown> = { ...(request.query as object), ...(request.body && typeof request.body === 'object' ? request.body : {}) };
  const args: Record<string, string> = {};
  let format: string | undefined;
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new InvalidRequestError(`Parameter ${key} must be given once, as a single value.`);
    }
    if (key === 'format') format = String(value);
    else args[key] = String(value);
  }
  return { args, format };
}

export function savedQueryRoutes(app: FastifyInstance, saved: SavedQueryService): void {
  app.get('/sparql/queries', async (_request, reply) =>
    reply.type('application/json').send({
      queries: saved.list().map((q) => ({ ...q, href: `/sparql/queries/${q.name}` })),
    }));
  const run = async (request: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply): Promise<FastifyReply> => {
    const { args, format } = argumentsOf(request);
    const result = await saved.run(request.params.name, args, { accept: request.headers.accept, format });
    return reply.header('Vary', 'Accept').type(result.mediaType).send(result.body);
  };
  app.get('/sparql/queries/:name', run);
  app.post('/sparql/queries/:name', run);
}
