/**
 * Pure mapping of a WorkloadSpec to the Kubernetes objects the adapter server-side applies: a Deployment
 * (replicas 1) or, for a job (TOSCA isJob / cf:isJob), a batch/v1 Job, and a Service for its ports. In aerOS terms
 * this is what a Low-Level Orchestrator creates on its cluster for one service component.
 */
import type { V1Container, V1Deployment, V1Job, V1PodTemplateSpec, V1Service, V1ServicePort } from '@kubernetes/client-node';
import type { WorkloadPort, WorkloadSpec } from '../../orchestration/runtime/ContainerRuntime.js';
import { ANNOTATION, FIELD_MANAGER, LABEL, componentKey, imageName, labelValue, localName } from './kubernetesLabels.js';

/** Node ports the API server accepts by default (--service-node-port-range). */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

export interface ManifestOptions {
  readonly namespace: string;
  /** The node the IE is (kubernetes.io/hostname), when the IE maps to a node of this cluster. */
  readonly nodeName?: string;
}

/** CPU cores → a Kubernetes quantity in millicores ("0.5" → "500m"); non-finite values pass through for the API server to reject. */
export function cpuQuantity(cores: number): string {
  if (!Number.isFinite(cores)) return String(cores);
  return `${Math.max(1, Math.round(cores * 1000))}m`;
}

/** Bytes → a plain integer quantity ("268435456"); non-finite values pass through for the API server to reject. */
export function memoryQuantity(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  return String(Math.ceil(bytes));
}

export function labelsFor(spec: WorkloadSpec): Record<string, string> {
  const labels: Record<string, string> = {
    [LABEL.name]: labelValue(imageName(spec.image)) || spec.name,
    [LABEL.instance]: spec.name,
    [LABEL.component]: labelValue(localName(spec.componentId)) || spec.name,
    [LABEL.partOf]: labelValue(localName(spec.serviceId)) || spec.name,
    [LABEL.managedBy]: FIELD_MANAGER,
    [LABEL.componentKey]: componentKey(spec.componentId),
  };
  return labels;
}

export function annotationsFor(spec: WorkloadSpec): Record<string, string> {
  return {
    [ANNOTATION.component]: spec.componentId,
    [ANNOTATION.service]: spec.serviceId,
    [ANNOTATION.ie]: spec.ieId,
    [ANNOTATION.specHash]: spec.specHash,
  };
}

/** Port names: required once a container or Service has more than one port (IANA_SVC_NAME, ≤ 15 chars). */
export function portName(port: WorkloadPort): string {
  return `${port.protocol}-${port.containerPort}`;
}

function containerFor(spec: WorkloadSpec): V1Container {
  const limits: Record<string, string> = {};
  if (spec.cpuLimit !== undefined) limits.cpu = cpuQuantity(spec.cpuLimit);
  if (spec.memoryLimitBytes !== undefined) limits.memory = memoryQuantity(spec.memoryLimitBytes);
  const env = Object.keys(spec.env).sort().map((name) => ({ name, value: spec.env[name] }));
  return {
    name: spec.name,
    image: spec.image,
    ...(spec.args.length > 0 ? { args: [...spec.args] } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(spec.ports.length > 0
      ? { ports: spec.ports.map((p) => ({ name: portName(p), containerPort: p.containerPort, protocol: p.protocol.toUpperCase() })) }
      : {}),
    ...(Object.keys(limits).length > 0 ? { resources: { limits } } : {}),
  };
}

function podTemplateFor(spec: WorkloadSpec, options: ManifestOptions, restartPolicy: string): V1PodTemplateSpec {
  return {
    metadata: { labels: labelsFor(spec), annotations: annotationsFor(spec) },
    spec: {
      containers: [containerFor(spec)],
      restartPolicy,
      ...(options.nodeName ? { nodeSelector: { 'kubernetes.io/hostname': options.nodeName } } : {}),
    },
  };
}

function metadataFor(spec: WorkloadSpec, options: ManifestOptions) {
  return { name: spec.name, namespace: options.namespace, labels: labelsFor(spec), annotations: annotationsFor(spec) };
}

/** A Deployment of one replica. Deployments only allow restartPolicy Always, so 'on-failure'/'never' still restart. */
export function deploymentFor(spec: WorkloadSpec, options: ManifestOptions): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadataFor(spec, options),
    spec: {
      replicas: 1,
      selector: { matchLabels: { [LABEL.managedBy]: FIELD_MANAGER, [LABEL.componentKey]: componentKey(spec.componentId) } },
      template: podTemplateFor(spec, options, 'Always'),
    },
  };
}

/**
 * A Job that runs once to completion. restartPolicy 'never' → pod restartPolicy Never and backoffLimit 0 (one try);
 * 'on-failure' (and 'always', which a Job does not allow) → OnFailure with the default backoffLimit of 6.
 */
export function jobFor(spec: WorkloadSpec, options: ManifestOptions): V1Job {
  const never = spec.restartPolicy === 'never';
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadataFor(spec, options),
    spec: {
      backoffLimit: never ? 0 : 6,
      template: podTemplateFor(spec, options, never ? 'Never' : 'OnFailure'),
    },
  };
}

/**
 * The Service for the component's ports, or undefined when it has none. Every port is reachable in the cluster
 * (ClusterIP); when at least one port is exposed (TOSCA exposePorts) the Service is a NodePort, which publishes it
 * on every node, including the IE's, without a cloud load balancer (edge clusters rarely have one). An exposed
 * port's hostPort becomes its nodePort when it lies in the default node-port range; otherwise the cluster picks one.
 */
export function serviceFor(spec: WorkloadSpec, options: ManifestOptions): V1Service | undefined {
  if (spec.ports.length === 0) return undefined;
  const exposed = spec.ports.some((p) => p.expose);
  const ports: V1ServicePort[] = spec.ports.map((p) => {
    const nodePort = p.hostPort ?? p.containerPort;
    const pinned = exposed && p.expose && nodePort >= NODE_PORT_RANGE.min && nodePort <= NODE_PORT_RANGE.max;
    return {
      name: portName(p),
      port: p.containerPort,
      targetPort: p.containerPort,
      protocol: p.protocol.toUpperCase(),
      ...(pinned ? { nodePort } : {}),
    };
  });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadataFor(spec, options),
    spec: {
      type: exposed ? 'NodePort' : 'ClusterIP',
      selector: { [LABEL.managedBy]: FIELD_MANAGER, [LABEL.componentKey]: componentKey(spec.componentId) },
      ports,
    },
  };
}
