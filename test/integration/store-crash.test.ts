/**
 * Crash recovery: a child process (support/crashWriter.ts, run from dist/ or CONTINUUM_TEST_DIST)
 * writes continuously and is killed with SIGKILL at random moments, some while
 * a snapshot is being written. After each kill the store is reopened
 * (recovery) and checked: every acknowledged write is present, every write is
 * all-or-nothing, and the counter invariant holds.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import oxigraph from 'oxigraph';
import { DurableGraphStore } from '../../fabric/store/durable/DurableGraphStore.js';

/** The compiled writer: dist/ (npm test builds it) or the build CONTINUUM_TEST_DIST names (a helper's own --outDir). */
const CHILD = join(resolve(process.env.CONTINUUM_TEST_DIST ?? 'dist'), 'test', 'integration', 'support', 'crashWriter.js');
const E = 'http://example.org/crash/';
const CYCLES = 24;

interface CycleLog { acked: Array<{ op: 'add' | 'del'; id: number }>; begun: Array<{ op: 'add' | 'del'; id: number }>; }

/**
 * Run the writer and kill it with SIGKILL a random 0–30 ms after its `killAfterAcks`-th acknowledged write
 * (counting writes, not time from start, so a loaded machine still sees writes before each kill).
 */
function runAndKill(dataDir: string, threshold: number, killAfterAcks: number): Promise<CycleLog> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, String(threshold)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const log: CycleLog = { acked: [], begun: [] };
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, op, id] = line.split(' ');
        if (word === 'begin') log.begun.push({ op: op as 'add' | 'del', id: Number(id) });
        else if (word === 'ack') {
          log.acked.push({ op: op as 'add' | 'del', id: Number(id) });
          if (log.acked.length === killAfterAcks) setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 30));
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise(log);
      else reject(new Error(`crash writer exited with ${code}: ${stderr}`));
    });
  });
}

describe('durable store under SIGKILL', () => {
  beforeAll(() => {
    if (!existsSync(CHILD)) throw new Error(`${CHILD} is missing: build first (npx tsc -p tsconfig.build.json, or npm test).`);
  });

  it(`recovers every acknowledged write, all-or-nothing, over ${CYCLES} kill/restart cycles`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cf-crash-'));
    /** id → the state the parent knows for sure: acknowledged added / acknowledged deleted. */
    const known = new Map<number, 'present' | 'deleted'>();
    const pendingDeletes = new Set<number>();
    let totalAcks = 0;
    let snapshotsSeen = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const threshold = cycle % 2 === 0 ? 16 * 1024 : 64 * 1024 * 1024; // even cycles snapshot every ~40 writes
      const log = await runAndKill(dataDir, threshold, 5 + Math.floor(Math.random() * 60));
      for (const { op, id } of log.begun) if (op === 'del') pendingDeletes.add(id);
      for (const { op, id } of log.acked) {
        known.set(id, op === 'add' ? 'present' : 'deleted');
        if (op === 'del') pendingDeletes.delete(id);
      }
      totalAcks += log.acked.length;

      const store = await DurableGraphStore.open(dataDir, { snapshotOnClose: false });
      try {
        const graphs = new Map<number, number>();
        for (const quad of store.match()) {
          if (quad.graph.value.startsWith(`${E}w`)) {
            const id = Number(quad.graph.value.slice(E.length + 1));
            graphs.set(id, (graphs.get(id) ?? 0) + 1);
          }
        }
        for (const [id, quads] of graphs) expect({ id, quads }).toEqual({ id, quads: 6 }); // whole entity or nothing
        for (const [id, state] of known) {
          if (state === 'deleted') expect({ id, present: graphs.has(id) }).toEqual({ id, present: false });
          else if (!pendingDeletes.has(id)) expect({ id, present: graphs.has(id) }).toEqual({ id, present: true });
        }
        const count = store.match(oxigraph.namedNode(`${E}state`), oxigraph.namedNode(`${E}count`), null, null);
        expect(count).toHaveLength(graphs.size === 0 && count.length === 0 ? 0 : 1);
        if (count.length === 1) expect(Number(count[0].object.value)).toBe(graphs.size);
        const part = store.match(null, oxigraph.namedNode(`${E}part`), null, null);
        for (const quad of part) {
          // blank-node labels survive: the part node still carries its weight
          expect(store.match(quad.object, oxigraph.namedNode(`${E}weight`), null, null)).toHaveLength(1);
        }
        if (store.stats().recordsReplayedAtOpen < store.stats().lastSeq) snapshotsSeen++;
      } finally {
        await store.close();
      }
    }
    expect(totalAcks).toBeGreaterThan(CYCLES * 5);
    expect(snapshotsSeen).toBeGreaterThan(0);
  }, 90_000);
});
