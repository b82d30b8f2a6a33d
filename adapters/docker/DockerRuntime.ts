/**
 * ContainerRuntime on a Docker engine through its HTTP API (dockerode): the enforcement side of an aerOS
 * Low-Level Orchestrator whose orchestrationType is Docker. Runs what it is given, never chooses an IE.
 * Owns only containers labelled app.kubernetes.io/managed-by=continuum-fabric (dockerLabels.ts); with `ieId`
 * only those of that IE. Keyed by component: apply() for another IE replaces the component's container on the
 * engine, starting the new one before removing the old one (a migration between two IEs of one engine).
 * docs/adapters.md § Docker.
 */
import Docker from 'dockerode';
import type {
  ContainerRuntime, RuntimeEndpoint, RuntimeKind, WorkloadSpec, WorkloadStatus,
} from '../../orchestration/runtime/ContainerRuntime.js';
import { InvalidRequestError } from '../../fabric/errors/FabricError.js';
import { KeyedMutex } from '../../fabric/ngsi-ld/service/KeyedMutex.js';
import { DockerEventStream, type DockerContainerEvent } from './DockerEventStream.js';
import { describeDockerConnection, parseDockerAddress } from './dockerEndpoint.js';
import { hasDefaultBridge, inspectStatus, startContainer, stopAndRemove } from './dockerContainers.js';
import { engineMessage, engineStatusCode, isConflict, isNotFound, toRuntimeError } from './dockerErrors.js';
import { ensureImage } from './dockerImages.js';
import { DOCKER_LABEL, MANAGER, containerName, ownedLabelFilter } from './dockerLabels.js';
import { failedStatus, missingStatus, statusFromContainer } from './dockerPhase.js';
import { chooseNetworkMode, networkProblems, toCreateOptions, type DockerNetworkMode } from './dockerSpec.js';

export interface DockerRuntimeOptions {
  /** Socket path or URL of the engine (RuntimeEndpoint.address); default /var/run/docker.sock. */
  readonly address?: string;
  /** Same as a socket path in `address`. */
  readonly socketPath?: string;
  /**
   * Scope: only this IE's containers are listed, watched, replaced and removed; apply() accepts only its specs.
   * Without it the runtime owns every continuum-fabric container of the engine, whatever its IE.
   */
  readonly ieId?: string;
  /** Network of the containers (dockerSpec.ts); default 'auto'. */
  readonly networkMode?: DockerNetworkMode;
  /** Seconds between SIGTERM and SIGKILL when a container is stopped: removed, replaced, engine shutdown (default 10). */
  readonly stopTimeoutSeconds?: number;
  /** Pull images that are not present on the engine (default true). */
  readonly pull?: boolean;
  readonly pullTimeoutMs?: number;
  /** Delay before the events stream is reopened after it ended (default 1000 ms). */
  readonly reconnectDelayMs?: number;
  /** A ready dockerode client (tests); otherwise one is built from address / socketPath. */
  readonly docker?: Docker;
}

type Subscriber = (status: WorkloadStatus) => void;

/** The container reported for a component that has several (mid-migration): the newest, a running one on a tie. */
function newestFirst(a: Docker.ContainerInfo, b: Docker.ContainerInfo): number {
  return b.Created - a.Created || Number(b.State === 'running') - Number(a.State === 'running');
}

export class DockerRuntime implements ContainerRuntime {
  readonly kind: RuntimeKind = 'docker';
  readonly endpoint: string;
  readonly ieId?: string;
  private readonly docker: Docker;
  private readonly subscribers = new Set<Subscriber>();
  private readonly locks = new KeyedMutex();
  /** Apply outcomes that left no container (pull failed, bad port mapping): status() reports them until fixed. */
  private readonly failures = new Map<string, WorkloadStatus>();
  private events: DockerEventStream | undefined;
  private bridge: Promise<boolean> | undefined;
  private eventChain: Promise<void> = Promise.resolve();

  constructor(private readonly options: DockerRuntimeOptions = {}) {
    const connection = parseDockerAddress(options.socketPath ?? options.address);
    this.endpoint = describeDockerConnection(connection);
    this.docker = options.docker ?? new Docker(connection);
    this.ieId = options.ieId;
  }

  static fromEndpoint(endpoint: RuntimeEndpoint, options: Omit<DockerRuntimeOptions, 'address'> = {}): DockerRuntime {
    return new DockerRuntime({ ...options, address: endpoint.address });
  }

  /** Resolves when the engine answers; RuntimeUnavailableError otherwise. */
  async ping(): Promise<void> {
    await this.engine('ping the engine', () => this.docker.ping());
  }

  apply(spec: WorkloadSpec): Promise<WorkloadStatus> {
    if (this.ieId !== undefined && spec.ieId !== this.ieId) {
      return Promise.reject(new InvalidRequestError(`This Docker runtime serves ${this.ieId}; ${spec.componentId} is placed on ${spec.ieId}.`));
    }
    return this.serialized(spec.componentId, () => this.engine(`apply ${spec.componentId}`, () => this.applyNow(spec)));
  }

  remove(componentId: string): Promise<void> {
    return this.serialized(componentId, () => this.engine(`remove ${componentId}`, async () => {
      this.failures.delete(componentId);
      for (const c of await this.owned(componentId)) await this.removeContainer(c.Id);
    }));
  }

  status(componentId: string): Promise<WorkloadStatus> {
    return this.engine(`read the status of ${componentId}`, async () => {
      const newest = (await this.owned(componentId)).sort(newestFirst)[0];
      if (!newest) return this.failures.get(componentId) ?? missingStatus(componentId);
      return (await this.inspect(newest.Id)) ?? missingStatus(componentId);
    });
  }

  list(): Promise<WorkloadStatus[]> {
    return this.engine('list containers', async () => {
      const newestByComponent = new Map<string, Docker.ContainerInfo>();
      for (const c of await this.owned()) {
        const id = c.Labels[DOCKER_LABEL.component];
        const seen = newestByComponent.get(id);
        if (id && (!seen || newestFirst(c, seen) < 0)) newestByComponent.set(id, c);
      }
      const statuses: WorkloadStatus[] = [];
      for (const c of newestByComponent.values()) {
        const status = await this.inspect(c.Id);
        if (status) statuses.push(status);
      }
      for (const [id, failure] of this.failures) if (!newestByComponent.has(id)) statuses.push(failure);
      return statuses.sort((a, b) => a.componentId.localeCompare(b.componentId));
    });
  }

  watch(onChange: Subscriber): () => void {
    this.subscribers.add(onChange);
    if (!this.events) {
      this.events = new DockerEventStream(this.docker, {
        labels: ownedLabelFilter({ ieId: this.ieId }),
        reconnectDelayMs: this.options.reconnectDelayMs,
        onEvent: (event) => this.onEvent(event),
        // After a reconnection (engine restart) report everything: events of the gap may be lost.
        onConnected: (reconnect) => { if (reconnect) void this.list().then((all) => all.forEach((s) => this.emit(s)), () => undefined); },
      });
      this.events.start();
    }
    return () => {
      this.subscribers.delete(onChange);
      if (this.subscribers.size === 0) this.stopEvents();
    };
  }

  async close(): Promise<void> {
    this.subscribers.clear();
    this.stopEvents();
  }

  // ── apply ───────────────────────────────────────────────────────────────────────────────────────────────

  private async applyNow(spec: WorkloadSpec): Promise<WorkloadStatus> {
    const name = containerName(spec);
    const all = await this.owned(spec.componentId);
    // Same IE, other spec: removed first (the new container takes its name). Other IEs (the component moved while
    // one runtime serves both): removed once the new container is started, so a migration starts new, then stops old.
    const sameIe = all.filter((c) => c.Labels[DOCKER_LABEL.ie] === spec.ieId);
    const otherIes = all.filter((c) => c.Labels[DOCKER_LABEL.ie] !== spec.ieId);
    const current = sameIe.find((c) => c.Labels[DOCKER_LABEL.specHash] === spec.specHash && c.Names.includes(`/${name}`));
    for (const c of sameIe) if (c !== current) await this.removeContainer(c.Id);
    const status = (current ? await this.reuse(current.Id, spec) : undefined) ?? await this.create(spec);
    if (status.runtimeId === undefined) return status; // nothing was created: the old container keeps running
    if (status.phase !== 'Failed') for (const c of otherIes) await this.removeContainer(c.Id);
    return this.clearFailure(status);
  }

  /** An existing container with the same spec: kept as is, or started again when a long-running one stopped. */
  private async reuse(id: string, spec: WorkloadSpec): Promise<WorkloadStatus | undefined> {
    const info = await this.docker.getContainer(id).inspect().catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    if (!info) return undefined;
    const state = info.State.Status;
    if (state === 'dead' || state === 'removing') {
      await this.removeContainer(id);
      return undefined;
    }
    // A finished job is not run again (Succeeded or Failed stays as it is); a stopped service is started again.
    if (state === 'created' || (state === 'exited' && !spec.isJob)) {
      await this.start(id);
      return this.inspect(id);
    }
    return statusFromContainer(info);
  }

  private async create(spec: WorkloadSpec): Promise<WorkloadStatus> {
    const mode = chooseNetworkMode(spec, this.options.networkMode ?? 'auto', await this.engineHasBridge());
    const problems = networkProblems(spec, mode);
    if (problems.length > 0) return this.failed(spec, problems.join('; '));
    const image = await ensureImage(this.docker, spec.image, this.options.pull ?? true, this.options.pullTimeoutMs ?? 120_000);
    if (!image.ok) return this.failed(spec, image.reason);
    let created: Docker.Container;
    try {
      created = await this.docker.createContainer(toCreateOptions(spec, mode, this.options.stopTimeoutSeconds));
    } catch (error) {
      if (isConflict(error)) return this.failed(spec, await this.conflictReason(containerName(spec), error));
      if (engineStatusCode(error) === 400) return this.failed(spec, `the engine refused the container: ${engineMessage(error)}`);
      throw error;
    }
    await this.start(created.id);
    return (await this.inspect(created.id)) ?? missingStatus(spec.componentId);
  }

  private start(id: string): Promise<void> {
    return startContainer(this.docker, id);
  }

  private async conflictReason(name: string, error: unknown): Promise<string> {
    const holder = await this.docker.getContainer(name).inspect().catch(() => undefined);
    if (holder && holder.Config.Labels?.[DOCKER_LABEL.managedBy] !== MANAGER) {
      return `the container name ${name} is taken by a container not managed by ${MANAGER}; it is left alone`;
    }
    return `the container name ${name} is in use: ${engineMessage(error)}`;
  }

  private failed(spec: WorkloadSpec, message: string): WorkloadStatus {
    const status = failedStatus(spec.componentId, message, spec.specHash);
    this.failures.set(spec.componentId, status);
    this.emit(status);
    return status;
  }

  private clearFailure(status: WorkloadStatus): WorkloadStatus {
    this.failures.delete(status.componentId);
    return status;
  }

  // ── engine access ───────────────────────────────────────────────────────────────────────────────────────

  private async owned(componentId?: string): Promise<Docker.ContainerInfo[]> {
    return this.docker.listContainers({ all: true, filters: { label: ownedLabelFilter({ ieId: this.ieId, componentId }) } });
  }

  private inspect(id: string): Promise<WorkloadStatus | undefined> {
    return inspectStatus(this.docker, id);
  }

  private removeContainer(id: string): Promise<void> {
    return stopAndRemove(this.docker, id, this.options.stopTimeoutSeconds ?? 10);
  }

  private engineHasBridge(): Promise<boolean> {
    this.bridge ??= hasDefaultBridge(this.docker).catch((error: unknown) => {
      this.bridge = undefined;
      throw error;
    });
    return this.bridge;
  }

  private async engine<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toRuntimeError(error, this.endpoint, operation);
    }
  }

  /** One apply/remove at a time per component, in call order. */
  private async serialized<T>(componentId: string, run: () => Promise<T>): Promise<T> {
    const release = await this.locks.lock(componentId);
    try {
      return await run();
    } finally {
      release();
    }
  }

  // ── watch ───────────────────────────────────────────────────────────────────────────────────────────────

  private onEvent(event: DockerContainerEvent): void {
    const componentId = event.attributes[DOCKER_LABEL.component];
    if (!componentId || event.action.startsWith('exec_')) return;
    // In event order: a later event's status is never overtaken by an earlier one's.
    this.eventChain = this.eventChain
      .then(() => this.status(componentId))
      .then((status) => this.emit(status), () => undefined);
  }

  private emit(status: WorkloadStatus): void {
    for (const subscriber of this.subscribers) {
      try {
        subscriber(status);
      } catch {
        // a subscriber's failure is its own; the others still hear about the change
      }
    }
  }

  private stopEvents(): void {
    this.events?.stop();
    this.events = undefined;
  }
}
