/** What GET /orchestration/services{/id} answers: every component's status, IE, runtime, decision summary and history. */
import type { ContainerRuntime } from './runtime/ContainerRuntime.js';
import type { ComponentStatus } from './lifecycle/ComponentStatus.js';
import type { ComponentRecord, DecisionSummary, ServiceAction, ServiceRecord, Transition } from './lifecycle/OrchestrationRepository.js';

export interface HistoryEntry {
  readonly from?: ComponentStatus;
  readonly to: ComponentStatus;
  readonly at: string;
  readonly reason?: string;
  readonly ie?: string;
}

export interface ComponentView {
  readonly id: string;
  readonly name: string;
  readonly status?: ComponentStatus;
  readonly ie?: string;
  readonly migratingFrom?: string;
  readonly reason?: string;
  readonly isJob: boolean;
  readonly image: string;
  /** The runtime serving the IE: kind ('docker', 'dry-run', …) and endpoint. */
  readonly runtime?: { readonly kind: string; readonly endpoint: string };
  readonly decision?: DecisionSummary;
  readonly history: readonly HistoryEntry[];
}

export interface ServiceView {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** aerOS actionType: Deploying, Deployed, Destroying, Finished. */
  readonly action?: ServiceAction;
  readonly components: readonly ComponentView[];
}

export interface ServiceSummary {
  readonly id: string;
  readonly name: string;
  readonly action?: ServiceAction;
  readonly components: ReadonlyArray<{ readonly id: string; readonly name: string; readonly status?: ComponentStatus; readonly ie?: string }>;
}

export function serviceView(service: ServiceRecord, components: readonly ComponentRecord[], history: readonly Transition[], runtimeOf: (ie: string) => ContainerRuntime): ServiceView {
  return {
    id: service.id,
    name: service.name,
    ...(service.description ? { description: service.description } : {}),
    ...(service.action ? { action: service.action } : {}),
    components: components.map((c) => {
      let runtime: ComponentView['runtime'];
      if (c.ie) {
        try {
          const r = runtimeOf(c.ie);
          runtime = { kind: r.kind, endpoint: r.endpoint };
        } catch {
          runtime = undefined;
        }
      }
      return {
        id: c.id, name: c.name, status: c.status, isJob: c.isJob, image: c.image,
        ...(c.ie ? { ie: c.ie } : {}),
        ...(c.migratingFrom ? { migratingFrom: c.migratingFrom } : {}),
        ...(c.reason ? { reason: c.reason } : {}),
        ...(runtime ? { runtime } : {}),
        ...(c.decision ? { decision: c.decision } : {}),
        history: history.filter((t) => t.component === c.id).map(({ from, to, at, reason, ie }) => ({
          ...(from ? { from } : {}), to, at, ...(reason ? { reason } : {}), ...(ie ? { ie } : {}),
        })),
      };
    }),
  };
}

export function serviceSummary(service: ServiceRecord, components: readonly ComponentRecord[]): ServiceSummary {
  return {
    id: service.id,
    name: service.name,
    ...(service.action ? { action: service.action } : {}),
    components: components.map((c) => ({ id: c.id, name: c.name, status: c.status, ...(c.ie ? { ie: c.ie } : {}) })),
  };
}
