/**
 * The labels that mark the Docker containers continuum-fabric owns. `app.kubernetes.io/managed-by` is the same
 * ownership mark the Kubernetes adapter uses; the `org.continuum-fabric.*` keys follow Docker's reverse-DNS label
 * convention and carry the full IRIs (Docker label values are free text, unlike Kubernetes ones).
 * The runtime lists, inspects, replaces and removes only containers carrying MANAGED_BY = MANAGER.
 */
import { createHash } from 'node:crypto';
import type { WorkloadSpec } from '../../orchestration/runtime/ContainerRuntime.js';
import { CONTAINER_LABEL, MANAGER, containerLabelsFor } from '../containerLabels.js';

export { MANAGER } from '../containerLabels.js';

/** Docker's labels are the container engines' common set (adapters/containerLabels.ts). */
export const DOCKER_LABEL = CONTAINER_LABEL;

export function labelsFor(spec: WorkloadSpec): Record<string, string> {
  return containerLabelsFor(spec);
}

/**
 * Label filters (Docker API `filters.label`, every one must match) for what a runtime owns: all our containers,
 * optionally only those of one IE (a runtime scoped to one IE) and of one component.
 */
export function ownedLabelFilter(scope: { ieId?: string; componentId?: string } = {}): string[] {
  const filters = [`${DOCKER_LABEL.managedBy}=${MANAGER}`];
  if (scope.ieId !== undefined) filters.push(`${DOCKER_LABEL.ie}=${scope.ieId}`);
  if (scope.componentId !== undefined) filters.push(`${DOCKER_LABEL.component}=${scope.componentId}`);
  return filters;
}

/**
 * The container name: the spec's DNS-1123 name plus 8 hex characters of the IE, so that the same component can
 * run on two IEs served by one engine while it migrates (start the new one, then stop the old one).
 */
export function containerName(spec: Pick<WorkloadSpec, 'name' | 'ieId'>): string {
  return `${spec.name}-${createHash('sha256').update(spec.ieId).digest('hex').slice(0, 8)}`;
}
