/**
 * The orchestration service (issue 5; aerOS: the High-Level Orchestrator's deployment front end). deploy() writes the
 * aeros:Service and its aeros:ServiceComponent entities (status Locating), asks the Planner where each component goes,
 * records the decisions, sets Starting and applies each workload through the runtime of its IE (RuntimeRegistry),
 * then Running / Failed from what the runtime reports. update() re-plans only the components whose request changed,
 * remove() takes every component through Removing to Finished. All state is in the graph (OrchestrationRepository);
 * one service is changed by one caller at a time (the reconciler takes the same lock).
 */
import { requirementsEntity } from './lifecycle/componentRequirementsEntity.js';
import { AlreadyExistsError, ResourceNotFoundError } from '../fabric/errors/FabricError.js';
import { KeyedMutex } from '../fabric/ngsi-ld/service/KeyedMutex.js';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import type { PlacementDecision } from './placement/PlacementDecision.js';
import type { Planner } from './placement/Planner.js';
import { rejectionsOf } from './placement/rejectionView.js';
import type { ComponentRequest, ServiceRequest } from './request/ServiceRequest.js';
import type { RuntimeResolver } from './runtime/RuntimeRegistry.js';
import type { ContainerRuntime } from './runtime/ContainerRuntime.js';
import { ComponentLifecycle, JOB_COMPLETED } from './lifecycle/ComponentLifecycle.js';
import { OrchestrationRepository, type ComponentRecord, type DecisionSummary } from './lifecycle/OrchestrationRepository.js';
import { requestHash } from './lifecycle/workloadSpec.js';
import { serviceSummary, serviceView, type ServiceSummary, type ServiceView } from './ServiceView.js';

/** Where decisions are recorded as linked data (orchestration/decision/DecisionRecorder). */
export interface DecisionSink {
  record(decisions: readonly PlacementDecision[], request: ServiceRequest): Promise<unknown>;
}

export interface OrchestrationServiceOptions {
  readonly decisions?: DecisionSink;
  readonly now?: () => Date;
  /** Rejected candidates kept in a component's decision summary (the full list is the DecisionRecorder's). */
  readonly rejectedSample?: number;
  /** Status transitions kept per component in the service's history graph (default DEFAULT_HISTORY_LIMIT). */
  readonly historyLimit?: number;
}

export class OrchestrationService {
  readonly repository: OrchestrationRepository;
  readonly lifecycle: ComponentLifecycle;
  private readonly locks = new KeyedMutex();

  constructor(store: GraphStore, readonly planner: Planner, runtimes: RuntimeResolver, private readonly options: OrchestrationServiceOptions = {}) {
    this.repository = new OrchestrationRepository(store, options.now, options.historyLimit);
    this.lifecycle = new ComponentLifecycle(this.repository, runtimes);
  }

  /** Runs `fn` holding the service's lock (service operations and the reconciler never interleave on one service). */
  async withService<T>(serviceId: string, fn: () => Promise<T>): Promise<T> {
    const release = await this.locks.lock(serviceId);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Deploys a new service (409 AlreadyExists while a service with that id is deployed; a Finished one is replaced). */
  async deploy(request: ServiceRequest): Promise<ServiceView> {
    await this.withService(request.id, async () => {
      const existing = this.repository.readService(request.id);
      if (existing && !existing.request) {
        throw new AlreadyExistsError(`An aeros:Service ${request.id} exists that was not deployed through /orchestration; choose another name.`);
      }
      if (existing && existing.action !== 'Finished') {
        throw new AlreadyExistsError(`Service ${request.id} is already deployed (status ${existing.action ?? 'unknown'}); update it with PUT or remove it first.`);
      }
      if (existing || this.repository.componentIdsOf(request.id).length > 0) await this.repository.purgeService(request.id);
      await this.repository.writeService({ id: request.id, name: request.name, description: request.description, action: 'Deploying', request });
      const located: ComponentRecord[] = [];
      for (const component of request.components) located.push(await this.lifecycle.transition(newRecord(request, component), 'Locating'));
      await this.placeAndStart(request, located);
      await this.setAction(request, 'Deployed');
    });
    return this.get(request.id);
  }

  /** Updates a deployed service: new and changed components (and ones that found no IE) are re-planned, removed ones removed. */
  async update(request: ServiceRequest): Promise<ServiceView> {
    await this.withService(request.id, async () => {
      const existing = this.repository.readService(request.id);
      if (!existing?.request || existing.action === 'Finished') throw new ResourceNotFoundError(`No deployed service ${request.id}.`);
      const current = new Map(this.repository.componentsOf(request.id).map((c) => [c.id, c]));
      const wanted = new Set(request.components.map((c) => c.id));
      await this.repository.writeService({ id: request.id, name: request.name, description: request.description, action: 'Deploying', request, createdAt: existing.createdAt });
      for (const c of current.values()) if (!wanted.has(c.id)) await this.removeComponent(c, 'removed from the service by an update');
      const replan: ComponentRecord[] = [];
      const previousIe = new Map<string, string>();
      for (const component of request.components) {
        const c = current.get(component.id);
        const unplaced = c?.status === 'Failed' && !c.ie;
        const removed = c?.status === 'Finished' && c.reason !== JOB_COMPLETED; // a completed job is not run again
        if (c && !removed && c.specHash === requestHash(component) && !unplaced) continue;
        if (c?.ie) previousIe.set(c.id, c.ie);
        const fresh = { ...newRecord(request, component), createdAt: c?.createdAt };
        replan.push(await this.lifecycle.transition({ ...fresh, status: c?.status }, 'Locating', { ie: undefined, reason: c ? 'request changed' : undefined }));
      }
      if (replan.length > 0) await this.placeAndStart(request, replan, previousIe);
      await this.setAction(request, 'Deployed');
    });
    return this.get(request.id);
  }

  /** Removes every component (Removing → Finished). The entities stay, Finished, with their history; `purge` deletes them. */
  async remove(serviceId: string, options: { purge?: boolean } = {}): Promise<ServiceView | undefined> {
    await this.withService(serviceId, async () => {
      const existing = this.repository.readService(serviceId);
      if (!existing?.request) throw new ResourceNotFoundError(`No service ${serviceId} deployed through /orchestration.`);
      if (existing.action !== 'Finished') {
        await this.setAction(existing.request, 'Destroying');
        for (const c of this.repository.componentsOf(serviceId)) await this.removeComponent(c, 'service removed');
        await this.setAction(existing.request, 'Finished');
      }
      if (options.purge) await this.repository.purgeService(serviceId);
    });
    return options.purge ? undefined : this.get(serviceId);
  }

  /** Status of every component, its IE, runtime, decision summary and history. */
  async get(serviceId: string): Promise<ServiceView> {
    const service = this.repository.readService(serviceId);
    if (!service?.request) throw new ResourceNotFoundError(`No service ${serviceId} deployed through /orchestration.`);
    return serviceView(service, this.repository.componentsOf(serviceId), this.repository.history(serviceId), (ie) => this.lifecycle.runtimeOf(ie));
  }

  async list(): Promise<ServiceSummary[]> {
    const out: ServiceSummary[] = [];
    for (const id of this.repository.ownedServiceIds()) {
      const service = this.repository.readService(id);
      if (service) out.push(serviceSummary(service, this.repository.componentsOf(id)));
    }
    return out;
  }

  /**
   * Moves a running component off its IE (the reconciler's migration, aerOS Migrating): re-plans it avoiding `avoid`,
   * starts it on the new IE, and once it runs stops the old one. Returns false (nothing changed) when no other IE fits.
   */
  async migrate(componentId: string, why: string, avoid: readonly string[]): Promise<{ moved: boolean; reasons: readonly string[] }> {
    const c = this.repository.readComponent(componentId);
    const request = c ? this.repository.readService(c.serviceId)?.request : undefined;
    if (!c || !c.ie || !request) return { moved: false, reasons: ['component or service not found'] };
    const decisions = await this.planner.plan(request, { only: [c.name], avoid: { [c.name]: [...avoid, c.ie] } });
    const d = decisions.find((x) => x.component === c.id);
    if (!d?.ie || d.ie === c.ie) return { moved: false, reasons: d?.reasons.length ? d.reasons : ['no other IE fits'] };
    await this.recordDecisions(decisions, request);
    const migrating = await this.lifecycle.transition(c, 'Migrating', { ie: d.ie, migratingFrom: c.ie, decision: this.summary(d), reason: why });
    const { component, observed } = await this.lifecycle.enact(request, migrating);
    if (component.status === 'Migrating' && observed?.phase === 'Running') await this.lifecycle.completeMigration(component);
    return { moved: true, reasons: [] };
  }

  /**
   * Places the Locating components and starts them (the caller holds the service lock; the reconciler resumes with it).
   * `avoid`: IEs a component must not be placed on, by component name (the reconciler's re-placement of a Failed one).
   */
  async placeAndStart(
    request: ServiceRequest, located: ComponentRecord[], previousIe: ReadonlyMap<string, string> = new Map(),
    avoid?: Readonly<Record<string, readonly string[]>>,
  ): Promise<void> {
    let decisions: PlacementDecision[];
    try {
      const only = located.length < request.components.length ? { only: located.map((c) => c.name) } : {};
      decisions = await this.planner.plan(request, avoid ? { ...only, avoid } : only);
    } catch (e) {
      for (const c of located) await this.lifecycle.transition(c, 'Failed', { reason: `placement failed: ${(e as Error).message}` });
      return;
    }
    await this.recordDecisions(decisions, request);
    for (const c of located) {
      const d = decisions.find((x) => x.component === c.id);
      if (!d?.ie) {
        const reasons = d ? [...d.reasons, ...rejectionsOf(d).head(5).map((r) => `${r.ie}: ${r.reason}`)] : ['placement returned no decision for the component'];
        await this.lifecycle.transition(c, 'Failed', { decision: d ? this.summary(d) : undefined, reason: `no candidate IE: ${reasons.join('; ')}` });
        continue;
      }
      const starting = await this.lifecycle.transition(c, 'Starting', { ie: d.ie, decision: this.summary(d) });
      const { component } = await this.lifecycle.enact(request, starting);
      const before = previousIe.get(c.id);
      // A workload that cannot be stopped now is left to the reconciler's garbage collection.
      if (before && component.status !== 'Failed') await this.stopElsewhere(c.id, before, d.ie).catch(() => undefined);
    }
  }

  /** Stops the component's old workload when another runtime than the new IE's holds it (same runtime: apply replaced it). */
  private async stopElsewhere(componentId: string, oldIe: string, newIe: string): Promise<void> {
    const old = this.lifecycle.runtimeOf(oldIe);
    if (old !== this.lifecycle.runtimeOf(newIe)) await old.remove(componentId);
  }

  /** The runtimes that may hold the component's workloads, and why one could not be resolved. */
  private runtimesOf(c: ComponentRecord): { runtimes: Set<ContainerRuntime>; errors: string[] } {
    const runtimes = new Set<ContainerRuntime>();
    const errors: string[] = [];
    for (const ie of [c.ie, c.migratingFrom]) {
      if (!ie) continue;
      try { runtimes.add(this.lifecycle.runtimeOf(ie)); } catch (e) { errors.push(`no runtime for ${ie}: ${(e as Error).message}`); }
    }
    return { runtimes, errors };
  }

  /** Removing → runtime.remove → Finished (the caller holds the service lock). */
  async removeComponent(c: ComponentRecord, why: string): Promise<void> {
    const { runtimes, errors } = this.runtimesOf(c);
    if (c.status === 'Finished') {
      for (const r of runtimes) await r.remove(c.id).catch(() => undefined);
      return;
    }
    const removing = c.status === 'Removing' ? c : await this.lifecycle.transition(c, 'Removing', { ie: c.ie, reason: why });
    for (const r of runtimes) {
      try { await r.remove(c.id); } catch (e) { errors.push(`${r.kind} ${r.endpoint}: ${(e as Error).message}`); }
    }
    await this.lifecycle.transition(removing, 'Finished', { migratingFrom: undefined, reason: errors.length ? `removed; runtime errors: ${errors.join('; ')}` : why });
  }

  private async recordDecisions(decisions: readonly PlacementDecision[], request: ServiceRequest): Promise<void> {
    if (this.options.decisions) await this.options.decisions.record(decisions, request);
  }

  private async setAction(request: ServiceRequest, action: 'Deploying' | 'Deployed' | 'Destroying' | 'Finished'): Promise<void> {
    const existing = this.repository.readService(request.id);
    await this.repository.writeService({ id: request.id, name: request.name, description: request.description, action, request, createdAt: existing?.createdAt });
  }

  private summary(d: PlacementDecision): DecisionSummary {
    const sample = this.options.rejectedSample ?? 10;
    const rejections = rejectionsOf(d);
    return {
      ...(d.ie ? { ie: d.ie } : {}),
      ...(d.score ? { score: d.score.total, parts: d.score.parts } : {}),
      rejected: rejections.count,
      rejectedSample: rejections.head(sample).map((r) => ({ ...r })),
      reasons: [...d.reasons],
      decidedAt: d.decidedAt.toISOString(),
    };
  }
}

function newRecord(request: ServiceRequest, component: ComponentRequest): ComponentRecord {
  return {
    id: component.id, name: component.name, serviceId: request.id, image: component.image, args: component.args,
    env: component.env, isJob: component.isJob, specHash: requestHash(component),
    labels: component.labels, requirementsId: requirementsEntity(component.id, component.requirements)?.id,
  };
}
