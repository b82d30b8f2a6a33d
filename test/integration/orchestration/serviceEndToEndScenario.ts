/**
 * The end-to-end scenario of issue 5 (Tests), shared by the real-engine tests (dockerEndToEnd.test.ts,
 * containerdEndToEnd.test.ts): a TOSCA service of two components is parsed (parseToscaService), placed from the graph
 * (PlacementEngine), deployed through the OrchestrationService onto IEs whose LowLevelOrchestrator is the engine under
 * test (RuntimeRegistry → its adapter), killed from outside and brought back by the Reconciler, migrated when its IE
 * becomes Overloaded (start new, then stop old, read from the engine's own event log), and removed (nothing of ours
 * left on the engine). The only test double is the PolicyGate (no policies: every placement allowed).
 *
 * Kept beside the tests rather than in test/integration/support/, which `npm run build` compiles without jest's types.
 */
import { freePort } from '../support/freePort.js';
import { AEROS, CF } from '../../../fabric/rdf/namespaces.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import type { GraphStore } from '../../../fabric/store/GraphStore.js';
import { OrchestrationService } from '../../../orchestration/OrchestrationService.js';
import { PlacementEngine } from '../../../orchestration/placement/PlacementEngine.js';
import type { PolicyGate } from '../../../orchestration/placement/PolicyGate.js';
import { Reconciler } from '../../../orchestration/reconcile/Reconciler.js';
import { parseToscaService } from '../../../orchestration/request/toscaRequest.js';
import type { RuntimeRegistry } from '../../../orchestration/runtime/RuntimeRegistry.js';
import type { ServiceView } from '../../../orchestration/ServiceView.js';
import { BUSYBOX_IMAGE, BUSYBOX_INDEX_HTML } from '../support/engines/busyboxImage.js';
import { eventually } from '../support/eventually.js';

export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
export const IE1 = 'urn:ngsi-ld:InfrastructureElement:e2e:edge-1';
export const IE2 = 'urn:ngsi-ld:InfrastructureElement:e2e:edge-2';

/** A workload of ours as the engine itself reports it (never through the adapter). */
export interface EngineWorkload {
  /** Unique on the engine (containerd: namespace/container id). */
  readonly id: string;
  /** WorkloadSpec.name: `<service>-<component>`. */
  readonly name: string;
  readonly ie: string;
  readonly running: boolean;
}

/** An engine event, normalised: a task / container started, stopped (killed, exited) or destroyed. */
export interface EngineEvent {
  readonly id: string;
  readonly action: 'start' | 'stop' | 'destroy';
}

/** What the scenario needs from an engine under test. */
export interface ScenarioEngine {
  /** The aeros:LowLevelOrchestrator serving `ie`: its IRI and its N-Quads (loaded with the IE). */
  lloFor(ie: string): { iri: string; quads: string };
  /** The RuntimeRegistry whose factories open this engine's adapter. */
  registry(store: GraphStore): RuntimeRegistry;
  /** Our workloads on the engine, by name. */
  workloads(): Promise<EngineWorkload[]>;
  /** Kills the workload's process from outside the fabric (docker kill / ctr tasks kill -s SIGKILL). */
  killFromOutside(workload: EngineWorkload): Promise<void>;
  /** Starts recording the engine's events; the returned function stops and returns them in the engine's order. */
  recordEvents(): Promise<() => Promise<EngineEvent[]>>;
}

const allowAll: PolicyGate = { check: async () => ({ allowed: true, violations: [] }) };

function ieQuads(ie: string, llo: string): string {
  const t = (p: string, o: string) => `<${ie}> <${p}> ${o} <${ie}> .`;
  return [
    t(RDF_TYPE, `<${AEROS}InfrastructureElement>`),
    t(`${AEROS}infrastructureElementStatus`, `<${AEROS}ReadyInfrastructureElement>`),
    t(`${AEROS}cpuCores`, '"4"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    t(`${AEROS}currentCpuUsage`, '"10"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    t(`${AEROS}availableRam`, '"4096"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    t(`${CF}managedBy`, `<${llo}>`),
  ].join('\n');
}

async function addIe(store: MemoryGraphStore, engine: ScenarioEngine, ie: string): Promise<void> {
  const llo = engine.lloFor(ie);
  await store.load(`${llo.quads}\n${ieQuads(ie, llo.iri)}`, { format: 'application/n-quads' });
}

async function setIeStatus(store: MemoryGraphStore, ie: string, status: 'Ready' | 'Overload'): Promise<void> {
  const p = `${AEROS}infrastructureElementStatus`;
  await store.update(`DELETE WHERE { GRAPH <${ie}> { <${ie}> <${p}> ?s } };
    INSERT DATA { GRAPH <${ie}> { <${ie}> <${p}> <${AEROS}${status}InfrastructureElement> } }`);
}

export function tosca(port: number): string {
  return `tosca_definitions_version: tosca_simple_yaml_1_3
metadata:
  name: shop
description: A web front end and a worker on a local container engine.
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

const statuses = (view: ServiceView) => view.components.map((c) => [c.name, c.status, c.ie]);
const summary = (ws: EngineWorkload[]) => ws.map((w) => [w.name, w.ie, w.running]);

/** The whole scenario; `kind` is the runtime kind every component must report. */
export async function runServiceEndToEnd(engine: ScenarioEngine, kind: 'docker' | 'containerd'): Promise<void> {
  const store = new MemoryGraphStore();
  await addIe(store, engine, IE1);
  const registry = engine.registry(store);
  const service = new OrchestrationService(store, new PlacementEngine(store, allowAll), registry);
  const reconciler = new Reconciler(service, registry, { intervalMs: 3_600_000, eventDelayMs: 100, unhealthyObservations: 1, minDwellMs: 0 });
  try {
    const port = await freePort();
    const request = parseToscaService(tosca(port));
    const web = () => fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => '');

    // Deploy: both components placed on the only Ready IE and running there.
    const deployed = await service.deploy(request);
    expect(statuses(deployed)).toEqual([['web', 'Running', IE1], ['worker', 'Running', IE1]]);
    expect(deployed.components.every((c) => c.runtime?.kind === kind)).toBe(true);
    const first = await engine.workloads();
    expect(summary(first)).toEqual([['shop-web', IE1, true], ['shop-worker', IE1, true]]);
    expect(await eventually(web, (t) => t !== '', 'the web component to answer')).toBe(BUSYBOX_INDEX_HTML);

    // Killed from outside (the engine itself does not restart it); the reconciler, woken by the runtime's watch,
    // starts it again and records Running → Failed → Starting → Running.
    reconciler.start();
    const worker = first.find((w) => w.name === 'shop-worker')!;
    await engine.killFromOutside(worker);
    const back = await eventually(() => service.get(request.id), (v) => {
      const w = v.components.find((c) => c.name === 'worker')!;
      return w.status === 'Running' && w.history.some((h) => h.to === 'Failed');
    }, 'the worker to come back');
    const workerHistory = back.components.find((c) => c.name === 'worker')!.history;
    expect(workerHistory.slice(-3).map((h) => [h.from, h.to])).toEqual([['Running', 'Failed'], ['Failed', 'Starting'], ['Starting', 'Running']]);
    expect(workerHistory.at(-3)!.reason).toContain('exited with code 137');
    expect((await engine.workloads()).find((w) => w.id === worker.id)?.running).toBe(true);
    await reconciler.stop();

    // A second IE joins; the first becomes Overloaded: both components migrate (start new, then stop old).
    await addIe(store, engine, IE2);
    const stopRecording = await engine.recordEvents();
    await setIeStatus(store, IE1, 'Overload');
    const report = await reconciler.reconcileOnce();
    expect([...report.migrated].sort()).toEqual(request.components.map((c) => c.id).sort());
    // Both IEs are this one host: the new web workload cannot bind its port until the old one is stopped, so it
    // fails once and is restarted on a later pass (on two hosts it runs at once).
    let second: EngineWorkload[] = [];
    const migrated = await eventually(async () => {
      await reconciler.reconcileOnce();
      second = await engine.workloads();
      return service.get(request.id);
    }, (v) => v.components.every((c) => c.status === 'Running' && c.ie === IE2) && second.every((w) => w.running && w.ie === IE2),
    'the migration to complete');
    expect(statuses(migrated)).toEqual([['web', 'Running', IE2], ['worker', 'Running', IE2]]);
    for (const c of migrated.components) expect(c.history.map((h) => h.to)).toContain('Migrating');
    expect(summary(second)).toEqual([['shop-web', IE2, true], ['shop-worker', IE2, true]]);
    const events = await stopRecording();
    for (const name of ['shop-web', 'shop-worker']) {
      const oldId = first.find((w) => w.name === name)!.id;
      const newId = second.find((w) => w.name === name)!.id;
      expect(newId).not.toBe(oldId);
      const startNew = events.findIndex((e) => e.id === newId && e.action === 'start');
      const stopOld = events.map((e) => e.id === oldId && e.action === 'stop').lastIndexOf(true);
      const destroyOld = events.findIndex((e) => e.id === oldId && e.action === 'destroy');
      expect(startNew).toBeGreaterThanOrEqual(0);
      expect(stopOld).toBeGreaterThan(startNew);
      expect(destroyOld).toBeGreaterThan(stopOld);
    }
    expect(await eventually(web, (t) => t !== '', 'the migrated web component')).toBe(BUSYBOX_INDEX_HTML);

    // Remove: every component Finished, nothing of ours left on the engine.
    const removed = await service.remove(request.id);
    expect(removed!.components.map((c) => c.status)).toEqual(['Finished', 'Finished']);
    expect(await engine.workloads()).toEqual([]);
  } finally {
    await reconciler.stop();
    await registry.close();
  }
}

/**
 * A component that found no IE is re-placed by the Reconciler once its IE is Ready again, and runs on the engine
 * (FailedReplacement.ts): attempt 1 fails (reasons in the history), the next pass backs off, the IE turning Ready
 * triggers attempt 2 at once.
 */
export async function runFailedComponentPlacedLater(engine: ScenarioEngine, kind: 'docker' | 'containerd'): Promise<void> {
  const store = new MemoryGraphStore();
  await addIe(store, engine, IE1);
  await setIeStatus(store, IE1, 'Overload');
  const registry = engine.registry(store);
  const service = new OrchestrationService(store, new PlacementEngine(store, allowAll), registry);
  const reconciler = new Reconciler(service, registry, { intervalMs: 3_600_000 });
  try {
    const request = parseToscaService(`tosca_definitions_version: tosca_simple_yaml_1_3
metadata: { name: later }
topology_template:
  node_templates:
    worker:
      type: tosca.nodes.Container.Application
      artifacts: { img: { file: "${BUSYBOX_IMAGE}", type: tosca.artifacts.Deployment.Image.Container.Docker } }
      interfaces: { Standard: { create: { implementation: img, inputs: { cliArgs: [sleep, "3600"] } } } }
`);
    const [id] = request.components.map((c) => c.id);
    const deployed = await service.deploy(request);
    expect(statuses(deployed)).toEqual([['worker', 'Failed', undefined]]);
    expect(deployed.components[0].reason).toMatch(/^no candidate IE: .*status: Overload/);
    expect((await reconciler.reconcileOnce()).failed).toEqual([id]);
    expect((await reconciler.reconcileOnce()).held.map((h) => h.component)).toEqual([id]);
    expect(await engine.workloads()).toEqual([]);

    await setIeStatus(store, IE1, 'Ready');
    expect((await reconciler.reconcileOnce()).replaced).toEqual([id]);
    const placed = await service.get(request.id);
    expect(statuses(placed)).toEqual([['worker', 'Running', IE1]]);
    expect(placed.components[0].runtime?.kind).toBe(kind);
    expect(placed.components[0].history.filter((h) => h.reason?.startsWith('re-placement attempt')).map((h) => h.reason!.slice(0, 22)))
      .toEqual(['re-placement attempt 1', 're-placement attempt 2']);
    expect(summary(await engine.workloads())).toEqual([['later-worker', IE1, true]]);

    await service.remove(request.id);
    expect(await engine.workloads()).toEqual([]);
  } finally {
    await reconciler.stop();
    await registry.close();
  }
}
