/**
 * Errors of dockerode / docker-modem → what the Docker runtime does with them: connection failures become
 * RuntimeUnavailableError (503), engine refusals RuntimeOperationError (502); 404 and 409 are tested by callers.
 */
import { FabricError } from '../../fabric/errors/FabricError.js';
import { RuntimeOperationError, RuntimeUnavailableError } from '../../fabric/errors/RuntimeError.js';

interface EngineError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly json?: { message?: string } | null;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

export function engineStatusCode(error: unknown): number | undefined {
  const code = (error as EngineError | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

export const isNotFound = (error: unknown): boolean => engineStatusCode(error) === 404;
export const isConflict = (error: unknown): boolean => engineStatusCode(error) === 409;

export function isConnectionError(error: unknown): boolean {
  const code = (error as EngineError | null)?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

/** The engine's own message (the JSON body's `message`) rather than docker-modem's "(HTTP code 404) …" wrapper. */
export function engineMessage(error: unknown): string {
  const e = error as EngineError | null;
  const fromBody = e?.json && typeof e.json === 'object' ? e.json.message : undefined;
  return (fromBody ?? e?.message ?? String(error)).trim();
}

export function toRuntimeError(error: unknown, endpoint: string, operation: string): FabricError {
  if (error instanceof FabricError) return error;
  if (isConnectionError(error)) return new RuntimeUnavailableError('Docker', endpoint, engineMessage(error));
  return new RuntimeOperationError('Docker', operation, engineMessage(error), engineStatusCode(error));
}
