/**
 * Typed errors of the container runtimes (adapters/: Docker, containerd, Kubernetes), rendered by the one HTTP
 * error handler (fabric/http/errorHandler.ts) as RFC 7807 problem details like every FabricError.
 * In aerOS terms these are failures of the Low-Level Orchestrator that enforces a placement, not of the placement.
 */
import { FabricError } from './FabricError.js';

/**
 * The runtime's engine does not answer (socket missing, connection refused, permission denied): 503, so a caller
 * retries later. `endpoint` is the socket path or URL that was tried.
 */
export class RuntimeUnavailableError extends FabricError {
  constructor(readonly runtime: string, readonly endpoint: string, cause: string) {
    super('InternalError', 503, 'Container runtime unavailable',
      `The ${runtime} engine at ${endpoint} is not reachable: ${cause}`, { runtime, endpoint });
  }
}

/** The engine answered but refused or failed an operation it should have done (502, with the engine's message). */
export class RuntimeOperationError extends FabricError {
  constructor(readonly runtime: string, readonly operation: string, cause: string, readonly engineStatus?: number) {
    super('InternalError', 502, 'Container runtime error',
      `The ${runtime} engine failed to ${operation}: ${cause}`,
      { runtime, operation, ...(engineStatus !== undefined ? { engineStatus } : {}) });
  }
}
