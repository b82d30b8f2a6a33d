/**
 * The fake Kubernetes API server used by kubernetesRuntime.test.ts, checked on its own: it must reject what a real
 * API server rejects (objects invalid against the Kubernetes OpenAPI schema, immutable fields, bad tokens), or the
 * adapter tests built on it would prove nothing.
 */
import { FakeKubernetesApiServer } from '../support/fakeKubernetesApiServer.js';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/continuum/deployments';

function deployment(name: string, memory = '64Mi', labels: Record<string, string> = { app: name }) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels },
    spec: {
      replicas: 1, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox', resources: { limits: { memory } } }] } },
    },
  };
}

describe('fake Kubernetes API server (objects validated against the Kubernetes OpenAPI schema)', () => {
  let fake: FakeKubernetesApiServer;
  const call = (path: string, init: { method?: string; body?: unknown; contentType?: string; token?: string } = {}) =>
    fetch(fake.url + path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.token ?? 't'}`, ...(init.body !== undefined ? { 'content-type': init.contentType ?? 'application/apply-patch+yaml' } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  const apply = (obj: { metadata: { name: string } }, manager = 'tester') =>
    call(`${DEPLOYMENTS}/${obj.metadata.name}?fieldManager=${manager}&force=true`, { method: 'PATCH', body: obj });

  beforeEach(async () => { fake = await FakeKubernetesApiServer.start({ token: 't', namespaces: ['continuum'] }); });
  afterEach(async () => { await fake.close(); });

  it('creates with 201, re-applying the same object keeps its resourceVersion, a change bumps generation (fake API server)', async () => {
    const created = await apply(deployment('a'));
    expect(created.status).toBe(201);
    const first = await created.json();
    const again = await (await apply(deployment('a'))).json();
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const changed = await apply(deployment('a', '128Mi'));
    expect(changed.status).toBe(200);
    expect((await changed.json()).metadata).toMatchObject({ uid: first.metadata.uid, generation: 2 });
  });

  it('rejects a bad quantity with a 422 Invalid Status carrying the OpenAPI schema message (fake API server)', async () => {
    const res = await apply(deployment('b', 'lots'));
    expect(res.status).toBe(422);
    const status = await res.json();
    expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422, details: { name: 'b', group: 'apps', kind: 'Deployment' } });
    expect(status.message).toContain('spec.template.spec.containers[0].resources.limits.memory: Invalid value: ');
    expect(status.message).toContain('must match format "quantity"');
    expect(fake.get('Deployment', 'b')).toBeUndefined();
  });

  it('rejects a wrong type, a selector that does not match the template, and an invalid name (fake API server)', async () => {
    const wrongType = deployment('c') as { spec: { replicas: unknown } };
    wrongType.spec.replicas = 'one';
    expect((await apply(wrongType as never)).status).toBe(422);
    const mismatch = deployment('d');
    mismatch.spec.selector.matchLabels = { app: 'other' };
    expect(await (await apply(mismatch)).json()).toMatchObject({ code: 422, message: expect.stringContaining('`selector` does not match template `labels`') });
    const badName = deployment('Bad_Name');
    const res = await call(`${DEPLOYMENTS}/Bad_Name?fieldManager=x`, { method: 'PATCH', body: badName });
    expect(await res.json()).toMatchObject({ code: 422, message: expect.stringContaining('metadata.name') });
  });

  it('refuses to change a Job pod template (immutable) and apply without fieldManager or with a non-apply patch (fake API server)', async () => {
    const job = (cmd: string) => ({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', args: [cmd] }] } } },
    });
    const path = '/apis/batch/v1/namespaces/continuum/jobs/j?fieldManager=x';
    expect((await call(path, { method: 'PATCH', body: job('a') })).status).toBe(201);
    expect(await (await call(path, { method: 'PATCH', body: job('b') })).json()).toMatchObject({ code: 422, message: expect.stringContaining('spec.template: Invalid value: field is immutable') });
    expect((await call('/apis/batch/v1/namespaces/continuum/jobs/j', { method: 'PATCH', body: job('a') })).status).toBe(422);
    expect((await call(path, { method: 'PATCH', body: job('a'), contentType: 'application/merge-patch+json' })).status).toBe(415);
  });

  it('needs the bearer token and an existing namespace (fake API server)', async () => {
    expect((await call(DEPLOYMENTS, { token: 'nope' })).status).toBe(401);
    const res = await call('/apis/apps/v1/namespaces/missing/deployments/a?fieldManager=x', { method: 'PATCH', body: deployment('a') });
    expect(await res.json()).toMatchObject({ code: 404, message: 'namespaces "missing" not found' });
  });

  it('lists by label selector and streams watch events for matching objects only (fake API server)', async () => {
    await apply(deployment('x', '64Mi', { team: 'a' }));
    await apply(deployment('y', '64Mi', { team: 'b' }));
    const listed = await (await call(`${DEPLOYMENTS}?labelSelector=${encodeURIComponent('team=a')}`)).json();
    expect(listed.items.map((d: { metadata: { name: string } }) => d.metadata.name)).toEqual(['x']);
    expect((await (await call(`${DEPLOYMENTS}?labelSelector=${encodeURIComponent('team!=a')}`)).json()).items).toHaveLength(1);

    const controller = new AbortController();
    const res = await fetch(`${fake.url}${DEPLOYMENTS}?watch=true&labelSelector=team%3Da`, { headers: { authorization: 'Bearer t' }, signal: controller.signal });
    const reader = res.body!.getReader();
    const events: { type: string; object: { metadata: { name: string } } }[] = [];
    let buffer = '';
    const readUntil = async (count: number) => {
      while (events.length < count) {
        const { value } = await reader.read();
        buffer += new TextDecoder().decode(value);
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines.filter(Boolean)) events.push(JSON.parse(line));
      }
    };
    await readUntil(1);
    await apply(deployment('y', '32Mi', { team: 'b' })); // not matching: no event
    await call(`${DEPLOYMENTS}/x`, { method: 'DELETE' });
    await readUntil(2);
    controller.abort();
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED x', 'DELETED x']);
  });
});
