/**
 * /rdf-graphs — W3C SPARQL 1.1 Graph Store HTTP Protocol.
 * Indirect graph identification (§4.2): /rdf-graphs?graph=IRI, ?default;
 * neither = the whole Graph Store. Direct identification (§4.1): the request
 * IRI /rdf-graphs/{path} names the graph (http://host/rdf-graphs/{path}).
 * POST of a triple format to /rdf-graphs creates a graph (201 + Location, §5.5);
 * POST may be multipart/form-data, one RDF document per part (§5.5).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphStoreService, graphTargetOf, type GraphTarget } from '../../../sparql/GraphStoreService.js';
import { bareMediaType, QUAD_MEDIA_TYPES } from '../../../sparql/mediaTypes.js';
import { negotiate } from '../../../sparql/negotiation.js';
import { InvalidRequestError, UnsupportedMediaTypeError } from '../../errors/FabricError.js';
import type { AccessGuard } from '../accessGuard.js';

type GraphParams = { graph?: string | string[]; default?: string };

const ROOT = '/rdf-graphs';
const MULTIPART = 'multipart/form-data';

/** The IRI a request URL stands for (scheme and Host of the request; path as sent, percent-encoding kept). */
function requestIri(request: FastifyRequest, path: string): string {
  return `${request.protocol}://${request.host}${path}`;
}

function targetOf(request: FastifyRequest): GraphTarget {
  const [path, queryString] = request.url.split('?');
  if (path === ROOT) return graphTargetOf(request.query as GraphParams);
  if (queryString !== undefined) throw new InvalidRequestError(`${path} names its graph directly (GSP §4.1); it takes no ?graph / ?default.`);
  return { kind: 'named', iri: requestIri(request, path) };
}

function upload(request: FastifyRequest): { body: string; format: string } {
  const format = bareMediaType(request.headers['content-type']);
  if (!format) throw new UnsupportedMediaTypeError('The upload needs a Content-Type naming its RDF format.');
  return { body: typeof request.body === 'string' ? request.body : '', format };
}

/** The parts of a multipart/form-data body (WHATWG FormData parser of Node's fetch), each with its own Content-Type. */
async function multipartDocuments(request: FastifyRequest): Promise<Array<{ body: string; format: string }>> {
  const form = await new Response(new Uint8Array(request.body as Buffer), { headers: { 'content-type': request.headers['content-type'] ?? MULTIPART } })
    .formData()
    .catch((error: Error) => {
      throw new InvalidRequestError(`The multipart/form-data body does not parse: ${error.message}`);
    });
  const documents: Array<{ body: string; format: string }> = [];
  for (const [name, part] of form.entries()) {
    const format = typeof part === 'string' ? undefined : bareMediaType(part.type);
    if (typeof part === 'string' || !format) throw new UnsupportedMediaTypeError(`Part "${name}" needs a Content-Type naming its RDF format.`);
    documents.push({ body: await part.text(), format });
  }
  return documents;
}

export function graphStoreRoutes(app: FastifyInstance, service: GraphStoreService, guard: AccessGuard): void {
  const read = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const t = targetOf(request);
    const mediaType = negotiate(request.headers.accept, service.offeredFor(t));
    const body = service.read(t, mediaType);
    // Every serialization we write is UTF-8 (Turtle/N-Triples/N-Quads/TriG/JSON-LD); say so.
    return reply.header('Vary', 'Accept').type(`${mediaType}; charset=utf-8`).send(body);
  };
  const replace = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    guard.assertMayWrite(request);
    const { body, format } = upload(request);
    const { created } = await service.replace(targetOf(request), body, format);
    return reply.status(created ? 201 : 204).send();
  };
  const merge = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    guard.assertMayWrite(request);
    const target = targetOf(request);
    if (bareMediaType(request.headers['content-type']) === MULTIPART) {
      const { created } = await service.mergeDocuments(target, await multipartDocuments(request));
      return reply.status(created ? 201 : 204).send();
    }
    const { body, format } = upload(request);
    if (target.kind === 'dataset' && !QUAD_MEDIA_TYPES.has(format)) {
      const { iri } = await service.create(`${requestIri(request, ROOT)}/`, body, format);
      return reply.status(201).header('Location', iri).send();
    }
    const { created } = await service.merge(target, body, format);
    return reply.status(created ? 201 : 204).send();
  };
  const remove = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    guard.assertMayWrite(request);
    await service.remove(targetOf(request));
    return reply.status(204).send();
  };

  // Scoped plugin: the multipart body parser applies to the Graph Store routes only.
  void app.register(async (gsp) => {
    gsp.addContentTypeParser(MULTIPART, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const url of [ROOT, `${ROOT}/*`]) {
      gsp.get(url, read); // fastify derives HEAD from GET (exposeHeadRoutes), without the body
      gsp.put(url, replace);
      gsp.post(url, merge);
      gsp.delete(url, remove);
    }
  });
}
