import {
  MANAGED_SELECTOR, componentKey, componentSelector, imageName, labelValue, localName,
} from '../../../../adapters/kubernetes/kubernetesLabels.js';

describe('kubernetesLabels', () => {
  it('componentKey is a stable 40-hex label value that differs between components', () => {
    const a = componentKey('urn:ngsi-ld:ServiceComponent:s:a');
    expect(a).toMatch(/^[0-9a-f]{40}$/);
    expect(componentKey('urn:ngsi-ld:ServiceComponent:s:a')).toBe(a);
    expect(componentKey('urn:ngsi-ld:ServiceComponent:s:b')).not.toBe(a);
  });

  it('componentSelector narrows the managed-by selector to one component', () => {
    expect(MANAGED_SELECTOR).toBe('app.kubernetes.io/managed-by=continuum-fabric');
    expect(componentSelector('urn:x')).toBe(`app.kubernetes.io/managed-by=continuum-fabric,continuum-fabric/component-key=${componentKey('urn:x')}`);
  });

  it.each([
    ['Service_1_Component_1', 'Service_1_Component_1'],
    ['web server/α', 'web-server'],
    ['--edge--', 'edge'],
    ['x'.repeat(80), 'x'.repeat(63)],
    ['///', ''],
  ])('labelValue(%j) = %j', (input, expected) => {
    expect(labelValue(input)).toBe(expected);
  });

  it.each([
    ['urn:ngsi-ld:ServiceComponent:demo:web', 'web'],
    ['https://example.org/services/demo#frontend', 'frontend'],
    ['https://example.org/services/demo', 'demo'],
  ])('localName(%j) = %j', (iri, expected) => {
    expect(localName(iri)).toBe(expected);
  });

  it.each([
    ['nginx', 'nginx'],
    ['nginx:1.25', 'nginx'],
    ['registry.local:5000/org/orion-ld:1.7.0', 'orion-ld'],
    ['busybox@sha256:abcd', 'busybox'],
  ])('imageName(%j) = %j', (image, expected) => {
    expect(imageName(image)).toBe(expected);
  });
});
