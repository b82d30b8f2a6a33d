/**
 * How the containerd adapter marks and names what it owns. The label keys are the ones the Docker adapter uses
 * (adapters/docker/dockerLabels.ts): `app.kubernetes.io/managed-by` for ownership, reverse-DNS
 * `org.continuum-fabric.*` keys carrying the full IRIs. The adapter lists, replaces and removes only containers of
 * its own namespace that carry MANAGED_BY = MANAGER.
 */
import { createHash } from 'node:crypto';
import type { WorkloadSpec } from '../../orchestration/runtime/ContainerRuntime.js';

export const MANAGER = 'continuum-fabric';

export const CONTAINERD_LABEL = {
  managedBy: 'app.kubernetes.io/managed-by',
  /** WorkloadSpec.name (DNS-1123). */
  name: 'app.kubernetes.io/name',
  /** IRI of the aeros:ServiceComponent: the key of every runtime call. */
  component: 'org.continuum-fabric.component',
  /** IRI of the aeros:Service. */
  service: 'org.continuum-fabric.service',
  /** IRI of the InfrastructureElement the placement chose. */
  ie: 'org.continuum-fabric.ie',
  /** WorkloadSpec.specHash of what this container was created from. */
  specHash: 'org.continuum-fabric.spec-hash',
  /** "true" for a run-to-completion component (TOSCA isJob). */
  job: 'org.continuum-fabric.job',
  /** WorkloadSpec.restartPolicy, read back when apply() finds a stopped task. */
  restartPolicy: 'org.continuum-fabric.restart-policy',
} as const;

export function containerdLabelsFor(spec: WorkloadSpec): Record<string, string> {
  return {
    [CONTAINERD_LABEL.managedBy]: MANAGER,
    [CONTAINERD_LABEL.name]: spec.name,
    [CONTAINERD_LABEL.component]: spec.componentId,
    [CONTAINERD_LABEL.service]: spec.serviceId,
    [CONTAINERD_LABEL.ie]: spec.ieId,
    [CONTAINERD_LABEL.specHash]: spec.specHash,
    [CONTAINERD_LABEL.job]: String(spec.isJob),
    [CONTAINERD_LABEL.restartPolicy]: spec.restartPolicy,
  };
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
