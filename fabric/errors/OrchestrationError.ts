/**
 * Typed errors of orchestration (orchestration/, docs/orchestration.md), rendered by the one HTTP error handler
 * (fabric/http/errorHandler.ts) as RFC 7807 problem details like every FabricError.
 */
import { FabricError } from './FabricError.js';

/** One thing wrong with a deployment request: where (a dotted path into the request) and what. */
export interface RequestProblem {
  /** e.g. `node_templates.nginx.requirements[1].host.node_filter.capabilities[0].host.properties.mem_size`. */
  readonly path: string;
  readonly message: string;
}

/**
 * A deployment request (TOSCA YAML or NGSI-LD entities) that cannot be placed as written (400 BadRequestData,
 * GS CIM 009 §5.5.1). Lists EVERY problem found, not only the first, in the `problems` extension member.
 */
export class InvalidServiceRequestError extends FabricError {
  constructor(readonly problems: readonly RequestProblem[]) {
    super('BadRequestData', 400, 'Invalid service request',
      `The service request has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ` +
      problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '),
      { problems: problems.map((p) => ({ path: p.path, message: p.message })) });
  }
}
