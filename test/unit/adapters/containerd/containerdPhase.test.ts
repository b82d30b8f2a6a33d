import { CONTAINERD_LABEL } from '../../../../adapters/containerd/containerdLabels.js';
import type { Container, Process, TaskStatusName } from '../../../../adapters/containerd/containerdMessages.js';
import { restartDecision, workloadStatusOf } from '../../../../adapters/containerd/containerdPhase.js';

const at = new Date('2026-12-02T08:00:00Z');
const container: Container = {
  id: 'cf-1', labels: { [CONTAINERD_LABEL.specHash]: 'h7' }, image: 'docker.io/library/busybox:latest',
  runtime: { name: 'io.containerd.runc.v2' }, spec: null, snapshotter: 'overlayfs', snapshotKey: 'cf-1',
};
const task = (status: TaskStatusName, exitStatus = 0): Process => ({ containerId: '', id: 'cf-1', pid: 42, status, exitStatus, exitedAt: null });

describe('containerd task status → WorkloadPhase', () => {
  test('no container is Missing; a container without a task is Failed (the task was deleted outside)', () => {
    expect(workloadStatusOf('c', undefined, undefined, at)).toEqual({ componentId: 'c', phase: 'Missing', observedAt: at });
    expect(workloadStatusOf('c', container, undefined, at)).toMatchObject({ phase: 'Failed', runtimeId: 'cf-1', specHash: 'h7' });
  });

  test.each<[TaskStatusName, string]>([
    ['CREATED', 'Pending'], ['RUNNING', 'Running'], ['PAUSED', 'Pending'], ['PAUSING', 'Pending'], ['UNKNOWN', 'Pending'],
  ])('task %s → %s', (status, phase) => {
    expect(workloadStatusOf('c', container, task(status), at).phase).toBe(phase);
  });

  test('STOPPED: exit 0 is Succeeded, anything else Failed with the exit code (signal named above 128)', () => {
    expect(workloadStatusOf('c', container, task('STOPPED', 0), at)).toMatchObject({ phase: 'Succeeded', exitCode: 0 });
    expect(workloadStatusOf('c', container, task('STOPPED', 3), at)).toMatchObject({ phase: 'Failed', exitCode: 3, message: 'exited with code 3' });
    expect(workloadStatusOf('c', container, task('STOPPED', 137), at)).toMatchObject({ phase: 'Failed', exitCode: 137, message: 'exited with code 137 (signal 9)' });
  });
});

describe('restart decision for a stopped task of an unchanged spec (the reconciler\'s apply)', () => {
  test.each<[boolean, 'always' | 'on-failure' | 'never', number, string]>([
    [true, 'on-failure', 0, 'keep'], [true, 'on-failure', 1, 'restart'], [true, 'never', 1, 'keep'], [true, 'always', 0, 'keep'],
    [false, 'always', 0, 'restart'], [false, 'always', 137, 'restart'], [false, 'on-failure', 0, 'keep'],
    [false, 'on-failure', 2, 'restart'], [false, 'never', 2, 'keep'],
  ])('job=%s policy=%s exit=%i → %s', (isJob, restartPolicy, exit, decision) => {
    expect(restartDecision({ isJob, restartPolicy }, exit)).toBe(decision);
  });
});
