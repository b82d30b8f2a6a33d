/**
 * The in-memory object store behind fakeKubernetesApiServer.ts: typed resources, label selectors, server-side
 * apply with resourceVersion/generation bookkeeping, and validation of every stored object against the
 * Kubernetes OpenAPI schema (the `kubernetes-models` package: `new Deployment(obj).validate()`), plus the few
 * checks a real API server adds beyond the schema (object names, selector/template match, immutable fields).
 * It is a TEST DOUBLE, not an API server: no field ownership per manager, no defaulting beyond clusterIP/nodePort,
 * no admission, no controllers (tests play the controllers through setStatus/putPod).
 */
import { isDeepStrictEqual } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Namespace, Pod, Service } from 'kubernetes-models/v1';

export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly validate: (obj: object) => void;
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, validate: (o) => new Namespace(o as never).validate() },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, validate: (o) => new Pod(o as never).validate() },
  { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true, validate: (o) => new Service(o as never).validate() },
  { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true, validate: (o) => new Deployment(o as never).validate() },
  { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true, validate: (o) => new Job(o as never).validate() },
];

export const apiVersionOf = (t: ResourceType): string => (t.group ? `${t.group}/${t.version}` : t.version);

export type K8sObject = { apiVersion: string; kind: string; metadata: Record<string, any>; spec?: any; status?: any };

/** A Status object (meta/v1) as the API server returns for failures. */
export class StatusError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
  toStatus(): object {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, details: this.details, code: this.code };
  }
}

export type WatchEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: K8sObject };

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Equality-based label selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`), comma = AND. */
export function matchesSelector(labels: Record<string, string> | undefined, selector: string | null): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  return selector.split(',').map((s) => s.trim()).filter(Boolean).every((req) => {
    const ne = /^([^!=]+)!=(.*)$/.exec(req);
    if (ne) return l[ne[1].trim()] !== ne[2].trim();
    const eq = /^([^!=]+)==?(.*)$/.exec(req);
    if (eq) return l[eq[1].trim()] === eq[2].trim();
    if (req.startsWith('!')) return !(req.slice(1).trim() in l);
    return req in l;
  });
}

/** "/spec/template/spec/containers/0/resources/limits/memory" → "spec.template.spec.containers[0].resources.limits.memory". */
function fieldPath(instancePath: string): string {
  return instancePath.split('/').filter(Boolean).reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

function invalid(type: ResourceType, name: string, causes: { field: string; message: string }[]): StatusError {
  const group = type.group ? `.${type.group}` : '';
  const text = causes.map((c) => `${c.field}: Invalid value: ${c.message}`).join(', ');
  return new StatusError(422, 'Invalid', `${type.kind}${group} "${name}" is invalid: ${text}`,
    { name, group: type.group, kind: type.kind, causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })) });
}

/** Schema validation through kubernetes-models, then the server-side checks used here. */
export function validateObject(type: ResourceType, obj: K8sObject, previous?: K8sObject): void {
  const name = String(obj.metadata?.name ?? '');
  try {
    type.validate(obj);
  } catch (error) {
    const errors = (error as { errors?: { instancePath: string; message?: string }[] }).errors ?? [];
    const byField = new Map<string, string[]>();
    for (const e of errors) byField.set(fieldPath(e.instancePath), [...(byField.get(fieldPath(e.instancePath)) ?? []), e.message ?? 'invalid']);
    const causes = [...byField].map(([field, messages]) => ({ field: field || '<root>', message: messages.join('; ') }));
    throw invalid(type, name, causes.length > 0 ? causes : [{ field: '<root>', message: (error as Error).message }]);
  }
  const causes: { field: string; message: string }[] = [];
  const namePattern = type.kind === 'Service' ? DNS1035_LABEL : DNS1123_SUBDOMAIN;
  if (!namePattern.test(name) || name.length > (type.kind === 'Service' ? 63 : 253)) {
    causes.push({ field: 'metadata.name', message: `"${name}": must be a lowercase RFC ${type.kind === 'Service' ? '1035 label' : '1123 subdomain'}` });
  }
  if (type.kind === 'Deployment') {
    const selector = obj.spec?.selector?.matchLabels ?? {};
    const labels = obj.spec?.template?.metadata?.labels ?? {};
    if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) causes.push({ field: 'spec.template.metadata.labels', message: '`selector` does not match template `labels`' });
    const rp = obj.spec?.template?.spec?.restartPolicy;
    if (rp !== undefined && rp !== 'Always') causes.push({ field: 'spec.template.spec.restartPolicy', message: `"${rp}": supported values: "Always"` });
    if (previous && !isDeepStrictEqual(previous.spec?.selector, obj.spec?.selector)) causes.push({ field: 'spec.selector', message: 'field is immutable' });
  }
  if (type.kind === 'Job') {
    const rp = obj.spec?.template?.spec?.restartPolicy;
    if (rp !== 'Never' && rp !== 'OnFailure') causes.push({ field: 'spec.template.spec.restartPolicy', message: `"${rp}": supported values: "OnFailure", "Never"` });
    if (previous && !isDeepStrictEqual(previous.spec?.template, obj.spec?.template)) causes.push({ field: 'spec.template', message: 'field is immutable' });
  }
  if (causes.length > 0) throw invalid(type, name, causes);
}

export class FakeObjectStore {
  constructor(readonly types: readonly ResourceType[] = RESOURCE_TYPES) {}

  private readonly objects = new Map<string, K8sObject>(); // `${plural}/${namespace}/${name}`
  private readonly listeners = new Set<(type: ResourceType, event: WatchEvent) => void>();
  private resourceVersion = 1;
  private nextNodePort = 30000;
  private nextClusterIp = 10;

  private key(type: ResourceType, namespace: string | undefined, name: string): string {
    return `${type.plural}/${type.namespaced ? namespace : ''}/${name}`;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.objects.get(this.key(type, namespace, name));
  }

  list(type: ResourceType, namespace: string | undefined, labelSelector: string | null): K8sObject[] {
    const prefix = `${type.plural}/${type.namespaced && namespace ? namespace : ''}`;
    return [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && matchesSelector(o.metadata.labels, labelSelector))
      .map(([, o]) => o);
  }

  get currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  onEvent(listener: (type: ResourceType, event: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(type: ResourceType, event: WatchEvent): void {
    for (const l of this.listeners) l(type, event);
  }

  /** Server-side apply of a whole object owned by one manager; returns the object and whether it was created. */
  apply(type: ResourceType, namespace: string | undefined, applied: K8sObject, fieldManager: string): { object: K8sObject; created: boolean } {
    const name = applied.metadata.name as string;
    const previous = this.get(type, namespace, name);
    const spec = type.kind === 'Service' ? this.allocateServiceFields(applied.spec, previous?.spec) : applied.spec;
    const candidate: K8sObject = {
      apiVersion: applied.apiVersion,
      kind: applied.kind,
      metadata: {
        ...(previous?.metadata ?? {}),
        name,
        ...(type.namespaced ? { namespace } : {}),
        labels: applied.metadata.labels,
        annotations: applied.metadata.annotations,
      },
      ...(spec !== undefined ? { spec } : {}),
      ...(previous?.status !== undefined ? { status: previous.status } : {}),
    };
    if (previous && isDeepStrictEqual(previous, candidate)) return { object: previous, created: false };
    validateObject(type, candidate, previous);
    const specChanged = !previous || !isDeepStrictEqual(previous.spec, candidate.spec);
    candidate.metadata = {
      ...candidate.metadata,
      uid: previous?.metadata.uid ?? randomUUID(),
      creationTimestamp: previous?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      resourceVersion: String(++this.resourceVersion),
      generation: (previous?.metadata.generation ?? 0) + (specChanged ? 1 : 0),
      managedFields: [{ manager: fieldManager, operation: 'Apply', apiVersion: applied.apiVersion }],
    };
    this.store(type, candidate, previous ? 'MODIFIED' : 'ADDED');
    return { object: candidate, created: !previous };
  }

  /** Replaces an object as a controller would (status updates, pods); validated like any write. */
  put(type: ResourceType, obj: K8sObject): K8sObject {
    const previous = this.get(type, obj.metadata.namespace, obj.metadata.name);
    validateObject(type, obj);
    const stored: K8sObject = {
      ...obj,
      metadata: { ...obj.metadata, uid: obj.metadata.uid ?? previous?.metadata.uid ?? randomUUID(), resourceVersion: String(++this.resourceVersion) },
    };
    this.store(type, stored, previous ? 'MODIFIED' : 'ADDED');
    return stored;
  }

  delete(type: ResourceType, namespace: string | undefined, name: string): K8sObject | undefined {
    const key = this.key(type, namespace, name);
    const obj = this.objects.get(key);
    if (!obj) return undefined;
    this.objects.delete(key);
    this.resourceVersion++;
    this.emit(type, { type: 'DELETED', object: obj });
    return obj;
  }

  private store(type: ResourceType, obj: K8sObject, event: 'ADDED' | 'MODIFIED'): void {
    this.objects.set(this.key(type, obj.metadata.namespace, obj.metadata.name), obj);
    this.emit(type, { type: event, object: obj });
  }

  /** What a real API server fills in: a clusterIP, and nodePorts for NodePort Services (kept across applies). */
  private allocateServiceFields(spec: any, previous: any): any {
    if (!spec) return spec;
    const ports = (spec.ports ?? []).map((p: any) => {
      if (spec.type !== 'NodePort' || p.nodePort !== undefined) return p;
      const old = (previous?.ports ?? []).find((q: any) => q.port === p.port && q.protocol === p.protocol);
      return { ...p, nodePort: old?.nodePort ?? this.nextNodePort++ };
    });
    return { ...spec, clusterIP: previous?.clusterIP ?? `10.96.0.${this.nextClusterIp++}`, ports };
  }
}
