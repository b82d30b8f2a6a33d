/**
 * The aerOS LLO custom resource for a service component: `ServiceComponentK8s` (llo.aeros-project.eu/v1alpha1),
 * which the aerOS Low-Level Orchestrator operator for Kubernetes turns into running workloads. Fields follow the
 * `ServiceComponentSpec` schema of the aeriOS LLO API 1.1.0 (selectedIE, image, ports, exposePorts, cliArgs,
 * envVars). The CR has no place for CPU/memory limits, per-port exposure or host ports, restart policy or jobs:
 * those are lost (jobs therefore always run as native batch/v1 Jobs; see docs/adapters.md).
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { WorkloadSpec, WorkloadStatus } from '../../orchestration/runtime/ContainerRuntime.js';
import { ANNOTATION, FIELD_MANAGER, LABEL } from './kubernetesLabels.js';
import { annotationsFor, labelsFor } from './kubernetesManifests.js';

export const SERVICE_COMPONENT_K8S = { apiVersion: 'llo.aeros-project.eu/v1alpha1', kind: 'ServiceComponentK8s' } as const;

export interface ServiceComponentK8sSpec {
  readonly selectedIE: { readonly id: string; readonly hostname?: string };
  readonly image: string;
  readonly ports?: readonly { readonly number: number; readonly protocol: 'TCP' | 'UDP' }[];
  readonly exposePorts?: boolean;
  readonly cliArgs?: readonly { readonly key: string; readonly value?: string }[];
  readonly envVars?: readonly { readonly key: string; readonly value: string }[];
}

export interface ServiceComponentK8s extends KubernetesObject {
  spec?: ServiceComponentK8sSpec;
  status?: { conditions?: { type?: string; status?: string; reason?: string; message?: string }[] };
}

/**
 * WorkloadSpec → ServiceComponentK8s. Each argument becomes one cliArgs entry with only a `key`, so the operator
 * passes them in order unchanged; `exposePorts` is true when any port is exposed (the CR exposes all or none).
 */
export function serviceComponentK8sFor(spec: WorkloadSpec, options: { namespace: string; nodeName?: string }): ServiceComponentK8s {
  const env = Object.keys(spec.env).sort().map((key) => ({ key, value: spec.env[key] }));
  return {
    ...SERVICE_COMPONENT_K8S,
    metadata: {
      name: spec.name, namespace: options.namespace,
      labels: { ...labelsFor(spec), 'app.kubernetes.io/created-by': FIELD_MANAGER },
      annotations: annotationsFor(spec),
    },
    spec: {
      selectedIE: { id: spec.ieId, ...(options.nodeName ? { hostname: options.nodeName } : {}) },
      image: spec.image,
      ...(spec.ports.length > 0 ? {
        ports: spec.ports.map((p) => ({ number: p.containerPort, protocol: p.protocol === 'udp' ? 'UDP' as const : 'TCP' as const })),
        exposePorts: spec.ports.some((p) => p.expose),
      } : {}),
      ...(spec.args.length > 0 ? { cliArgs: spec.args.map((key) => ({ key })) } : {}),
      ...(env.length > 0 ? { envVars: env } : {}),
    },
  };
}

/**
 * The aerOS reference defines no status for ServiceComponentK8s. If the operator publishes the usual Kubernetes
 * conditions (type Ready or Available) and one is True, the component is Running; otherwise it stays Pending with a
 * message saying why (condition reason) or that its state cannot be observed through this CR. Never Failed: nothing
 * in the CR says so reliably.
 */
export function serviceComponentK8sStatus(componentId: string, cr: ServiceComponentK8s, observedAt = new Date()): WorkloadStatus {
  const conditions = cr.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready' || c.type === 'Available');
  const specHash = cr.metadata?.annotations?.[ANNOTATION.specHash];
  const common = { componentId, observedAt, ...(cr.metadata?.uid ? { runtimeId: cr.metadata.uid } : {}), ...(specHash ? { specHash } : {}) };
  if (ready?.status === 'True') return { ...common, phase: 'Running' };
  return {
    ...common,
    phase: 'Pending',
    message: ready
      ? `ServiceComponentK8s not ready: ${ready.reason ?? ''} ${ready.message ?? ''}`.trim()
      : 'applied as an aerOS ServiceComponentK8s; the LLO operator reports no Ready condition, so the actual state is not observable',
  };
}

/** The component IRI a CR of ours carries (undefined for CRs we did not create). */
export function componentIdOfCustomResource(cr: ServiceComponentK8s): string | undefined {
  return cr.metadata?.labels?.[LABEL.managedBy] === FIELD_MANAGER ? cr.metadata?.annotations?.[ANNOTATION.component] : undefined;
}
