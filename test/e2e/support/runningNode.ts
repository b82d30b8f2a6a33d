/**
 * The built `continuum` program (dist/, compiled by `npm test` before jest; or the build named by
 * CONTINUUM_TEST_DIST, e.g. a helper's own `--outDir`) as the e2e and integration tests drive it:
 * run a CLI command, start `continuum serve` on a free port, stop it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const MAIN = join(resolve(process.env.CONTINUUM_TEST_DIST ?? 'dist'), 'fabric', 'cli', 'main.js');

export interface CliResult { code: number; stdout: string; stderr: string }

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

export interface RunningNode { child: ChildProcess; url: string; output: () => string }

/** Starts `continuum serve` on port 0, reads the URL it prints and resolves when /ready answers 200. */
export async function startNode(dataDir: string, extra: string[] = []): Promise<RunningNode> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null) throw new Error(`node exited with ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) throw new Error(`node did not start: ${output}`);
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    await new Promise((r) => setTimeout(r, 100));
  }
  for (;;) {
    const res = await fetch(`${url}/ready`).catch(() => undefined);
    if (res?.ok) break;
    if (Date.now() > deadline) throw new Error('node not ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, output: () => output };
}

/** Sends `signal` (SIGTERM: graceful) and resolves with the exit code. */
export function stopNode(node: RunningNode, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((done) => {
    if (node.child.exitCode !== null) return done(node.child.exitCode);
    node.child.once('exit', (code) => done(code));
    node.child.kill(signal);
  });
}
