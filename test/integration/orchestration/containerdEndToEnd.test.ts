/**
 * End to end on a real containerd (issue 5, Tests): the shared scenario (serviceEndToEndScenario.ts: deploy a
 * two-component TOSCA service, kill a task from outside with `ctr` → back, IE Overloaded → migrated
 * start-new-then-stop-old, removed) on IEs whose LowLevelOrchestrator is a private containerd
 * (support/engines/containerdEngine.ts, busybox image imported with `ctr images import`). Each IE has its own LLO and
 * its own containerd namespace (cf:runtimeNamespace: namespace per node), so a migration goes from one
 * ContainerdRuntime to another. Every check reads containerd itself (Containers.List, Tasks.List, its event stream),
 * never the adapter's bookkeeping.
 */
import type { ClientReadableStream } from '@grpc/grpc-js';
import { ContainerdRuntime } from '../../../adapters/containerd/ContainerdRuntime.js';
import { ContainerdClient } from '../../../adapters/containerd/containerdClient.js';
import { CONTAINERD_LABEL, OWNED_FILTER } from '../../../adapters/containerd/containerdLabels.js';
import type { Container, Envelope, Process } from '../../../adapters/containerd/containerdMessages.js';
import { containerIdOfEvent } from '../../../adapters/containerd/containerdWatch.js';
import { AEROS, CF } from '../../../fabric/rdf/namespaces.js';
import { RuntimeRegistry } from '../../../orchestration/runtime/RuntimeRegistry.js';
import { startContainerdEngine, type ContainerdEngine } from '../support/engines/containerdEngine.js';
import { describeWithContainerdEngine } from '../withEngine.js';
import { IE1, IE2, RDF_TYPE, runFailedComponentPlacedLater, runServiceEndToEnd, type EngineEvent, type EngineWorkload, type ScenarioEngine } from './serviceEndToEndScenario.js';

/** One containerd namespace per IE (node). */
const NAMESPACES: Record<string, string> = { [IE1]: 'e2e-edge-1', [IE2]: 'e2e-edge-2' };
const lloOf = (ie: string) => `urn:ngsi-ld:LowLevelOrchestrator:e2e:containerd:${NAMESPACES[ie]}`;

/** The scenario's view of containerd; `clients`: one raw gRPC client per namespace (the test's own reads). */
function containerdScenario(engine: ContainerdEngine, clients: readonly ContainerdClient[]): ScenarioEngine {
  return {
    lloFor: (ie) => {
      const llo = lloOf(ie);
      return {
        iri: llo,
        quads: [
          `<${llo}> <${RDF_TYPE}> <${AEROS}LowLevelOrchestrator> <${llo}> .`,
          `<${llo}> <${AEROS}orchestrationType> <${AEROS}ContainerdOrchestration> <${llo}> .`,
          `<${llo}> <https://schema.org/url> "unix://${engine.socketPath}" <${llo}> .`,
          `<${llo}> <${CF}runtimeNamespace> "${NAMESPACES[ie]}" <${llo}> .`,
        ].join('\n'),
      };
    },
    registry: (store) => new RuntimeRegistry(store,
      { containerd: (e) => ContainerdRuntime.fromEndpoint(e, { stopGraceMs: 500, reconnectDelayMs: 200 }) },
      // The node's default endpoint (the reconciler lists it too): the first IE's namespace, its socket written as a
      // node config does (a path) while the LLOs write unix://: still one runtime per namespace (endpointKey), else
      // each would garbage-collect the other's containers.
      { endpoints: { containerd: { kind: 'containerd', address: engine.socketPath, namespace: NAMESPACES[IE1] } }, fallback: 'containerd' }),
    workloads: async (): Promise<EngineWorkload[]> => {
      const out: EngineWorkload[] = [];
      for (const client of clients) {
        const { containers } = await client.call<{ containers: Container[] }>('containers', 'list', { filters: [OWNED_FILTER] });
        const { tasks } = await client.call<{ tasks: Process[] }>('tasks', 'list', {});
        for (const c of containers) {
          const task = tasks.find((t) => (t.containerId || t.id) === c.id);
          out.push({ id: `${client.namespace}/${c.id}`, name: c.labels[CONTAINERD_LABEL.name], ie: c.labels[CONTAINERD_LABEL.ie], running: task?.status === 'RUNNING' });
        }
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    killFromOutside: async (w) => {
      const [ns, id] = w.id.split('/');
      await engine.ctr('-n', ns, 'tasks', 'kill', '-s', 'SIGKILL', id);
    },
    recordEvents: async () => {
      // containerd's event stream over every namespace, in the order containerd publishes.
      const events: EngineEvent[] = [];
      const actions: Record<string, EngineEvent['action']> = { '/tasks/start': 'start', '/tasks/exit': 'stop', '/containers/delete': 'destroy' };
      const stream: ClientReadableStream<Envelope> = clients[0].stream<Envelope>('events', 'subscribe', {
        filters: Object.keys(actions).map((topic) => `topic==${JSON.stringify(topic)}`),
      });
      stream.on('data', (env: Envelope) => {
        const id = env.event ? containerIdOfEvent(env.event.value) : undefined;
        const action = actions[env.topic];
        if (id && action && Object.values(NAMESPACES).includes(env.namespace)) events.push({ id: `${env.namespace}/${id}`, action });
      });
      stream.on('error', () => undefined); // cancelled below
      await new Promise((resolve) => setTimeout(resolve, 200)); // the subscription is in place
      return async () => {
        await new Promise((resolve) => setTimeout(resolve, 200)); // the last events arrive
        stream.cancel();
        return events;
      };
    },
  };
}

describeWithContainerdEngine('a TOSCA service on a real containerd, end to end', () => {
  let engine: ContainerdEngine;
  let clients: ContainerdClient[] = [];

  beforeAll(async () => {
    engine = await startContainerdEngine();
    for (const ns of Object.values(NAMESPACES)) await engine.importBusybox(ns);
    clients = Object.values(NAMESPACES).map((ns) => new ContainerdClient(engine.socketPath, ns));
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await engine?.stop();
  });

  test('deploy → task killed from outside and back → migrated off an Overloaded IE → removed (nothing left in the namespaces)', async () => {
    await runServiceEndToEnd(containerdScenario(engine, clients), 'containerd');
    for (const ns of Object.values(NAMESPACES)) {
      expect((await engine.ctr('-n', ns, 'containers', 'ls', '-q')).trim()).toBe('');
      expect((await engine.ctr('-n', ns, 'tasks', 'ls', '-q')).trim()).toBe('');
      expect((await engine.ctr('-n', ns, 'snapshots', 'ls')).split('\n').filter((l) => l.startsWith('cf-'))).toEqual([]);
    }
  });

  test('a component that found no IE is re-placed once its IE is Ready again, and runs', async () => {
    await runFailedComponentPlacedLater(containerdScenario(engine, clients), 'containerd');
  });
});
