/**
 * IE → Kubernetes node (issue 5): through the node's composition (fabric/node/orchestrationWiring.ts: PlacementEngine,
 * OrchestrationService, RuntimeRegistry, KubernetesRuntime with nodeNameFor = the IE's hostname), a component placed
 * on an IE of a Kubernetes LLO gets a Deployment pinned to that IE's node (nodeSelector kubernetes.io/hostname), and
 * a migration re-pins it. The API server is a FAKE in-process one (test/integration/support/fakeKubernetesApiServer.ts)
 * that validates every object against the Kubernetes OpenAPI schema; the test plays the controllers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../fabric/config/NodeConfig.js';
import { wireOrchestration, type OrchestrationParts } from '../../../fabric/node/orchestrationWiring.js';
import { AEROS, CF } from '../../../fabric/rdf/namespaces.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import type { PolicyGate } from '../../../orchestration/placement/PolicyGate.js';
import { parseToscaService } from '../../../orchestration/request/toscaRequest.js';
import { FakeKubernetesApiServer } from '../support/fakeKubernetesApiServer.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const LLO = 'urn:ngsi-ld:LowLevelOrchestrator:k8s:cluster-1';
const IE = (n: number) => `urn:ngsi-ld:InfrastructureElement:k8s:${n}`;
const allowAll: PolicyGate = { check: async () => ({ allowed: true, violations: [] }) };

function ieQuads(ie: string, hostname?: string): string {
  const t = (p: string, o: string) => `<${ie}> <${p}> ${o} <${ie}> .`;
  return [
    t(RDF_TYPE, `<${AEROS}InfrastructureElement>`),
    t(`${AEROS}infrastructureElementStatus`, `<${AEROS}ReadyInfrastructureElement>`),
    t(`${AEROS}cpuCores`, '"4"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    t(`${AEROS}currentCpuUsage`, '"10"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    t(`${AEROS}availableRam`, '"4096"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    t(`${CF}managedBy`, `<${LLO}>`),
    ...(hostname ? [t(`${CF}hostname`, `"${hostname}"`)] : []),
  ].join('\n');
}

const TOSCA = `tosca_definitions_version: tosca_simple_yaml_1_3
metadata:
  name: shop
topology_template:
  node_templates:
    web:
      type: tosca.nodes.Container.Application
      artifacts:
        img: { file: "registry.local/nginx:1.25", type: tosca.artifacts.Deployment.Image.Container.Docker }
      interfaces:
        Standard:
          create:
            implementation: img
`;

describe('IE → Kubernetes node through the node composition (fake API server, objects validated against the Kubernetes OpenAPI schema)', () => {
  let fake: FakeKubernetesApiServer;
  let dir: string;
  let store: MemoryGraphStore;
  let parts: OrchestrationParts;

  beforeEach(async () => {
    fake = await FakeKubernetesApiServer.start({ token: 'secret' });
    dir = mkdtempSync(join(tmpdir(), 'cf-kube-'));
    const kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
clusters: [{ name: fake, cluster: { server: "${fake.url}" } }]
users: [{ name: fabric, user: { token: secret } }]
contexts: [{ name: fake, context: { cluster: fake, user: fabric } }]
current-context: fake
`);
    store = new MemoryGraphStore();
    await store.load([
      `<${LLO}> <${RDF_TYPE}> <${AEROS}LowLevelOrchestrator> <${LLO}> .`,
      `<${LLO}> <${AEROS}orchestrationType> <${AEROS}KubernetesOrchestration> <${LLO}> .`,
    ].join('\n'), { format: 'application/n-quads' });
    parts = wireOrchestration(store, allowAll, { ...DEFAULT_CONFIG, kubeconfig, migrateAfterObservations: 1, migrateMinDwellMs: 0 }, (e) => { throw e; });
  });

  afterEach(async () => {
    await parts.reconciler.stop();
    await parts.registry.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pins the Deployment to the node of the IE it was placed on, and re-pins it when the component migrates', async () => {
    await store.load(ieQuads(IE(1), 'worker-1'), { format: 'application/n-quads' });
    const request = parseToscaService(TOSCA);
    const deployed = await parts.http.service.deploy(request);
    expect(deployed.components.map((c) => [c.name, c.ie, c.runtime?.kind])).toEqual([['web', IE(1), 'kubernetes']]);
    const first = fake.get('Deployment', 'shop-web')!;
    expect(first.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'worker-1' });
    expect(first.metadata.annotations['continuum-fabric/infrastructure-element']).toBe(IE(1));
    const rollOut = () => {
      const d = fake.get('Deployment', 'shop-web')!;
      fake.setStatus('Deployment', 'shop-web', { observedGeneration: d.metadata.generation, replicas: 1, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1 });
      fake.putPodFor('Deployment', 'shop-web', { phase: 'Running', restartCount: 0 });
    };
    rollOut(); // the controllers play their part: Starting → Running
    expect((await parts.reconciler.reconcileOnce()).promoted).toEqual([request.components[0].id]);

    // A second node joins, the first is Overloaded: the reconciler migrates the component; same cluster, so the
    // Deployment is re-applied in place with the new node.
    await store.load(ieQuads(IE(2), 'worker-2'), { format: 'application/n-quads' });
    await store.update(`DELETE WHERE { GRAPH <${IE(1)}> { <${IE(1)}> <${AEROS}infrastructureElementStatus> ?s } };
      INSERT DATA { GRAPH <${IE(1)}> { <${IE(1)}> <${AEROS}infrastructureElementStatus> <${AEROS}OverloadInfrastructureElement> } }`);
    expect((await parts.reconciler.reconcileOnce()).migrated).toEqual([request.components[0].id]);
    const moved = fake.get('Deployment', 'shop-web')!;
    expect(moved.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'worker-2' });
    expect(moved.metadata.annotations['continuum-fabric/infrastructure-element']).toBe(IE(2));

    // The controllers roll the pod out on worker-2: the migration completes.
    rollOut();
    await parts.reconciler.reconcileOnce();
    const view = await parts.http.service.get(request.id);
    expect(view.components.map((c) => [c.status, c.ie])).toEqual([['Running', IE(2)]]);
  });

  it('leaves the node to the scheduler when the IE has no hostname (the IE is the whole cluster)', async () => {
    await store.load(ieQuads(IE(3)), { format: 'application/n-quads' });
    await parts.http.service.deploy(parseToscaService(TOSCA));
    const d = fake.get('Deployment', 'shop-web')!;
    expect(d.spec.template.spec.nodeSelector).toBeUndefined();
    expect(d.spec.template.spec.nodeName).toBeUndefined();
  });
});
