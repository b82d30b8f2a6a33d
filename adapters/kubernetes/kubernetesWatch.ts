/**
 * Change notification for the Kubernetes adapter. Mode 'watch' (default): the client-node Watch (long-lived
 * `?watch=true` streams) on Deployments, Jobs and Pods (and ServiceComponentK8s when used) carrying
 * managed-by=continuum-fabric; every event names a
 * component (annotation continuum-fabric/component) whose status is then re-read (after any apply/remove of it in
 * progress, so a replacement's intermediate deletion is not reported as Missing), coalesced per component.
 * A stream that ends or fails is reopened after `retryMs`. Mode 'poll': list() every `intervalMs`, reporting
 * components whose phase, restarts, spec hash or message changed and those that disappeared (Missing).
 */
import { KubeConfig, Watch } from '@kubernetes/client-node';
import type { WorkloadStatus } from '../../orchestration/runtime/ContainerRuntime.js';
import { ANNOTATION, MANAGED_SELECTOR } from './kubernetesLabels.js';
import { missingStatus } from './kubernetesStatus.js';

export interface StatusSource {
  status(componentId: string): Promise<WorkloadStatus>;
  list(): Promise<WorkloadStatus[]>;
}

export type WatchMode = 'watch' | 'poll';

interface WatchedObject {
  metadata?: { annotations?: Record<string, string> };
}

/** Collection paths of the Deployments, Jobs and Pods of a namespace. */
export function nativeWatchPaths(namespace: string): string[] {
  const ns = encodeURIComponent(namespace);
  return [`/apis/apps/v1/namespaces/${ns}/deployments`, `/apis/batch/v1/namespaces/${ns}/jobs`, `/api/v1/namespaces/${ns}/pods`];
}

/** Streams changes through client-node's Watch; returns the unsubscribe function. */
export function watchWithStreams(kc: KubeConfig, paths: Promise<string[]>, source: StatusSource,
  onChange: (status: WorkloadStatus) => void, retryMs = 1000): () => void {
  const watch = new Watch(kc);
  let stopped = false;
  const controllers = new Set<AbortController>();
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Map<string, boolean>(); // componentId → re-read requested while one runs

  const refresh = (componentId: string): void => {
    if (inFlight.has(componentId)) { inFlight.set(componentId, true); return; }
    inFlight.set(componentId, false);
    source.status(componentId)
      .then((status) => { if (!stopped) onChange(status); })
      .catch(() => { /* the next event or the reconciler's own status() call reports it */ })
      .finally(() => {
        const again = inFlight.get(componentId);
        inFlight.delete(componentId);
        if (again && !stopped) refresh(componentId);
      });
  };

  const open = (path: string): void => {
    if (stopped) return;
    const reopen = (): void => {
      if (stopped) return;
      const timer = setTimeout(() => { timers.delete(timer); open(path); }, retryMs);
      timers.add(timer);
    };
    watch.watch(path, { labelSelector: MANAGED_SELECTOR }, (phase: string, obj: WatchedObject) => {
      const componentId = obj?.metadata?.annotations?.[ANNOTATION.component];
      if (!componentId || stopped) return;
      if (phase === 'BOOKMARK' || phase === 'ERROR') return;
      refresh(componentId); // after a DELETED the re-read finds nothing (Missing) or the replacement

    }, () => reopen())
      .then((controller) => { if (stopped) controller.abort(); else controllers.add(controller); })
      .catch(() => reopen());
  };

  const openAll = (): void => {
    paths.then((list) => { for (const path of list) open(path); }).catch(() => {
      const timer = setTimeout(() => { timers.delete(timer); openAll(); }, retryMs);
      timers.add(timer);
    });
  };
  openAll();
  return () => {
    stopped = true;
    for (const c of controllers) c.abort();
    for (const t of timers) clearTimeout(t);
    controllers.clear();
    timers.clear();
  };
}

function fingerprint(s: WorkloadStatus): string {
  return JSON.stringify([s.phase, s.restarts ?? 0, s.specHash ?? '', s.message ?? '', s.exitCode ?? null, s.runtimeId ?? '']);
}

/** Polls list() every intervalMs; returns the unsubscribe function. */
export function watchByPolling(source: StatusSource, onChange: (status: WorkloadStatus) => void, intervalMs: number): () => void {
  const last = new Map<string, string>();
  let stopped = false;
  let running = false;
  const tick = async (): Promise<void> => {
    if (running || stopped) return;
    running = true;
    try {
      const statuses = await source.list();
      const seen = new Set<string>();
      for (const s of statuses) {
        seen.add(s.componentId);
        const f = fingerprint(s);
        if (last.get(s.componentId) !== f) { last.set(s.componentId, f); if (!stopped) onChange(s); }
      }
      for (const id of [...last.keys()]) {
        if (!seen.has(id)) { last.delete(id); if (!stopped) onChange(missingStatus(id)); }
      }
    } catch {
      /* API server unreachable: try again at the next tick */
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  return () => { stopped = true; clearInterval(timer); };
}
