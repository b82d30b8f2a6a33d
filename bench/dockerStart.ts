/**
 * `docker-start`: request-to-Running time of one busybox component on a local Docker engine (issue 5, goal ≤ 2 s).
 * The engine is a private dockerd started for the run (test/integration/support/engines/dockerEngine.ts: needs root,
 * /usr/sbin/dockerd and busybox-static; no bridge, so the container has network none) with the local test image.
 *   - "orchestration deploy": OrchestrationService.deploy of a one-component service parsed from TOSCA, placed by
 *     the PlacementEngine on one IE whose LowLevelOrchestrator is this engine, applied by DockerRuntime; until
 *     deploy() returns with the component Running.
 *   - "DockerRuntime.apply": the adapter alone (image check, create, start, inspect) until it reports Running.
 *   - baseline, same run: raw dockerode createContainer + start, no checks, no labels, no inspect.
 * Each run removes what the previous one created (not timed). Median and min-max in ms over --runs runs after one
 * warm-up of each.
 */
import { AEROS, CF } from '../fabric/rdf/namespaces.js';
import { MemoryGraphStore } from '../fabric/store/MemoryGraphStore.js';
import { DockerRuntime } from '../adapters/docker/DockerRuntime.js';
import { OrchestrationService } from '../orchestration/OrchestrationService.js';
import { PlacementEngine } from '../orchestration/placement/PlacementEngine.js';
import type { PolicyGate } from '../orchestration/placement/PolicyGate.js';
import { parseToscaService } from '../orchestration/request/toscaRequest.js';
import type { WorkloadSpec } from '../orchestration/runtime/ContainerRuntime.js';
import { RuntimeRegistry } from '../orchestration/runtime/RuntimeRegistry.js';
import { BUSYBOX_IMAGE, importBusyboxImage } from '../test/integration/support/engines/busyboxImage.js';
import { dockerEngineAbsence, startDockerEngine } from '../test/integration/support/engines/dockerEngine.js';
import { summarise, table } from './harness.js';

export const help = `docker-start [--runs 7]
  Request-to-Running of one busybox component on a private local dockerd (needs root, /usr/sbin/dockerd,
  busybox-static): OrchestrationService.deploy (TOSCA → placement → DockerRuntime) and DockerRuntime.apply alone,
  against raw dockerode create + start as the same-run baseline. Median and min-max in ms after one warm-up.`;

const LLO = 'urn:ngsi-ld:LowLevelOrchestrator:bench:docker';
const IE = 'urn:ngsi-ld:InfrastructureElement:bench:local';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const allowAll: PolicyGate = { check: async () => ({ allowed: true, violations: [] }) };

const TOSCA = `tosca_definitions_version: tosca_simple_yaml_1_3
metadata: { name: bench }
node_templates:
  sleeper:
    type: tosca.nodes.Container.Application
    artifacts:
      img: { file: "${BUSYBOX_IMAGE}", type: tosca.artifacts.Deployment.Image.Container.Docker }
    interfaces:
      Standard:
        create:
          implementation: img
          inputs:
            cliArgs: [sleep, "3600"]
`;

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function run(flags: Map<string, string>): Promise<string> {
  const absent = dockerEngineAbsence();
  if (absent) throw new Error(`docker-start needs a local Docker engine: ${absent}`);
  const runs = Number(flags.get('runs') ?? 7);
  const engine = await startDockerEngine();
  try {
    const docker = engine.docker;
    await importBusyboxImage(docker);
    const address = `unix://${engine.socketPath}`;
    const store = new MemoryGraphStore();
    const t = (s: string, p: string, o: string) => `<${s}> <${p}> ${o} <${s}> .`;
    await store.load([
      t(LLO, RDF_TYPE, `<${AEROS}LowLevelOrchestrator>`), t(LLO, `${AEROS}orchestrationType`, `<${AEROS}DockerOrchestration>`),
      t(LLO, 'https://schema.org/url', `"${address}"`),
      t(IE, RDF_TYPE, `<${AEROS}InfrastructureElement>`), t(IE, `${AEROS}infrastructureElementStatus`, `<${AEROS}ReadyInfrastructureElement>`),
      t(IE, `${AEROS}cpuCores`, '"4"^^<http://www.w3.org/2001/XMLSchema#integer>'), t(IE, `${CF}managedBy`, `<${LLO}>`),
    ].join('\n'), { format: 'application/n-quads' });
    const runtime = new DockerRuntime({ address, stopTimeoutSeconds: 0 });
    const registry = new RuntimeRegistry(store, { docker: () => runtime }, { endpoints: { docker: { kind: 'docker', address } }, fallback: 'docker' });
    const service = new OrchestrationService(store, new PlacementEngine(store, allowAll), registry);

    const deploy = async (i: number): Promise<number> => {
      const request = parseToscaService(TOSCA);
      const ms = await timed(async () => {
        const view = await service.deploy(request);
        if (view.components[0]?.status !== 'Running') throw new Error(`run ${i}: deploy ended ${JSON.stringify(view.components[0])}`);
      });
      await service.remove(request.id, { purge: true });
      return ms;
    };
    const spec = (i: number): WorkloadSpec => ({
      componentId: `urn:ngsi-ld:ServiceComponent:bench:apply${i}`, serviceId: 'urn:ngsi-ld:Service:bench', ieId: IE, name: `bench-apply-${i}`,
      image: BUSYBOX_IMAGE, args: ['sleep', '3600'], env: {}, ports: [], isJob: false, restartPolicy: 'always', specHash: `h${i}`,
    });
    const apply = async (i: number): Promise<number> => {
      const s = spec(i);
      const ms = await timed(async () => {
        const status = await runtime.apply(s);
        if (status.phase !== 'Running') throw new Error(`run ${i}: apply reported ${JSON.stringify(status)}`);
      });
      await runtime.remove(s.componentId);
      return ms;
    };
    const raw = async (i: number): Promise<number> => {
      let id = '';
      const ms = await timed(async () => {
        const c = await docker.createContainer({ name: `bench-raw-${i}`, Image: BUSYBOX_IMAGE, Cmd: ['sleep', '3600'], HostConfig: { NetworkMode: 'none' } });
        id = c.id;
        await c.start();
      });
      await docker.getContainer(id).remove({ force: true });
      return ms;
    };

    const rows: Array<[string, number[]]> = [];
    for (const [label, fn] of [['orchestration deploy (TOSCA → placement → DockerRuntime)', deploy], ['DockerRuntime.apply', apply], ['baseline: dockerode create + start', raw]] as const) {
      await fn(1000); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push(await fn(i));
      rows.push([label, samples]);
    }
    await runtime.close();
    return table(['path (busybox sleep, network none)', 'runs', 'median ms', 'min ms', 'max ms'],
      rows.map(([label, samples]) => {
        const s = summarise(samples);
        return [label, String(s.runs), s.median, s.min, s.max];
      })) + '\n\ngoal (issue 5): request-to-Running ≤ 2000 ms\n';
  } finally {
    await engine.stop();
  }
}
