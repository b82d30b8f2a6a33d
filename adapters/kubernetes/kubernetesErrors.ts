/**
 * Translation of @kubernetes/client-node failures into the typed runtime errors (fabric/errors/RuntimeError.ts):
 * an API server that does not answer → RuntimeUnavailableError (503); one that answers with a failure Status
 * (422 Invalid, 403 Forbidden, 409 Conflict, …) → RuntimeOperationError (502) carrying the server's message, as
 * does any other client failure (e.g. a kind the cluster does not serve).
 */
import { ApiException } from '@kubernetes/client-node';
import { RuntimeOperationError, RuntimeUnavailableError } from '../../fabric/errors/RuntimeError.js';

/** The `Status` object (meta/v1) an API server sends with a failure. */
export interface KubernetesStatusBody {
  readonly kind?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: { readonly causes?: readonly { readonly field?: string; readonly message?: string; readonly reason?: string }[] };
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiException && error.code === 404;
}

export function statusBodyOf(error: ApiException<unknown>): KubernetesStatusBody | undefined {
  const body = error.body;
  if (body && typeof body === 'object') return body as KubernetesStatusBody;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return parsed && typeof parsed === 'object' ? (parsed as KubernetesStatusBody) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A typed error for a failed call; `operation` says what was being done ("apply Deployment web"). */
export function runtimeErrorFor(error: unknown, operation: string, endpoint: string): Error {
  if (error instanceof RuntimeOperationError || error instanceof RuntimeUnavailableError) return error;
  if (error instanceof ApiException) {
    const status = statusBodyOf(error);
    const message = status?.message ?? `HTTP ${error.code}`;
    return new RuntimeOperationError('kubernetes', operation, message, error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isConnectionFailure(error)) return new RuntimeUnavailableError('kubernetes', endpoint, message);
  return new RuntimeOperationError('kubernetes', operation, message);
}

/** node-fetch's FetchError (type 'system') and socket errors (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, …). */
function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { code?: unknown; type?: unknown };
  return e.name === 'FetchError' || e.type === 'system' || (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code));
}
