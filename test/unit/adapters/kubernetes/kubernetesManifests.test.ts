import fc from 'fast-check';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Service } from 'kubernetes-models/v1';
import type { WorkloadSpec } from '../../../../orchestration/runtime/ContainerRuntime.js';
import {
  cpuQuantity, deploymentFor, jobFor, memoryQuantity, serviceFor,
} from '../../../../adapters/kubernetes/kubernetesManifests.js';

const base: WorkloadSpec = {
  componentId: 'urn:ngsi-ld:ServiceComponent:svc:api', serviceId: 'urn:ngsi-ld:Service:svc', ieId: 'urn:ngsi-ld:InfrastructureElement:n1',
  name: 'svc-api', image: 'api:2', args: [], env: {}, ports: [], isJob: false, restartPolicy: 'always', specHash: 'h',
};

describe('kubernetesManifests', () => {
  it.each([
    [0.5, '500m'], [1, '1000m'], [2.25, '2250m'], [0.0001, '1m'], [Number.NaN, 'NaN'],
  ])('cpuQuantity(%p) = %p', (cores, q) => expect(cpuQuantity(cores)).toBe(q));

  it.each([
    [268435456, '268435456'], [1.5, '2'], [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('memoryQuantity(%p) = %p', (bytes, q) => expect(memoryQuantity(bytes)).toBe(q));

  it('a spec without args, env, ports or limits leaves those fields out (the image defaults apply)', () => {
    const c = deploymentFor(base, { namespace: 'ns' }).spec!.template.spec!.containers[0];
    expect(c).toEqual({ name: 'svc-api', image: 'api:2' });
    expect(deploymentFor(base, { namespace: 'ns' }).spec!.template.spec!.nodeSelector).toBeUndefined();
    expect(serviceFor(base, { namespace: 'ns' })).toBeUndefined();
  });

  it('pins the pod to the IE node with kubernetes.io/hostname when a node name is given', () => {
    expect(deploymentFor(base, { namespace: 'ns', nodeName: 'edge-7' }).spec!.template.spec!.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'edge-7' });
    expect(jobFor({ ...base, isJob: true }, { namespace: 'ns', nodeName: 'edge-7' }).spec!.template.spec!.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'edge-7' });
  });

  it.each([
    ['never', 'Never', 0], ['on-failure', 'OnFailure', 6], ['always', 'OnFailure', 6],
  ] as const)('a job with restartPolicy %s runs with pod restartPolicy %s and backoffLimit %d', (policy, podPolicy, backoff) => {
    const job = jobFor({ ...base, isJob: true, restartPolicy: policy }, { namespace: 'ns' });
    expect(job.spec!.backoffLimit).toBe(backoff);
    expect(job.spec!.template.spec!.restartPolicy).toBe(podPolicy);
  });

  it('the Service is ClusterIP without exposed ports, NodePort with any; only in-range host ports become nodePorts', () => {
    const internal = serviceFor({ ...base, ports: [{ containerPort: 8080, protocol: 'tcp', expose: false }] }, { namespace: 'ns' })!;
    expect(internal.spec!.type).toBe('ClusterIP');
    expect(internal.spec!.ports![0].nodePort).toBeUndefined();
    const exposed = serviceFor({
      ...base,
      ports: [
        { containerPort: 8080, protocol: 'tcp', expose: true, hostPort: 31000 },
        { containerPort: 5353, protocol: 'udp', expose: true }, // 5353 is outside 30000-32767: the cluster allocates
        { containerPort: 9000, protocol: 'tcp', expose: false, hostPort: 30500 },
      ],
    }, { namespace: 'ns' })!;
    expect(exposed.spec!.type).toBe('NodePort');
    expect(exposed.spec!.ports).toEqual([
      { name: 'tcp-8080', port: 8080, targetPort: 8080, protocol: 'TCP', nodePort: 31000 },
      { name: 'udp-5353', port: 5353, targetPort: 5353, protocol: 'UDP' },
      { name: 'tcp-9000', port: 9000, targetPort: 9000, protocol: 'TCP' },
    ]);
  });

  const specs = fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/),
    image: fc.constantFrom('nginx', 'busybox:1.36', 'registry.local:5000/x/y:1'),
    args: fc.array(fc.string(), { maxLength: 4 }),
    env: fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/), fc.string(), { maxKeys: 4 }),
    ports: fc.uniqueArray(fc.record({
      containerPort: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('tcp' as const, 'udp' as const),
      expose: fc.boolean(), hostPort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    }), { maxLength: 4, selector: (p) => `${p.containerPort}/${p.protocol}` }),
    cpuLimit: fc.option(fc.double({ min: 0.001, max: 64, noNaN: true }), { nil: undefined }),
    memoryLimitBytes: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: undefined }),
    isJob: fc.boolean(),
    restartPolicy: fc.constantFrom('always' as const, 'on-failure' as const, 'never' as const),
    nodeName: fc.option(fc.constantFrom('worker-1', 'edge.node-2'), { nil: undefined }),
  });

  it('every generated Deployment, Job and Service is valid against the Kubernetes OpenAPI schema (kubernetes-models)', () => {
    fc.assert(fc.property(specs, ({ nodeName, ...s }) => {
      const spec: WorkloadSpec = { ...base, ...s };
      const options = { namespace: 'continuum', nodeName };
      if (spec.isJob) new Job(jobFor(spec, options) as never).validate();
      else new Deployment(deploymentFor(spec, options) as never).validate();
      const service = serviceFor(spec, options);
      if (service) new Service(service as never).validate();
    }), { numRuns: 200 });
  });
});
