/**
 * A private containerd for integration tests: its own containerd (Debian package containerd, with runc) whose
 * root, state, opt dir and gRPC socket live under a temp dir, with the CRI plugin disabled, so it shares nothing
 * with the host's containerd or with another test's. One engine per test file; `ctr` is used for setup (image
 * import) and teardown only — the adapter under test talks gRPC.
 *
 * Absent engine (no containerd / ctr / runc, not root, no busybox-static): under CI=true the suite FAILS;
 * otherwise it is skipped with a loud warning.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { busyboxAbsence, writeBusyboxDockerArchive, BUSYBOX_IMAGE } from './busyboxImage.js';

const run = promisify(execFile);

export const CONTAINERD = process.env.CONTINUUM_TEST_CONTAINERD ?? '/usr/bin/containerd';
export const CTR = process.env.CONTINUUM_TEST_CTR ?? '/usr/bin/ctr';
export const RUNC = process.env.CONTINUUM_TEST_RUNC ?? '/usr/sbin/runc';

export interface ContainerdEngine {
  readonly dir: string;
  readonly socketPath: string;
  readonly pid: number;
  /** `ctr -a <socket> <args>`; resolves with stdout. */
  ctr(...args: string[]): Promise<string>;
  /** Imports the busybox test image into `namespace` (unpacked); resolves with the name containerd stores it under. */
  importBusybox(namespace: string): Promise<string>;
  /** Stops and restarts the daemon on the same root, state and socket; running tasks survive. */
  restart(): Promise<void>;
  /** The daemon's log so far (for failure messages). */
  log(): string;
  /** Kills and deletes every task left, stops containerd (SIGKILL after 30 s), unmounts leftovers, deletes the temp dir. */
  stop(): Promise<void>;
}

/** Why no private containerd can be started here, or undefined when one can. */
export function containerdEngineAbsence(): string | undefined {
  if (!existsSync(CONTAINERD)) return `${CONTAINERD} (Debian package containerd) is missing`;
  if (!existsSync(CTR)) return `${CTR} (Debian package containerd) is missing`;
  if (!existsSync(RUNC)) return `${RUNC} (Debian package runc) is missing`;
  if (process.getuid?.() !== 0) return 'containerd needs root; the tests do not run as root';
  return busyboxAbsence();
}

export async function startContainerdEngine(timeoutMs = 60_000): Promise<ContainerdEngine> {
  const dir = mkdtempSync('/tmp/cf-ctd-'); // short: unix socket paths are limited to 107 bytes
  const socketPath = join(dir, 'containerd.sock');
  const logFile = join(dir, 'containerd.log');
  writeFileSync(join(dir, 'config.toml'), [
    'version = 2',
    `root = "${join(dir, 'root')}"`,
    `state = "${join(dir, 'state')}"`,
    'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
    '[grpc]',
    `  address = "${socketPath}"`,
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = "${join(dir, 'opt')}"`,
    '',
  ].join('\n'));
  const log = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  let child!: ChildProcess;
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let exitPromise!: Promise<void>;
  const launch = (): void => {
    const out = openSync(logFile, 'a');
    exited = undefined;
    child = spawn(CONTAINERD, ['--config', join(dir, 'config.toml'), '--log-level', 'warn'], { stdio: ['ignore', out, out] });
    const current = child;
    exitPromise = new Promise<void>((resolve) => current.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }));
  };
  launch();
  const onProcessExit = (): void => { child.kill('SIGTERM'); };
  process.once('exit', onProcessExit);

  const ctr = async (...args: string[]): Promise<string> => (await run(CTR, ['-a', socketPath, ...args])).stdout;

  /** Tasks left by a failed test: their shims would outlive containerd and keep rootfs mounts. */
  const killLeftoverTasks = async (): Promise<void> => {
    const namespaces = (await ctr('namespaces', 'ls', '-q').catch(() => '')).split('\n').filter(Boolean);
    for (const ns of namespaces) {
      const tasks = (await ctr('-n', ns, 'tasks', 'ls', '-q').catch(() => '')).split('\n').filter(Boolean);
      for (const task of tasks) {
        await ctr('-n', ns, 'tasks', 'kill', '-a', '-s', 'SIGKILL', task).catch(() => undefined);
        await ctr('-n', ns, 'tasks', 'rm', '-f', task).catch(() => undefined);
      }
    }
  };

  const stop = async (): Promise<void> => {
    process.removeListener('exit', onProcessExit);
    if (!exited) {
      await killLeftoverTasks();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exitPromise;
      clearTimeout(timer);
    }
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1]).filter((m) => m?.startsWith(dir));
    for (const mount of mounts.reverse()) await run('umount', ['-l', mount]).catch(() => undefined);
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      console.warn(`could not delete ${dir}: ${(error as Error).message}`);
    }
  };

  const importBusybox = async (namespace: string): Promise<string> => {
    const archive = join(dir, 'busybox-image.tar');
    if (!existsSync(archive)) await writeBusyboxDockerArchive(archive, BUSYBOX_IMAGE);
    await ctr('-n', namespace, 'images', 'import', archive);
    return `docker.io/${BUSYBOX_IMAGE}`;
  };

  const waitForSocket = async (): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited) {
        const text = log();
        await stop();
        throw new Error(`containerd exited (${exited.code ?? exited.signal}) before answering:\n${text.slice(-2000)}`);
      }
      if (existsSync(socketPath)) {
        try {
          await ctr('version');
          return;
        } catch {
          // not ready yet
        }
      }
      if (Date.now() > deadline) {
        const text = log();
        await stop();
        throw new Error(`containerd did not answer on ${socketPath} within ${timeoutMs} ms:\n${text.slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  /** SIGTERM the daemon (its shims and tasks keep running, as in a real containerd restart), then start it again. */
  const restart = async (): Promise<void> => {
    child.kill('SIGTERM');
    await exitPromise;
    launch();
    await waitForSocket();
  };

  await waitForSocket();
  return { dir, socketPath, get pid() { return child.pid ?? -1; }, ctr, importBusybox, restart, log, stop };
}
