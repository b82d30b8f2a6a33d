/**
 * The explicit dry-run runtime (issue 5): for nodes with no container runtime configured. It runs nothing; it records
 * every planned action (apply / remove, with the full WorkloadSpec) so the decisions and what would be enforced can be
 * read back, and reports applied workloads as Running (jobs as Succeeded). Its kind is 'dry-run', so status output
 * never hides that nothing ran. It is never a silent default where a real runtime is configured (RuntimeRegistry).
 *
 * fail() and restart() simulate a crashed workload and a runtime restart (all workloads lost), for tests and demos
 * of the reconciler.
 */
import type { ContainerRuntime, RuntimeAction, WorkloadSpec, WorkloadStatus } from '../../orchestration/runtime/ContainerRuntime.js';

export interface DryRunOptions {
  /** Clock (tests). */
  readonly now?: () => Date;
  /** Most recent actions kept (default 10 000). */
  readonly maxActions?: number;
}

interface Workload {
  readonly spec: WorkloadSpec;
  status: WorkloadStatus;
}

export class DryRunRuntime implements ContainerRuntime {
  readonly kind = 'dry-run' as const;
  readonly endpoint = 'dry-run';
  private readonly workloads = new Map<string, Workload>();
  private readonly log: RuntimeAction[] = [];
  private readonly listeners = new Set<(status: WorkloadStatus) => void>();
  private readonly now: () => Date;
  private readonly maxActions: number;
  private counter = 0;

  constructor(options: DryRunOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.maxActions = options.maxActions ?? 10_000;
  }

  /** The planned actions, oldest first. */
  actions(): readonly RuntimeAction[] {
    return [...this.log];
  }

  /** Readable lines: "2026-12-02T08:00:00.000Z apply urn:…:web image=nginx on urn:…:edge:00001". */
  describeActions(): string[] {
    return this.log.map((a) => `${a.at.toISOString()} ${a.action} ${a.componentId}${a.spec ? ` image=${a.spec.image} on ${a.spec.ieId}` : ''}`);
  }

  async apply(spec: WorkloadSpec): Promise<WorkloadStatus> {
    const existing = this.workloads.get(spec.componentId);
    if (existing && existing.spec.specHash === spec.specHash && existing.status.phase !== 'Failed') return existing.status;
    this.record({ action: 'apply', componentId: spec.componentId, spec, at: this.now() });
    const status: WorkloadStatus = {
      componentId: spec.componentId,
      phase: spec.isJob ? 'Succeeded' : 'Running',
      runtimeId: `dry-run-${spec.name}-${++this.counter}`,
      specHash: spec.specHash,
      restarts: existing ? (existing.status.restarts ?? 0) + 1 : 0,
      ...(spec.isJob ? { exitCode: 0 } : {}),
      observedAt: this.now(),
    };
    this.workloads.set(spec.componentId, { spec, status });
    this.emit(status);
    return status;
  }

  async remove(componentId: string): Promise<void> {
    if (!this.workloads.delete(componentId)) return;
    this.record({ action: 'remove', componentId, at: this.now() });
    this.emit({ componentId, phase: 'Missing', observedAt: this.now() });
  }

  async status(componentId: string): Promise<WorkloadStatus> {
    return this.workloads.get(componentId)?.status ?? { componentId, phase: 'Missing', observedAt: this.now() };
  }

  async list(): Promise<WorkloadStatus[]> {
    return [...this.workloads.values()].map((w) => w.status);
  }

  watch(onChange: (status: WorkloadStatus) => void): () => void {
    this.listeners.add(onChange);
    return () => { this.listeners.delete(onChange); };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  /** Simulates a crash of the workload (phase Failed with the message), as a runtime would report it. */
  fail(componentId: string, message = 'killed (simulated)', exitCode = 137): void {
    const w = this.workloads.get(componentId);
    if (!w) return;
    w.status = { ...w.status, phase: 'Failed', exitCode, message, observedAt: this.now() };
    this.emit(w.status);
  }

  /** Simulates a restart of the runtime that lost every workload. */
  restart(): void {
    const ids = [...this.workloads.keys()];
    this.workloads.clear();
    for (const componentId of ids) this.emit({ componentId, phase: 'Missing', observedAt: this.now() });
  }

  private record(action: RuntimeAction): void {
    this.log.push(action);
    if (this.log.length > this.maxActions) this.log.splice(0, this.log.length - this.maxActions);
  }

  private emit(status: WorkloadStatus): void {
    for (const listener of [...this.listeners]) listener(status);
  }
}
