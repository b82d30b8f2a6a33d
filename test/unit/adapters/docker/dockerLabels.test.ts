import { DOCKER_LABEL, MANAGER, containerName, labelsFor, ownedLabelFilter } from '../../../../adapters/docker/dockerLabels.js';
import type { WorkloadSpec } from '../../../../orchestration/runtime/ContainerRuntime.js';

const spec = {
  componentId: 'urn:ngsi-ld:ServiceComponent:s:c', serviceId: 'urn:ngsi-ld:Service:s', ieId: 'urn:ngsi-ld:InfrastructureElement:ie1',
  name: 's-c', image: 'i', args: [], env: {}, ports: [], isJob: true, restartPolicy: 'never', specHash: 'h',
} satisfies WorkloadSpec;

describe('Docker labels of what continuum-fabric owns', () => {
  test('labelsFor carries the ownership mark and the full IRIs', () => {
    expect(labelsFor(spec)).toEqual({
      'app.kubernetes.io/managed-by': 'continuum-fabric', 'app.kubernetes.io/name': 's-c',
      'org.continuum-fabric.component': spec.componentId, 'org.continuum-fabric.service': spec.serviceId,
      'org.continuum-fabric.ie': spec.ieId, 'org.continuum-fabric.spec-hash': 'h', 'org.continuum-fabric.job': 'true',
    });
  });

  test('label filters narrow to an IE and a component', () => {
    expect(ownedLabelFilter()).toEqual([`${DOCKER_LABEL.managedBy}=${MANAGER}`]);
    expect(ownedLabelFilter({ ieId: 'urn:ie', componentId: 'urn:c' })).toEqual([
      'app.kubernetes.io/managed-by=continuum-fabric', 'org.continuum-fabric.ie=urn:ie', 'org.continuum-fabric.component=urn:c',
    ]);
  });

  test('container names differ per IE and are stable', () => {
    expect(containerName(spec)).toBe(containerName({ name: 's-c', ieId: spec.ieId }));
    expect(containerName(spec)).not.toBe(containerName({ name: 's-c', ieId: 'urn:ngsi-ld:InfrastructureElement:ie2' }));
    expect(containerName(spec)).toMatch(/^s-c-[0-9a-f]{8}$/);
  });
});
