/**
 * The local test image: a busybox root filesystem from the busybox-static package (/usr/bin/busybox) with applet
 * symlinks, because no registry is reachable from the tests. Two ways to get it onto an engine:
 *  - importBusyboxImage(): `docker import` through dockerode (POST /images/create?fromSrc=-) with CMD and ENV;
 *  - writeBusyboxDockerArchive(): a `docker save`-format archive (manifest.json, config, one layer) that
 *    `ctr images import` (containerd) and `docker load` both read. containerd names it docker.io/<ref>.
 * Uses the system `tar` (GNU tar, present wherever busybox-static and dockerd are).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';

const run = promisify(execFile);

export const BUSYBOX_BINARY = process.env.CONTINUUM_TEST_BUSYBOX ?? '/usr/bin/busybox';
export const BUSYBOX_IMAGE = 'continuum-test/busybox:1';
/** Content served by `httpd -f -p <port> -h /www` in the image. */
export const BUSYBOX_INDEX_HTML = 'continuum-test busybox\n';

const APPLETS = [
  'sh', 'ash', 'sleep', 'echo', 'cat', 'httpd', 'wget', 'true', 'false', 'ls', 'env', 'kill', 'ps', 'mkdir', 'rm',
  'printf', 'test', 'grep', 'uname', 'id', 'hostname', 'date', 'nc', 'touch', 'cp', 'mv', 'ln', 'pwd', 'sed', 'head',
];

/** Why the image cannot be built here, or undefined when it can. */
export function busyboxAbsence(): string | undefined {
  return existsSync(BUSYBOX_BINARY) ? undefined : `${BUSYBOX_BINARY} (Debian package busybox-static) is missing`;
}

/** Writes the root filesystem into `dir`: /bin/busybox, applet symlinks, /www/index.html, empty /tmp /etc /proc /sys /dev. */
export function buildBusyboxRootfs(dir: string): void {
  for (const sub of ['bin', 'tmp', 'etc', 'proc', 'sys', 'dev', 'www']) mkdirSync(join(dir, sub), { recursive: true });
  copyFileSync(BUSYBOX_BINARY, join(dir, 'bin', 'busybox'));
  for (const applet of APPLETS) symlinkSync('busybox', join(dir, 'bin', applet));
  writeFileSync(join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  writeFileSync(join(dir, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  writeFileSync(join(dir, 'www', 'index.html'), BUSYBOX_INDEX_HTML);
}

/** The root filesystem as an uncompressed tar (an image layer / `docker import` input). */
export async function writeRootfsTar(tarFile: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cf-busybox-rootfs-'));
  try {
    buildBusyboxRootfs(dir);
    await run('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', dir, '-cf', tarFile, '.']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function splitRef(ref: string): { repo: string; tag: string } {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: 'latest' };
}

/** `docker import` of the rootfs as `ref` (default continuum-test/busybox:1); a no-op when the engine has it. */
export async function importBusyboxImage(docker: Docker, ref = BUSYBOX_IMAGE): Promise<string> {
  try {
    await docker.getImage(ref).inspect();
    return ref;
  } catch {
    // absent: import it
  }
  const dir = mkdtempSync(join(tmpdir(), 'cf-busybox-import-'));
  try {
    const tarFile = join(dir, 'rootfs.tar');
    await writeRootfsTar(tarFile);
    const { repo, tag } = splitRef(ref);
    const stream = await docker.importImage(tarFile, { repo, tag, changes: ['CMD ["/bin/sh"]', 'ENV PATH=/bin', 'WORKDIR /'] } as object);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
    await docker.getImage(ref).inspect();
    return ref;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

function ociArchitecture(): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[process.arch] ?? process.arch;
}

/**
 * Writes the image as a `docker save` archive to `archiveFile`: manifest.json, repositories, <config>.json and
 * <layer>/layer.tar. For `ctr -n <ns> images import <archiveFile>` (containerd) or `docker load`.
 */
export async function writeBusyboxDockerArchive(archiveFile: string, ref = BUSYBOX_IMAGE): Promise<{ ref: string; configDigest: string; layerDigest: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cf-busybox-archive-'));
  try {
    const layerTmp = join(dir, 'layer.tmp.tar');
    await writeRootfsTar(layerTmp);
    const layer = readFileSync(layerTmp);
    const layerHex = sha256(layer);
    mkdirSync(join(dir, layerHex));
    writeFileSync(join(dir, layerHex, 'layer.tar'), layer);
    rmSync(layerTmp);
    const created = '2026-01-01T00:00:00Z';
    const config = JSON.stringify({
      architecture: ociArchitecture(),
      os: 'linux',
      created,
      config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'], WorkingDir: '/' },
      rootfs: { type: 'layers', diff_ids: [`sha256:${layerHex}`] },
      history: [{ created, created_by: `continuum-fabric test image from ${BUSYBOX_BINARY}` }],
    });
    const configHex = sha256(config);
    writeFileSync(join(dir, `${configHex}.json`), config);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify([{ Config: `${configHex}.json`, RepoTags: [ref], Layers: [`${layerHex}/layer.tar`] }]));
    const { repo, tag } = splitRef(ref);
    writeFileSync(join(dir, 'repositories'), JSON.stringify({ [repo]: { [tag]: layerHex } }));
    await run('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', dir, '-cf', archiveFile,
      'manifest.json', 'repositories', `${configHex}.json`, layerHex]);
    return { ref, configDigest: `sha256:${configHex}`, layerDigest: `sha256:${layerHex}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
