/**
 * Test doubles of OUR interfaces for the orchestration unit tests: a MemoryGraphStore with a few IEs and their LLOs,
 * a first-fit Planner over those IEs (honours `only`, `avoid`, pinned IEs and IE status Ready), a DryRunRuntime behind
 * a RuntimeRegistry, and a service request builder.
 */
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { DryRunRuntime } from '../../../../adapters/dryrun/DryRunRuntime.js';
import { RuntimeRegistry } from '../../../../orchestration/runtime/RuntimeRegistry.js';
import type { PlacementDecision } from '../../../../orchestration/placement/PlacementDecision.js';
import type { Planner, PlanOptions } from '../../../../orchestration/placement/Planner.js';
import type { ComponentRequest, ServiceRequest } from '../../../../orchestration/request/ServiceRequest.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';

export const IE = (n: number): string => `urn:ngsi-ld:InfrastructureElement:test:${n}`;

/** N IEs (Ready) managed by one Docker LLO without an endpoint, each in its own entity graph. */
export async function continuumStore(ies: number): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  const llo = 'urn:ngsi-ld:LowLevelOrchestrator:test:docker';
  const lines = [
    `<${llo}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${AEROS}LowLevelOrchestrator> <${llo}> .`,
    `<${llo}> <${AEROS}orchestrationType> <${AEROS}DockerOrchestration> <${llo}> .`,
  ];
  for (let i = 1; i <= ies; i++) {
    const ie = IE(i);
    lines.push(`<${ie}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${AEROS}InfrastructureElement> <${ie}> .`);
    lines.push(`<${ie}> <${AEROS}infrastructureElementStatus> <${AEROS}ReadyInfrastructureElement> <${ie}> .`);
    lines.push(`<${ie}> <${CF}managedBy> <${llo}> <${ie}> .`);
  }
  await store.load(lines.join('\n'), { format: 'application/n-quads' });
  return store;
}

/** Sets the IE's status individual (Ready, Overload, Untrusted…). */
export async function setIeStatus(store: MemoryGraphStore, ie: string, status: string): Promise<void> {
  await store.update(`DELETE { GRAPH <${ie}> { <${ie}> <${AEROS}infrastructureElementStatus> ?s } } WHERE { GRAPH <${ie}> { <${ie}> <${AEROS}infrastructureElementStatus> ?s } };
    INSERT DATA { GRAPH <${ie}> { <${ie}> <${AEROS}infrastructureElementStatus> <${AEROS}${status}InfrastructureElement> } }`);
}

/** First fit in IE order over the IEs whose status is Ready; records every call. */
export class FirstFitPlanner implements Planner {
  readonly calls: Array<{ request: ServiceRequest; options?: PlanOptions }> = [];
  constructor(private readonly store: MemoryGraphStore, private readonly ies: number, private readonly now = () => new Date('2026-12-02T08:00:00Z')) {}

  async plan(request: ServiceRequest, options?: PlanOptions): Promise<PlacementDecision[]> {
    this.calls.push({ request, options });
    const components = request.components.filter((c) => !options?.only || options.only.includes(c.name));
    return components.map((c) => {
      const avoid = options?.avoid?.[c.name] ?? [];
      const rejected: Array<{ ie: string; reason: string }> = [];
      for (let i = 1; i <= this.ies; i++) {
        const ie = IE(i);
        if (c.requirements.ie && c.requirements.ie !== ie) { rejected.push({ ie, reason: 'not the pinned IE' }); continue; }
        if (avoid.includes(ie)) { rejected.push({ ie, reason: 'avoided' }); continue; }
        const ready = this.store.match(null, null, null, null).some((q) => q.subject.value === ie && q.object.value === `${AEROS}ReadyInfrastructureElement`);
        if (!ready) { rejected.push({ ie, reason: 'status is not Ready' }); continue; }
        return { component: c.id, service: request.id, ie, score: { total: 1, parts: { firstFit: 1 } }, rejected, reasons: [], decidedAt: this.now() };
      }
      return { component: c.id, service: request.id, rejected, reasons: ['no IE satisfies the requirements'], decidedAt: this.now() };
    });
  }
}

export function component(service: string, name: string, extra: Partial<ComponentRequest> = {}): ComponentRequest {
  return {
    id: `urn:ngsi-ld:ServiceComponent:${service}:${name}`, name, image: 'busybox:latest', args: ['sleep', '3600'], env: { A: '1' },
    ports: [], isJob: false, requirements: {}, affinity: [], antiAffinity: [], labels: [], ...extra,
  };
}

export function serviceRequest(name: string, components: ComponentRequest[]): ServiceRequest {
  return { id: `urn:ngsi-ld:Service:${name}`, name, components };
}

/** A registry whose every runtime is the one DryRunRuntime. */
export function dryRunRegistry(store: MemoryGraphStore, runtime = new DryRunRuntime()): { registry: RuntimeRegistry; runtime: DryRunRuntime } {
  return { registry: new RuntimeRegistry(store, { 'dry-run': () => runtime }, { endpoints: {}, fallback: 'dry-run' }), runtime };
}

/** A clock that advances one second per reading. */
export function tickingClock(start = Date.parse('2026-12-02T08:00:00Z')): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}
