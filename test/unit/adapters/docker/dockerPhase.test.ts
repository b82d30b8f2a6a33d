import { failedStatus, missingStatus, phaseOf, statusFromContainer, type DockerContainerState } from '../../../../adapters/docker/dockerPhase.js';
import { DOCKER_LABEL, MANAGER } from '../../../../adapters/docker/dockerLabels.js';

const AT = new Date('2026-12-02T08:00:00Z');

function container(state: DockerContainerState['State'], job: boolean, restarts = 0): DockerContainerState {
  return {
    Id: 'c0ffee',
    RestartCount: restarts,
    State: state,
    Config: { Labels: { [DOCKER_LABEL.managedBy]: MANAGER, [DOCKER_LABEL.component]: 'urn:c', [DOCKER_LABEL.specHash]: 'h1', [DOCKER_LABEL.job]: String(job) } },
  };
}

describe('Docker state → WorkloadPhase', () => {
  test.each([
    ['running', 0, false, 'Running'],
    ['created', 0, false, 'Pending'],
    ['restarting', 1, false, 'Pending'],
    ['paused', 0, false, 'Pending'],
    ['removing', 0, false, 'Pending'],
    ['exited', 0, true, 'Succeeded'],
    ['exited', 2, true, 'Failed'],
    ['exited', 0, false, 'Failed'],
    ['exited', 137, false, 'Failed'],
    ['dead', 0, false, 'Failed'],
  ] as const)('%s with exit code %d (job %s) → %s', (Status, ExitCode, job, phase) => {
    expect(phaseOf({ Status, ExitCode }, job)).toBe(phase);
  });

  test('a created container the engine could not start is Failed with the engine error and exit code', () => {
    const s = statusFromContainer(container({ Status: 'created', ExitCode: 127, Error: 'exec: "nope": executable file not found in $PATH' }, false), AT);
    expect(s).toMatchObject({ phase: 'Failed', exitCode: 127 });
    expect(s.message).toContain('executable file not found');
  });

  test('statusFromContainer reads component, spec hash, restarts and exit code from the inspection', () => {
    expect(statusFromContainer(container({ Status: 'exited', ExitCode: 3 }, true, 2), AT)).toEqual({
      componentId: 'urn:c', phase: 'Failed', runtimeId: 'c0ffee', exitCode: 3, message: 'exited with code 3', restarts: 2, specHash: 'h1', observedAt: AT,
    });
    expect(statusFromContainer(container({ Status: 'running', ExitCode: 0 }, false), AT)).toEqual({
      componentId: 'urn:c', phase: 'Running', runtimeId: 'c0ffee', restarts: 0, specHash: 'h1', observedAt: AT,
    });
  });

  test('messages say why: job done, long-running stopped, OOM kill, restarting', () => {
    expect(statusFromContainer(container({ Status: 'exited', ExitCode: 0 }, true), AT).message).toBe('completed (exit code 0)');
    expect(statusFromContainer(container({ Status: 'exited', ExitCode: 0 }, false), AT).message).toMatch(/expected to keep running/);
    expect(statusFromContainer(container({ Status: 'exited', ExitCode: 137, OOMKilled: true }, false), AT).message)
      .toBe('exited with code 137; killed for exceeding its memory limit (OOMKilled)');
    expect(statusFromContainer(container({ Status: 'restarting', ExitCode: 1 }, false), AT)).toMatchObject({ phase: 'Pending', exitCode: 1, message: 'restarting after exit code 1' });
  });

  test('a container without our labels has no component id; missing and failed statuses', () => {
    expect(statusFromContainer({ Id: 'x', State: { Status: 'running' }, Config: { Labels: null } }, AT).componentId).toBe('');
    expect(missingStatus('urn:c', AT)).toEqual({ componentId: 'urn:c', phase: 'Missing', observedAt: AT });
    expect(failedStatus('urn:c', 'no image', 'h2', AT)).toEqual({ componentId: 'urn:c', phase: 'Failed', message: 'no image', specHash: 'h2', observedAt: AT });
  });
});
