/**
 * End to end on a real Docker engine (issue 5, Tests): a TOSCA service of two components is parsed
 * (parseToscaService), placed from the graph (PlacementEngine), deployed through the OrchestrationService onto IEs
 * whose LowLevelOrchestrator is this Docker engine (RuntimeRegistry → DockerRuntime), killed from outside and
 * brought back by the Reconciler, migrated when its IE becomes Overloaded (start new, then stop old), and removed.
 * The only test double is the PolicyGate (no policies: every placement allowed); the engine is a private dockerd
 * (support/engines/dockerEngine.ts, no bridge: the exposed web component runs on the host network).
 */
import { createServer } from 'node:net';
import type Docker from 'dockerode';
import { DockerRuntime } from '../../../adapters/docker/DockerRuntime.js';
import { DOCKER_LABEL, MANAGER } from '../../../adapters/docker/dockerLabels.js';
import { AEROS, CF } from '../../../fabric/rdf/namespaces.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { OrchestrationService } from '../../../orchestration/OrchestrationService.js';
import { PlacementEngine } from '../../../orchestration/placement/PlacementEngine.js';
import type { PolicyGate } from '../../../orchestration/placement/PolicyGate.js';
import { Reconciler } from '../../../orchestration/reconcile/Reconciler.js';
import { parseToscaService } from '../../../orchestration/request/toscaRequest.js';
import type { RuntimeEndpoint } from '../../../orchestration/runtime/ContainerRuntime.js';
import { RuntimeRegistry } from '../../../orchestration/runtime/RuntimeRegistry.js';
import type { ServiceView } from '../../../orchestration/ServiceView.js';
import { BUSYBOX_IMAGE, BUSYBOX_INDEX_HTML, importBusyboxImage } from '../support/engines/busyboxImage.js';
import { startDockerEngine, type DockerEngine } from '../support/engines/dockerEngine.js';
import { describeWithDockerEngine } from '../withEngine.js';
import { eventually } from '../support/eventually.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const LLO = 'urn:ngsi-ld:LowLevelOrchestrator:e2e:docker';
const IE1 = 'urn:ngsi-ld:InfrastructureElement:e2e:edge-1';
const IE2 = 'urn:ngsi-ld:InfrastructureElement:e2e:edge-2';

const allowAll: PolicyGate = { check: async () => ({ allowed: true, violations: [] }) };

function ieQuads(ie: string): string {
  const t = (p: string, o: string) => `<${ie}> <${p}> ${o} <${ie}> .`;
  return [
    t(RDF_TYPE, `<${AEROS}InfrastructureElement>`),
    t(`${AEROS}infrastructureElementStatus`, `<${AEROS}ReadyInfrastructureElement>`),
    t(`${AEROS}cpuCores`, '"4"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    t(`${AEROS}currentCpuUsage`, '"10"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    t(`${AEROS}availableRam`, '"4096"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    t(`${CF}managedBy`, `<${LLO}>`),
  ].join('\n');
}

async function setIeStatus(store: MemoryGraphStore, ie: string, status: 'Ready' | 'Overload'): Promise<void> {
  const p = `${AEROS}infrastructureElementStatus`;
  await store.update(`DELETE WHERE { GRAPH <${ie}> { <${ie}> <${p}> ?s } };
    INSERT DATA { GRAPH <${ie}> { <${ie}> <${p}> <${AEROS}${status}InfrastructureElement> } }`);
}

function tosca(port: number): string {
  return `tosca_definitions_version: tosca_simple_yaml_1_3
metadata:
  name: shop
description: A web front end and a worker on the local Docker engine.
topology_template:
  node_templates:
    web:
      type: tosca.nodes.Container.Application
      artifacts:
        img: { file: "${BUSYBOX_IMAGE}", type: tosca.artifacts.Deployment.Image.Container.Docker }
      interfaces:
        Standard:
          create:
            implementation: img
            inputs:
              cliArgs: [httpd, -f, -p, "${port}", -h, /www]
              envVars: [{ ROLE: web }]
      requirements:
        - network:
            properties:
              exposePorts: true
              ports:
                http: { properties: { protocol: [tcp], source: ${port} } }
        - host:
            node_filter:
              capabilities:
                - host:
                    properties:
                      mem_size: { greater_or_equal: 64 MB }
    worker:
      type: tosca.nodes.Container.Application
      artifacts:
        img: { file: "${BUSYBOX_IMAGE}", type: tosca.artifacts.Deployment.Image.Container.Docker }
      interfaces:
        Standard:
          create:
            implementation: img
            inputs:
              cliArgs: [sleep, "3600"]
              envVars: [{ ROLE: worker }]
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Our containers on the engine: component name label → [IE, state]. */
async function containers(docker: Docker): Promise<Array<{ id: string; name: string; ie: string; state: string }>> {
  const all = await docker.listContainers({ all: true, filters: { label: [`${DOCKER_LABEL.managedBy}=${MANAGER}`] } });
  return all.map((c) => ({ id: c.Id, name: c.Labels[DOCKER_LABEL.name], ie: c.Labels[DOCKER_LABEL.ie], state: c.State }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const statuses = (view: ServiceView) => view.components.map((c) => [c.name, c.status, c.ie]);

describeWithDockerEngine('a TOSCA service on a real Docker engine, end to end', () => {
  let engine: DockerEngine;
  let store: MemoryGraphStore;
  let registry: RuntimeRegistry;
  let service: OrchestrationService;
  let reconciler: Reconciler;

  beforeAll(async () => {
    engine = await startDockerEngine();
    await importBusyboxImage(engine.docker);
    store = new MemoryGraphStore();
    const address = `unix://${engine.socketPath}`;
    await store.load([
      `<${LLO}> <${RDF_TYPE}> <${AEROS}LowLevelOrchestrator> <${LLO}> .`,
      `<${LLO}> <${AEROS}orchestrationType> <${AEROS}DockerOrchestration> <${LLO}> .`,
      `<${LLO}> <https://schema.org/url> "${address}" <${LLO}> .`,
      ieQuads(IE1),
    ].join('\n'), { format: 'application/n-quads' });
    const docker: RuntimeEndpoint = { kind: 'docker', address };
    registry = new RuntimeRegistry(store,
      { docker: (endpoint) => DockerRuntime.fromEndpoint(endpoint, { stopTimeoutSeconds: 1, reconnectDelayMs: 200 }) },
      { endpoints: { docker }, fallback: 'docker' });
    service = new OrchestrationService(store, new PlacementEngine(store, allowAll), registry);
    reconciler = new Reconciler(service, registry, { intervalMs: 3_600_000, eventDelayMs: 100, unhealthyObservations: 1, minDwellMs: 0 });
  });

  afterAll(async () => {
    await reconciler?.stop();
    await registry?.close();
    await engine?.stop();
  });

  test('deploy → killed from outside and back → migrated off an Overloaded IE → removed', async () => {
    const port = await freePort();
    const request = parseToscaService(tosca(port));
    const docker = engine.docker;

    // Deploy: both components placed on the only Ready IE and running there.
    const deployed = await service.deploy(request);
    expect(statuses(deployed)).toEqual([['web', 'Running', IE1], ['worker', 'Running', IE1]]);
    expect(deployed.components.every((c) => c.runtime?.kind === 'docker')).toBe(true);
    const first = await containers(docker);
    expect(first.map((c) => [c.name, c.ie, c.state])).toEqual([['shop-web', IE1, 'running'], ['shop-worker', IE1, 'running']]);
    const served = await eventually(() => fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => ''), (t) => t !== '', 'the web component to answer');
    expect(served).toBe(BUSYBOX_INDEX_HTML);

    // Killed from outside (docker kill: Docker itself does not restart it); the reconciler, woken by the
    // runtime's watch, starts it again and records Running → Failed → Starting → Running.
    reconciler.start();
    const worker = first.find((c) => c.name === 'shop-worker')!;
    await docker.getContainer(worker.id).kill();
    const back = await eventually(() => service.get(request.id), (v) => {
      const w = v.components.find((c) => c.name === 'worker')!;
      return w.status === 'Running' && w.history.some((h) => h.to === 'Failed');
    }, 'the worker to come back');
    const workerHistory = back.components.find((c) => c.name === 'worker')!.history;
    expect(workerHistory.slice(-3).map((h) => [h.from, h.to])).toEqual([['Running', 'Failed'], ['Failed', 'Starting'], ['Starting', 'Running']]);
    expect(workerHistory.at(-3)!.reason).toContain('exited with code 137');
    expect((await docker.getContainer(worker.id).inspect()).State.Running).toBe(true);
    await reconciler.stop();

    // A second IE joins; the first becomes Overloaded: both components migrate (start new, then stop old).
    await store.load(ieQuads(IE2), { format: 'application/n-quads' });
    await setIeStatus(store, IE1, 'Overload');
    const since = Math.floor(Date.now() / 1000) - 1;
    const report = await reconciler.reconcileOnce();
    expect([...report.migrated].sort()).toEqual(request.components.map((c) => c.id).sort());
    // Both IEs are this one host: the new web container cannot bind its host port until the old one is stopped, so
    // Docker restarts it once and the migration completes on a later pass (on two hosts it completes at once).
    const migrated = await eventually(async () => {
      await reconciler.reconcileOnce();
      return service.get(request.id);
    }, (v) => v.components.every((c) => c.status === 'Running'), 'the migration to complete');
    expect(statuses(migrated)).toEqual([['web', 'Running', IE2], ['worker', 'Running', IE2]]);
    for (const c of migrated.components) expect(c.history.map((h) => h.to)).toContain('Migrating');
    const second = await containers(docker);
    expect(second.map((c) => [c.name, c.ie, c.state])).toEqual([['shop-web', IE2, 'running'], ['shop-worker', IE2, 'running']]);
    const events = await engineEvents(docker, since);
    for (const name of ['shop-web', 'shop-worker']) {
      const oldId = first.find((c) => c.name === name)!.id;
      const newId = second.find((c) => c.name === name)!.id;
      const startNew = events.findIndex((e) => e.id === newId && e.action === 'start');
      // (the log may still hold the earlier kill from outside: the old container's last kill is its stop)
      const stopOld = events.map((e) => e.id === oldId && e.action === 'kill').lastIndexOf(true);
      const destroyOld = events.findIndex((e) => e.id === oldId && e.action === 'destroy');
      expect(startNew).toBeGreaterThanOrEqual(0);
      expect(stopOld).toBeGreaterThan(startNew);
      expect(destroyOld).toBeGreaterThan(stopOld);
    }
    expect(await eventually(() => fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => ''), (t) => t !== '', 'the migrated web component')).toBe(BUSYBOX_INDEX_HTML);

    // Remove: every component Finished, nothing of ours left on the engine.
    const removed = await service.remove(request.id);
    expect(removed!.components.map((c) => c.status)).toEqual(['Finished', 'Finished']);
    expect(await containers(docker)).toEqual([]);
  });
});

async function engineEvents(docker: Docker, since: number): Promise<Array<{ id: string; action: string }>> {
  const stream = await docker.getEvents({
    since, until: Math.floor(Date.now() / 1000) + 1,
    filters: { type: ['container'], label: [`${DOCKER_LABEL.managedBy}=${MANAGER}`] },
  });
  const text = await new Promise<string>((resolve, reject) => {
    let all = '';
    stream.on('data', (d: Buffer) => { all += d.toString(); });
    stream.on('end', () => resolve(all));
    stream.on('error', reject);
  });
  return text.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { id: string; Action: string })
    .map((e) => ({ id: e.id, action: e.Action }));
}
