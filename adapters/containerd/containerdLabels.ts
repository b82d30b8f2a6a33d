/**
 * How the containerd adapter marks and names what it owns. The label keys are the ones the Docker adapter uses
 * (adapters/docker/dockerLabels.ts): `app.kubernetes.io/managed-by` for ownership, reverse-DNS
 * `org.continuum-fabric.*` keys carrying the full IRIs. The adapter lists, replaces and removes only containers of
 * its own namespace that carry MANAGED_BY = MANAGER.
 */
import { createHash } from 'node:crypto';
import type { WorkloadSpec } from '../../orchestration/runtime/ContainerRuntime.js';
import { CONTAINER_LABEL, MANAGER, containerLabelsFor } from '../containerLabels.js';

export { MANAGER } from '../containerLabels.js';

/** containerd's labels are the container engines' common set (adapters/containerLabels.ts). */
export const CONTAINERD_LABEL = CONTAINER_LABEL;

/** With the restart policy: the adapter reads it back when apply() finds a stopped task. */
export function containerdLabelsFor(spec: WorkloadSpec): Record<string, string> {
  return containerLabelsFor(spec, true);
}

/**
 * containerd filter (Containers.List) for every container we own. Label keys with dots and dashes are quoted
 * field-path components in containerd's filter syntax.
 */
export const OWNED_FILTER = `labels."${CONTAINERD_LABEL.managedBy}"=="${MANAGER}"`;

/**
 * The container id (also task id and snapshot key) of a component: `cf-` + 32 hex chars of sha256(componentId).
 * Deterministic, so remove()/status() need no lookup, and within containerd's identifier grammar (IRIs are not).
 */
export function containerIdFor(componentId: string): string {
  return 'cf-' + createHash('sha256').update(componentId).digest('hex').slice(0, 32);
}
