/**
 * A FAKE Kubernetes API server for the Kubernetes adapter's tests (no real API server can run here): node:http
 * over the in-memory FakeObjectStore, implementing only what adapters/kubernetes uses — discovery (/api, /apis,
 * /api/v1, /apis/{group}/{version}), server-side apply (PATCH application/apply-patch+yaml with fieldManager),
 * GET, LIST with labelSelector, WATCH streams (?watch=true, newline-delimited events), DELETE with
 * propagationPolicy — and bearer-token authentication. Every written object is validated against the Kubernetes
 * OpenAPI schema (kubernetes-models), custom resources against their CRD's openAPIV3Schema, and rejected with a 422
 * `Status` as a real API server would.
 * Tests play the controllers: setStatus() (Deployment availableReplicas, Job succeeded/failed) and putPodFor().
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import {
  FakeObjectStore, RESOURCE_TYPES, StatusError, apiVersionOf, matchesSelector,
  type K8sObject, type ResourceType,
} from './fakeKubernetesObjectStore.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType?: string;
}

export interface PodState {
  readonly phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  readonly restartCount?: number;
  readonly waitingReason?: string;
  readonly exitCode?: number;
}

interface Route { type: ResourceType; namespace?: string; name?: string }

export class FakeKubernetesApiServer {
  readonly store: FakeObjectStore;
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly watchers = new Set<ServerResponse>();
  private podCounter = 0;
  private readonly gcTimers = new Set<NodeJS.Timeout>();
  /** How long the simulated garbage collector takes to finish a Foreground deletion. */
  gcDelayMs = 30;

  private constructor(readonly token: string, customResources: readonly ResourceType[]) {
    this.store = new FakeObjectStore([...RESOURCE_TYPES, ...customResources]);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /**
   * Starts on a free loopback port with the namespaces given (a real cluster 404s applies into a missing one) and
   * the custom resource types given (fakeCustomResourceDefinition.ts), which discovery then lists.
   */
  static async start(options: { token?: string; namespaces?: string[]; customResources?: ResourceType[] } = {}): Promise<FakeKubernetesApiServer> {
    const fake = new FakeKubernetesApiServer(options.token ?? 'fake-token', options.customResources ?? []);
    for (const ns of options.namespaces ?? []) fake.store.put(fake.type('Namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  type(kind: string): ResourceType {
    return this.store.types.find((t) => t.kind === kind)!;
  }

  get(kind: string, name: string, namespace = 'continuum'): K8sObject | undefined {
    return this.store.get(this.type(kind), namespace, name);
  }

  all(kind: string, namespace = 'continuum'): K8sObject[] {
    return this.store.list(this.type(kind), namespace, null);
  }

  /** Plays a controller: merges `status` into the object (e.g. availableReplicas, job succeeded). */
  setStatus(kind: string, name: string, status: Record<string, unknown>, namespace = 'continuum'): K8sObject {
    const obj = this.get(kind, name, namespace);
    if (!obj) throw new Error(`${kind} ${name} does not exist`);
    return this.store.put(this.type(kind), { ...obj, status: { ...(obj.status ?? {}), ...status } });
  }

  /** Plays the ReplicaSet/Job controller and kubelet: one pod from the owner's template, in the given state. */
  putPodFor(kind: 'Deployment' | 'Job', name: string, state: PodState, namespace = 'continuum'): K8sObject {
    const owner = this.get(kind, name, namespace);
    if (!owner) throw new Error(`${kind} ${name} does not exist`);
    const template = owner.spec.template;
    const container = template.spec.containers[0];
    const cstate = state.waitingReason ? { waiting: { reason: state.waitingReason, message: `simulated ${state.waitingReason}` } }
      : state.exitCode !== undefined ? { terminated: { exitCode: state.exitCode, reason: state.exitCode === 0 ? 'Completed' : 'Error' } }
        : state.phase === 'Running' ? { running: { startedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } } : { waiting: { reason: 'ContainerCreating' } };
    const existing = this.store.list(this.type('Pod'), namespace, null).find((p) => p.metadata.ownerReferences?.[0]?.uid === owner.metadata.uid);
    return this.store.put(this.type('Pod'), {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: existing?.metadata.name ?? `${name}-${++this.podCounter}`, namespace, labels: template.metadata.labels, annotations: template.metadata.annotations,
        ownerReferences: [{ apiVersion: owner.apiVersion, kind, name, uid: owner.metadata.uid, controller: true }],
      },
      spec: template.spec,
      status: { phase: state.phase, containerStatuses: [{ name: container.name, image: container.image, imageID: '', ready: state.phase === 'Running', restartCount: state.restartCount ?? 0, state: cstate }] },
    });
  }

  async close(): Promise<void> {
    for (const t of this.gcTimers) clearTimeout(t);
    for (const w of this.watchers) w.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, contentType: req.headers['content-type'] });
    try {
      if (req.headers.authorization !== `Bearer ${this.token}`) throw new StatusError(401, 'Unauthorized', 'Unauthorized');
      const body = await readBody(req);
      const discovery = this.discovery(url.pathname);
      if (discovery) return send(res, 200, discovery);
      const route = this.route(url.pathname);
      if (!route) throw new StatusError(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
      if (route.type.namespaced && route.namespace && !this.store.get(this.type('Namespace'), undefined, route.namespace) && req.method === 'PATCH') {
        throw new StatusError(404, 'NotFound', `namespaces "${route.namespace}" not found`, { name: route.namespace, kind: 'namespaces' });
      }
      if (req.method === 'GET' && !route.name && url.searchParams.get('watch') === 'true') return this.watch(route, url, res);
      if (req.method === 'GET' && !route.name) return send(res, 200, this.list(route, url));
      if (req.method === 'GET') return send(res, 200, this.getOrThrow(route));
      if (req.method === 'PATCH') return this.apply(route, url, req, body, res);
      if (req.method === 'DELETE') return send(res, 200, this.delete(route, url.searchParams.get('propagationPolicy')));
      throw new StatusError(405, 'MethodNotAllowed', `${req.method} is not supported by this fake`);
    } catch (error) {
      const status = error instanceof StatusError ? error : new StatusError(500, 'InternalError', String(error));
      send(res, status.code, status.toStatus());
    }
  }

  private discovery(path: string): object | undefined {
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
    const groupVersions = [...new Set(this.store.types.filter((t) => t.group).map((t) => `${t.group}/${t.version}`))];
    if (path === '/apis') {
      return {
        kind: 'APIGroupList', apiVersion: 'v1',
        groups: groupVersions.map((gv) => {
          const [name, version] = gv.split('/');
          return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
        }),
      };
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (!m) return undefined;
    const group = m[1] ? '' : m[2];
    const version = m[1] ?? m[3];
    const types = this.store.types.filter((t) => t.group === group && t.version === version);
    if (types.length === 0) return undefined;
    return {
      kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version,
      resources: types.map((t) => ({ name: t.plural, singularName: t.kind.toLowerCase(), namespaced: t.namespaced, kind: t.kind, verbs: ['delete', 'get', 'list', 'patch', 'watch'] })),
    };
  }

  private route(path: string): Route | undefined {
    const m = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+)(?=\/))?\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (!m) return undefined;
    const group = m[1] ?? '';
    const version = m[2] ?? 'v1';
    const type = this.store.types.find((t) => t.group === group && t.version === version && t.plural === m[4]);
    if (!type || (type.namespaced && !m[3])) return undefined;
    return { type, namespace: m[3] ? decodeURIComponent(m[3]) : undefined, name: m[5] ? decodeURIComponent(m[5]) : undefined };
  }

  private getOrThrow(route: Route): K8sObject {
    const obj = this.store.get(route.type, route.namespace, route.name!);
    if (!obj) throw notFound(route);
    return obj;
  }

  private list(route: Route, url: URL): object {
    const items = this.store.list(route.type, route.namespace, url.searchParams.get('labelSelector'));
    return { kind: `${route.type.kind}List`, apiVersion: apiVersionOf(route.type), metadata: { resourceVersion: this.store.currentResourceVersion }, items };
  }

  private apply(route: Route, url: URL, req: IncomingMessage, body: string, res: ServerResponse): void {
    if (req.headers['content-type'] !== 'application/apply-patch+yaml') {
      throw new StatusError(415, 'UnsupportedMediaType', `this fake only implements server-side apply, not ${req.headers['content-type']}`);
    }
    const fieldManager = url.searchParams.get('fieldManager');
    if (!fieldManager) throw new StatusError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    let applied: K8sObject;
    try {
      applied = parseYaml(body) as K8sObject;
    } catch (error) {
      throw new StatusError(400, 'BadRequest', `error decoding YAML: ${(error as Error).message}`);
    }
    if (applied?.apiVersion !== apiVersionOf(route.type) || applied.kind !== route.type.kind) {
      throw new StatusError(400, 'BadRequest', `apiVersion/kind ${applied?.apiVersion}/${applied?.kind} do not match the URL (${apiVersionOf(route.type)}/${route.type.kind})`);
    }
    if (applied.metadata?.name !== route.name) {
      throw new StatusError(400, 'BadRequest', `the name of the object (${applied.metadata?.name}) does not match the name on the URL (${route.name})`);
    }
    if (applied.metadata.namespace !== undefined && applied.metadata.namespace !== route.namespace) {
      throw new StatusError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    const { object, created } = this.store.apply(route.type, route.namespace, applied, fieldManager);
    send(res, created ? 201 : 200, object);
  }

  /**
   * Deletes the object and, like the garbage collector, the pods it owns. propagationPolicy=Foreground, as on a
   * real cluster, first only marks it (deletionTimestamp, finalizer foregroundDeletion: it stays readable and
   * listed) and removes pods and object gcDelayMs later; other policies delete at once.
   */
  private delete(route: Route, propagationPolicy: string | null): object {
    const obj = this.store.get(route.type, route.namespace, route.name!);
    if (!obj) throw notFound(route);
    const collect = (): void => {
      for (const pod of this.store.list(this.type('Pod'), route.namespace, null)) {
        if (pod.metadata.ownerReferences?.some((o: { uid: string }) => o.uid === obj.metadata.uid)) this.store.delete(this.type('Pod'), route.namespace, pod.metadata.name);
      }
      this.store.delete(route.type, route.namespace, route.name!);
    };
    if (propagationPolicy !== 'Foreground') {
      collect();
      return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: route.name, group: route.type.group, kind: route.type.plural, uid: obj.metadata.uid } };
    }
    if (obj.metadata.deletionTimestamp) return obj;
    const marked = this.store.put(route.type, {
      ...obj, metadata: { ...obj.metadata, deletionTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), finalizers: ['foregroundDeletion'] },
    });
    const timer = setTimeout(() => { this.gcTimers.delete(timer); collect(); }, this.gcDelayMs);
    this.gcTimers.add(timer);
    return marked;
  }

  /** A watch stream: synthetic ADDED events for what exists, then every change, one JSON event per line. */
  private watch(route: Route, url: URL, res: ServerResponse): void {
    const selector = url.searchParams.get('labelSelector');
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    this.watchers.add(res);
    for (const obj of this.store.list(route.type, route.namespace, selector)) res.write(`${JSON.stringify({ type: 'ADDED', object: obj })}\n`);
    const unsubscribe = this.store.onEvent((type, event) => {
      if (type !== route.type || (route.namespace && event.object.metadata.namespace !== route.namespace)) return;
      if (matchesSelector(event.object.metadata.labels, selector)) res.write(`${JSON.stringify(event)}\n`);
    });
    res.on('close', () => { unsubscribe(); this.watchers.delete(res); });
  }
}

function notFound(route: Route): StatusError {
  const group = route.type.group ? `.${route.type.group}` : '';
  return new StatusError(404, 'NotFound', `${route.type.plural}${group} "${route.name}" not found`, { name: route.name, group: route.type.group, kind: route.type.plural });
}

function send(res: ServerResponse, code: number, body: object): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
