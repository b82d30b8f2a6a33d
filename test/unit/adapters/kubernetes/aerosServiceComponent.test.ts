import type { WorkloadSpec } from '../../../../orchestration/runtime/ContainerRuntime.js';
import {
  componentIdOfCustomResource, serviceComponentK8sFor, serviceComponentK8sStatus,
} from '../../../../adapters/kubernetes/aerosServiceComponent.js';

const spec: WorkloadSpec = {
  componentId: 'urn:ngsi-ld:ServiceComponent:S1:nginx', serviceId: 'urn:ngsi-ld:Service:S1', ieId: 'urn:ngsi-ld:InfrastructureElement:ie1',
  name: 's1-nginx', image: 'nginx', args: [], env: {}, ports: [], isJob: false, restartPolicy: 'always', specHash: 'h',
};
const AT = new Date('2026-01-01T00:00:00Z');

describe('aerosServiceComponent (aerOS LLO ServiceComponentK8s)', () => {
  it('maps a minimal spec to the shape of the aerOS nginx example (selectedIE, image) without optional lists', () => {
    const cr = serviceComponentK8sFor(spec, { namespace: 'continuum' });
    expect(cr).toMatchObject({ apiVersion: 'llo.aeros-project.eu/v1alpha1', kind: 'ServiceComponentK8s', metadata: { name: 's1-nginx', namespace: 'continuum' } });
    expect(cr.spec).toEqual({ selectedIE: { id: spec.ieId }, image: 'nginx' });
  });

  it('exposePorts is true when any port is exposed; UDP stays UDP', () => {
    const cr = serviceComponentK8sFor({ ...spec, ports: [{ containerPort: 53, protocol: 'udp', expose: false }, { containerPort: 80, protocol: 'tcp', expose: true }] }, { namespace: 'n', nodeName: 'w1' });
    expect(cr.spec).toMatchObject({ selectedIE: { id: spec.ieId, hostname: 'w1' }, ports: [{ number: 53, protocol: 'UDP' }, { number: 80, protocol: 'TCP' }], exposePorts: true });
  });

  it('status: Running only with a True Ready/Available condition, else Pending with the reason', () => {
    const cr = (conditions?: object[]) => ({ ...serviceComponentK8sFor(spec, { namespace: 'n' }), status: conditions ? { conditions } : undefined });
    expect(serviceComponentK8sStatus(spec.componentId, cr([{ type: 'Available', status: 'True' }]), AT)).toMatchObject({ phase: 'Running', specHash: 'h' });
    expect(serviceComponentK8sStatus(spec.componentId, cr([{ type: 'Ready', status: 'False', reason: 'ImagePullBackOff' }]), AT))
      .toMatchObject({ phase: 'Pending', message: 'ServiceComponentK8s not ready: ImagePullBackOff' });
    expect(serviceComponentK8sStatus(spec.componentId, cr(), AT).phase).toBe('Pending');
  });

  it('componentIdOfCustomResource only answers for CRs managed by continuum-fabric', () => {
    const ours = serviceComponentK8sFor(spec, { namespace: 'n' });
    expect(componentIdOfCustomResource(ours)).toBe(spec.componentId);
    const theirs = { ...ours, metadata: { ...ours.metadata, labels: { 'app.kubernetes.io/managed-by': 'aeros-project.eu' } } };
    expect(componentIdOfCustomResource(theirs)).toBeUndefined();
  });
});
