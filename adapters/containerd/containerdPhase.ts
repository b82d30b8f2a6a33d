/**
 * containerd's view of a component (its container and the container's task) → WorkloadPhase. Pure.
 *
 *   no container                 → Missing
 *   container, no task           → Failed  (the task was deleted outside the adapter; apply() recreates it)
 *   task CREATED                 → Pending
 *   task RUNNING                 → Running
 *   task PAUSED / PAUSING        → Pending (with a message)
 *   task STOPPED, exit status 0  → Succeeded (a job that finished; a service that exited cleanly)
 *   task STOPPED, exit status ≠0 → Failed with the exit code (128 + n: killed by signal n)
 *   task UNKNOWN                 → Pending (with a message)
 *
 * The adapter restarts nothing by itself: a stopped task stays Failed until the orchestration's reconciler calls
 * apply() again, which starts a new task in the same container when the restart policy allows it (restartDecision).
 */
import type { WorkloadSpec, WorkloadStatus } from '../../orchestration/runtime/ContainerRuntime.js';
import { CONTAINERD_LABEL } from './containerdLabels.js';
import type { Container, Process } from './containerdMessages.js';

export function workloadStatusOf(componentId: string, container: Container | undefined, task: Process | undefined,
  observedAt: Date = new Date()): WorkloadStatus {
  if (!container) return { componentId, phase: 'Missing', observedAt };
  const base = { componentId, runtimeId: container.id, specHash: container.labels[CONTAINERD_LABEL.specHash], observedAt };
  if (!task) return { ...base, phase: 'Failed', message: 'container has no task (its start failed, or it was deleted outside the adapter)' };
  switch (task.status) {
    case 'CREATED': return { ...base, phase: 'Pending', message: 'task created, not started' };
    case 'RUNNING': return { ...base, phase: 'Running' };
    case 'PAUSED':
    case 'PAUSING': return { ...base, phase: 'Pending', message: `task ${task.status.toLowerCase()}` };
    case 'STOPPED':
      return task.exitStatus === 0
        ? { ...base, phase: 'Succeeded', exitCode: 0 }
        : { ...base, phase: 'Failed', exitCode: task.exitStatus, message: exitMessage(task.exitStatus) };
    default: return { ...base, phase: 'Pending', message: 'task status unknown' };
  }
}

function exitMessage(code: number): string {
  return code > 128 && code < 160 ? `exited with code ${code} (signal ${code - 128})` : `exited with code ${code}`;
}

/**
 * What apply() does with a stopped task of an unchanged spec: start a new task ('restart') or leave it ('keep').
 * A job that succeeded is never rerun; otherwise 'always' restarts, 'on-failure' restarts after a non-zero exit,
 * 'never' keeps the stopped task (its Failed/Succeeded status stays visible).
 */
export function restartDecision(spec: Pick<WorkloadSpec, 'isJob' | 'restartPolicy'>, exitStatus: number): 'restart' | 'keep' {
  if (spec.isJob && exitStatus === 0) return 'keep';
  if (spec.restartPolicy === 'always') return 'restart';
  if (spec.restartPolicy === 'on-failure') return exitStatus === 0 ? 'keep' : 'restart';
  return 'keep';
}
