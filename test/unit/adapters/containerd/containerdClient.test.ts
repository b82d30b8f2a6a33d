import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerdRuntime } from '../../../../adapters/containerd/ContainerdRuntime.js';
import { containerdApi, protoDir, socketPath } from '../../../../adapters/containerd/containerdClient.js';
import { OperationNotSupportedError } from '../../../../fabric/errors/FabricError.js';
import { RuntimeUnavailableError } from '../../../../fabric/errors/RuntimeError.js';

describe('containerd gRPC client', () => {
  test('our transcription of the containerd API loads, with the services the adapter calls', () => {
    const api = containerdApi() as unknown as { containerd: { services: Record<string, { v1: Record<string, { service: Record<string, { path: string }> }> }> } };
    const s = api.containerd.services;
    expect(s.tasks.v1.Tasks.service.Create.path).toBe('/containerd.services.tasks.v1.Tasks/Create');
    expect(s.containers.v1.Containers.service.Get.path).toBe('/containerd.services.containers.v1.Containers/Get');
    expect(s.events.v1.Events.service.Subscribe.path).toBe('/containerd.services.events.v1.Events/Subscribe');
    expect(s.snapshots.v1.Snapshots.service.Prepare.path).toBe('/containerd.services.snapshots.v1.Snapshots/Prepare');
  });

  test('the .proto files are found from the sources and from the compiled dist/ tree alike', () => {
    const fromSources = protoDir();
    expect(fromSources).toMatch(/adapters\/containerd\/proto$/);
    const root = fromSources.replace(/\/adapters\/containerd\/proto$/, '');
    expect(protoDir(join(root, 'dist', 'adapters', 'containerd'))).toBe(fromSources);
  });

  test('socket addresses with and without the unix: scheme', () => {
    expect(socketPath('/run/containerd/containerd.sock')).toBe('/run/containerd/containerd.sock');
    expect(socketPath('unix:///run/containerd/containerd.sock')).toBe('/run/containerd/containerd.sock');
    expect(socketPath('unix:/tmp/c.sock')).toBe('/tmp/c.sock');
  });

  test('a socket nobody listens on is a typed 503 RuntimeUnavailableError naming the socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-no-ctd-'));
    const runtime = new ContainerdRuntime({ address: join(dir, 'containerd.sock'), namespace: 'x', callTimeoutMs: 5000 });
    try {
      const error = await runtime.status('urn:ngsi-ld:ServiceComponent:a').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RuntimeUnavailableError);
      expect((error as RuntimeUnavailableError).status).toBe(503);
      expect((error as RuntimeUnavailableError).endpoint).toBe(join(dir, 'containerd.sock'));
      await expect(runtime.list()).rejects.toBeInstanceOf(RuntimeUnavailableError);
    } finally {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a published port remapped to another host port is refused (422) before containerd is contacted: host network', async () => {
    const runtime = new ContainerdRuntime({ address: '/nonexistent/containerd.sock', namespace: 'x' });
    try {
      const error = await runtime.apply({
        componentId: 'urn:ngsi-ld:ServiceComponent:p', serviceId: 's', ieId: 'i', name: 'p', image: 'busybox', args: [], env: {},
        ports: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp', expose: true }], isJob: false, restartPolicy: 'always', specHash: 'h',
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationNotSupportedError);
      expect((error as OperationNotSupportedError).status).toBe(422);
      expect((error as Error).message).toMatch(/8080->80/);
    } finally {
      await runtime.close();
    }
  });
});
