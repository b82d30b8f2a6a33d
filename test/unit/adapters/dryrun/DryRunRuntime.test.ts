/** The explicit dry-run runtime: records planned actions, reports Running / Succeeded, idempotent by specHash. */
import { DryRunRuntime } from '../../../../adapters/dryrun/DryRunRuntime.js';
import type { WorkloadSpec, WorkloadStatus } from '../../../../orchestration/runtime/ContainerRuntime.js';

const spec = (over: Partial<WorkloadSpec> = {}): WorkloadSpec => ({
  componentId: 'urn:c:1', serviceId: 'urn:s', ieId: 'urn:ie:1', name: 's-c', image: 'busybox', args: [], env: {}, ports: [],
  isJob: false, restartPolicy: 'always', specHash: 'h1', ...over,
});

describe('DryRunRuntime', () => {
  const now = () => new Date('2026-12-02T08:00:00Z');

  it('says what it is and records every planned action', async () => {
    const r = new DryRunRuntime({ now });
    expect([r.kind, r.endpoint]).toEqual(['dry-run', 'dry-run']);
    const status = await r.apply(spec());
    expect(status).toMatchObject({ componentId: 'urn:c:1', phase: 'Running', specHash: 'h1' });
    await r.apply(spec());
    await r.apply(spec({ specHash: 'h2', image: 'nginx' }));
    await r.remove('urn:c:1');
    await r.remove('urn:c:1');
    expect(r.actions().map((a) => [a.action, a.spec?.specHash])).toEqual([['apply', 'h1'], ['apply', 'h2'], ['remove', undefined]]);
    expect(r.describeActions()[1]).toBe('2026-12-02T08:00:00.000Z apply urn:c:1 image=nginx on urn:ie:1');
    expect((await r.status('urn:c:1')).phase).toBe('Missing');
  });

  it('reports jobs as Succeeded with exit code 0', async () => {
    const r = new DryRunRuntime({ now });
    expect(await r.apply(spec({ isJob: true, restartPolicy: 'never' }))).toMatchObject({ phase: 'Succeeded', exitCode: 0 });
  });

  it('simulates a crash and a runtime restart, telling watchers', async () => {
    const r = new DryRunRuntime({ now });
    const seen: WorkloadStatus[] = [];
    const off = r.watch((s) => seen.push(s));
    await r.apply(spec());
    r.fail('urn:c:1', 'OOM killed');
    expect(await r.status('urn:c:1')).toMatchObject({ phase: 'Failed', message: 'OOM killed', exitCode: 137 });
    await r.apply(spec());
    r.restart();
    off();
    await r.apply(spec({ componentId: 'urn:c:2' }));
    expect(seen.map((s) => s.phase)).toEqual(['Running', 'Failed', 'Running', 'Missing']);
    expect((await r.list()).map((s) => s.componentId)).toEqual(['urn:c:2']);
  });

  it('keeps only the most recent actions', async () => {
    const r = new DryRunRuntime({ now, maxActions: 2 });
    for (const h of ['a', 'b', 'c']) await r.apply(spec({ specHash: h }));
    expect(r.actions().map((a) => a.spec?.specHash)).toEqual(['b', 'c']);
  });
});
