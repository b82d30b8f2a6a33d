import type { V1Deployment, V1Job, V1Pod } from '@kubernetes/client-node';
import { deploymentStatus, jobStatus, summarizePods } from '../../../../adapters/kubernetes/kubernetesStatus.js';

const ID = 'urn:ngsi-ld:ServiceComponent:s:c';
const AT = new Date('2026-01-01T00:00:00Z');

function deployment(status: V1Deployment['status'], generation = 2): V1Deployment {
  return { metadata: { name: 'c', uid: 'u-1', generation, annotations: { 'continuum-fabric/spec-hash': 'h1' } }, status };
}

function pod(restartCount: number, state: NonNullable<NonNullable<V1Pod['status']>['containerStatuses']>[number]['state'], phase = 'Running'): V1Pod {
  return { status: { phase, containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: true, restartCount, state }] } };
}

describe('kubernetesStatus', () => {
  it('a Deployment with an updated available replica of the current generation is Running', () => {
    expect(deploymentStatus(ID, deployment({ observedGeneration: 2, updatedReplicas: 1, availableReplicas: 1 }), [pod(2, { running: {} })], AT))
      .toEqual({ componentId: ID, phase: 'Running', runtimeId: 'u-1', specHash: 'h1', restarts: 2, observedAt: AT });
  });

  it('a Deployment whose controller has not observed the new generation is Pending (rolling out)', () => {
    const s = deploymentStatus(ID, deployment({ observedGeneration: 1, updatedReplicas: 1, availableReplicas: 1 }), [], AT);
    expect(s.phase).toBe('Pending');
    expect(s.message).toBe('rolling out a new revision');
  });

  it('a Deployment with no status yet is Pending', () => {
    expect(deploymentStatus(ID, deployment(undefined, 1), [], AT)).toMatchObject({ phase: 'Pending', restarts: 0 });
  });

  it.each(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull'])('a Deployment whose pod waits in %s with nothing available is Failed', (reason) => {
    const s = deploymentStatus(ID, deployment({ observedGeneration: 2 }), [pod(5, { waiting: { reason, message: 'm' } }, 'Pending')], AT);
    expect(s).toMatchObject({ phase: 'Failed', restarts: 5, message: `${reason}: m` });
  });

  it('a Deployment whose only pod is in phase Failed (e.g. evicted) with nothing available is Failed', () => {
    const s = deploymentStatus(ID, deployment({ observedGeneration: 2 }), [pod(0, { terminated: { exitCode: 1 } }, 'Failed')], AT);
    expect(s).toMatchObject({ phase: 'Failed', exitCode: 1 });
  });

  it('ContainerCreating is just Pending', () => {
    expect(deploymentStatus(ID, deployment({ observedGeneration: 2 }), [pod(0, { waiting: { reason: 'ContainerCreating' } }, 'Pending')], AT).phase).toBe('Pending');
  });

  it('ProgressDeadlineExceeded is Failed with the condition message', () => {
    const s = deploymentStatus(ID, deployment({
      observedGeneration: 2,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "c-1" has timed out progressing.' }],
    }), [], AT);
    expect(s).toMatchObject({ phase: 'Failed', message: 'ProgressDeadlineExceeded: ReplicaSet "c-1" has timed out progressing.' });
  });

  const job = (status: V1Job['status']): V1Job => ({ metadata: { name: 'j', uid: 'u-j', annotations: { 'continuum-fabric/spec-hash': 'hj' } }, status });

  it.each([
    [{}, 'Pending'],
    [{ active: 1 }, 'Running'],
    [{ succeeded: 1 }, 'Succeeded'],
    [{ conditions: [{ type: 'Complete', status: 'True' }] }, 'Succeeded'],
    [{ failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }, 'Failed'],
    [{ active: 1, failed: 1, conditions: [{ type: 'Failed', status: 'False' }] }, 'Running'],
  ] as [V1Job['status'], string][])('a Job with status %j is %s', (status, phase) => {
    expect(jobStatus(ID, job(status), [], AT)).toMatchObject({ componentId: ID, phase, runtimeId: 'u-j', specHash: 'hj' });
  });

  it('summarizePods adds restarts over pods and containers and keeps the exit code of a terminated container', () => {
    const s = summarizePods([pod(1, { running: {} }), pod(2, { terminated: { exitCode: 137 } }, 'Failed')]);
    expect(s).toEqual({ restarts: 3, failingReason: undefined, failingMessage: undefined, exitCode: 137, failedPods: 1, pods: 2 });
  });
});
