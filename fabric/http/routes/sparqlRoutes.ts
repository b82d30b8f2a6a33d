/**
 * /sparql — W3C SPARQL 1.1 Protocol: query via GET ?query= or POST
 * (application/sparql-query, form query=), update via POST
 * (application/sparql-update, form update=); GET without a query returns the
 * Service Description. Routes only translate HTTP ↔ service calls.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SparqlProtocolService } from '../../../sparql/SparqlProtocolService.js';
import { readOperation, type Params } from '../../../sparql/protocolRequest.js';
import { serviceDescription } from '../../../sparql/serviceDescription.js';
import { negotiate } from '../../../sparql/negotiation.js';
import type { AccessGuard } from '../accessGuard.js';

export function sparqlRoutes(app: FastifyInstance, protocol: SparqlProtocolService, guard: AccessGuard): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const query = request.query as Params;
    const op = readOperation({ method: request.method === 'GET' ? 'GET' : 'POST', query, contentType: request.headers['content-type'], body: request.body });
    const endpoint = `${request.protocol}://${request.host}${request.url.split('?')[0]}`;
    if (op === undefined) {
      negotiate(request.headers.accept, ['text/turtle']);
      return reply.type('text/turtle').send(serviceDescription(endpoint));
    }
    if (op.kind === 'update') {
      guard.assertMayWrite(request);
      await protocol.update(op, endpoint);
      return reply.status(204).send();
    }
    const format = typeof query.format === 'string' ? query.format : undefined;
    const result = await protocol.query(op, { accept: request.headers.accept, format }, endpoint);
    return reply.header('Vary', 'Accept').type(result.mediaType).send(result.body);
  };
  app.get('/sparql', handle);
  app.post('/sparql', handle);
}
