/**
 * A reasoner worker that dies of a WebAssembly trap at every start (oxigraph out of its 4 GiB of WASM memory, as at
 * 100k NGSI-LD IEs: docs/reasoner.md "Limits") is not respawned forever: after three failed starts the thread stops,
 * its requests settle, and it no longer follows the store. The worker here is a script that throws the trap itself.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { ReasonerThread } from '../../../../reasoner/worker/ReasonerThread.js';
import { isWasmTrap } from '../../../../reasoner/worker/wasmTrap.js';

describe('ReasonerThread and a worker that traps at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reasoner-trap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = (body: string): string => {
    const file = join(dir, `worker-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(file, body);
    return file;
  };

  it('stops after three failed starts with a trap, rejecting the start and later runs, and follows the store no more', async () => {
    const errors: unknown[] = [];
    const thread = new ReasonerThread(new ObservedMemoryStore(), {
      script: script("throw new WebAssembly.RuntimeError('unreachable');"), crashRespawnDelayMs: 5, onError: (e) => errors.push(e),
    });
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(thread.health()).toEqual({ state: 'new', failedStarts: 0 });
    try {
      const before = Date.now();
      const started = thread.start();
      expect(thread.health().state).toBe('starting');
      await expect(started).rejects.toThrow(/failed to start 3 times: unreachable/);
      // GET /reasoner/status reads this: given up, why, since when (not `running`).
      const health = thread.health();
      expect(health).toMatchObject({ state: 'gaveUp', failedStarts: 3, lastFailure: { message: expect.stringMatching(/ran out of WebAssembly memory at start 3 times \(unreachable\)/) } });
      expect(health.since).toBe(health.lastFailure?.at);
      expect(health.since).toBeGreaterThanOrEqual(before);
      expect(health.since).toBeLessThanOrEqual(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 200)); // a respawn would have come after 20 ms
      expect(thread.stats().crashes).toBe(3);
      expect(errors).toHaveLength(3);
      expect(spy.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^Incremental reasoning stopped: .*WebAssembly memory/)]);
      await expect(thread.run()).rejects.toThrow(/ran out of WebAssembly memory at start 3 times/); // says why, not only "not running"
      await expect(thread.idle()).resolves.toBeUndefined();
    } finally {
      spy.mockRestore();
      await thread.stop();
    }
    expect(thread.health().state).toBe('gaveUp'); // stopping the node does not hide that it gave up
  });

  it('goes on respawning a worker that fails to start for another reason', async () => {
    const thread = new ReasonerThread(new ObservedMemoryStore(), { script: script("throw new Error('seed went wrong');"), crashRespawnDelayMs: 5, onError: () => undefined });
    try {
      await expect(thread.start()).rejects.toThrow(/failed to start 3 times: seed went wrong/);
      await new Promise((resolve) => setTimeout(resolve, 300)); // respawns after 20, 40, 80 ms …
      expect(thread.stats().crashes).toBeGreaterThan(3);
      const health = thread.health();
      expect(['starting', 'restarting']).toContain(health.state); // a new worker is due or being seeded: not running, not given up
      expect(health.failedStarts).toBeGreaterThan(3);
      expect(health.lastFailure?.message).toMatch(/seed went wrong/);
    } finally {
      await thread.stop();
    }
    expect(thread.health().state).toBe('stopped');
  });

  it('tells a WebAssembly trap from other errors', () => {
    expect(isWasmTrap(Object.assign(new Error('unreachable'), { name: 'RuntimeError' }))).toBe(true);
    expect(isWasmTrap(new Error('Cannot serialize RDF as application/n-triples: unreachable'))).toBe(true);
    expect(isWasmTrap(new Error('reasoner worker exited with code 1'))).toBe(false);
  });
});
