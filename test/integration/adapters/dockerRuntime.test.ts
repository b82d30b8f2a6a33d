/**
 * DockerRuntime against a real Docker engine: a private dockerd started by the test (support/engines/dockerEngine.ts,
 * no bridge, no iptables) and the local busybox image (support/engines/busyboxImage.ts; no registry is reachable).
 * Containers without exposed ports get network mode none, those with exposed ports the host network.
 */
import { createHash } from 'node:crypto';
import { freePort } from '../support/freePort.js';
import Docker from 'dockerode';
import { DockerRuntime } from '../../../adapters/docker/DockerRuntime.js';
import { DOCKER_LABEL, MANAGER, containerName } from '../../../adapters/docker/dockerLabels.js';
import { RuntimeUnavailableError } from '../../../fabric/errors/RuntimeError.js';
import type { WorkloadSpec, WorkloadStatus } from '../../../orchestration/runtime/ContainerRuntime.js';
import { BUSYBOX_IMAGE, BUSYBOX_INDEX_HTML, importBusyboxImage, writeBusyboxDockerArchive } from '../support/engines/busyboxImage.js';
import { startDockerEngine, type DockerEngine } from '../support/engines/dockerEngine.js';
import { describeWithDockerEngine } from '../withEngine.js';
import { eventually } from '../support/eventually.js';

const IE_A = 'urn:ngsi-ld:InfrastructureElement:test:docker-a';
const IE_B = 'urn:ngsi-ld:InfrastructureElement:test:docker-b';
const MiB = 1024 * 1024;

type SpecInput = Partial<Omit<WorkloadSpec, 'specHash'>> & { name: string };

function spec(input: SpecInput): WorkloadSpec {
  const unhashed = {
    componentId: `urn:ngsi-ld:ServiceComponent:dockertest:${input.name}`,
    serviceId: 'urn:ngsi-ld:Service:dockertest',
    ieId: IE_A,
    image: BUSYBOX_IMAGE,
    args: ['sleep', '3600'],
    env: {},
    ports: [],
    isJob: false,
    restartPolicy: 'always' as const,
    ...input,
  };
  return { ...unhashed, specHash: createHash('sha256').update(JSON.stringify(unhashed)).digest('hex').slice(0, 16) };
}

describeWithDockerEngine('DockerRuntime on a real Docker engine', () => {
  let engine: DockerEngine;
  let docker: Docker;
  let runtime: DockerRuntime;

  beforeAll(async () => {
    engine = await startDockerEngine();
    docker = engine.docker;
    await importBusyboxImage(docker);
    runtime = new DockerRuntime({ socketPath: engine.socketPath, stopTimeoutSeconds: 1, reconnectDelayMs: 200 });
  });

  afterAll(async () => {
    await runtime?.close();
    await engine?.stop();
  });

  test('apply runs a long-running component with our labels, limits, env, restart policy and its exposed port', async () => {
    const port = await freePort();
    const web = spec({
      name: 'web', args: ['httpd', '-f', '-p', String(port), '-h', '/www'], env: { GREETING: 'hello' },
      ports: [{ containerPort: port, protocol: 'tcp', expose: true }], cpuLimit: 0.5, memoryLimitBytes: 64 * MiB,
    });
    const applied = await runtime.apply(web);
    expect(applied).toMatchObject({ componentId: web.componentId, phase: 'Running', specHash: web.specHash, restarts: 0 });

    const info = await docker.getContainer(applied.runtimeId!).inspect();
    expect(info.Config.Labels).toMatchObject({
      [DOCKER_LABEL.managedBy]: MANAGER, [DOCKER_LABEL.component]: web.componentId, [DOCKER_LABEL.service]: web.serviceId,
      [DOCKER_LABEL.ie]: IE_A, [DOCKER_LABEL.specHash]: web.specHash, [DOCKER_LABEL.job]: 'false', [DOCKER_LABEL.name]: 'web',
    });
    expect(info.HostConfig).toMatchObject({ NanoCpus: 500_000_000, Memory: 64 * MiB, NetworkMode: 'host', RestartPolicy: { Name: 'always' } });
    expect(info.Config.Env).toContain('GREETING=hello');
    expect(info.Config.Cmd).toEqual(['httpd', '-f', '-p', String(port), '-h', '/www']);

    const body = await eventually(
      () => fetch(`http://127.0.0.1:${port}/index.html`).then((r) => r.text(), () => ''),
      (text) => text !== '', 'httpd to answer');
    expect(body).toBe(BUSYBOX_INDEX_HTML);
    await runtime.remove(web.componentId);
  });

  test('apply is idempotent and replaces a container whose spec hash differs', async () => {
    const first = spec({ name: 'idem', env: { VERSION: '1' } });
    const a = await runtime.apply(first);
    const startedAt = (await docker.getContainer(a.runtimeId!).inspect()).State.StartedAt;
    const again = await runtime.apply(first);
    expect(again.runtimeId).toBe(a.runtimeId);
    expect((await docker.getContainer(a.runtimeId!).inspect()).State.StartedAt).toBe(startedAt);

    const second = spec({ name: 'idem', env: { VERSION: '2' } });
    expect(second.specHash).not.toBe(first.specHash);
    const b = await runtime.apply(second);
    expect(b).toMatchObject({ phase: 'Running', specHash: second.specHash });
    expect(b.runtimeId).not.toBe(a.runtimeId);
    await expect(docker.getContainer(a.runtimeId!).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect((await docker.getContainer(b.runtimeId!).inspect()).Config.Env).toContain('VERSION=2');
    await runtime.remove(second.componentId);
  });

  test('a job that exits 0 is Succeeded and is not run again; a failing job is Failed with its exit code', async () => {
    const ok = spec({ name: 'job-ok', isJob: true, restartPolicy: 'never', args: ['sh', '-c', 'echo done'] });
    await runtime.apply(ok);
    const done = await eventually(() => runtime.status(ok.componentId), (s) => s.phase !== 'Running' && s.phase !== 'Pending', 'the job to finish');
    expect(done).toMatchObject({ phase: 'Succeeded', exitCode: 0 });
    const startedAt = (await docker.getContainer(done.runtimeId!).inspect()).State.StartedAt;
    const reapplied = await runtime.apply(ok);
    expect(reapplied).toMatchObject({ phase: 'Succeeded', runtimeId: done.runtimeId });
    expect((await docker.getContainer(done.runtimeId!).inspect()).State.StartedAt).toBe(startedAt);

    const bad = spec({ name: 'job-bad', isJob: true, restartPolicy: 'never', args: ['sh', '-c', 'exit 3'] });
    await runtime.apply(bad);
    const failed = await eventually(() => runtime.status(bad.componentId), (s) => s.phase !== 'Running' && s.phase !== 'Pending', 'the job to fail');
    expect(failed).toMatchObject({ phase: 'Failed', exitCode: 3 });
    expect(failed.message).toContain('exited with code 3');
    expect((await docker.getContainer(failed.runtimeId!).inspect()).HostConfig.RestartPolicy?.Name).toBe('no');
    await runtime.remove(ok.componentId);
    await runtime.remove(bad.componentId);
  });

  test('killed from outside: Docker restarts a crashed process (restart always), apply() restarts one stopped through the API; watch reports both', async () => {
    const svc = spec({ name: 'phoenix' });
    const seen: WorkloadStatus[] = [];
    const unwatch = runtime.watch((s) => { if (s.componentId === svc.componentId) seen.push(s); });
    try {
      const first = await runtime.apply(svc);
      const pid = (await docker.getContainer(first.runtimeId!).inspect()).State.Pid;
      process.kill(pid, 'SIGKILL'); // the process dies as in a crash; Docker's restart policy brings it back
      const restarted = await eventually(() => runtime.status(svc.componentId), (s) => s.phase === 'Running' && (s.restarts ?? 0) >= 1, 'Docker to restart it');
      expect(restarted.runtimeId).toBe(first.runtimeId);
      await eventually(async () => seen, (all) => all.some((s) => s.phase === 'Running' && (s.restarts ?? 0) >= 1), 'watch to report the restart');

      // docker kill counts as stopped by the user: Docker does not restart it, the reconciler does through apply().
      await docker.getContainer(first.runtimeId!).kill();
      const killed = await eventually(async () => seen, (all) => all.some((s) => s.phase === 'Failed' && s.exitCode === 137), 'watch to report the kill');
      expect(killed.find((s) => s.phase === 'Failed')?.message).toContain('exited with code 137');
      expect(await runtime.status(svc.componentId)).toMatchObject({ phase: 'Failed', exitCode: 137 });
      const back = await runtime.apply(svc);
      expect(back).toMatchObject({ phase: 'Running', runtimeId: first.runtimeId });
    } finally {
      unwatch();
    }
    await runtime.remove(svc.componentId);
  });

  test('remove stops and deletes (Missing afterwards, twice is fine); watch reports Missing', async () => {
    const gone = spec({ name: 'gone' });
    const seen: WorkloadStatus[] = [];
    const unwatch = runtime.watch((s) => { if (s.componentId === gone.componentId) seen.push(s); });
    const applied = await runtime.apply(gone);
    await runtime.remove(gone.componentId);
    await runtime.remove(gone.componentId);
    expect(await runtime.status(gone.componentId)).toMatchObject({ componentId: gone.componentId, phase: 'Missing' });
    await expect(docker.getContainer(applied.runtimeId!).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await eventually(async () => seen, (all) => all.at(-1)?.phase === 'Missing', 'watch to report Missing');
    unwatch();
  });

  test('list shows only our containers and a foreign container is never touched, even when it holds our name', async () => {
    const foreign = await docker.createContainer({ name: 'foreign-sleeper', Image: BUSYBOX_IMAGE, Cmd: ['sleep', '3600'], HostConfig: { NetworkMode: 'none' } });
    await foreign.start();
    const mine = spec({ name: 'listed' });
    await runtime.apply(mine);
    const all = await runtime.list();
    expect(all.map((s) => s.componentId)).toEqual([mine.componentId]);

    // A foreign container that took the name our container would get.
    const squatted = spec({ name: 'squatted' });
    const squatter = await docker.createContainer({ name: containerName(squatted), Image: BUSYBOX_IMAGE, Cmd: ['sleep', '3600'], HostConfig: { NetworkMode: 'none' } });
    const refused = await runtime.apply(squatted);
    expect(refused.phase).toBe('Failed');
    expect(refused.message).toContain('not managed by continuum-fabric');

    await runtime.remove(mine.componentId);
    await runtime.remove(squatted.componentId);
    expect((await foreign.inspect()).State.Status).toBe('running');
    expect((await squatter.inspect()).State.Status).toBe('created');
    expect(await runtime.list()).toEqual([]);
    await foreign.remove({ force: true });
    await squatter.remove({ force: true });
  });

  test('an image that is absent and cannot be pulled makes the component Failed with the reason, until removed', async () => {
    const absent = spec({ name: 'absent', image: 'continuum-test/absent:1' });
    const status = await runtime.apply(absent);
    expect(status.phase).toBe('Failed');
    expect(status.message).toMatch(/image continuum-test\/absent:1 is not present on the engine and could not be pulled: .+/);
    expect(await runtime.status(absent.componentId)).toMatchObject({ phase: 'Failed', message: status.message });
    expect((await runtime.list()).map((s) => s.componentId)).toContain(absent.componentId);
    await runtime.remove(absent.componentId);
    expect(await runtime.status(absent.componentId)).toMatchObject({ phase: 'Missing' });
  });

  test('one runtime for the engine: applying the component for another IE starts the new container, then removes the old one', async () => {
    const there = spec({ name: 'roamer', ieId: IE_A });
    const here = spec({ name: 'roamer', ieId: IE_B });
    const old = await runtime.apply(there);
    const since = Math.floor(Date.now() / 1000) - 1;
    const moved = await runtime.apply(here);
    expect(moved).toMatchObject({ phase: 'Running', specHash: here.specHash });
    expect(moved.runtimeId).not.toBe(old.runtimeId);
    await expect(docker.getContainer(old.runtimeId!).inspect()).rejects.toMatchObject({ statusCode: 404 });
    const left = await docker.listContainers({ all: true, filters: { label: [`${DOCKER_LABEL.component}=${here.componentId}`] } });
    expect(left.map((c) => [c.Id, c.Labels[DOCKER_LABEL.ie]])).toEqual([[moved.runtimeId, IE_B]]);

    // The engine's own event log: the new container started before the old one was stopped.
    const log = await docker.getEvents({ since, until: Math.floor(Date.now() / 1000) + 1, filters: { type: ['container'], label: [`${DOCKER_LABEL.component}=${here.componentId}`] } });
    const text = await new Promise<string>((resolve, reject) => {
      let all = '';
      log.on('data', (d: Buffer) => { all += d.toString(); });
      log.on('end', () => resolve(all));
      log.on('error', reject);
    });
    const order = text.trim().split('\n').map((l) => JSON.parse(l) as { Action: string; id: string })
      .map((e) => `${e.id === moved.runtimeId ? 'new' : e.id === old.runtimeId ? 'old' : '?'}:${e.Action}`);
    expect(order.indexOf('new:start')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('old:kill')).toBeGreaterThan(order.indexOf('new:start'));
    expect(order.indexOf('old:destroy')).toBeGreaterThan(order.indexOf('new:start'));
    await runtime.remove(here.componentId);
  });

  test('runtimes scoped to two IEs of one engine: a component migrates (start new, then remove old)', async () => {
    const onA = new DockerRuntime({ socketPath: engine.socketPath, ieId: IE_A, stopTimeoutSeconds: 1 });
    const onB = new DockerRuntime({ socketPath: engine.socketPath, ieId: IE_B, stopTimeoutSeconds: 1 });
    const there = spec({ name: 'mover', ieId: IE_A });
    const here = spec({ name: 'mover', ieId: IE_B });
    await expect(onA.apply(here)).rejects.toThrow(/serves .*docker-a/);
    const old = await onA.apply(there);
    const moved = await onB.apply(here);
    expect(moved.phase).toBe('Running');
    expect(moved.runtimeId).not.toBe(old.runtimeId);
    expect((await onA.status(there.componentId)).runtimeId).toBe(old.runtimeId);
    await onA.remove(there.componentId);
    expect(await onA.status(there.componentId)).toMatchObject({ phase: 'Missing' });
    expect(await onB.status(here.componentId)).toMatchObject({ phase: 'Running', runtimeId: moved.runtimeId });
    expect(await onA.list()).toEqual([]);
    await onB.remove(here.componentId);
    await onA.close();
    await onB.close();
  });

  test('the docker-save archive of the test image (what containerd imports) loads with docker load and runs a job', async () => {
    const archive = `${engine.dir}/busybox-archive.tar`;
    const written = await writeBusyboxDockerArchive(archive, 'continuum-test/busybox:archive');
    const stream = await docker.loadImage(archive);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve())));
    expect((await docker.getImage('continuum-test/busybox:archive').inspect()).Id).toBe(written.configDigest);
    const job = spec({ name: 'from-archive', image: 'continuum-test/busybox:archive', isJob: true, restartPolicy: 'never', args: ['sh', '-c', 'test "$PATH" = /bin'] });
    await runtime.apply(job);
    const done = await eventually(() => runtime.status(job.componentId), (s) => s.phase === 'Succeeded' || s.phase === 'Failed', 'the job to finish');
    expect(done).toMatchObject({ phase: 'Succeeded', exitCode: 0 });
    await runtime.remove(job.componentId);
  });

  test('an engine restart: containers with restart policy always come back and the watch reconnects and reports them', async () => {
    const survivor = spec({ name: 'survivor' });
    const seen: Array<{ at: number; status: WorkloadStatus }> = [];
    const unwatch = runtime.watch((s) => { if (s.componentId === survivor.componentId) seen.push({ at: Date.now(), status: s }); });
    const before = await runtime.apply(survivor);
    const startedBefore = (await docker.getContainer(before.runtimeId!).inspect()).State.StartedAt;
    await engine.restart();
    const restartedAt = Date.now();
    const after = await eventually(() => runtime.status(survivor.componentId), (s) => s.phase === 'Running', 'the container to run again');
    expect(after.runtimeId).toBe(before.runtimeId);
    expect((await docker.getContainer(before.runtimeId!).inspect()).State.StartedAt).not.toBe(startedBefore);
    await eventually(async () => seen, (all) => all.some((e) => e.at >= restartedAt && e.status.phase === 'Running'), 'the watch to report after the restart');
    unwatch();
    await runtime.remove(survivor.componentId);
  });

  test('an engine that does not answer is a RuntimeUnavailableError (503)', async () => {
    const nowhere = new DockerRuntime({ socketPath: `${engine.dir}/no-such.sock` });
    const error = await nowhere.status('urn:x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeUnavailableError);
    expect((error as RuntimeUnavailableError).status).toBe(503);
    expect((error as Error).message).toContain('no-such.sock');
    await nowhere.close();
  });
});
