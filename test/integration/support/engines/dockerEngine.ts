/**
 * A private Docker engine for integration tests: its own dockerd (Debian docker.io) with data root, exec root,
 * pidfile, config file and unix socket under a temp dir, no iptables and no default bridge
 * (`--iptables=false --bridge=none`), so it touches nothing of the host's network or of another engine.
 * Containers therefore run with network mode none, or host when they expose a port.
 * One engine per test file (jest isolates module state per file; starting one takes about 2 s).
 * No jest globals here: this directory is also compiled by `npm run build` (tsconfig.build.json) for benches;
 * test/integration/withEngine.ts wraps a suite (fails under CI=true without an engine, else skips loudly).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { busyboxAbsence } from './busyboxImage.js';

export const DOCKERD = process.env.CONTINUUM_TEST_DOCKERD ?? '/usr/sbin/dockerd';

export interface DockerEngine {
  readonly dir: string;
  readonly socketPath: string;
  readonly docker: Docker;
  readonly pid: number;
  /** The daemon's log so far (for failure messages). */
  log(): string;
  /** Stops the daemon (SIGTERM) and starts it again on the same data root and socket (an engine restart). */
  restart(): Promise<void>;
  /** SIGTERM, wait for the daemon to exit (SIGKILL after 30 s), delete the temp dir. */
  stop(): Promise<void>;
}

/** Why no private engine can be started here, or undefined when one can. */
export function dockerEngineAbsence(): string | undefined {
  if (!existsSync(DOCKERD)) return `${DOCKERD} (Debian package docker.io) is missing`;
  if (process.getuid?.() !== 0) return 'dockerd needs root; the tests do not run as root';
  return busyboxAbsence();
}

/** dockerd leaves its network namespace (exec-root/netns/default) mounted; unmount what remains under `dir`. */
function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((point): point is string => point !== undefined && point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) {
    try {
      execFileSync('umount', ['-l', point]);
    } catch (error) {
      console.warn(`could not unmount ${point}: ${(error as Error).message}`);
    }
  }
}

/** A running dockerd process and how to wait for its end. */
interface Daemon {
  readonly child: ChildProcess;
  readonly exit: Promise<void>;
  exited?: { code: number | null; signal: NodeJS.Signals | null };
}

function spawnDaemon(dir: string, socketPath: string): Daemon {
  const out = openSync(join(dir, 'dockerd.log'), 'a');
  const child: ChildProcess = spawn(DOCKERD, [
    '--config-file', join(dir, 'daemon.json'),
    '--data-root', join(dir, 'root'),
    '--exec-root', join(dir, 'exec'),
    '--pidfile', join(dir, 'dockerd.pid'),
    '-H', `unix://${socketPath}`,
    '--iptables=false', '--ip6tables=false', '--bridge=none', '--log-level=warn',
  ], { stdio: ['ignore', out, out] });
  closeSync(out);
  const daemon: Daemon = {
    child,
    exit: new Promise<void>((resolve) => child.once('exit', (code, signal) => {
      daemon.exited = { code, signal };
      resolve();
    })),
  };
  return daemon;
}

/** SIGTERM (dockerd stops its containers and its containerd), SIGKILL after 30 s. */
async function terminate(daemon: Daemon): Promise<void> {
  if (daemon.exited) return;
  daemon.child.kill('SIGTERM');
  const timer = setTimeout(() => daemon.child.kill('SIGKILL'), 30_000);
  await daemon.exit;
  clearTimeout(timer);
}

async function waitUntilAnswering(daemon: Daemon, docker: Docker, socketPath: string, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (daemon.exited) throw new Error(`dockerd exited (${daemon.exited.code ?? daemon.exited.signal}) before answering:\n${log().slice(-2000)}`);
    if (existsSync(socketPath)) {
      try {
        await docker.ping();
        return;
      } catch {
        // not ready yet
      }
    }
    if (Date.now() > deadline) throw new Error(`dockerd did not answer on ${socketPath} within ${timeoutMs} ms:\n${log().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startDockerEngine(timeoutMs = 60_000): Promise<DockerEngine> {
  const dir = mkdtempSync('/tmp/cf-dockerd-'); // short: unix socket paths are limited to 107 bytes
  const socketPath = join(dir, 'docker.sock');
  const logFile = join(dir, 'dockerd.log');
  writeFileSync(join(dir, 'daemon.json'), '{}\n');
  const log = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const docker = new Docker({ socketPath });
  let daemon = spawnDaemon(dir, socketPath);
  const onProcessExit = (): void => { daemon.child.kill('SIGTERM'); };
  process.once('exit', onProcessExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', onProcessExit);
    await terminate(daemon);
    unmountUnder(dir);
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      console.warn(`could not delete ${dir}: ${(error as Error).message}`);
    }
  };
  const restart = async (): Promise<void> => {
    await terminate(daemon);
    daemon = spawnDaemon(dir, socketPath);
    await waitUntilAnswering(daemon, docker, socketPath, log, timeoutMs);
  };

  try {
    await waitUntilAnswering(daemon, docker, socketPath, log, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, socketPath, docker, get pid() { return daemon.child.pid ?? -1; }, log, restart, stop };
}
