/**
 * Finding what the Kubernetes adapter owns, by label selector: the Deployments, Jobs, Services and Pods of one
 * component (label continuum-fabric/component-key) or of all (managed-by=continuum-fabric), and the aerOS
 * ServiceComponentK8s custom resources when the cluster serves that CRD (API discovery, once). Objects being
 * deleted (metadata.deletionTimestamp set, e.g. a Foreground deletion waiting for its pods) are kept apart: they
 * no longer count as the component's workload, but a new object of the same name must wait until they are gone.
 */
import type { KubernetesObject, V1Deployment, V1Job, V1Pod, V1Service } from '@kubernetes/client-node';
import { DEPLOYMENT, JOB, POD, SERVICE, type KubernetesObjectClient, type ObjectKind } from './KubernetesObjectClient.js';
import { SERVICE_COMPONENT_K8S, type ServiceComponentK8s } from './aerosServiceComponent.js';
import { nativeWatchPaths } from './kubernetesWatch.js';

export interface OwnedObjects {
  readonly deployments: V1Deployment[];
  readonly jobs: V1Job[];
  readonly services: V1Service[];
  readonly customResources: ServiceComponentK8s[];
  readonly pods: V1Pod[];
  /** Objects with a deletionTimestamp, with their kind. */
  readonly terminating: { readonly kind: ObjectKind; readonly name: string }[];
}

const isTerminating = (o: KubernetesObject): boolean => o.metadata?.deletionTimestamp != null;

export class KubernetesComponentObjects {
  private lloServed?: Promise<boolean>;

  constructor(private readonly client: KubernetesObjectClient, private readonly namespace: string) {}

  /** Everything matching the selector (a component's or the managed-by one). */
  async find(selector: string, withPods = true): Promise<OwnedObjects> {
    const [deployments, jobs, services, customResources, pods] = await Promise.all([
      this.client.list<V1Deployment>(DEPLOYMENT, selector),
      this.client.list<V1Job>(JOB, selector),
      this.client.list<V1Service>(SERVICE, selector),
      this.customResources(selector),
      withPods ? this.client.list<V1Pod>(POD, selector) : Promise.resolve([]),
    ]);
    const terminating: { kind: ObjectKind; name: string }[] = [];
    const live = <T extends KubernetesObject>(kind: ObjectKind, items: T[]): T[] => items.filter((o) => {
      if (isTerminating(o)) terminating.push({ kind, name: o.metadata!.name! });
      return !isTerminating(o);
    });
    return {
      deployments: live(DEPLOYMENT, deployments), jobs: live(JOB, jobs), services: live(SERVICE, services),
      customResources: live(SERVICE_COMPONENT_K8S, customResources), pods, terminating,
    };
  }

  /** Whether the cluster serves the aerOS LLO CRD (API discovery, once; retried after a failure). */
  aerosLloServed(): Promise<boolean> {
    this.lloServed ??= this.client.serves(SERVICE_COMPONENT_K8S).catch((error: unknown) => {
      this.lloServed = undefined;
      throw error;
    });
    return this.lloServed;
  }

  /** Collections to watch: Deployments, Jobs, Pods, and the CRs when served. */
  async watchPaths(): Promise<string[]> {
    const paths = nativeWatchPaths(this.namespace);
    if (await this.aerosLloServed()) paths.push(await this.client.collectionPath(SERVICE_COMPONENT_K8S));
    return paths;
  }

  /** CRs of ours are looked for whenever the CRD is served, so that switching the CR path off cleans them up. */
  private async customResources(selector: string): Promise<ServiceComponentK8s[]> {
    return (await this.aerosLloServed()) ? this.client.list<ServiceComponentK8s>(SERVICE_COMPONENT_K8S, selector) : [];
  }
}
