/**
 * KubernetesRuntime against a REAL cluster: runs only when KUBECONFIG is set (no API server can run on the build
 * machine; kubernetesRuntime.test.ts covers the adapter against a fake API server). Uses a throw-away namespace
 * and the image in K8S_TEST_IMAGE (default busybox:1.36, which the cluster must be able to pull), and deletes
 * the namespace afterwards. Without KUBECONFIG this suite is skipped and covers nothing.
 */
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import type { WorkloadSpec, WorkloadStatus } from '../../../orchestration/runtime/ContainerRuntime.js';
import { KubernetesRuntime } from '../../../adapters/kubernetes/KubernetesRuntime.js';

const kubeconfig = process.env.KUBECONFIG;
const suite = kubeconfig ? describe : describe.skip;
if (!kubeconfig) {
  console.warn('KUBECONFIG is not set: no Kubernetes cluster, the real-cluster test of KubernetesRuntime is SKIPPED (it covers nothing here).');
}

const image = process.env.K8S_TEST_IMAGE ?? 'busybox:1.36';
const namespace = `continuum-fabric-test-${Date.now().toString(36)}`;

function spec(name: string, isJob: boolean, args: string[]): WorkloadSpec {
  return {
    componentId: `urn:ngsi-ld:ServiceComponent:k8s-test:${name}`, serviceId: 'urn:ngsi-ld:Service:k8s-test',
    ieId: 'urn:ngsi-ld:InfrastructureElement:any', name, image, args, env: { GREETING: 'hello' },
    ports: isJob ? [] : [{ containerPort: 8080, protocol: 'tcp', expose: false }], cpuLimit: 0.1, memoryLimitBytes: 32 * 1024 * 1024,
    isJob, restartPolicy: isJob ? 'never' : 'always', specHash: `${name}-1`,
  };
}

async function waitFor(runtime: KubernetesRuntime, componentId: string, phases: string[], timeoutMs = 180_000): Promise<WorkloadStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await runtime.status(componentId);
    if (phases.includes(s.phase)) return s;
    if (Date.now() > deadline) throw new Error(`${componentId} still ${s.phase} (${s.message ?? ''}) after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

suite('KubernetesRuntime against the real cluster of KUBECONFIG', () => {
  let runtime: KubernetesRuntime;

  beforeAll(() => {
    runtime = new KubernetesRuntime({ endpoint: { address: kubeconfig, namespace } });
  });

  afterAll(async () => {
    await runtime?.close();
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig!);
    await KubernetesObjectApi.makeApiClient(kc).delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }).catch(() => undefined);
  });

  it('runs a Deployment to Running, a Job to Succeeded and a failing Job to Failed, then removes them', async () => {
    const web = spec('web', false, ['sh', '-c', 'while true; do sleep 5; done']);
    await runtime.apply(web);
    expect(await waitFor(runtime, web.componentId, ['Running', 'Failed'])).toMatchObject({ phase: 'Running', specHash: 'web-1' });

    const ok = spec('ok', true, ['sh', '-c', 'test "$GREETING" = hello']);
    const bad = spec('bad', true, ['sh', '-c', 'exit 3']);
    await runtime.apply(ok);
    await runtime.apply(bad);
    expect((await waitFor(runtime, ok.componentId, ['Succeeded', 'Failed'])).phase).toBe('Succeeded');
    expect(await waitFor(runtime, bad.componentId, ['Succeeded', 'Failed'])).toMatchObject({ phase: 'Failed', exitCode: 3 });
    expect((await runtime.list()).map((s) => s.componentId).sort()).toEqual([bad, ok, web].map((s) => s.componentId).sort());

    for (const s of [web, ok, bad]) await runtime.remove(s.componentId);
    for (const s of [web, ok, bad]) await waitFor(runtime, s.componentId, ['Missing'], 120_000);
  }, 600_000);
});
