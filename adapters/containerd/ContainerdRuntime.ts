/**
 * ContainerRuntime over containerd's gRPC API (issue 5; the enforcement side of an aerOS Low-Level
 * Orchestrator for an IE whose LowLevelOrchestrator names a containerd socket). One containerd namespace per node:
 * everything the adapter creates lives there and carries our labels (containerdLabels.ts).
 *
 * apply: container (labels incl. spec hash, OCI spec from ociSpec.ts, runtime io.containerd.runc.v2, rootfs
 * snapshot prepared on the image's chain ID under a short lease) → task with the snapshot's mounts → start.
 * Idempotent; a different spec hash replaces the container. Restart policy: the adapter does not restart on its
 * own; a stopped task is reported (Failed / Succeeded) and the reconciler's next apply() starts a new task in the
 * same container when the policy allows (containerdPhase.ts restartDecision).
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { OperationNotSupportedError } from '../../fabric/errors/FabricError.js';
import { RuntimeOperationError } from '../../fabric/errors/RuntimeError.js';
import type { ContainerRuntime, RuntimeEndpoint, WorkloadSpec, WorkloadStatus } from '../../orchestration/runtime/ContainerRuntime.js';
import { ContainerdClient, GrpcStatus, hasGrpcStatus } from './containerdClient.js';
import { CONTAINERD_LABEL, MANAGER, OWNED_FILTER, containerIdFor, containerdLabelsFor } from './containerdLabels.js';
import type { Container, Mount, Process } from './containerdMessages.js';
import { restartDecision, workloadStatusOf } from './containerdPhase.js';
import { subscribeContainerdEvents } from './containerdWatch.js';
import { resolveImage } from './imageResolver.js';
import { buildOciSpec, packOciSpec, unsupportedPortMappings } from './ociSpec.js';

export const DEFAULT_CONTAINERD_NAMESPACE = 'continuum-fabric';
export const RUNC_V2 = 'io.containerd.runc.v2';
const SIGTERM = 15;
const SIGKILL = 9;

export interface ContainerdRuntimeOptions {
  /** containerd socket: `/run/containerd/containerd.sock` or `unix:///...`. */
  readonly address: string;
  /** The node's containerd namespace (default `continuum-fabric`). */
  readonly namespace?: string;
  readonly snapshotter?: string;
  /** Time between SIGTERM and SIGKILL in remove() (default 10 s). */
  readonly stopGraceMs?: number;
  readonly callTimeoutMs?: number;
  /** Delay before the event stream reconnects (default 1 s). */
  readonly reconnectDelayMs?: number;
}

export class ContainerdRuntime implements ContainerRuntime {
  readonly kind = 'containerd' as const;
  readonly endpoint: string;
  readonly namespace: string;
  private readonly client: ContainerdClient;
  private readonly snapshotter: string;
  private readonly stopGraceMs: number;
  /** container id → component IRI, for events about containers that are already gone. */
  private readonly known = new Map<string, string>();
  /** apply()/remove() in progress per container id: one at a time, and the watch reports only their outcome. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly unsubscribers = new Set<() => void>();

  static fromEndpoint(endpoint: RuntimeEndpoint, options: Partial<ContainerdRuntimeOptions> = {}): ContainerdRuntime {
    if (!endpoint.address) throw new Error('a containerd runtime endpoint needs an address (socket path)');
    return new ContainerdRuntime({ ...options, address: endpoint.address, namespace: endpoint.namespace ?? options.namespace });
  }

  constructor(private readonly options: ContainerdRuntimeOptions) {
    this.namespace = options.namespace ?? DEFAULT_CONTAINERD_NAMESPACE;
    this.client = new ContainerdClient(options.address, this.namespace, options.callTimeoutMs);
    this.endpoint = this.client.socket;
    this.snapshotter = options.snapshotter ?? 'overlayfs';
    this.stopGraceMs = options.stopGraceMs ?? 10_000;
  }

  apply(spec: WorkloadSpec): Promise<WorkloadStatus> {
    return this.exclusive(containerIdFor(spec.componentId), () => this.applyNow(spec));
  }

  remove(componentId: string): Promise<void> {
    return this.exclusive(containerIdFor(componentId), () => this.removeNow(componentId));
  }

  private async applyNow(spec: WorkloadSpec): Promise<WorkloadStatus> {
    const unsupported = unsupportedPortMappings(spec.ports);
    if (unsupported.length > 0) {
      throw new OperationNotSupportedError(`The containerd runtime runs components on the host network (no CNI): ` +
        `port ${unsupported.map((p) => `${p.hostPort}->${p.containerPort}`).join(', ')} cannot be remapped; publish each port on its container port.`);
    }
    const id = containerIdFor(spec.componentId);
    this.known.set(id, spec.componentId);
    let container = await this.getContainer(id);
    if (container && container.labels[CONTAINERD_LABEL.managedBy] !== MANAGER) {
      throw new RuntimeOperationError('containerd', `create container ${id}`, 'a container with this id exists and is not ours', GrpcStatus.ALREADY_EXISTS);
    }
    if (container && container.labels[CONTAINERD_LABEL.specHash] !== spec.specHash) {
      await this.removeNow(spec.componentId);
      container = undefined;
    }
    if (!container) await this.createContainer(spec, id);
    await this.ensureTask(spec, id);
    return this.status(spec.componentId);
  }

  private async removeNow(componentId: string): Promise<void> {
    const id = containerIdFor(componentId);
    const container = await this.getContainer(id);
    if (container && container.labels[CONTAINERD_LABEL.managedBy] !== MANAGER) return;
    const task = await this.getTask(id);
    if (task && task.status !== 'STOPPED') await this.stopTask(id);
    if (task) await this.ignoreNotFound(this.client.call('tasks', 'delete', { containerId: id }));
    if (container) await this.ignoreNotFound(this.client.call('containers', 'delete', { id }));
    await this.ignoreNotFound(this.client.call('snapshots', 'remove', { snapshotter: this.snapshotter, key: id }));
  }

  async status(componentId: string): Promise<WorkloadStatus> {
    const id = containerIdFor(componentId);
    const container = await this.getContainer(id);
    if (!container || container.labels[CONTAINERD_LABEL.managedBy] !== MANAGER) return workloadStatusOf(componentId, undefined, undefined);
    this.known.set(id, componentId);
    return workloadStatusOf(componentId, container, await this.getTask(id));
  }

  async list(): Promise<WorkloadStatus[]> {
    const [{ containers }, { tasks }] = await Promise.all([
      this.client.call<{ containers: Container[] }>('containers', 'list', { filters: [OWNED_FILTER] }),
      this.client.call<{ tasks: Process[] }>('tasks', 'list', {}),
    ]);
    const taskOf = new Map(tasks.map((t) => [t.containerId || t.id, t]));
    const observedAt = new Date();
    return containers
      .filter((c) => c.labels[CONTAINERD_LABEL.component] !== undefined)
      .map((c) => {
        const componentId = c.labels[CONTAINERD_LABEL.component];
        this.known.set(c.id, componentId);
        return workloadStatusOf(componentId, c, taskOf.get(c.id), observedAt);
      });
  }

  watch(onChange: (status: WorkloadStatus) => void): () => void {
    let chain = Promise.resolve();
    let active = true;
    const emit = (work: () => Promise<WorkloadStatus[]>): void => {
      chain = chain.then(work).then((statuses) => { if (active) statuses.forEach(onChange); }, () => undefined);
    };
    // Learn the ids of what we own now, so a /containers/delete of one of them can be mapped back.
    this.list().catch(() => undefined);
    const unsubscribe = subscribeContainerdEvents(this.client, {
      onEvent: (_topic, containerId) => emit(async () => {
        // Mid-apply/remove states (a container without its task yet) are not news: report the outcome.
        await this.inFlight.get(containerId)?.catch(() => undefined);
        const componentId = this.known.get(containerId) ?? (await this.getContainer(containerId))?.labels[CONTAINERD_LABEL.component];
        return componentId ? [await this.status(componentId)] : [];
      }),
      onResync: () => emit(async () => {
        const before = new Map(this.known);
        const statuses = await this.list();
        const seen = new Set(statuses.map((s) => s.componentId));
        const gone = [...before.values()].filter((c) => !seen.has(c));
        return [...statuses, ...gone.map((componentId) => workloadStatusOf(componentId, undefined, undefined))];
      }),
    }, this.options.reconnectDelayMs);
    const stop = (): void => { active = false; unsubscribe(); this.unsubscribers.delete(stop); };
    this.unsubscribers.add(stop);
    return stop;
  }

  async close(): Promise<void> {
    for (const stop of [...this.unsubscribers]) stop();
    this.client.close();
  }

  /** Runs `op` after any apply()/remove() of the same container id has finished. */
  private exclusive<T>(id: string, op: () => Promise<T>): Promise<T> {
    const previous = this.inFlight.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(op);
    this.inFlight.set(id, next);
    const clear = (): void => { if (this.inFlight.get(id) === next) this.inFlight.delete(id); };
    next.then(clear, clear);
    return next;
  }

  private async createContainer(spec: WorkloadSpec, id: string): Promise<void> {
    const image = await resolveImage(this.client, spec.image, this.snapshotter);
    const hostNetworkFiles = ['/etc/resolv.conf', '/etc/hosts'].filter((f) => existsSync(f));
    const oci = buildOciSpec(spec, image.config, { namespace: this.namespace, containerId: id, hostNetworkFiles });
    const labels = containerdLabelsFor(spec);
    // The lease keeps the new snapshot from garbage collection until the container that references it exists.
    const leaseId = `${id}-${randomUUID()}`;
    await this.client.call('leases', 'create', {
      id: leaseId, labels: { 'containerd.io/gc.expire': new Date(Date.now() + 10 * 60_000).toISOString() },
    });
    const leased = { 'containerd-lease': leaseId };
    try {
      await this.ignoreNotFound(this.client.call('snapshots', 'remove', { snapshotter: this.snapshotter, key: id }));
      await this.client.call('snapshots', 'prepare', {
        snapshotter: this.snapshotter, key: id, parent: image.chainId, labels: { [CONTAINERD_LABEL.managedBy]: MANAGER },
      }, leased);
      await this.client.call('containers', 'create', {
        container: {
          id, labels, image: image.name, runtime: { name: RUNC_V2 }, spec: packOciSpec(oci),
          snapshotter: this.snapshotter, snapshotKey: id,
        },
      }, leased);
    } catch (err) {
      await this.ignoreNotFound(this.client.call('snapshots', 'remove', { snapshotter: this.snapshotter, key: id }), true);
      throw err;
    } finally {
      await this.client.call('leases', 'delete', { id: leaseId }).catch(() => undefined);
    }
  }

  private async ensureTask(spec: WorkloadSpec, id: string): Promise<void> {
    const task = await this.getTask(id);
    if (!task) return this.startNewTask(id);
    if (task.status === 'CREATED') {
      await this.client.call('tasks', 'start', { containerId: id });
    } else if (task.status === 'STOPPED' && restartDecision(spec, task.exitStatus) === 'restart') {
      await this.ignoreNotFound(this.client.call('tasks', 'delete', { containerId: id }));
      await this.startNewTask(id);
    }
  }

  private async startNewTask(id: string): Promise<void> {
    const { mounts } = await this.client.call<{ mounts: Mount[] }>('snapshots', 'mounts', { snapshotter: this.snapshotter, key: id });
    await this.client.call('tasks', 'create', { containerId: id, rootfs: mounts });
    try {
      await this.client.call('tasks', 'start', { containerId: id });
    } catch (err) {
      // A task that cannot start (e.g. its command does not exist) is deleted, so the next apply() retries cleanly.
      await this.ignoreNotFound(this.client.call('tasks', 'delete', { containerId: id }), true);
      throw err;
    }
  }

  /** SIGTERM to every process of the task, SIGKILL after the grace period; resolves once the task has stopped. */
  private async stopTask(id: string): Promise<void> {
    // A local timer decides the grace period: containerd reports its own expired deadline as UNKNOWN
    // "context deadline exceeded", so the gRPC deadline (set later) only bounds the call.
    const exited = (timeoutMs: number): Promise<boolean> => new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.client.call('tasks', 'wait', { containerId: id }, {}, timeoutMs + 5000).then(() => {
        clearTimeout(timer);
        resolve(true);
      }, (err: unknown) => {
        clearTimeout(timer);
        if (hasGrpcStatus(err, GrpcStatus.NOT_FOUND)) resolve(true);
        else if (hasGrpcStatus(err, GrpcStatus.DEADLINE_EXCEEDED) || /deadline exceeded/.test(String(err))) resolve(false);
        else reject(err);
      });
    });
    const waitTerm = exited(this.stopGraceMs);
    await this.kill(id, SIGTERM);
    if (await waitTerm) return;
    await this.kill(id, SIGKILL);
    await exited(this.options.callTimeoutMs ?? 30_000);
  }

  private async kill(id: string, signal: number): Promise<void> {
    try {
      await this.client.call('tasks', 'kill', { containerId: id, signal, all: true });
    } catch (err) {
      // Already gone or already stopped: nothing left to signal.
      if (!hasGrpcStatus(err, GrpcStatus.NOT_FOUND) && !hasGrpcStatus(err, GrpcStatus.FAILED_PRECONDITION)) throw err;
    }
  }

  private async getContainer(id: string): Promise<Container | undefined> {
    try {
      return (await this.client.call<{ container: Container }>('containers', 'get', { id })).container;
    } catch (err) {
      if (hasGrpcStatus(err, GrpcStatus.NOT_FOUND)) return undefined;
      throw err;
    }
  }

  private async getTask(id: string): Promise<Process | undefined> {
    try {
      return (await this.client.call<{ process: Process }>('tasks', 'get', { containerId: id })).process;
    } catch (err) {
      if (hasGrpcStatus(err, GrpcStatus.NOT_FOUND)) return undefined;
      throw err;
    }
  }

  /** Awaits a call, treating NOT_FOUND as done; with `quiet`, any error (cleanup after another failure). */
  private async ignoreNotFound(call: Promise<unknown>, quiet = false): Promise<void> {
    try {
      await call;
    } catch (err) {
      if (!quiet && !hasGrpcStatus(err, GrpcStatus.NOT_FOUND)) throw err;
    }
  }
}
