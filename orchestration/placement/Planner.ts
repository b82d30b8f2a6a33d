/**
 * What the orchestration service asks of placement (aerOS: the HLO allocator): decide an IE for each component of a
 * service from the graph. Implemented by PlacementEngine; the service and the reconciler know only this.
 */
import type { ServiceRequest } from '../request/ServiceRequest.js';
import type { PlacementDecision } from './PlacementDecision.js';

export interface PlanOptions {
  /** NGSI-LD tenant whose continuum to place on (default tenant when absent). */
  readonly tenant?: string;
  /** Only these components (names) are (re)placed; the others keep their current IE and its reservation. */
  readonly only?: readonly string[];
  /** IEs a component must not go to (migration away from an Overloaded / Untrusted / unreachable IE). */
  readonly avoid?: Readonly<Record<string, readonly string[]>>;
}

export interface Planner {
  plan(request: ServiceRequest, options?: PlanOptions): Promise<PlacementDecision[]>;
}
