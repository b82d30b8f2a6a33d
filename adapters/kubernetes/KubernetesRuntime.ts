/**
 * The Kubernetes runtime: the enforcement side of an aerOS Low-Level Orchestrator on a Kubernetes cluster.
 * For each service component it server-side applies (fieldManager continuum-fabric, force) a Deployment of one
 * replica — or a Job for a job component — and a Service for its ports, labelled with the app.kubernetes.io
 * recommended labels and managed-by=continuum-fabric, annotated with the component IRI and spec hash; it pins the
 * pod to the IE's node (nodeSelector kubernetes.io/hostname) when the IE maps to a node. Optionally (aerosLlo
 * 'prefer') it hands long-running components to the aerOS LLO operator as ServiceComponentK8s custom resources.
 * It never chooses a node itself (decision and execution stay separate) and never touches objects without its
 * managed-by label. Calls for one component are serialised.
 */
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type {
  ContainerRuntime, RuntimeEndpoint, WorkloadSpec, WorkloadStatus,
} from '../../orchestration/runtime/ContainerRuntime.js';
import { RuntimeOperationError } from '../../fabric/errors/RuntimeError.js';
import { apiServerOf, kubeConfigFor } from './kubeConfigFor.js';
import { DEPLOYMENT, JOB, KubernetesObjectClient, NAMESPACE, SERVICE, type ObjectKind } from './KubernetesObjectClient.js';
import { KubernetesComponentObjects } from './KubernetesComponentObjects.js';
import { ANNOTATION, FIELD_MANAGER, LABEL, MANAGED_SELECTOR, componentSelector } from './kubernetesLabels.js';
import { deploymentFor, jobFor, serviceFor, type ManifestOptions } from './kubernetesManifests.js';
import {
  SERVICE_COMPONENT_K8S, componentIdOfCustomResource, serviceComponentK8sFor, serviceComponentK8sStatus,
} from './aerosServiceComponent.js';
import { deploymentStatus, jobStatus, missingStatus } from './kubernetesStatus.js';
import { watchByPolling, watchWithStreams, type WatchMode } from './kubernetesWatch.js';

export const DEFAULT_NAMESPACE = 'continuum';

export interface KubernetesRuntimeOptions {
  /** address = API server URL or kubeconfig path (absent: default kubeconfig lookup); namespace default `continuum`. */
  readonly endpoint?: Omit<RuntimeEndpoint, 'kind'>;
  /** Bearer token when the address is an API server URL. */
  readonly token?: string;
  readonly skipTlsVerify?: boolean;
  /** A ready client configuration; wins over endpoint.address. */
  readonly kubeConfig?: KubeConfig;
  /**
   * IE IRI → Kubernetes node name (the IE's hostname, used as nodeSelector kubernetes.io/hostname); undefined = the
   * IE is the whole cluster (or unknown) and the scheduler chooses a node.
   */
  readonly nodeNameFor?: (ieId: string) => string | undefined | Promise<string | undefined>;
  /** 'watch' (default): client-node Watch streams; 'poll': list() every pollIntervalMs. */
  readonly watchMode?: WatchMode;
  readonly pollIntervalMs?: number;
  /** How long apply()/remove() wait for a deleted object (Foreground: after its pods) to be gone. Default 60 s. */
  readonly deleteTimeoutMs?: number;
  /**
   * 'prefer': when the cluster serves the aerOS LLO CRD (ServiceComponentK8s, found by API discovery), long-running
   * components are applied as that custom resource for the aerOS operator instead of a Deployment + Service.
   * Default 'off': the CR carries no limits and reports no defined status (aerosServiceComponent.ts).
   */
  readonly aerosLlo?: 'prefer' | 'off';
}

export class KubernetesRuntime implements ContainerRuntime {
  readonly kind = 'kubernetes' as const;
  readonly endpoint: string;
  readonly namespace: string;
  private readonly kc: KubeConfig;
  private readonly client: KubernetesObjectClient;
  private readonly objects: KubernetesComponentObjects;
  private readonly unsubscribers = new Set<() => void>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private namespaceReady = false;

  constructor(private readonly options: KubernetesRuntimeOptions = {}) {
    this.kc = options.kubeConfig ?? kubeConfigFor({ address: options.endpoint?.address, token: options.token, skipTlsVerify: options.skipTlsVerify });
    this.endpoint = apiServerOf(this.kc);
    this.namespace = options.endpoint?.namespace ?? DEFAULT_NAMESPACE;
    this.client = new KubernetesObjectClient(this.kc, this.namespace, this.endpoint);
    this.objects = new KubernetesComponentObjects(this.client, this.namespace);
  }

  /** The runtime an IE's LowLevelOrchestrator names (address: API server URL or kubeconfig path; namespace). */
  static fromEndpoint(endpoint: RuntimeEndpoint, options: Omit<KubernetesRuntimeOptions, 'endpoint'> = {}): KubernetesRuntime {
    return new KubernetesRuntime({ ...options, endpoint: { address: endpoint.address, namespace: endpoint.namespace } });
  }

  apply(spec: WorkloadSpec): Promise<WorkloadStatus> {
    return this.serially(spec.componentId, () => this.applyNow(spec));
  }

  remove(componentId: string): Promise<void> {
    return this.serially(componentId, async () => {
      const current = await this.objects.find(componentSelector(componentId), false);
      const doomed: [ObjectKind, KubernetesObject][] = [
        ...current.deployments.map((o): [ObjectKind, KubernetesObject] => [DEPLOYMENT, o]),
        ...current.jobs.map((o): [ObjectKind, KubernetesObject] => [JOB, o]),
        ...current.services.map((o): [ObjectKind, KubernetesObject] => [SERVICE, o]),
        ...current.customResources.map((o): [ObjectKind, KubernetesObject] => [SERVICE_COMPONENT_K8S, o]),
      ];
      for (const [kind, obj] of doomed) await this.client.delete(kind, obj.metadata!.name!, 'Foreground');
      for (const [kind, obj] of doomed) await this.waitGone(kind, obj.metadata!.name!);
      for (const t of current.terminating) await this.waitGone(t.kind, t.name);
    });
  }

  async status(componentId: string): Promise<WorkloadStatus> {
    const current = await this.objects.find(componentSelector(componentId));
    if (current.jobs.length > 0) return jobStatus(componentId, current.jobs[0], current.pods);
    if (current.deployments.length > 0) return deploymentStatus(componentId, current.deployments[0], current.pods);
    if (current.customResources.length > 0) return serviceComponentK8sStatus(componentId, current.customResources[0]);
    return missingStatus(componentId);
  }

  async list(): Promise<WorkloadStatus[]> {
    const all = await this.objects.find(MANAGED_SELECTOR);
    const podsOf = (obj: KubernetesObject) => {
      const key = obj.metadata?.labels?.[LABEL.componentKey];
      return all.pods.filter((p) => key !== undefined && p.metadata?.labels?.[LABEL.componentKey] === key);
    };
    const statuses: WorkloadStatus[] = [];
    for (const d of all.deployments) {
      const id = componentIdOf(d);
      if (id) statuses.push(deploymentStatus(id, d, podsOf(d)));
    }
    for (const j of all.jobs) {
      const id = componentIdOf(j);
      if (id) statuses.push(jobStatus(id, j, podsOf(j)));
    }
    for (const cr of all.customResources) {
      const id = componentIdOfCustomResource(cr);
      if (id) statuses.push(serviceComponentK8sStatus(id, cr));
    }
    return statuses;
  }

  watch(onChange: (status: WorkloadStatus) => void): () => void {
    // Re-reads wait for a running apply/remove of the same component (serially), so its steps are not reported.
    const source = { status: (id: string) => this.serially(id, () => this.status(id)), list: () => this.list() };
    const unsubscribe = this.options.watchMode === 'poll'
      ? watchByPolling(source, onChange, this.options.pollIntervalMs ?? 5000)
      : watchWithStreams(this.kc, this.objects.watchPaths(), source, onChange);
    this.unsubscribers.add(unsubscribe);
    return () => { this.unsubscribers.delete(unsubscribe); unsubscribe(); };
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers.clear();
  }

  private async applyNow(spec: WorkloadSpec): Promise<WorkloadStatus> {
    const options: ManifestOptions = { namespace: this.namespace, nodeName: await this.options.nodeNameFor?.(spec.ieId) };
    await this.ensureNamespace();
    const current = await this.objects.find(componentSelector(spec.componentId), false);
    for (const t of current.terminating) await this.waitGone(t.kind, t.name); // else the new object would be deleted too
    const viaLlo = !spec.isJob && this.options.aerosLlo === 'prefer' && (await this.objects.aerosLloServed());
    // Anything of another kind, or under another name (the component was renamed), goes first.
    for (const d of current.deployments) {
      if (spec.isJob || viaLlo || d.metadata?.name !== spec.name) await this.deleteAndWait(DEPLOYMENT, d.metadata!.name!);
    }
    for (const j of current.jobs) {
      if (!spec.isJob || j.metadata?.name !== spec.name) await this.deleteAndWait(JOB, j.metadata!.name!);
    }
    for (const cr of current.customResources) {
      if (!viaLlo || cr.metadata?.name !== spec.name) await this.deleteAndWait(SERVICE_COMPONENT_K8S, cr.metadata!.name!);
    }
    const desiredService = viaLlo ? undefined : serviceFor(spec, options);
    for (const svc of current.services) {
      if (!desiredService || svc.metadata?.name !== spec.name) await this.deleteAndWait(SERVICE, svc.metadata!.name!);
    }
    if (viaLlo) {
      if (!isCurrent(current.customResources, spec)) await this.client.apply(serviceComponentK8sFor(spec, options));
    } else if (spec.isJob) {
      const existing = current.jobs.find((o) => o.metadata?.name === spec.name);
      if (existing && !isCurrent([existing], spec)) await this.deleteAndWait(JOB, spec.name); // a Job's pod template is immutable
      if (!existing || !isCurrent([existing], spec)) await this.client.apply(jobFor(spec, options));
    } else if (!isCurrent(current.deployments, spec)) {
      await this.client.apply(deploymentFor(spec, options)); // updated in place: the Deployment rolls out a new pod
    }
    if (desiredService && !isCurrent(current.services, spec)) await this.client.apply(desiredService);
    return this.status(spec.componentId);
  }

  /**
   * Creates the namespace on first use when it is missing (server-side applied, labelled managed-by). A service
   * account that may not read namespaces (403) is assumed to have been given an existing one.
   */
  private async ensureNamespace(): Promise<void> {
    if (this.namespaceReady) return;
    try {
      if (!(await this.client.read(NAMESPACE, this.namespace))) {
        await this.client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace, labels: { [LABEL.managedBy]: FIELD_MANAGER } } });
      }
    } catch (error) {
      if (!(error instanceof RuntimeOperationError && error.engineStatus === 403)) throw error;
    }
    this.namespaceReady = true;
  }

  private async deleteAndWait(kind: ObjectKind, name: string): Promise<void> {
    if (await this.client.delete(kind, name, 'Foreground')) await this.waitGone(kind, name);
  }

  private waitGone(kind: ObjectKind, name: string): Promise<void> {
    return this.client.waitGone(kind, name, this.options.deleteTimeoutMs ?? 60_000);
  }

  /** Runs calls for one component one after the other (an apply racing a remove would leave either half done). */
  private serially<T>(componentId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(componentId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    this.queues.set(componentId, next);
    const cleanup = () => { if (this.queues.get(componentId) === next) this.queues.delete(componentId); };
    next.then(cleanup, cleanup);
    return next;
  }
}

/** Whether an object of the spec's name already carries the spec's hash. */
function isCurrent(objects: readonly KubernetesObject[], spec: WorkloadSpec): boolean {
  return objects.some((o) => o.metadata?.name === spec.name && o.metadata?.annotations?.[ANNOTATION.specHash] === spec.specHash);
}

function componentIdOf(obj: KubernetesObject): string | undefined {
  return obj.metadata?.annotations?.[ANNOTATION.component];
}
