/**
 * The few API calls the Kubernetes adapter makes, over the generic KubernetesObjectApi of @kubernetes/client-node:
 * server-side apply (PATCH application/apply-patch+yaml, fieldManager continuum-fabric, force), read, list by label
 * selector, delete with a propagation policy. Every failure becomes a typed runtime error (kubernetesErrors.ts).
 */
import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { RuntimeOperationError } from '../../fabric/errors/RuntimeError.js';
import { FIELD_MANAGER } from './kubernetesLabels.js';
import { isNotFound, runtimeErrorFor } from './kubernetesErrors.js';

/** apiVersion + kind of the objects the adapter manages. */
export interface ObjectKind {
  readonly apiVersion: string;
  readonly kind: string;
}

export const DEPLOYMENT: ObjectKind = { apiVersion: 'apps/v1', kind: 'Deployment' };
export const JOB: ObjectKind = { apiVersion: 'batch/v1', kind: 'Job' };
export const SERVICE: ObjectKind = { apiVersion: 'v1', kind: 'Service' };
export const POD: ObjectKind = { apiVersion: 'v1', kind: 'Pod' };
export const NAMESPACE: ObjectKind = { apiVersion: 'v1', kind: 'Namespace' };

/** KubernetesObjectApi with its API discovery (resource(), protected there) made usable for "is this kind served?". */
class DiscoveringObjectApi extends KubernetesObjectApi {
  static forConfig(kc: KubeConfig): DiscoveringObjectApi {
    const api = kc.makeApiClient(DiscoveringObjectApi);
    api.setDefaultNamespace(kc);
    return api;
  }

  async kindServed(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.resource(apiVersion, kind)) !== undefined;
  }

  /** `/apis/{group}/{version}/namespaces/{ns}/{plural}` (the plural from discovery). */
  async collection(apiVersion: string, kind: string, namespace: string): Promise<string> {
    return this.specUriPath({ apiVersion, kind, metadata: { namespace } }, 'list');
  }
}

export class KubernetesObjectClient {
  private readonly api: DiscoveringObjectApi;

  constructor(kc: KubeConfig, readonly namespace: string, readonly endpoint: string) {
    this.api = DiscoveringObjectApi.forConfig(kc);
  }

  /** Server-side apply: the server merges our fields, we own them (force takes them over from other managers). */
  async apply<T extends KubernetesObject>(obj: T): Promise<T> {
    try {
      return await this.api.patch(obj, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
    } catch (error) {
      throw runtimeErrorFor(error, `apply ${obj.kind} ${obj.metadata?.name}`, this.endpoint);
    }
  }

  /** The object, or undefined when it does not exist. */
  async read<T extends KubernetesObject>(kind: ObjectKind, name: string): Promise<T | undefined> {
    try {
      return (await this.api.read({ ...kind, metadata: { name, namespace: this.namespace } })) as T;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw runtimeErrorFor(error, `read ${kind.kind} ${name}`, this.endpoint);
    }
  }

  async list<T extends KubernetesObject>(kind: ObjectKind, labelSelector: string): Promise<T[]> {
    try {
      const list = await this.api.list<T>(kind.apiVersion, kind.kind, this.namespace, undefined, undefined, undefined, undefined, labelSelector);
      return list.items;
    } catch (error) {
      throw runtimeErrorFor(error, `list ${kind.kind} (${labelSelector})`, this.endpoint);
    }
  }

  /** Deletes the object; false when it was already gone. */
  async delete(kind: ObjectKind, name: string, propagationPolicy: 'Foreground' | 'Background'): Promise<boolean> {
    try {
      await this.api.delete({ ...kind, metadata: { name, namespace: this.namespace } }, undefined, undefined, undefined, undefined, propagationPolicy);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw runtimeErrorFor(error, `delete ${kind.kind} ${name}`, this.endpoint);
    }
  }

  /** Waits until the object is gone (a Foreground delete finishes once its pods are gone). */
  async waitGone(kind: ObjectKind, name: string, timeoutMs: number, intervalMs = 200): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.read(kind, name)) !== undefined) {
      if (Date.now() > deadline) {
        throw new RuntimeOperationError('kubernetes', `delete ${kind.kind} ${name}`, `still present after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** Whether the cluster serves this apiVersion and kind (API discovery); a group it does not know answers 404. */
  async serves(kind: ObjectKind): Promise<boolean> {
    try {
      return await this.api.kindServed(kind.apiVersion, kind.kind);
    } catch (error) {
      if (isNotFound(error)) return false;
      throw runtimeErrorFor(error, `discover ${kind.apiVersion} ${kind.kind}`, this.endpoint);
    }
  }

  /** The collection path of a kind in this namespace, for watches. */
  async collectionPath(kind: ObjectKind): Promise<string> {
    try {
      return await this.api.collection(kind.apiVersion, kind.kind, this.namespace);
    } catch (error) {
      throw runtimeErrorFor(error, `discover ${kind.apiVersion} ${kind.kind}`, this.endpoint);
    }
  }
}
