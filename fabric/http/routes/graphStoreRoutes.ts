/**
 * /rdf-graphs — W3C SPARQL 1.1 Graph Store HTTP Protocol with indirect graph
 * identification (?graph=IRI, ?default; neither = the whole dataset).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphStoreService, graphTargetOf } from '../../../sparql/GraphStoreService.js';
import { bareMediaType } from '../../../sparql/mediaTypes.js';
import { negotiate } from '../../../sparql/negotiation.js';
import { UnsupportedMediaTypeError } from '../../errors/FabricError.js';
import type { AccessGuard } from '../accessGuard.js';

type GraphParams = { graph?: string | string[]; default?: string };

export function graphStoreRoutes(app: FastifyInstance, service: GraphStoreService, guard: AccessGuard): void {
  const target = (request: FastifyRequest) => graphTargetOf(request.query as GraphParams);
  const upload = (request: FastifyRequest): { body: string; format: string } => {
    const format = bareMediaType(request.headers['content-type']);
    if (!format) throw new UnsupportedMediaTypeError('The upload needs a Content-Type naming its RDF format.');
    return { body: typeof request.body === 'string' ? request.body : '', format };
  };
  const read = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const t = target(request);
    const mediaType = negotiate(request.headers.accept, service.offeredFor(t));
    const body = service.read(t, mediaType);
    return reply.header('Vary', 'Accept').type(mediaType).send(body);
  };
  app.get('/rdf-graphs', read); // fastify derives HEAD from GET (exposeHeadRoutes), without the body
  app.put('/rdf-graphs', async (request, reply) => {
    guard.assertMayWrite(request);
    const { body, format } = upload(request);
    const { created } = await service.replace(target(request), body, format);
    return reply.status(created ? 201 : 204).send();
  });
  app.post('/rdf-graphs', async (request, reply) => {
    guard.assertMayWrite(request);
    const { body, format } = upload(request);
    const { created } = await service.merge(target(request), body, format);
    return reply.status(created ? 201 : 204).send();
  });
  app.delete('/rdf-graphs', async (request, reply) => {
    guard.assertMayWrite(request);
    await service.remove(target(request));
    return reply.status(204).send();
  });
}
