/**
 * Docker container state → WorkloadPhase (orchestration/runtime/ContainerRuntime.ts). Pure: works on the
 * subset of GET /containers/{id}/json it reads, so unit tests feed it plain objects.
 *
 *   running                      → Running
 *   created, restarting, paused  → Pending (restarting: the restart policy is bringing it back)
 *   created with an error        → Failed (the engine could not start it, e.g. executable not found)
 *   removing                     → Pending
 *   exited 0, job                → Succeeded
 *   exited 0, long-running       → Failed (a service component is not supposed to stop)
 *   exited ≠ 0, dead             → Failed (exit code, Docker's error, OOM kill)
 *   no container                 → Missing
 */
import type { WorkloadPhase, WorkloadStatus } from '../../orchestration/runtime/ContainerRuntime.js';
import { DOCKER_LABEL } from './dockerLabels.js';

/** The fields of a container inspection this mapping reads. */
export interface DockerContainerState {
  readonly Id: string;
  readonly RestartCount?: number;
  readonly State: {
    readonly Status: string;
    readonly ExitCode?: number;
    readonly Error?: string;
    readonly OOMKilled?: boolean;
  };
  readonly Config: { readonly Labels?: Record<string, string> | null };
}

export function phaseOf(state: DockerContainerState['State'], isJob: boolean): WorkloadPhase {
  switch (state.Status) {
    case 'running':
      return 'Running';
    case 'created':
      return state.Error ? 'Failed' : 'Pending';
    case 'restarting':
    case 'paused':
    case 'removing':
      return 'Pending';
    case 'exited':
      return isJob && state.ExitCode === 0 ? 'Succeeded' : 'Failed';
    default: // 'dead' and anything a later engine adds
      return 'Failed';
  }
}

function messageOf(state: DockerContainerState['State'], phase: WorkloadPhase, isJob: boolean): string | undefined {
  const parts: string[] = [];
  if (state.Status === 'exited') {
    parts.push(phase === 'Succeeded' ? 'completed (exit code 0)'
      : isJob || state.ExitCode !== 0 ? `exited with code ${state.ExitCode ?? 'unknown'}`
      : 'stopped with exit code 0; a long-running component is expected to keep running');
  } else if (state.Status === 'dead') {
    parts.push('the engine could not stop or remove the container (state dead)');
  } else if (state.Status === 'restarting') {
    parts.push(`restarting after exit code ${state.ExitCode ?? 'unknown'}`);
  } else if (state.Status === 'paused') {
    parts.push('paused');
  } else if (state.Status === 'created' && !state.Error) {
    parts.push('created, not started');
  } else if (state.Status === 'removing') {
    parts.push('being removed');
  }
  if (state.OOMKilled) parts.push('killed for exceeding its memory limit (OOMKilled)');
  if (state.Error) parts.push(state.Error);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The WorkloadStatus a container inspection reports; componentId from our label. */
export function statusFromContainer(info: DockerContainerState, observedAt: Date = new Date()): WorkloadStatus {
  const labels = info.Config.Labels ?? {};
  const isJob = labels[DOCKER_LABEL.job] === 'true';
  const phase = phaseOf(info.State, isJob);
  const message = messageOf(info.State, phase, isJob);
  const exited = ['exited', 'dead', 'restarting'].includes(info.State.Status) || (info.State.Status === 'created' && !!info.State.Error);
  return {
    componentId: labels[DOCKER_LABEL.component] ?? '',
    phase,
    runtimeId: info.Id,
    ...(exited && info.State.ExitCode !== undefined ? { exitCode: info.State.ExitCode } : {}),
    ...(message !== undefined ? { message } : {}),
    restarts: info.RestartCount ?? 0,
    ...(labels[DOCKER_LABEL.specHash] !== undefined ? { specHash: labels[DOCKER_LABEL.specHash] } : {}),
    observedAt,
  };
}

export function missingStatus(componentId: string, observedAt: Date = new Date(), message?: string): WorkloadStatus {
  return { componentId, phase: 'Missing', observedAt, ...(message !== undefined ? { message } : {}) };
}

export function failedStatus(componentId: string, message: string, specHash?: string, observedAt: Date = new Date()): WorkloadStatus {
  return { componentId, phase: 'Failed', message, ...(specHash !== undefined ? { specHash } : {}), observedAt };
}
