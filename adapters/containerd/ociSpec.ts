/**
 * The OCI runtime spec (opencontainers/runtime-spec 1.0, config.md / config-linux.md) of a component's
 * container, generated here as a JSON document and stored on the containerd container in an Any with
 * containerd's type URL for it. Pure: no I/O.
 *
 * Isolation: new pid, ipc, uts and mount namespaces; NO network namespace, so the container shares the IE's host
 * network (no CNI here): a port is reachable on the IE at its containerPort, and a hostPort that differs from the
 * containerPort cannot be honoured (see unsupportedPortMappings). Resources: cpuLimit → CFS quota over a
 * 100 ms period, memoryLimitBytes → memory limit. Process: the image's Entrypoint + (args or the image's Cmd),
 * image Env overridden by the spec's env, the image's WorkingDir, uid/gid 0.
 */
import type { WorkloadPort, WorkloadSpec } from '../../orchestration/runtime/ContainerRuntime.js';
import type { AnyMessage } from './containerdMessages.js';
import type { ImageConfig } from './imageResolver.js';

/** containerd's typeurl for specs.Spec (JSON-encoded, not protobuf). */
export const OCI_SPEC_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Spec';
export const CFS_PERIOD_US = 100_000;
const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface OciSpecContext {
  readonly namespace: string;
  readonly containerId: string;
  /** Host files bind-mounted read-only for host networking (e.g. /etc/resolv.conf, /etc/hosts), when present. */
  readonly hostNetworkFiles?: readonly string[];
}

/** The capabilities of containerd's default spec (oci/spec.go defaults), as a plain container gets them. */
const DEFAULT_CAPABILITIES = ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL',
  'CAP_AUDIT_WRITE'];

export interface OciMount { destination: string; type: string; source: string; options: string[] }

export interface OciSpec {
  ociVersion: string;
  process: {
    terminal: boolean; user: { uid: number; gid: number }; args: string[]; env: string[]; cwd: string;
    capabilities: Record<'bounding' | 'effective' | 'permitted', string[]>;
    rlimits: Array<{ type: string; hard: number; soft: number }>; noNewPrivileges: boolean;
  };
  root: { path: string; readonly: boolean };
  hostname: string;
  mounts: OciMount[];
  annotations?: Record<string, string>;
  linux: {
    cgroupsPath: string;
    namespaces: Array<{ type: string }>;
    resources: {
      devices: Array<{ allow: boolean; access: string }>;
      cpu?: { quota: number; period: number };
      memory?: { limit: number };
    };
    maskedPaths: string[];
    readonlyPaths: string[];
  };
}

/** Entrypoint + (args when given, else the image's Cmd): Docker's rule for `docker run IMAGE args...`. */
export function processArgs(spec: Pick<WorkloadSpec, 'args'>, image: ImageConfig): string[] {
  const entrypoint = [...(image.Entrypoint ?? [])];
  const cmd = spec.args.length > 0 ? [...spec.args] : [...(image.Cmd ?? [])];
  return [...entrypoint, ...cmd];
}

/** Image Env, then the spec's env overriding same-named variables; PATH defaulted when neither sets it. */
export function processEnv(spec: Pick<WorkloadSpec, 'env'>, image: ImageConfig): string[] {
  const env = new Map<string, string>();
  for (const entry of image.Env ?? []) {
    const eq = entry.indexOf('=');
    env.set(eq < 0 ? entry : entry.slice(0, eq), eq < 0 ? '' : entry.slice(eq + 1));
  }
  for (const [k, v] of Object.entries(spec.env)) env.set(k, v);
  const out = [...env].map(([k, v]) => `${k}=${v}`);
  return env.has('PATH') ? out : [DEFAULT_PATH, ...out];
}

/** Published ports this adapter cannot honour on the host network (hostPort ≠ containerPort). */
export function unsupportedPortMappings(ports: readonly WorkloadPort[]): WorkloadPort[] {
  return ports.filter((p) => p.expose && p.hostPort !== undefined && p.hostPort !== p.containerPort);
}

export function buildOciSpec(spec: WorkloadSpec, image: ImageConfig, ctx: OciSpecContext): OciSpec {
  const args = processArgs(spec, image);
  if (args.length === 0) throw new Error(`component ${spec.componentId}: no args and the image ${spec.image} has no Entrypoint or Cmd`);
  const resources: OciSpec['linux']['resources'] = { devices: [{ allow: false, access: 'rwm' }] };
  if (spec.cpuLimit !== undefined) resources.cpu = { quota: Math.max(1000, Math.round(spec.cpuLimit * CFS_PERIOD_US)), period: CFS_PERIOD_US };
  if (spec.memoryLimitBytes !== undefined) resources.memory = { limit: Math.round(spec.memoryLimitBytes) };
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args,
      env: processEnv(spec, image),
      cwd: image.WorkingDir || '/',
      capabilities: { bounding: DEFAULT_CAPABILITIES, effective: DEFAULT_CAPABILITIES, permitted: DEFAULT_CAPABILITIES },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: false },
    hostname: spec.name,
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
      { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      ...(ctx.hostNetworkFiles ?? []).map((file) => ({ destination: file, type: 'bind', source: file, options: ['rbind', 'ro'] })),
    ],
    linux: {
      // containerd's own default: /<namespace>/<container id>.
      cgroupsPath: `/${ctx.namespace}/${ctx.containerId}`,
      namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
      resources,
      maskedPaths: ['/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
        '/proc/timer_stats', '/proc/sched_debug', '/sys/firmware', '/proc/scsi'],
      readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
    },
  };
}

export function packOciSpec(spec: OciSpec): AnyMessage {
  return { type_url: OCI_SPEC_TYPE_URL, value: Buffer.from(JSON.stringify(spec), 'utf8') };
}

export function unpackOciSpec(any: AnyMessage | null | undefined): OciSpec | undefined {
  if (!any || any.type_url !== OCI_SPEC_TYPE_URL) return undefined;
  return JSON.parse(Buffer.from(any.value).toString('utf8')) as OciSpec;
}
