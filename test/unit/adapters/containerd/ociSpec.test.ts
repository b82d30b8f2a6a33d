import {
  buildOciSpec, CFS_PERIOD_US, OCI_SPEC_TYPE_URL, packOciSpec, processArgs, processEnv, unpackOciSpec, unsupportedPortMappings,
} from '../../../../adapters/containerd/ociSpec.js';
import type { WorkloadSpec } from '../../../../orchestration/runtime/ContainerRuntime.js';

const base: WorkloadSpec = {
  componentId: 'urn:ngsi-ld:ServiceComponent:web', serviceId: 'urn:ngsi-ld:Service:s', ieId: 'urn:ngsi-ld:InfrastructureElement:ie',
  name: 'svc-web', image: 'busybox', args: [], env: {}, ports: [], isJob: false, restartPolicy: 'always', specHash: 'h1',
};
const ctx = { namespace: 'node-a', containerId: 'cf-123' };

describe('OCI runtime spec for a containerd container (runtime-spec 1.0 config.md, config-linux.md)', () => {
  test('args: the image Entrypoint followed by the spec args, or by the image Cmd when there are none (Docker rule)', () => {
    expect(processArgs({ args: [] }, { Entrypoint: ['/entry'], Cmd: ['--default'] })).toEqual(['/entry', '--default']);
    expect(processArgs({ args: ['--x', '1'] }, { Entrypoint: ['/entry'], Cmd: ['--default'] })).toEqual(['/entry', '--x', '1']);
    expect(processArgs({ args: ['sleep', '5'] }, { Cmd: ['/bin/sh'] })).toEqual(['sleep', '5']);
    expect(processArgs({ args: [] }, { Entrypoint: null, Cmd: ['/bin/sh'] })).toEqual(['/bin/sh']);
  });

  test('env: image Env overridden by the spec env; PATH defaulted only when nobody sets it', () => {
    expect(processEnv({ env: { B: 'spec', C: 'c=d' } }, { Env: ['PATH=/bin', 'A=1', 'B=image'] }))
      .toEqual(['PATH=/bin', 'A=1', 'B=spec', 'C=c=d']);
    const env = processEnv({ env: { X: '1' } }, {});
    expect(env[0]).toMatch(/^PATH=\/usr\/local\/sbin:/);
    expect(env).toContain('X=1');
  });

  test('resources: CPU cores as a CFS quota over a 100 ms period, memory bytes as the limit; none when unset', () => {
    const limited = buildOciSpec({ ...base, args: ['x'], cpuLimit: 1.5, memoryLimitBytes: 128 * 1024 * 1024 }, {}, ctx);
    expect(limited.linux.resources.cpu).toEqual({ quota: 150_000, period: CFS_PERIOD_US });
    expect(limited.linux.resources.memory).toEqual({ limit: 134_217_728 });
    const unlimited = buildOciSpec({ ...base, args: ['x'] }, {}, ctx);
    expect(unlimited.linux.resources.cpu).toBeUndefined();
    expect(unlimited.linux.resources.memory).toBeUndefined();
    // A tiny CPU share still gets the kernel's minimum quota (1 ms).
    expect(buildOciSpec({ ...base, args: ['x'], cpuLimit: 0.001 }, {}, ctx).linux.resources.cpu?.quota).toBe(1000);
  });

  test('isolation: pid/ipc/uts/mount namespaces and no network namespace (host network); cgroup /<namespace>/<id>', () => {
    const oci = buildOciSpec({ ...base, args: ['x'] }, { WorkingDir: '/srv' }, { ...ctx, hostNetworkFiles: ['/etc/resolv.conf'] });
    expect(oci.linux.namespaces.map((n) => n.type).sort()).toEqual(['ipc', 'mount', 'pid', 'uts']);
    expect(oci.linux.cgroupsPath).toBe('/node-a/cf-123');
    expect(oci.root).toEqual({ path: 'rootfs', readonly: false });
    expect(oci.process.cwd).toBe('/srv');
    expect(oci.hostname).toBe('svc-web');
    expect(oci.mounts.map((m) => m.destination)).toEqual(expect.arrayContaining(['/proc', '/dev', '/sys', '/dev/pts', '/etc/resolv.conf']));
    expect(oci.mounts.find((m) => m.destination === '/etc/resolv.conf')).toMatchObject({ type: 'bind', options: ['rbind', 'ro'] });
  });

  test('an image without Entrypoint/Cmd and a spec without args is refused', () => {
    expect(() => buildOciSpec(base, {}, ctx)).toThrow(/no args/);
  });

  test('packed in an Any with containerd\'s type URL for specs.Spec, as JSON; unpacks back', () => {
    const oci = buildOciSpec({ ...base, args: ['x'] }, {}, ctx);
    const any = packOciSpec(oci);
    expect(any.type_url).toBe('types.containerd.io/opencontainers/runtime-spec/1/Spec');
    expect(JSON.parse(Buffer.from(any.value).toString('utf8')).process.args).toEqual(['x']);
    expect(unpackOciSpec(any)).toEqual(oci);
    expect(unpackOciSpec({ type_url: 'other', value: any.value })).toBeUndefined();
    expect(OCI_SPEC_TYPE_URL).toBe(any.type_url);
  });

  test('host network: only exposed ports whose hostPort differs from the containerPort are unsupported', () => {
    expect(unsupportedPortMappings([
      { containerPort: 80, protocol: 'tcp', expose: true },
      { containerPort: 81, protocol: 'tcp', hostPort: 81, expose: true },
      { containerPort: 82, protocol: 'tcp', hostPort: 8082, expose: false },
      { containerPort: 83, protocol: 'udp', hostPort: 8083, expose: true },
    ])).toEqual([{ containerPort: 83, protocol: 'udp', hostPort: 8083, expose: true }]);
  });
});
