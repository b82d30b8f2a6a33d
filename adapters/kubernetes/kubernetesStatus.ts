/**
 * Pure mapping of what the cluster reports (Deployment / Job status and the component's pods) to the
 * runtime-neutral WorkloadPhase of orchestration/runtime/ContainerRuntime.ts. In aerOS terms this is the LLO
 * reporting the actual state of a service component back to the HLO.
 */
import type { V1Deployment, V1Job, V1Pod } from '@kubernetes/client-node';
import type { WorkloadPhase, WorkloadStatus } from '../../orchestration/runtime/ContainerRuntime.js';
import { ANNOTATION } from './kubernetesLabels.js';

/** Container waiting reasons that mean the workload cannot start without a change (not just "still starting"). */
export const FAILING_WAIT_REASONS: ReadonlySet<string> = new Set([
  'CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CreateContainerConfigError',
  'CreateContainerError', 'RunContainerError',
]);

interface PodSummary {
  readonly restarts: number;
  readonly failingReason?: string;
  readonly failingMessage?: string;
  readonly exitCode?: number;
  /** Pods in phase Failed (evicted, or every container exited with restartPolicy Never) and pods in all. */
  readonly failedPods: number;
  readonly pods: number;
}

/** Restarts summed over every container of every pod; the first failing waiting reason; the last exit code; pod phases. */
export function summarizePods(pods: readonly V1Pod[]): PodSummary {
  let restarts = 0;
  let failingReason: string | undefined;
  let failingMessage: string | undefined;
  let exitCode: number | undefined;
  let failedPods = 0;
  for (const pod of pods) {
    if (pod.status?.phase === 'Failed') failedPods++;
    for (const cs of pod.status?.containerStatuses ?? []) {
      restarts += cs.restartCount ?? 0;
      const waiting = cs.state?.waiting;
      if (waiting?.reason && FAILING_WAIT_REASONS.has(waiting.reason) && failingReason === undefined) {
        failingReason = waiting.reason;
        failingMessage = waiting.message;
      }
      const terminated = cs.state?.terminated ?? cs.lastState?.terminated;
      if (terminated?.exitCode !== undefined) exitCode = terminated.exitCode;
    }
  }
  return { restarts, failingReason, failingMessage, exitCode, failedPods, pods: pods.length };
}

function base(componentId: string, obj: V1Deployment | V1Job, observedAt: Date) {
  const specHash = obj.metadata?.annotations?.[ANNOTATION.specHash];
  return {
    componentId,
    ...(obj.metadata?.uid ? { runtimeId: obj.metadata.uid } : {}),
    ...(specHash ? { specHash } : {}),
    observedAt,
  };
}

function withDetail(phase: WorkloadPhase, message: string | undefined, summary: PodSummary) {
  return {
    phase,
    ...(message ? { message } : {}),
    restarts: summary.restarts,
    ...(summary.exitCode !== undefined ? { exitCode: summary.exitCode } : {}),
  };
}

/**
 * Deployment → phase. Running: the current generation is observed and an updated replica is available.
 * Failed: the rollout exceeded its progress deadline, a ReplicaFailure condition is true, or a pod is stuck in a
 * failing wait (CrashLoopBackOff, ImagePullBackOff, …) or every pod is in phase Failed, with nothing available.
 * Otherwise Pending (starting or rolling out).
 */
export function deploymentStatus(componentId: string, deployment: V1Deployment, pods: readonly V1Pod[], observedAt = new Date()): WorkloadStatus {
  const summary = summarizePods(pods);
  const st = deployment.status ?? {};
  const conditions = st.conditions ?? [];
  const generation = deployment.metadata?.generation ?? 0;
  const observed = (st.observedGeneration ?? 0) >= generation;
  const available = (st.availableReplicas ?? 0) >= 1;
  const updated = (st.updatedReplicas ?? 0) >= 1;
  const deadline = conditions.find((c) => c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded');
  const replicaFailure = conditions.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  let result: ReturnType<typeof withDetail>;
  if (observed && available && updated) {
    result = withDetail('Running', undefined, summary);
  } else if (deadline || replicaFailure) {
    const c = (deadline ?? replicaFailure)!;
    result = withDetail('Failed', `${c.reason ?? c.type}: ${c.message ?? ''}`.trim(), summary);
  } else if (summary.failingReason && !available) {
    result = withDetail('Failed', `${summary.failingReason}${summary.failingMessage ? `: ${summary.failingMessage}` : ''}`, summary);
  } else if (!available && summary.pods > 0 && summary.failedPods === summary.pods) {
    result = withDetail('Failed', 'every pod of the Deployment is in phase Failed', summary);
  } else {
    result = withDetail('Pending', available ? 'rolling out a new revision' : 'waiting for an available replica', summary);
  }
  return { ...base(componentId, deployment, observedAt), ...result };
}

/** Job → phase. Succeeded: a Complete condition or succeeded ≥ 1. Failed: a Failed condition. Running: an active pod. */
export function jobStatus(componentId: string, job: V1Job, pods: readonly V1Pod[], observedAt = new Date()): WorkloadStatus {
  const summary = summarizePods(pods);
  const st = job.status ?? {};
  const conditions = st.conditions ?? [];
  const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  const complete = conditions.find((c) => c.type === 'Complete' && c.status === 'True');
  let result: ReturnType<typeof withDetail>;
  if (complete || (st.succeeded ?? 0) >= 1) {
    result = withDetail('Succeeded', undefined, summary);
  } else if (failed) {
    result = withDetail('Failed', `${failed.reason ?? 'Failed'}${failed.message ? `: ${failed.message}` : ''}`, summary);
  } else if ((st.active ?? 0) >= 1) {
    result = withDetail('Running', undefined, summary);
  } else {
    result = withDetail('Pending', 'waiting for the job pod to start', summary);
  }
  return { ...base(componentId, job, observedAt), ...result };
}

export function missingStatus(componentId: string, observedAt = new Date()): WorkloadStatus {
  return { componentId, phase: 'Missing', observedAt };
}
