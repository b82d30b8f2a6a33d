/**
 * A process running a node survives lazy deoptimizations at the return of oxigraph's term getters: importing
 * FabricNode turns V8's JS→Wasm call inlining off (fabric/node/jsToWasmInlining.ts), without which V8 11 (Node 20)
 * stops the process with "# Fatal error … unreachable code" in `Deoptimizer::DoComputeBuiltinContinuation`.
 * The child (support/termGetterLoop.ts, run from dist/ or CONTINUUM_TEST_DIST) reads `Quad.subject` in a hot loop and
 * has it deoptimized lazily at the getter's return 20 times, from the Wasm's own JS callback.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The compiled loop: dist/ (npm test builds it) or the build CONTINUUM_TEST_DIST names (a helper's own --outDir). */
const CHILD = join(resolve(process.env.CONTINUUM_TEST_DIST ?? 'dist'), 'test', 'integration', 'support', 'termGetterLoop.js');
/** 20 lazy deoptimizations (one per 500 rounds); the first already kills a process without the setting. */
const ROUNDS = 10_000;

interface Exit { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly stderr: string }

function runLoop(mode: 'node' | 'bare'): Promise<Exit> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CHILD, mode, String(ROUNDS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

describe('JS→Wasm inlining and oxigraph term getters under lazy deoptimization', () => {
  beforeAll(() => {
    if (!existsSync(CHILD)) throw new Error(`${CHILD} is missing: build first (npx tsc -p tsconfig.build.json, or npm test).`);
  });

  it('a process that imported FabricNode reads a term getter in a hot loop deoptimized at its return 20 times, and exits cleanly', async () => {
    const exit = await runLoop('node');
    expect(exit.stderr).not.toMatch(/Fatal error/);
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.stdout).toMatch(/^survived 20 \d+\n$/);
  });

  // The same loop without the setting shows that it reaches the V8 bug at all. Known on V8 11 (Node 20, which this
  // project runs on); a later V8 may have fixed it, so the control runs only there.
  const v8Major = Number(process.versions.v8.split('.')[0]);
  (v8Major === 11 ? it : it.skip)('without it, the same loop dies of the V8 fatal error in the builtin continuation', async () => {
    const exit = await runLoop('bare');
    expect(exit.signal).toBe('SIGTRAP');
    expect(exit.stderr).toMatch(/unreachable code[\s\S]*Deoptimizer::DoComputeBuiltinContinuation/);
  });
});
