/**
 * End to end on a real Docker engine (issue 5, Tests): the shared scenario (serviceEndToEndScenario.ts: deploy a
 * two-component TOSCA service, kill from outside → back, IE Overloaded → migrated start-new-then-stop-old, removed)
 * on IEs whose LowLevelOrchestrator is a private dockerd (support/engines/dockerEngine.ts, no bridge: the exposed web
 * component runs on the host network). Both IEs are served by that one engine; every check reads Docker itself.
 */
import type Docker from 'dockerode';
import { DockerRuntime } from '../../../adapters/docker/DockerRuntime.js';
import { DOCKER_LABEL, MANAGER } from '../../../adapters/docker/dockerLabels.js';
import { AEROS } from '../../../fabric/rdf/namespaces.js';
import type { RuntimeEndpoint } from '../../../orchestration/runtime/ContainerRuntime.js';
import { RuntimeRegistry } from '../../../orchestration/runtime/RuntimeRegistry.js';
import { importBusyboxImage } from '../support/engines/busyboxImage.js';
import { startDockerEngine, type DockerEngine } from '../support/engines/dockerEngine.js';
import { describeWithDockerEngine } from '../withEngine.js';
import { RDF_TYPE, runFailedComponentPlacedLater, runServiceEndToEnd, type EngineEvent, type EngineWorkload, type ScenarioEngine } from './serviceEndToEndScenario.js';

const LLO = 'urn:ngsi-ld:LowLevelOrchestrator:e2e:docker';

/** The scenario's view of a Docker engine: one LLO (this engine) for every IE. */
function dockerScenario(engine: DockerEngine): ScenarioEngine {
  const docker = engine.docker;
  const address = `unix://${engine.socketPath}`;
  return {
    lloFor: () => ({
      iri: LLO,
      quads: [
        `<${LLO}> <${RDF_TYPE}> <${AEROS}LowLevelOrchestrator> <${LLO}> .`,
        `<${LLO}> <${AEROS}orchestrationType> <${AEROS}DockerOrchestration> <${LLO}> .`,
        `<${LLO}> <https://schema.org/url> "${address}" <${LLO}> .`,
      ].join('\n'),
    }),
    registry: (store) => {
      const endpoint: RuntimeEndpoint = { kind: 'docker', address };
      return new RuntimeRegistry(store,
        { docker: (e) => DockerRuntime.fromEndpoint(e, { stopTimeoutSeconds: 1, reconnectDelayMs: 200 }) },
        { endpoints: { docker: endpoint }, fallback: 'docker' });
    },
    workloads: async (): Promise<EngineWorkload[]> => {
      const all = await docker.listContainers({ all: true, filters: { label: [`${DOCKER_LABEL.managedBy}=${MANAGER}`] } });
      return all.map((c) => ({ id: c.Id, name: c.Labels[DOCKER_LABEL.name], ie: c.Labels[DOCKER_LABEL.ie], running: c.State === 'running' }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    killFromOutside: async (w) => { await docker.getContainer(w.id).kill(); },
    recordEvents: async () => {
      const since = Math.floor(Date.now() / 1000) - 1;
      return () => engineEvents(docker, since);
    },
  };
}

/** Docker's event log of our containers since `since` (s): start, kill (its stop), destroy. */
async function engineEvents(docker: Docker, since: number): Promise<EngineEvent[]> {
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
  const actions: Record<string, EngineEvent['action']> = { start: 'start', kill: 'stop', destroy: 'destroy' };
  return text.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { id: string; Action: string })
    .filter((e) => actions[e.Action] !== undefined).map((e) => ({ id: e.id, action: actions[e.Action] }));
}

describeWithDockerEngine('a TOSCA service on a real Docker engine, end to end', () => {
  let engine: DockerEngine;

  beforeAll(async () => {
    engine = await startDockerEngine();
    await importBusyboxImage(engine.docker);
  });

  afterAll(async () => {
    await engine?.stop();
  });

  test('deploy → killed from outside and back → migrated off an Overloaded IE → removed', async () => {
    await runServiceEndToEnd(dockerScenario(engine), 'docker');
  });

  test('a component that found no IE is re-placed once its IE is Ready again, and runs', async () => {
    await runFailedComponentPlacedLater(dockerScenario(engine), 'docker');
  });
});
