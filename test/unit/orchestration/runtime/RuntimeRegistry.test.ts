/** RuntimeRegistry: the IE's LLO (cf:managedBy → aeros:orchestrationType, schema:url, cf:runtimeNamespace) → a runtime. */
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { DryRunRuntime } from '../../../../adapters/dryrun/DryRunRuntime.js';
import { RuntimeRegistry, defaultRuntimeKind, endpointKey, runtimeKindOf } from '../../../../orchestration/runtime/RuntimeRegistry.js';
import type { ContainerRuntime, RuntimeEndpoint } from '../../../../orchestration/runtime/ContainerRuntime.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

async function store(): Promise<MemoryGraphStore> {
  const s = new MemoryGraphStore();
  await s.load(`
    @prefix aeros: <${AEROS}> . @prefix cf: <${CF}> . @prefix schema: <https://schema.org/> . @prefix xsd: <${XSD}> .
    <urn:llo:docker-remote> a aeros:LowLevelOrchestrator ; aeros:orchestrationType aeros:DockerOrchestration ; schema:url "tcp://10.0.0.5:2375"^^xsd:anyURI .
    <urn:llo:docker> a aeros:LowLevelOrchestrator ; aeros:orchestrationType aeros:DockerOrchestration .
    <urn:llo:k8s> a aeros:LowLevelOrchestrator ; aeros:orchestrationType aeros:KubernetesOrchestration ; cf:runtimeNamespace "team-a" .
    <urn:llo:containerd> a aeros:LowLevelOrchestrator ; aeros:orchestrationType <urn:ngsi-ld:OrchestrationType:containerd> ;
      schema:url "unix:///run/containerd/containerd.sock"^^xsd:anyURI ; cf:runtimeNamespace "edge" .
    <urn:ie:1> cf:managedBy <urn:llo:docker-remote> .
    <urn:ie:2> cf:managedBy <urn:llo:docker> .
    <urn:ie:3> cf:managedBy <urn:llo:k8s> .
    <urn:ie:4> cf:managedBy <urn:llo:containerd> .
    <urn:ie:5> a aeros:InfrastructureElement .`, { format: 'text/turtle', graph: 'urn:g' });
  return s;
}

/** A factory that makes a labelled dry-run runtime per endpoint and remembers the endpoints. */
function recordingFactory(made: RuntimeEndpoint[]) {
  return (endpoint: RuntimeEndpoint): ContainerRuntime => {
    made.push(endpoint);
    return Object.assign(new DryRunRuntime(), { label: `${endpoint.kind}|${endpoint.address ?? ''}|${endpoint.namespace ?? ''}` });
  };
}

describe('RuntimeRegistry', () => {
  it('uses the LLO endpoint, else the node default of that kind, else the fallback', async () => {
    const made: RuntimeEndpoint[] = [];
    const f = recordingFactory(made);
    const registry = new RuntimeRegistry(await store(), { docker: f, containerd: f, 'dry-run': f }, {
      endpoints: { docker: { kind: 'docker', address: '/var/run/docker.sock' } }, fallback: 'docker',
    });
    expect(registry.endpointFor('urn:ie:1')).toEqual({ kind: 'docker', address: 'tcp://10.0.0.5:2375' });
    expect(registry.endpointFor('urn:ie:2')).toEqual({ kind: 'docker', address: '/var/run/docker.sock' });
    // No kubernetes factory on this node: the fallback serves the Kubernetes LLO's IE.
    expect(registry.endpointFor('urn:ie:3')).toEqual({ kind: 'docker', address: '/var/run/docker.sock' });
    expect(registry.endpointFor('urn:ie:4')).toEqual({ kind: 'containerd', address: 'unix:///run/containerd/containerd.sock', namespace: 'edge' });
    expect(registry.endpointFor('urn:ie:5')).toEqual({ kind: 'docker', address: '/var/run/docker.sock' });
    expect(registry.runtimeFor('urn:ie:2')).toBe(registry.runtimeFor('urn:ie:5'));
    expect(registry.runtimeFor('urn:ie:1')).not.toBe(registry.runtimeFor('urn:ie:2'));
    expect(made).toHaveLength(2);
  });

  it('is dry-run only when nothing is configured', async () => {
    const registry = new RuntimeRegistry(await store(), { 'dry-run': () => new DryRunRuntime() }, { endpoints: {}, fallback: defaultRuntimeKind({}) });
    expect(registry.runtimeFor('urn:ie:3').kind).toBe('dry-run');
    expect(defaultRuntimeKind({ containerd: { kind: 'containerd', address: '/c.sock' } })).toBe('containerd');
    expect(defaultRuntimeKind({ kubernetes: { kind: 'kubernetes' }, docker: { kind: 'docker' } })).toBe('docker');
    expect(defaultRuntimeKind({ docker: { kind: 'docker' } }, 'dry-run')).toBe('dry-run');
  });

  it('takes the namespace of a Kubernetes LLO over the configured kubeconfig', async () => {
    const made: RuntimeEndpoint[] = [];
    const registry = new RuntimeRegistry(await store(), { kubernetes: recordingFactory(made) }, {
      endpoints: { kubernetes: { kind: 'kubernetes', address: '/root/.kube/config', namespace: 'continuum' } }, fallback: 'kubernetes',
    });
    expect(registry.endpointFor('urn:ie:3')).toEqual({ kind: 'kubernetes', address: '/root/.kube/config', namespace: 'team-a' });
  });

  it('opens one runtime per socket and namespace however the socket is written (unix:///x, unix:/x, /x)', async () => {
    const made: RuntimeEndpoint[] = [];
    const registry = new RuntimeRegistry(await store(), { containerd: recordingFactory(made) }, {
      endpoints: { containerd: { kind: 'containerd', address: '/run/containerd/containerd.sock', namespace: 'edge' } }, fallback: 'containerd',
    });
    expect(registry.runtimeFor('urn:ie:4')).toBe(registry.known()[0]);
    expect(made).toHaveLength(1);
    expect(endpointKey({ kind: 'docker', address: 'unix:/var/run/docker.sock' })).toBe(endpointKey({ kind: 'docker', address: '/var/run/docker.sock' }));
    expect(endpointKey({ kind: 'containerd', address: '/c.sock', namespace: 'a' })).not.toBe(endpointKey({ kind: 'containerd', address: '/c.sock', namespace: 'b' }));
  });

  it('refuses a fallback it has no factory for', async () => {
    expect(() => new RuntimeRegistry(new MemoryGraphStore(), {}, { endpoints: {}, fallback: 'docker' })).toThrow(/No runtime factory/);
  });

  it.each([
    [`${AEROS}DockerOrchestration`, 'docker'], [`${AEROS}ContainerdOrchestration`, 'containerd'],
    ['urn:ngsi-ld:OrchestrationType:Kubernetes', 'kubernetes'], [`${AEROS}OpenstackOrchestration`, undefined],
  ])('orchestration type %s → %s', (type, kind) => {
    expect(runtimeKindOf(type)).toBe(kind);
  });
});
