/**
 * The optional aerOS LLO path of KubernetesRuntime (aerosLlo: 'prefer'): against a FAKE API server that serves a
 * ServiceComponentK8s CRD transcribed from the aeriOS LLO API (test/fixtures/aeros-llo-cr/SOURCE.md) and validates
 * every custom resource against its openAPIV3Schema (built-in objects against the Kubernetes OpenAPI schema).
 * No aerOS operator runs here: the tests play it by setting a Ready condition.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { WorkloadSpec } from '../../../orchestration/runtime/ContainerRuntime.js';
import { KubernetesRuntime } from '../../../adapters/kubernetes/KubernetesRuntime.js';
import { FakeKubernetesApiServer } from '../support/fakeKubernetesApiServer.js';
import { resourceTypesFromCrd } from '../support/fakeCustomResourceDefinition.js';

const FIXTURES = 'test/fixtures/aeros-llo-cr';
const CR_PATH = '/apis/llo.aeros-project.eu/v1alpha1/namespaces/continuum/servicecomponentk8s';
const lloTypes = () => resourceTypesFromCrd(`${FIXTURES}/servicecomponentk8s-crd.yaml`);

const spec: WorkloadSpec = {
  componentId: 'urn:ngsi-ld:ServiceComponent:Service_1:orion', serviceId: 'urn:ngsi-ld:Service:Service_1',
  ieId: 'urn:ngsi-ld:InfrastructureElement:CloudFerro:4073c6a5a93b', name: 'service-1-orion-ld', image: 'fiware/orion-ld:1.7.0',
  args: ['-dbhost', 'service-1-mongo', '-forwarding'], env: { ORIONLD_MONGO_HOST: 'mongo' },
  ports: [{ containerPort: 1026, protocol: 'tcp', expose: true }], cpuLimit: 1, memoryLimitBytes: 512 * 1024 * 1024,
  isJob: false, restartPolicy: 'always', specHash: 'orion-1',
};

describe('KubernetesRuntime with the aerOS LLO custom resource, against a fake API server (CRs validated against the CRD schema, built-ins against the Kubernetes OpenAPI schema)', () => {
  let fake: FakeKubernetesApiServer;
  const runtimeFor = (aerosLlo: 'prefer' | 'off') => new KubernetesRuntime({
    endpoint: { address: fake.url }, token: 't', aerosLlo,
    nodeNameFor: (ie) => (ie === spec.ieId ? 'continuum-cluster-worker-2' : undefined),
  });

  afterEach(async () => { await fake.close(); });

  it('the aerOS example ServiceComponentK8s resources are valid against the CRD, and an unknown field is rejected (fake API server)', async () => {
    fake = await FakeKubernetesApiServer.start({ token: 't', namespaces: ['continuum'], customResources: lloTypes() });
    const examples = ['nginx.yaml', 'orion-ld.yaml', 'nginx-networking.yaml']
      .flatMap((f) => parseAllDocuments(readFileSync(`${FIXTURES}/${f}`, 'utf8')).map((d) => d.toJSON()));
    expect(examples).toHaveLength(4);
    for (const cr of examples) {
      const res = await fetch(`${fake.url}${CR_PATH}/${cr.metadata.name}?fieldManager=test`, {
        method: 'PATCH', headers: { authorization: 'Bearer t', 'content-type': 'application/apply-patch+yaml' }, body: JSON.stringify(cr),
      });
      expect(`${cr.metadata.name}: ${res.ok}`).toBe(`${cr.metadata.name}: true`); // nginx-networking re-applies nginx's name
    }
    const bad = { ...examples[0], metadata: { name: 'bad' }, spec: { ...examples[0].spec, ports: [{ number: '80' }], replicas: 2 } };
    const res = await fetch(`${fake.url}${CR_PATH}/bad?fieldManager=test`, {
      method: 'PATCH', headers: { authorization: 'Bearer t', 'content-type': 'application/apply-patch+yaml' }, body: JSON.stringify(bad),
    });
    expect(res.status).toBe(422);
    const message = (await res.json()).message as string;
    expect(message).toContain('spec.ports[0].number: Invalid value: must be integer');
    expect(message).toContain('spec.replicas: Invalid value: unknown field');
  });

  it('applies a ServiceComponentK8s instead of a Deployment and Service when the cluster serves the CRD (fake API server)', async () => {
    fake = await FakeKubernetesApiServer.start({ token: 't', customResources: lloTypes() });
    const runtime = runtimeFor('prefer');
    const status = await runtime.apply(spec);
    expect(fake.all('Deployment')).toEqual([]);
    expect(fake.all('Service')).toEqual([]);
    const cr = fake.get('ServiceComponentK8s', 'service-1-orion-ld')!;
    expect(cr.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'continuum-fabric', 'app.kubernetes.io/part-of': 'Service_1', 'app.kubernetes.io/created-by': 'continuum-fabric' });
    expect(cr.spec).toEqual({
      selectedIE: { id: spec.ieId, hostname: 'continuum-cluster-worker-2' }, image: 'fiware/orion-ld:1.7.0',
      ports: [{ number: 1026, protocol: 'TCP' }], exposePorts: true,
      cliArgs: [{ key: '-dbhost' }, { key: 'service-1-mongo' }, { key: '-forwarding' }],
      envVars: [{ key: 'ORIONLD_MONGO_HOST', value: 'mongo' }],
    });
    expect(status.phase).toBe('Pending');
    expect(status.message).toContain('not observable');

    fake.setStatus('ServiceComponentK8s', 'service-1-orion-ld', { conditions: [{ type: 'Ready', status: 'True' }] });
    expect(await runtime.status(spec.componentId)).toMatchObject({ phase: 'Running', specHash: 'orion-1' });
    expect((await runtime.list()).map((s) => s.componentId)).toEqual([spec.componentId]);

    const rv = fake.get('ServiceComponentK8s', 'service-1-orion-ld')!.metadata.resourceVersion;
    await runtime.apply(spec);
    expect(fake.get('ServiceComponentK8s', 'service-1-orion-ld')!.metadata.resourceVersion).toBe(rv);

    await runtime.remove(spec.componentId);
    expect(fake.get('ServiceComponentK8s', 'service-1-orion-ld')).toBeUndefined();
    expect((await runtime.status(spec.componentId)).phase).toBe('Missing');
  });

  it('jobs stay native Jobs, and a cluster without the CRD gets a Deployment even with aerosLlo prefer (fake API server)', async () => {
    fake = await FakeKubernetesApiServer.start({ token: 't', customResources: lloTypes() });
    await runtimeFor('prefer').apply({ ...spec, isJob: true, ports: [], restartPolicy: 'never' });
    expect(fake.get('Job', 'service-1-orion-ld')).toBeDefined();
    expect(fake.all('ServiceComponentK8s')).toEqual([]);
    await fake.close();

    fake = await FakeKubernetesApiServer.start({ token: 't' });
    await runtimeFor('prefer').apply(spec);
    expect(fake.get('Deployment', 'service-1-orion-ld')).toBeDefined();
    expect(fake.get('Service', 'service-1-orion-ld')).toBeDefined();
  });

  it('turning aerosLlo on replaces the Deployment and Service of a running component by the CR, and off again back (fake API server)', async () => {
    fake = await FakeKubernetesApiServer.start({ token: 't', customResources: lloTypes() });
    await runtimeFor('off').apply(spec);
    expect(fake.get('Deployment', 'service-1-orion-ld')).toBeDefined();
    await runtimeFor('prefer').apply(spec);
    expect(fake.get('Deployment', 'service-1-orion-ld')).toBeUndefined();
    expect(fake.get('Service', 'service-1-orion-ld')).toBeUndefined();
    expect(fake.get('ServiceComponentK8s', 'service-1-orion-ld')).toBeDefined();
    await runtimeFor('off').apply(spec);
    expect(fake.get('Deployment', 'service-1-orion-ld')).toBeDefined();
    expect(fake.get('Service', 'service-1-orion-ld')).toBeDefined();
    expect(fake.get('ServiceComponentK8s', 'service-1-orion-ld')).toBeUndefined();
  });

  it('watch streams report the CR becoming Ready and its deletion (fake API server)', async () => {
    fake = await FakeKubernetesApiServer.start({ token: 't', customResources: lloTypes() });
    const runtime = runtimeFor('prefer');
    const seen: string[] = [];
    const stop = runtime.watch((s) => seen.push(s.phase));
    try {
      await runtime.apply(spec);
      fake.setStatus('ServiceComponentK8s', 'service-1-orion-ld', { conditions: [{ type: 'Ready', status: 'True' }] });
      await until(() => seen.includes('Running'));
      await runtime.remove(spec.componentId);
      await until(() => seen.at(-1) === 'Missing');
    } finally {
      stop();
      await runtime.close();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
