/**
 * Garbage collection of the reconciler (issue 5 "removes what is no longer wanted"): a workload a runtime owns (its
 * labels / namespace) is removed when no wanted component claims it on that runtime. Decided per workload from the
 * graph, re-read under the service's lock, so a deploy or update in progress is never undercut.
 */
import type { ContainerRuntime, WorkloadStatus } from '../runtime/ContainerRuntime.js';
import type { OrchestrationService } from '../OrchestrationService.js';
import type { ComponentRecord } from '../lifecycle/OrchestrationRepository.js';

/** What each runtime reported in this pass: component id → status. */
export type Actual = Map<ContainerRuntime, Map<string, WorkloadStatus>>;

/**
 * Whether the component wants a workload on `runtime`: while Locating / Removing (in flux) anywhere; a finished job
 * keeps its workload (its exit status); otherwise on the runtime of its IE, and while Migrating also on the old IE's.
 */
export function wantsWorkload(c: ComponentRecord, runtime: ContainerRuntime, runtimeFor: (ie: string) => ContainerRuntime | undefined): boolean {
  if (c.status === 'Locating' || c.status === 'Removing') return true;
  if (c.status === 'Finished') return c.isJob && c.ie !== undefined && runtimeFor(c.ie) === runtime;
  if (c.ie && runtimeFor(c.ie) === runtime) return true;
  return c.status === 'Migrating' && c.migratingFrom !== undefined && runtimeFor(c.migratingFrom) === runtime;
}

export async function collectUnwanted(
  service: OrchestrationService, actual: Actual, report: { collected: string[] },
  runtimeFor: (ie: string) => ContainerRuntime | undefined, onError?: (e: unknown, context: string) => void,
): Promise<void> {
  const repo = service.repository;
  for (const [runtime, workloads] of actual) {
    for (const componentId of workloads.keys()) {
      const check = async () => {
        const c = repo.readComponent(componentId);
        const owner = c ? repo.readService(c.serviceId) : undefined;
        if (c && owner?.request && owner.action !== 'Finished' && wantsWorkload(c, runtime, runtimeFor)) return;
        await runtime.remove(componentId);
        report.collected.push(componentId);
      };
      try {
        const serviceId = repo.readComponent(componentId)?.serviceId;
        await (serviceId ? service.withService(serviceId, check) : check());
      } catch (e) {
        onError?.(e, `collect ${componentId}`);
      }
    }
  }
}
