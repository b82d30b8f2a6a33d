/** WorkloadSpec from a component request: DNS-1123 names, limits, hashes that tell what changed. */
import { requestHash, stableJson, workloadName, workloadSpec } from '../../../../orchestration/lifecycle/workloadSpec.js';
import { mayTransition, statusIri, statusOf } from '../../../../orchestration/lifecycle/ComponentStatus.js';
import { component, serviceRequest } from '../support/orchestrationFixture.js';

describe('workloadSpec', () => {
  it('derives a DNS-1123 name, ≤ 63 characters, unique by a hash suffix when truncated', () => {
    expect(workloadName('My_Shop', 'Web.Front')).toBe('my-shop-web-front');
    const long = workloadName('s'.repeat(40), 'c'.repeat(40));
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
    expect(long).not.toBe(workloadName('s'.repeat(40), `${'c'.repeat(39)}d`));
  });

  it('maps requirements to limits and jobs to restart policy never', () => {
    const s = serviceRequest('shop', [component('shop', 'job', { isJob: true, requirements: { requiredCpu: 0.5, requiredRamMiB: 256 } })]);
    const spec = workloadSpec(s, s.components[0], 'urn:ie:1');
    expect(spec).toMatchObject({ name: 'shop-job', cpuLimit: 0.5, memoryLimitBytes: 256 * 1024 * 1024, isJob: true, restartPolicy: 'never', ieId: 'urn:ie:1' });
  });

  it('specHash changes with the image and with the IE; requestHash ignores key order', () => {
    const s = serviceRequest('shop', [component('shop', 'web')]);
    const a = workloadSpec(s, s.components[0], 'urn:ie:1');
    expect(workloadSpec(s, s.components[0], 'urn:ie:1').specHash).toBe(a.specHash);
    expect(workloadSpec(s, s.components[0], 'urn:ie:2').specHash).not.toBe(a.specHash);
    expect(workloadSpec(s, { ...s.components[0], image: 'nginx' }, 'urn:ie:1').specHash).not.toBe(a.specHash);
    expect(requestHash({ ...s.components[0], env: { B: '2', A: '1' } })).toBe(requestHash({ ...s.components[0], env: { A: '1', B: '2' } }));
    expect(stableJson({ b: [1, { d: 1, c: undefined }], a: 'x' })).toBe('{"a":"x","b":[1,{"d":1}]}');
  });
});

describe('component status', () => {
  it('maps statuses to the aerOS individuals and back', () => {
    expect(statusIri('Running')).toBe('https://w3id.org/aerOS/continuum#RunningServiceComponent');
    expect(statusOf('https://w3id.org/aerOS/continuum#MigratingServiceComponent')).toBe('Migrating');
    expect(statusOf('urn:ngsi-ld:ServiceComponentStatus:Failed')).toBe('Failed');
    expect(statusOf('Locating')).toBe('Locating');
    expect(statusOf('Overload')).toBeUndefined();
  });

  it('allows the aerOS lifecycle and refuses skipping it', () => {
    expect(mayTransition(undefined, 'Locating')).toBe(true);
    expect(mayTransition(undefined, 'Running')).toBe(false);
    expect(mayTransition('Locating', 'Running')).toBe(false);
    expect(mayTransition('Removing', 'Finished')).toBe(true);
    expect(mayTransition('Removing', 'Running')).toBe(false);
    expect(mayTransition('Finished', 'Locating')).toBe(true);
  });
});
