/**
 * What GET /orchestration/runtimes answers: every runtime the node uses (kind, endpoint), the workloads it reports,
 * and for a runtime that records its planned actions (the dry-run runtime) the most recent ones, so a node without a
 * container runtime shows what it would have run.
 */
import type { ContainerRuntime, RuntimeAction, WorkloadStatus } from './ContainerRuntime.js';
import type { RuntimeResolver } from './RuntimeRegistry.js';

export interface RuntimeOverview {
  readonly kind: string;
  readonly endpoint: string;
  readonly workloads?: readonly WorkloadStatus[];
  /** Why the workloads could not be listed. */
  readonly error?: string;
  /** Planned actions, newest last (dry-run only). */
  readonly actions?: ReadonlyArray<{ readonly action: string; readonly componentId: string; readonly at: string; readonly ie?: string; readonly image?: string; readonly specHash?: string }>;
}

interface RecordsActions { actions(): readonly RuntimeAction[] }
const recordsActions = (r: ContainerRuntime): r is ContainerRuntime & RecordsActions => typeof (r as Partial<RecordsActions>).actions === 'function';

export async function runtimeOverview(runtimes: RuntimeResolver, lastActions = 100): Promise<RuntimeOverview[]> {
  const out: RuntimeOverview[] = [];
  for (const r of runtimes.known()) {
    let listed: Pick<RuntimeOverview, 'workloads' | 'error'>;
    try {
      listed = { workloads: await r.list() };
    } catch (e) {
      listed = { error: (e as Error).message };
    }
    const actions = recordsActions(r)
      ? r.actions().slice(-lastActions).map((a) => ({
        action: a.action, componentId: a.componentId, at: a.at.toISOString(),
        ...(a.spec ? { ie: a.spec.ieId, image: a.spec.image, specHash: a.spec.specHash } : {}),
      }))
      : undefined;
    out.push({ kind: r.kind, endpoint: r.endpoint, ...listed, ...(actions ? { actions } : {}) });
  }
  return out;
}
