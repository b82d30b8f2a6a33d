/**
 * ThreadHealth (reasoner/worker/threadHealth.ts): what GET /reasoner/status reads of a reasoner thread — starting,
 * running, restarting after a death, given up (why, since when), stopped — with the last failure and its time.
 */
import { ThreadHealth } from '../../../../reasoner/worker/threadHealth.js';

describe('ThreadHealth', () => {
  it('follows a worker through its start, a failed batch, a death, its respawn and a stop', () => {
    let now = 100;
    const health = new ThreadHealth(() => now);
    expect(health.view()).toEqual({ state: 'new', failedStarts: 0 });
    health.spawning();
    expect(health.view().state).toBe('starting');
    health.started();
    expect(health.view()).toEqual({ state: 'running', failedStarts: 0 });
    now = 200;
    health.failed('Derivation budget exceeded');
    expect(health.view()).toEqual({ state: 'running', failedStarts: 0, lastFailure: { message: 'Derivation budget exceeded', at: 200 } });
    now = 300;
    health.crashed('reasoner worker exited with code 1', false); // after its first run: not a failed start
    expect(health.view()).toEqual({ state: 'restarting', failedStarts: 0, lastFailure: { message: 'reasoner worker exited with code 1', at: 300 } });
    health.spawning();
    expect(health.view().state).toBe('starting');
    health.stopped();
    expect(health.view().state).toBe('stopped');
    health.spawning(); // a respawn timer after stop() changes nothing
    expect(health.view().state).toBe('stopped');
  });

  it('counts failed starts, gives up with why and since when, and stays given up when stopped', () => {
    let now = 0;
    const health = new ThreadHealth(() => now);
    health.spawning();
    for (const at of [10, 20]) {
      now = at;
      health.crashed('unreachable', true);
      health.spawning();
    }
    expect(health.view()).toMatchObject({ state: 'starting', failedStarts: 2 });
    expect(health.gaveUpBecause()).toBeUndefined();
    now = 30;
    health.crashed('unreachable', true);
    expect(health.failedStartCount).toBe(3);
    now = 31;
    health.gaveUp('out of WebAssembly memory at start 3 times');
    expect(health.view()).toEqual({ state: 'gaveUp', failedStarts: 3, lastFailure: { message: 'out of WebAssembly memory at start 3 times', at: 31 }, since: 31 });
    expect(health.gaveUpBecause()).toBe('out of WebAssembly memory at start 3 times');
    health.stopped();
    health.spawning();
    expect(health.view().state).toBe('gaveUp');
  });

  it('a worker whose first run failed is running once a later batch was processed; a start resets the failed starts', () => {
    const health = new ThreadHealth(() => 5);
    health.spawning();
    health.failed('The reasoner\'s first run failed: budget');
    expect(health.view().state).toBe('starting');
    health.ran();
    expect(health.view().state).toBe('running');
    health.crashed('gone', true);
    health.spawning();
    health.started();
    expect(health.view()).toMatchObject({ state: 'running', failedStarts: 0 });
  });
});
