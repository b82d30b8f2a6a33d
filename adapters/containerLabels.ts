/**
 * The labels by which the container-engine adapters (Docker, containerd) mark what continuum-fabric owns:
 * `app.kubernetes.io/managed-by` is the ownership mark the Kubernetes adapter uses too; the reverse-DNS
 * `org.continuum-fabric.*` keys carry the full IRIs (engine label values are free text, unlike Kubernetes ones).
 * An adapter lists, replaces and removes only containers carrying managed-by = MANAGER.
 */
import type { WorkloadSpec } from '../orchestration/runtime/ContainerRuntime.js';

export const MANAGER = 'continuum-fabric';

export const CONTAINER_LABEL = {
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
  /** "true" for a run-to-completion component (TOSCA isJob): exit 0 is Succeeded, not a failure. */
  job: 'org.continuum-fabric.job',
  /** WorkloadSpec.restartPolicy, read back by an adapter that restarts stopped containers itself (containerd). */
  restartPolicy: 'org.continuum-fabric.restart-policy',
} as const;

/** The labels of a workload; `withRestartPolicy` adds CONTAINER_LABEL.restartPolicy. */
export function containerLabelsFor(spec: WorkloadSpec, withRestartPolicy = false): Record<string, string> {
  return {
    [CONTAINER_LABEL.managedBy]: MANAGER,
    [CONTAINER_LABEL.name]: spec.name,
    [CONTAINER_LABEL.component]: spec.componentId,
    [CONTAINER_LABEL.service]: spec.serviceId,
    [CONTAINER_LABEL.ie]: spec.ieId,
    [CONTAINER_LABEL.specHash]: spec.specHash,
    [CONTAINER_LABEL.job]: String(spec.isJob),
    ...(withRestartPolicy ? { [CONTAINER_LABEL.restartPolicy]: spec.restartPolicy } : {}),
  };
}
