/**
 * The one HTTP error handler: FabricError → RFC 7807 problem details
 * (Content-Type application/json, ETSI GS CIM 009 §5.5.1 type URIs). Fastify's
 * own errors are mapped onto the same typed errors; anything else becomes a
 * 500 InternalError without stack or internals in the body.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RouteMethods } from './routeMethods.js';
import {
  FabricError,
  InternalError,
  InvalidRequestError,
  OperationNotSupportedError,
  PayloadTooLargeError,
  ResourceNotFoundError,
  UnsupportedMediaTypeError,
} from '../errors/FabricError.js';

export function toFabricError(error: unknown, bodyLimitBytes: number): FabricError {
  if (error instanceof FabricError) return error;
  const fe = error as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLargeError(bodyLimitBytes);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? new UnsupportedMediaTypeError(fe.message ?? 'Unsupported Content-Type.')
        : new InvalidRequestError(fe.message ?? 'Invalid Content-Length.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new InvalidRequestError(`The JSON body does not parse: ${fe.message}`);
  }
  if (error instanceof SyntaxError) return new InvalidRequestError(`The request body does not parse: ${error.message}`);
  if (fe.validation) return new InvalidRequestError(fe.message ?? 'Invalid request.');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new InvalidRequestError(fe.message ?? 'Invalid request.');
  }
  return new InternalError('The server failed to handle the request; see the server log.');
}

/**
 * Sends a problem body as exactly `application/json`. Fastify appends `; charset=utf-8` to a JSON
 * type sent as a string; RFC 8259 §11 defines no charset parameter, and clients compare the media
 * type of an error literally (ngsijs maps 400 / 404 to its typed errors only for "application/json"),
 * so the body goes out as a Buffer, whose Content-Type fastify leaves as set.
 */
function sendProblem(reply: FastifyReply, status: number, problem: object): void {
  void reply.status(status).type('application/json').send(Buffer.from(JSON.stringify(problem)));
}

/**
 * Registers the error and not-found handlers. Call it before adding routes: a path served with
 * other methods answers 405 with `Allow` (RouteMethods records the routes as they are added).
 */
export function registerErrorHandler(app: FastifyInstance, bodyLimitBytes: number): void {
  const routes = RouteMethods.attachTo(app);
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const fabricError = toFabricError(error, bodyLimitBytes);
    if (fabricError.status >= 500 && !(error instanceof FabricError)) request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ problem: fabricError.problemType, status: fabricError.status }, fabricError.message);
    sendProblem(reply, fabricError.status, fabricError.toProblem(request.url));
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    const allowed = routes.allowedOn(path);
    // A method the path's routes do serve means the router refused the path itself (a constraint, a regex parameter): 404.
    const methodNotAllowed = allowed.length > 0 && !allowed.includes(request.method);
    // RFC 9110 §15.5.6; NGSI-LD defines no type for 405, OperationNotSupported is the nearest (§5.5.2).
    const error = methodNotAllowed
      ? new OperationNotSupportedError(`${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}.`, 405)
      : new ResourceNotFoundError(`No route for ${request.method} ${path}.`);
    if (methodNotAllowed) void reply.header('Allow', allowed.join(', '));
    sendProblem(reply, error.status, error.toProblem(request.url));
  });
}
