/**
 * Moves a component through the aerOS lifecycle (Locating → Starting → Running / Failed, Migrating, Removing,
 * Finished), recording every transition with its time (OrchestrationRepository), and enacts a placed component
 * through the runtime of its IE. Shared by the orchestration service and the reconciler.
 */
import type { ServiceRequest } from '../request/ServiceRequest.js';
import type { ContainerRuntime, WorkloadStatus } from '../runtime/ContainerRuntime.js';
import type { RuntimeResolver } from '../runtime/RuntimeRegistry.js';
import { mayTransition, type ComponentStatus } from './ComponentStatus.js';
import type { ComponentRecord, OrchestrationRepository } from './OrchestrationRepository.js';
import { workloadSpec } from './workloadSpec.js';

export type ComponentChanges = Partial<Pick<ComponentRecord, 'ie' | 'migratingFrom' | 'decision' | 'specHash' | 'image' | 'args' | 'env' | 'isJob'>> & {
  /** Why (stored as cf:statusReason, cleared when absent). */
  readonly reason?: string;
};

/** cf:statusReason of a job that ran to completion (Finished without being removed). */
export const JOB_COMPLETED = 'job completed';

export class IllegalTransitionError extends Error {
  constructor(component: string, from: ComponentStatus | undefined, to: ComponentStatus) {
    super(`Component ${component} cannot go from ${from ?? '(new)'} to ${to}.`);
    this.name = 'IllegalTransitionError';
  }
}

export class ComponentLifecycle {
  constructor(readonly repository: OrchestrationRepository, readonly runtimes: RuntimeResolver) {}

  /** Sets the status (and the given fields) and records the transition; same status = fields only, no history entry. */
  async transition(c: ComponentRecord, to: ComponentStatus, changes: ComponentChanges = {}): Promise<ComponentRecord> {
    const changed = c.status !== to;
    if (changed && !mayTransition(c.status, to)) throw new IllegalTransitionError(c.id, c.status, to);
    const next: ComponentRecord = { ...c, ...changes, status: to, reason: changes.reason };
    await this.repository.writeComponent(next, changed ? { from: c.status, reason: changes.reason } : undefined);
    return next;
  }

  /** The runtime serving the component's IE (throws when none can). */
  runtimeOf(ieId: string): ContainerRuntime {
    return this.runtimes.runtimeFor(ieId);
  }

  /**
   * Applies the component's workload on its IE and sets the status the runtime reports: Running, Finished (a job that
   * succeeded), Failed (with the runtime's message), or leaves it Starting / Migrating while Pending.
   */
  async enact(service: ServiceRequest, c: ComponentRecord): Promise<{ component: ComponentRecord; observed?: WorkloadStatus }> {
    const request = service.components.find((x) => x.id === c.id);
    if (!c.ie || !request) return { component: c };
    let observed: WorkloadStatus;
    try {
      observed = await this.runtimeOf(c.ie).apply(workloadSpec(service, request, c.ie));
    } catch (e) {
      return { component: await this.transition(c, 'Failed', { reason: `runtime error: ${(e as Error).message}`, migratingFrom: undefined }) };
    }
    return { component: await this.observe(c, observed), observed };
  }

  /** Ends a migration whose new workload runs: stops the old one (when another runtime holds it), then Running. */
  async completeMigration(c: ComponentRecord): Promise<ComponentRecord> {
    let left = '';
    if (c.migratingFrom && c.ie) {
      try {
        const from = this.runtimeOf(c.migratingFrom);
        if (from !== this.runtimeOf(c.ie)) await from.remove(c.id);
      } catch (e) {
        // The old runtime is unreachable (often why the component moved): its workload is collected once it answers.
        left = `; the old workload could not be stopped yet (${(e as Error).message})`;
      }
    }
    return this.transition(c, 'Running', { migratingFrom: undefined, reason: c.migratingFrom ? `migrated from ${c.migratingFrom}${left}` : undefined });
  }

  /**
   * Maps what a runtime observed onto the lifecycle. Pending keeps the current status; Running while Migrating is left
   * to the caller, which stops the old workload first (OrchestrationService.migrate / Reconciler).
   */
  async observe(c: ComponentRecord, observed: WorkloadStatus): Promise<ComponentRecord> {
    switch (observed.phase) {
      case 'Running': return c.status === 'Running' || c.status === 'Migrating' ? c : this.transition(c, 'Running');
      case 'Succeeded': return c.status === 'Finished' ? c : this.transition(c, 'Finished', { reason: JOB_COMPLETED });
      case 'Failed': return c.status === 'Failed' ? c : this.transition(c, 'Failed', { reason: observed.message ?? `exited with code ${observed.exitCode ?? '?'}`, migratingFrom: undefined });
      case 'Missing': return c.status === 'Failed' ? c : this.transition(c, 'Failed', { reason: 'the runtime has no workload for the component', migratingFrom: undefined });
      default: return c;
    }
  }
}
