import { chooseNetworkMode, dockerRestartPolicy, networkProblems, toCreateOptions } from '../../../../adapters/docker/dockerSpec.js';
import { DOCKER_LABEL, containerName } from '../../../../adapters/docker/dockerLabels.js';
import type { WorkloadSpec } from '../../../../orchestration/runtime/ContainerRuntime.js';

const base: WorkloadSpec = {
  componentId: 'urn:ngsi-ld:ServiceComponent:shop:web',
  serviceId: 'urn:ngsi-ld:Service:shop',
  ieId: 'urn:ngsi-ld:InfrastructureElement:edge-1',
  name: 'shop-web',
  image: 'nginx:1.25',
  args: ['-g', 'daemon off;'],
  env: { A: '1', B: 'two=2' },
  ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080, expose: true }, { containerPort: 9000, protocol: 'udp', expose: false }],
  cpuLimit: 1.5,
  memoryLimitBytes: 256 * 1024 * 1024,
  isJob: false,
  restartPolicy: 'always',
  specHash: 'abc123',
};

describe('WorkloadSpec → Docker create options', () => {
  test('bridge network: image, Cmd, Env, labels, ports with bindings for exposed ones, limits, restart policy', () => {
    const o = toCreateOptions(base, 'bridge');
    expect(o.name).toBe(containerName(base));
    expect(o.name).toMatch(/^shop-web-[0-9a-f]{8}$/);
    expect(o.Image).toBe('nginx:1.25');
    expect(o.Cmd).toEqual(['-g', 'daemon off;']);
    expect(o.Env).toEqual(['A=1', 'B=two=2']);
    expect(o.Labels).toMatchObject({ [DOCKER_LABEL.component]: base.componentId, [DOCKER_LABEL.ie]: base.ieId, [DOCKER_LABEL.specHash]: 'abc123', [DOCKER_LABEL.job]: 'false' });
    expect(o.ExposedPorts).toEqual({ '80/tcp': {}, '9000/udp': {} });
    expect(o.HostConfig).toEqual({
      NetworkMode: 'bridge', RestartPolicy: { Name: 'always' }, PortBindings: { '80/tcp': [{ HostPort: '8080' }] },
      NanoCpus: 1_500_000_000, Memory: 268_435_456,
    });
  });

  test('host network: no port bindings (the container listens on the IE directly); no args keeps the image CMD; no limits', () => {
    const o = toCreateOptions({ ...base, args: [], cpuLimit: undefined, memoryLimitBytes: undefined, ports: [{ containerPort: 80, protocol: 'tcp', expose: true }] }, 'host');
    expect(o.Cmd).toBeUndefined();
    expect(o.HostConfig).toEqual({ NetworkMode: 'host', RestartPolicy: { Name: 'always' } });
    expect(o.StopTimeout).toBeUndefined();
    expect(toCreateOptions(base, 'bridge', 3).StopTimeout).toBe(3);
  });

  test('restart policies: always, on-failure, never → no; a job is never restarted after success', () => {
    expect(dockerRestartPolicy({ isJob: false, restartPolicy: 'always' })).toEqual({ Name: 'always' });
    expect(dockerRestartPolicy({ isJob: false, restartPolicy: 'on-failure' })).toEqual({ Name: 'on-failure' });
    expect(dockerRestartPolicy({ isJob: true, restartPolicy: 'never' })).toEqual({ Name: 'no' });
    expect(dockerRestartPolicy({ isJob: true, restartPolicy: 'always' })).toEqual({ Name: 'on-failure' });
  });

  test('auto network: bridge when the engine has one, else host for exposed ports, else none', () => {
    const quiet = { ...base, ports: [] };
    expect(chooseNetworkMode(base, 'auto', true)).toBe('bridge');
    expect(chooseNetworkMode(base, 'auto', false)).toBe('host');
    expect(chooseNetworkMode(quiet, 'auto', false)).toBe('none');
    expect(chooseNetworkMode(quiet, 'host', true)).toBe('host');
  });

  test('host networking cannot remap a port and no network cannot expose one', () => {
    expect(networkProblems(base, 'bridge')).toEqual([]);
    expect(networkProblems(base, 'host')).toEqual(['port 80/tcp cannot be published as 8080 on the host network (the engine has no bridge to map ports)']);
    expect(networkProblems({ ...base, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 80, expose: true }] }, 'host')).toEqual([]);
    expect(networkProblems(base, 'none')).toEqual(['port 80/tcp is exposed but the container has no network (network mode none)']);
  });
});
