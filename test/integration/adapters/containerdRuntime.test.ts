/**
 * The containerd adapter (adapters/containerd) against a REAL containerd: a private daemon started by the test
 * helper (test/integration/support/engines/containerdEngine.ts) with its own root, state and socket, and the
 * busybox test image imported with `ctr images import`. Every check reads back through containerd itself
 * (Containers.Get, Tasks.Get, `ctr`), never through the adapter's own bookkeeping.
 */
import { readFileSync, existsSync } from 'node:fs';
import { ContainerdRuntime } from '../../../adapters/containerd/ContainerdRuntime.js';
import { ContainerdClient } from '../../../adapters/containerd/containerdClient.js';
import { CONTAINERD_LABEL, containerIdFor } from '../../../adapters/containerd/containerdLabels.js';
import type { Container, Process } from '../../../adapters/containerd/containerdMessages.js';
import { unpackOciSpec } from '../../../adapters/containerd/ociSpec.js';
import { RuntimeOperationError } from '../../../fabric/errors/RuntimeError.js';
import type { WorkloadSpec, WorkloadStatus } from '../../../orchestration/runtime/ContainerRuntime.js';
import { startContainerdEngine, type ContainerdEngine } from '../support/engines/containerdEngine.js';
import { describeWithContainerdEngine } from '../withEngine.js';
import { eventually } from '../support/eventually.js';

const NS = 'cf-test';

function spec(name: string, overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    componentId: `urn:ngsi-ld:ServiceComponent:${name}`,
    serviceId: 'urn:ngsi-ld:Service:ctd-test',
    ieId: 'urn:ngsi-ld:InfrastructureElement:ie-1',
    name,
    image: 'continuum-test/busybox:1',
    args: ['sleep', '600'],
    env: { GREETING: 'hello' },
    ports: [],
    isJob: false,
    restartPolicy: 'always',
    specHash: `${name}-v1`,
    ...overrides,
  };
}

describeWithContainerdEngine('ContainerdRuntime against a real containerd (private daemon, gRPC API)', () => {
  let engine: ContainerdEngine;
  let runtime: ContainerdRuntime;
  let raw: ContainerdClient;

  const getContainer = async (componentId: string): Promise<Container> =>
    (await raw.call<{ container: Container }>('containers', 'get', { id: containerIdFor(componentId) })).container;
  const getTask = async (componentId: string): Promise<Process> =>
    (await raw.call<{ process: Process }>('tasks', 'get', { containerId: containerIdFor(componentId) })).process;

  beforeAll(async () => {
    engine = await startContainerdEngine();
    await engine.importBusybox(NS);
    runtime = new ContainerdRuntime({ address: engine.socketPath, namespace: NS, stopGraceMs: 500, reconnectDelayMs: 200 });
    raw = new ContainerdClient(engine.socketPath, NS);
  });

  afterAll(async () => {
    await runtime?.close();
    raw?.close();
    await engine?.stop();
  });

  test('apply starts a long-running component: Running, our labels and the spec resources on the container', async () => {
    const s = spec('web', { cpuLimit: 0.5, memoryLimitBytes: 64 * 1024 * 1024 });
    const status = await runtime.apply(s);
    expect(status).toMatchObject({ componentId: s.componentId, phase: 'Running', specHash: 'web-v1', runtimeId: containerIdFor(s.componentId) });

    const container = await getContainer(s.componentId);
    expect(container.labels).toMatchObject({
      [CONTAINERD_LABEL.managedBy]: 'continuum-fabric', [CONTAINERD_LABEL.component]: s.componentId,
      [CONTAINERD_LABEL.service]: s.serviceId, [CONTAINERD_LABEL.ie]: s.ieId, [CONTAINERD_LABEL.specHash]: 'web-v1',
    });
    expect(container.runtime?.name).toBe('io.containerd.runc.v2');
    const oci = unpackOciSpec(container.spec);
    expect(oci?.linux.resources.cpu).toEqual({ quota: 50_000, period: 100_000 });
    expect(oci?.linux.resources.memory).toEqual({ limit: 64 * 1024 * 1024 });
    expect(oci?.process.args).toEqual(['sleep', '600']);
    expect(oci?.process.env).toContain('GREETING=hello');

    // The kernel enforces the memory limit on the task's cgroup (cgroup v1 or v2 layout).
    const cgroup = oci?.linux.cgroupsPath ?? '';
    const v1 = `/sys/fs/cgroup/memory${cgroup}/memory.limit_in_bytes`;
    const v2 = `/sys/fs/cgroup${cgroup}/memory.max`;
    const limitFile = existsSync(v1) ? v1 : v2;
    expect(Number(readFileSync(limitFile, 'utf8').trim())).toBe(64 * 1024 * 1024);

    const task = await getTask(s.componentId);
    expect(task.status).toBe('RUNNING');
    expect(task.pid).toBeGreaterThan(0);
  });

  test('apply with the same spec hash is a no-op: same task, same process', async () => {
    const s = spec('web', { cpuLimit: 0.5, memoryLimitBytes: 64 * 1024 * 1024 });
    const before = await getTask(s.componentId);
    const created = (await getContainer(s.componentId)).createdAt;
    const status = await runtime.apply(s);
    expect(status.phase).toBe('Running');
    expect((await getTask(s.componentId)).pid).toBe(before.pid);
    expect((await getContainer(s.componentId)).createdAt).toEqual(created);
  });

  test('a changed spec hash replaces the container and its task', async () => {
    const s = spec('web', { args: ['sleep', '601'], specHash: 'web-v2' });
    const before = await getTask(s.componentId);
    const status = await runtime.apply(s);
    expect(status).toMatchObject({ phase: 'Running', specHash: 'web-v2' });
    const container = await getContainer(s.componentId);
    expect(container.labels[CONTAINERD_LABEL.specHash]).toBe('web-v2');
    expect(unpackOciSpec(container.spec)?.process.args).toEqual(['sleep', '601']);
    expect(unpackOciSpec(container.spec)?.linux.resources.memory).toBeUndefined();
    expect((await getTask(s.componentId)).pid).not.toBe(before.pid);
  });

  test('a job that exits 0 is Succeeded and is not rerun by a later apply', async () => {
    const s = spec('job-ok', { args: ['sh', '-c', 'exit 0'], isJob: true, restartPolicy: 'on-failure' });
    await runtime.apply(s);
    const done = await eventually(() => runtime.status(s.componentId), (st) => st.phase !== 'Running' && st.phase !== 'Pending', 'job-ok to finish');
    expect(done).toMatchObject({ phase: 'Succeeded', exitCode: 0 });
    const exitedAt = (await getTask(s.componentId)).exitedAt;
    expect((await runtime.apply(s)).phase).toBe('Succeeded');
    expect((await getTask(s.componentId)).exitedAt).toEqual(exitedAt);
  });

  test('a failing job is Failed with its exit code', async () => {
    const s = spec('job-bad', { args: ['sh', '-c', 'exit 3'], isJob: true, restartPolicy: 'never' });
    await runtime.apply(s);
    const done = await eventually(() => runtime.status(s.componentId), (st) => st.phase !== 'Running' && st.phase !== 'Pending', 'job-bad to finish');
    expect(done).toMatchObject({ phase: 'Failed', exitCode: 3 });
    expect((await getTask(s.componentId)).exitStatus).toBe(3);
  });

  test('a task killed from outside: watch reports it Failed, status agrees, the next apply starts it again', async () => {
    const s = spec('victim');
    await runtime.apply(s);
    const seen: WorkloadStatus[] = [];
    const unwatch = runtime.watch((st) => seen.push(st));
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // let the subscription reach containerd
      await engine.ctr('-n', NS, 'tasks', 'kill', '-s', 'SIGKILL', containerIdFor(s.componentId));
      await eventually(async () => seen, (list) => list.some((st) => st.componentId === s.componentId && st.phase === 'Failed'), 'a watch event');
      expect(seen.find((st) => st.componentId === s.componentId && st.phase === 'Failed')).toMatchObject({ exitCode: 137 });
      expect(await runtime.status(s.componentId)).toMatchObject({ phase: 'Failed', exitCode: 137 });

      // The reconciler's restart: apply() again starts a new task in the same container (restartPolicy always).
      expect((await runtime.apply(s)).phase).toBe('Running');
      await eventually(async () => seen, (list) => list.some((st) => st.componentId === s.componentId && st.phase === 'Running'), 'a Running event');
    } finally {
      unwatch();
    }
  });

  test('list shows only the workloads we own, not foreign containers in the same or another namespace', async () => {
    await engine.ctr('-n', NS, 'containers', 'create', 'docker.io/continuum-test/busybox:1', 'foreign-one', 'sleep', '600');
    await engine.importBusybox('other-ns');
    await engine.ctr('-n', 'other-ns', 'containers', 'create', 'docker.io/continuum-test/busybox:1', 'foreign-two', 'sleep', '600');
    const owned = (await runtime.list()).map((st) => st.componentId).sort();
    expect(owned).toEqual(['web', 'job-ok', 'job-bad', 'victim'].map((n) => `urn:ngsi-ld:ServiceComponent:${n}`).sort());
    const byId = new Map((await runtime.list()).map((st) => [st.componentId, st.phase]));
    expect(byId.get('urn:ngsi-ld:ServiceComponent:job-ok')).toBe('Succeeded');
    expect(byId.get('urn:ngsi-ld:ServiceComponent:web')).toBe('Running');
  });

  test('remove stops the task (SIGKILL after the grace period), deletes task, container and snapshot: Missing; the watch sees it', async () => {
    const s = spec('web');
    const seen: WorkloadStatus[] = [];
    const unwatch = runtime.watch((st) => seen.push(st));
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // let the subscription reach containerd
      await runtime.remove(s.componentId); // busybox sleep as pid 1 ignores SIGTERM: exercises the SIGKILL path
      expect(await runtime.status(s.componentId)).toMatchObject({ phase: 'Missing' });
      await expect(getContainer(s.componentId)).rejects.toBeInstanceOf(RuntimeOperationError);
      await expect(raw.call('snapshots', 'stat', { snapshotter: 'overlayfs', key: containerIdFor(s.componentId) })).rejects.toBeInstanceOf(RuntimeOperationError);
      await eventually(async () => seen, (list) => list.some((st) => st.componentId === s.componentId && st.phase === 'Missing'), 'a Missing event');
    } finally {
      unwatch();
    }
    await runtime.remove(s.componentId); // missing: fine
    await runtime.remove('urn:ngsi-ld:ServiceComponent:never-existed');
    for (const name of ['job-ok', 'job-bad', 'victim']) await runtime.remove(`urn:ngsi-ld:ServiceComponent:${name}`);
    expect(await runtime.list()).toEqual([]);
    // The foreign containers are untouched.
    expect(await engine.ctr('-n', NS, 'containers', 'ls', '-q')).toContain('foreign-one');
  });

  test('containerd restarts: the task keeps running, the watch reconnects, resyncs and reports later changes', async () => {
    const s = spec('survivor');
    await runtime.apply(s);
    const pid = (await getTask(s.componentId)).pid;
    const seen: WorkloadStatus[] = [];
    const unwatch = runtime.watch((st) => seen.push(st));
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // let the subscription reach containerd
      await engine.restart();
      expect(await runtime.status(s.componentId)).toMatchObject({ phase: 'Running' });
      expect((await getTask(s.componentId)).pid).toBe(pid);
      // After reconnecting, the watch re-reads what it owns (nothing was heard while containerd was down).
      await eventually(async () => seen, (list) => list.some((st) => st.componentId === s.componentId && st.phase === 'Running'), 'a resync after the reconnect');
      await new Promise((resolve) => setTimeout(resolve, 1000)); // let the subscription reach containerd
      await engine.ctr('-n', NS, 'tasks', 'kill', '-s', 'SIGKILL', containerIdFor(s.componentId));
      await eventually(async () => seen, (list) => list.some((st) => st.componentId === s.componentId && st.phase === 'Failed'), 'an event on the new stream');
    } finally {
      unwatch();
    }
    await runtime.remove(s.componentId);
    expect((await runtime.status(s.componentId)).phase).toBe('Missing');
  });

  test('a command that does not exist: apply fails with containerd\'s reason, leaves no task, status Failed, remove cleans up', async () => {
    const s = spec('bad-cmd', { args: ['/no/such/program'] });
    await expect(runtime.apply(s)).rejects.toThrow(/no\/such\/program/);
    await expect(getTask(s.componentId)).rejects.toBeInstanceOf(RuntimeOperationError);
    expect(await runtime.status(s.componentId)).toMatchObject({ phase: 'Failed', message: expect.stringMatching(/no task/) });
    await runtime.remove(s.componentId);
    expect((await runtime.status(s.componentId)).phase).toBe('Missing');
  });

  test('an image that is not in the namespace is a typed error naming it', async () => {
    await expect(runtime.apply(spec('ghost', { image: 'nowhere/ghost:9' }))).rejects.toThrow(/nowhere\/ghost:9/);
    expect((await runtime.status('urn:ngsi-ld:ServiceComponent:ghost')).phase).toBe('Missing');
  });
});
