/**
 * KubernetesRuntime (adapters/kubernetes) against a FAKE in-process API server (test/integration/support/
 * fakeKubernetesApiServer.ts) that validates every written object against the Kubernetes OpenAPI schema through
 * kubernetes-models and answers 422 like a real API server; the tests play the controllers (status, pods).
 * This checks the objects and the API calls, not a cluster's behaviour: see kubernetesRuntimeRealCluster.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeOperationError, RuntimeUnavailableError } from '../../../fabric/errors/RuntimeError.js';
import type { WorkloadSpec } from '../../../orchestration/runtime/ContainerRuntime.js';
import { KubernetesRuntime } from '../../../adapters/kubernetes/KubernetesRuntime.js';
import { FakeKubernetesApiServer } from '../support/fakeKubernetesApiServer.js';

const SERVICE = 'urn:ngsi-ld:Service:demo';
const WEB = 'urn:ngsi-ld:ServiceComponent:demo:web';
const BATCH = 'urn:ngsi-ld:ServiceComponent:demo:batch';
const IE = 'urn:ngsi-ld:InfrastructureElement:cluster1:worker-1';

function webSpec(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    componentId: WEB, serviceId: SERVICE, ieId: IE, name: 'demo-web', image: 'registry.local/library/nginx:1.25',
    args: ['-g', 'daemon off;'], env: { MODE: 'edge', LOG: 'debug' },
    ports: [{ containerPort: 80, protocol: 'tcp', expose: true, hostPort: 30080 }, { containerPort: 9090, protocol: 'tcp', expose: false }],
    cpuLimit: 0.5, memoryLimitBytes: 256 * 1024 * 1024, isJob: false, restartPolicy: 'always', specHash: 'hash-1',
    ...overrides,
  };
}

function jobSpec(overrides: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return {
    componentId: BATCH, serviceId: SERVICE, ieId: IE, name: 'demo-batch', image: 'busybox:1.36', args: ['sh', '-c', 'echo done'],
    env: {}, ports: [], isJob: true, restartPolicy: 'never', specHash: 'job-1', ...overrides,
  };
}

describe('KubernetesRuntime against a fake API server (objects validated against the Kubernetes OpenAPI schema)', () => {
  let fake: FakeKubernetesApiServer;
  let runtime: KubernetesRuntime;

  beforeEach(async () => {
    fake = await FakeKubernetesApiServer.start({ token: 'secret' });
    runtime = new KubernetesRuntime({
      endpoint: { address: fake.url }, token: 'secret',
      nodeNameFor: (ie) => (ie === IE ? 'worker-1' : undefined),
    });
  });

  afterEach(async () => {
    await runtime.close();
    await fake.close();
  });

  it('apply server-side applies a schema-valid Deployment and Service with the labels, limits, args, env and node selector (fake API server, OpenAPI-validated)', async () => {
    const status = await runtime.apply(webSpec());
    expect(status.phase).toBe('Pending');
    expect(status.specHash).toBe('hash-1');

    const applies = fake.requests.filter((r) => r.method === 'PATCH');
    expect(applies.length).toBeGreaterThanOrEqual(2);
    for (const r of applies) {
      expect(r.contentType).toBe('application/apply-patch+yaml');
      expect(r.query.get('fieldManager')).toBe('continuum-fabric');
      expect(r.query.get('force')).toBe('true');
    }
    expect(fake.store.get(fake.type('Namespace'), undefined, 'continuum')?.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'continuum-fabric' });

    const d = fake.get('Deployment', 'demo-web')!;
    expect(d.spec.replicas).toBe(1);
    expect(d.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'nginx', 'app.kubernetes.io/instance': 'demo-web', 'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/part-of': 'demo', 'app.kubernetes.io/managed-by': 'continuum-fabric',
    });
    expect(d.metadata.annotations).toMatchObject({ 'continuum-fabric/component': WEB, 'continuum-fabric/spec-hash': 'hash-1', 'continuum-fabric/infrastructure-element': IE });
    const pod = d.spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'worker-1' });
    expect(pod.restartPolicy).toBe('Always');
    const c = pod.containers[0];
    expect(c.image).toBe('registry.local/library/nginx:1.25');
    expect(c.args).toEqual(['-g', 'daemon off;']);
    expect(c.env).toEqual([{ name: 'LOG', value: 'debug' }, { name: 'MODE', value: 'edge' }]);
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: String(256 * 1024 * 1024) } });
    expect(c.ports).toEqual([{ name: 'tcp-80', containerPort: 80, protocol: 'TCP' }, { name: 'tcp-9090', containerPort: 9090, protocol: 'TCP' }]);

    const svc = fake.get('Service', 'demo-web')!;
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.selector).toEqual(d.spec.selector.matchLabels);
    expect(svc.spec.ports).toEqual([
      { name: 'tcp-80', port: 80, targetPort: 80, protocol: 'TCP', nodePort: 30080 },
      { name: 'tcp-9090', port: 9090, targetPort: 9090, protocol: 'TCP', nodePort: expect.any(Number) },
    ]);
  });

  it('apply of the same spec again writes nothing: same resourceVersion (fake API server, OpenAPI-validated)', async () => {
    await runtime.apply(webSpec());
    const before = fake.get('Deployment', 'demo-web')!.metadata.resourceVersion;
    const patchesBefore = fake.requests.filter((r) => r.method === 'PATCH').length;
    await runtime.apply(webSpec());
    expect(fake.get('Deployment', 'demo-web')!.metadata.resourceVersion).toBe(before);
    expect(fake.requests.filter((r) => r.method === 'PATCH').length).toBe(patchesBefore);
  });

  it('apply of a changed spec updates the Deployment in place and drops the Service when no ports remain (fake API server, OpenAPI-validated)', async () => {
    await runtime.apply(webSpec());
    const first = fake.get('Deployment', 'demo-web')!;
    await runtime.apply(webSpec({ image: 'nginx:1.27', ports: [], cpuLimit: 2, specHash: 'hash-2' }));
    const second = fake.get('Deployment', 'demo-web')!;
    expect(second.metadata.uid).toBe(first.metadata.uid);
    expect(second.metadata.generation).toBe(first.metadata.generation + 1);
    expect(second.metadata.annotations['continuum-fabric/spec-hash']).toBe('hash-2');
    expect(second.spec.template.spec.containers[0]).toMatchObject({ image: 'nginx:1.27', resources: { limits: { cpu: '2000m' } } });
    expect(second.spec.template.spec.containers[0].ports).toBeUndefined();
    expect(fake.get('Service', 'demo-web')).toBeUndefined();
  });

  it('status maps availableReplicas, restarts and CrashLoopBackOff (fake API server, OpenAPI-validated; the test plays the controllers)', async () => {
    await runtime.apply(webSpec());
    fake.putPodFor('Deployment', 'demo-web', { phase: 'Pending', waitingReason: 'CrashLoopBackOff', restartCount: 3 });
    let s = await runtime.status(WEB);
    expect(s).toMatchObject({ phase: 'Failed', restarts: 3 });
    expect(s.message).toContain('CrashLoopBackOff');

    const generation = fake.get('Deployment', 'demo-web')!.metadata.generation;
    fake.setStatus('Deployment', 'demo-web', { observedGeneration: generation, replicas: 1, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1 });
    fake.putPodFor('Deployment', 'demo-web', { phase: 'Running', restartCount: 4 });
    s = await runtime.status(WEB);
    expect(s).toMatchObject({ componentId: WEB, phase: 'Running', restarts: 4, specHash: 'hash-1', runtimeId: fake.get('Deployment', 'demo-web')!.metadata.uid });
  });

  it('a Job for isJob maps to Running, Succeeded and Failed, and is replaced when its spec changes (fake API server, OpenAPI-validated)', async () => {
    await runtime.apply(jobSpec());
    const job = fake.get('Job', 'demo-batch')!;
    expect(job.spec).toMatchObject({ backoffLimit: 0, template: { spec: { restartPolicy: 'Never' } } });
    expect(fake.get('Deployment', 'demo-batch')).toBeUndefined();
    expect(fake.get('Service', 'demo-batch')).toBeUndefined();

    fake.setStatus('Job', 'demo-batch', { active: 1 });
    expect((await runtime.status(BATCH)).phase).toBe('Running');
    fake.putPodFor('Job', 'demo-batch', { phase: 'Succeeded', exitCode: 0 });
    fake.setStatus('Job', 'demo-batch', { active: 0, succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] });
    expect(await runtime.status(BATCH)).toMatchObject({ phase: 'Succeeded', exitCode: 0 });

    await runtime.apply(jobSpec({ args: ['sh', '-c', 'exit 3'], specHash: 'job-2' }));
    const replaced = fake.get('Job', 'demo-batch')!;
    expect(replaced.metadata.uid).not.toBe(job.metadata.uid);
    expect((await runtime.status(BATCH)).phase).toBe('Pending');
    fake.putPodFor('Job', 'demo-batch', { phase: 'Failed', exitCode: 3 });
    fake.setStatus('Job', 'demo-batch', { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] });
    const failed = await runtime.status(BATCH);
    expect(failed).toMatchObject({ phase: 'Failed', exitCode: 3, specHash: 'job-2' });
    expect(failed.message).toContain('BackoffLimitExceeded');
  });

  it('switching a component between long-running and job replaces the Deployment by a Job (fake API server, OpenAPI-validated)', async () => {
    await runtime.apply(webSpec());
    await runtime.apply(webSpec({ isJob: true, restartPolicy: 'on-failure', ports: [], specHash: 'hash-job' }));
    expect(fake.get('Deployment', 'demo-web')).toBeUndefined();
    expect(fake.get('Service', 'demo-web')).toBeUndefined();
    expect(fake.get('Job', 'demo-web')!.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  it('remove deletes the Deployment (propagationPolicy Foreground), its pods and the Service; removing again is no error (fake API server, OpenAPI-validated)', async () => {
    await runtime.apply(webSpec());
    fake.putPodFor('Deployment', 'demo-web', { phase: 'Running' });
    await runtime.remove(WEB);
    expect(fake.get('Deployment', 'demo-web')).toBeUndefined();
    expect(fake.get('Service', 'demo-web')).toBeUndefined();
    expect(fake.all('Pod')).toEqual([]);
    const deletes = fake.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path).sort()).toEqual(['/api/v1/namespaces/continuum/services/demo-web', '/apis/apps/v1/namespaces/continuum/deployments/demo-web']);
    expect(deletes.every((r) => r.query.get('propagationPolicy') === 'Foreground')).toBe(true);
    expect((await runtime.status(WEB)).phase).toBe('Missing');
    await expect(runtime.remove(WEB)).resolves.toBeUndefined();
  });

  it('remove waits for the Foreground deletion to finish; while it runs the component is already Missing (fake API server, OpenAPI-validated)', async () => {
    await runtime.apply(webSpec());
    fake.gcDelayMs = 300;
    const removing = runtime.remove(WEB);
    await until(() => fake.get('Deployment', 'demo-web')?.metadata.deletionTimestamp !== undefined);
    expect((await runtime.status(WEB)).phase).toBe('Missing');
    expect(await runtime.list()).toEqual([]);
    await removing;
    expect(fake.get('Deployment', 'demo-web')).toBeUndefined();
  });

  it('apply waits for a same-named object still being deleted, so the garbage collector does not take the new one (fake API server, OpenAPI-validated)', async () => {
    await runtime.apply(webSpec());
    const old = fake.get('Deployment', 'demo-web')!.metadata.uid;
    fake.gcDelayMs = 200;
    const res = await fetch(`${fake.url}/apis/apps/v1/namespaces/continuum/deployments/demo-web?propagationPolicy=Foreground`, { method: 'DELETE', headers: { authorization: 'Bearer secret' } });
    expect(res.status).toBe(200);
    await runtime.apply(webSpec());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = fake.get('Deployment', 'demo-web');
    expect(now).toBeDefined();
    expect(now!.metadata.uid).not.toBe(old);
  });

  it('an apply and a remove of one component issued together run one after the other (fake API server, OpenAPI-validated)', async () => {
    const [applied] = await Promise.all([runtime.apply(webSpec()), runtime.remove(WEB)]);
    expect(applied.phase).toBe('Pending');
    expect(fake.get('Deployment', 'demo-web')).toBeUndefined();
    expect((await runtime.status(WEB)).phase).toBe('Missing');
  });

  it('list sees only workloads labelled managed-by=continuum-fabric in its namespace (fake API server, OpenAPI-validated)', async () => {
    await runtime.apply(webSpec());
    await runtime.apply(jobSpec());
    fake.store.put(fake.type('Deployment'), {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'someone-else', namespace: 'continuum', labels: { app: 'x' }, annotations: { 'continuum-fabric/component': 'urn:x' } },
      spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x' }] } } },
    });
    const listed = await runtime.list();
    expect(listed.map((s) => s.componentId).sort()).toEqual([WEB, BATCH].sort());
    const other = new KubernetesRuntime({ endpoint: { address: fake.url, namespace: 'elsewhere' }, token: 'secret' });
    expect(await other.list()).toEqual([]);
  });

  it('an object the OpenAPI schema rejects (memory quantity "NaN") gets a 422 Status and surfaces as RuntimeOperationError (fake API server, OpenAPI-validated)', async () => {
    const error = await runtime.apply(webSpec({ memoryLimitBytes: Number.NaN })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeOperationError);
    const op = error as RuntimeOperationError;
    expect(op.engineStatus).toBe(422);
    expect(op.status).toBe(502);
    expect(op.message).toContain('Deployment.apps "demo-web" is invalid');
    expect(op.message).toContain('spec.template.spec.containers[0].resources.limits.memory');
    expect(op.message).toContain('must match format "quantity"');
    expect(fake.get('Deployment', 'demo-web')).toBeUndefined();
  });

  it('a wrong token and an unreachable API server surface as typed errors (fake API server, OpenAPI-validated)', async () => {
    const wrong = new KubernetesRuntime({ endpoint: { address: fake.url }, token: 'wrong' });
    const denied = await wrong.status(WEB).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(RuntimeOperationError);
    expect((denied as RuntimeOperationError).engineStatus).toBe(401);
    const url = fake.url;
    await fake.close();
    const gone = await new KubernetesRuntime({ endpoint: { address: url }, token: 'secret' }).status(WEB).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(RuntimeUnavailableError);
    fake = await FakeKubernetesApiServer.start({ token: 'secret' }); // for afterEach
  });

  it('reads the API server and token from a kubeconfig file given as the endpoint address, into the endpoint namespace (fake API server, OpenAPI-validated)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    try {
      const path = join(dir, 'config');
      writeFileSync(path, [
        'apiVersion: v1', 'kind: Config', 'current-context: fake',
        'clusters:', '- name: fake', '  cluster:', `    server: ${fake.url}`,
        'users:', '- name: u', '  user:', '    token: secret',
        'contexts:', '- name: fake', '  context:', '    cluster: fake', '    user: u',
      ].join('\n'));
      const fromFile = new KubernetesRuntime({ endpoint: { address: path, namespace: 'edge-a' } });
      expect(fromFile.endpoint).toBe(fake.url);
      await fromFile.apply(webSpec());
      expect(fake.get('Deployment', 'demo-web', 'edge-a')).toBeDefined();
      expect(fake.get('Deployment', 'demo-web')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
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
