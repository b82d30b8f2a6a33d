/**
 * watch() of KubernetesRuntime (client-node Watch streams, or polling) against the FAKE API server of
 * test/integration/support/fakeKubernetesApiServer.ts, which validates every object against the Kubernetes
 * OpenAPI schema; the tests play the controllers.
 */
import type { WorkloadSpec, WorkloadStatus } from '../../../orchestration/runtime/ContainerRuntime.js';
import { KubernetesRuntime } from '../../../adapters/kubernetes/KubernetesRuntime.js';
import { FakeKubernetesApiServer } from '../support/fakeKubernetesApiServer.js';

const WEB = 'urn:ngsi-ld:ServiceComponent:demo:web';

function webSpec(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    componentId: WEB, serviceId: 'urn:ngsi-ld:Service:demo', ieId: 'urn:ngsi-ld:InfrastructureElement:cluster1', name: 'demo-web',
    image: 'nginx:1.25', args: [], env: {}, ports: [{ containerPort: 80, protocol: 'tcp', expose: false }],
    isJob: false, restartPolicy: 'always', specHash: 'hash-1', ...overrides,
  };
}

describe('KubernetesRuntime.watch against a fake API server (objects validated against the Kubernetes OpenAPI schema)', () => {
  let fake: FakeKubernetesApiServer;
  let runtime: KubernetesRuntime;

  beforeEach(async () => {
    fake = await FakeKubernetesApiServer.start({ token: 'secret' });
    runtime = new KubernetesRuntime({ endpoint: { address: fake.url }, token: 'secret' });
  });

  afterEach(async () => {
    await runtime.close();
    await fake.close();
  });

  it.each(['watch', 'poll'] as const)('watch (%s mode) reports the changes of owned workloads and a deletion as Missing (fake API server, OpenAPI-validated)', async (mode) => {
    const watching = new KubernetesRuntime({ endpoint: { address: fake.url }, token: 'secret', watchMode: mode, pollIntervalMs: 100 });
    const seen: WorkloadStatus[] = [];
    const unsubscribe = watching.watch((s) => seen.push(s));
    try {
      await runtime.apply(webSpec());
      await until(() => seen.some((s) => s.componentId === WEB && s.phase === 'Pending'));
      const generation = fake.get('Deployment', 'demo-web')!.metadata.generation;
      fake.setStatus('Deployment', 'demo-web', { observedGeneration: generation, updatedReplicas: 1, availableReplicas: 1 });
      await until(() => seen.some((s) => s.componentId === WEB && s.phase === 'Running'));
      await runtime.remove(WEB);
      await until(() => seen.at(-1)?.phase === 'Missing');
    } finally {
      unsubscribe();
      await watching.close();
    }
  });

  it('replacing a Deployment by a Job is reported after the apply, without an intermediate Missing (fake API server, OpenAPI-validated)', async () => {
    const seen: WorkloadStatus[] = [];
    const stop = runtime.watch((s) => seen.push(s));
    try {
      await runtime.apply(webSpec());
      await until(() => seen.some((s) => s.specHash === 'hash-1'));
      fake.gcDelayMs = 100;
      await runtime.apply(webSpec({ isJob: true, restartPolicy: 'never', ports: [], specHash: 'hash-job' }));
      await until(() => seen.some((s) => s.specHash === 'hash-job'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const afterSwitch = seen.slice(seen.findIndex((s) => s.specHash === 'hash-1'));
      expect(afterSwitch.map((s) => s.phase)).not.toContain('Missing');
      expect(seen.at(-1)).toMatchObject({ specHash: 'hash-job', phase: 'Pending' });
    } finally {
      stop();
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
