/**
 * Hosted @contexts survive kill -9 (GS CIM 009 v1.8 §5.13.2; the rule "writes that were acknowledged survive
 * kill -9"): a real node (`continuum serve` from dist/, or the build CONTINUUM_TEST_DIST names) adds two
 * contexts, deletes one, creates an entity with the other, and is killed with SIGKILL right after the last
 * acknowledgement. Restarted on the same data directory and port, it lists, serves and uses the kept
 * context, and the deleted one stays deleted.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN, startNode, stopNode, type RunningNode } from '../e2e/support/runningNode.js';
import { freePort } from './support/freePort.js';

const API = '/ngsi-ld/v1';
const LINK_REL = 'http://www.w3.org/ns/json-ld#context';
const link = (url: string): string => `<${url}>; rel="${LINK_REL}"; type="application/ld+json"`;
const VOCAB = 'https://example.org/sensors#';
const SENSOR = { id: 'urn:ngsi-ld:Sensor:s1', type: 'Sensor', temperature: { type: 'Property', value: 21.5 } };

describe('hosted @contexts under SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-hosted-crash-'));
  const dataDir = join(dir, 'data');
  let node: RunningNode | undefined;
  let port: number;
  const start = async (): Promise<RunningNode> => startNode(dataDir, ['--no-demo', '--replicas', '0', '--port', String(port)]);

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx tsc -p tsconfig.build.json, or npm test).`);
    port = await freePort();
  });
  afterAll(async () => {
    if (node) await stopNode(node, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an acknowledged add and delete across kill -9 and resolves the kept context for entity requests', async () => {
    node = await start();
    const add = async (context: object): Promise<string> => {
      const res = await fetch(`${node!.url}${API}/jsonldContexts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ '@context': context }) });
      expect(res.status).toBe(201);
      return res.headers.get('location')!;
    };
    const kept = await add({ Sensor: `${VOCAB}Sensor`, temperature: `${VOCAB}temperature` });
    const deleted = await add({ gone: `${VOCAB}gone` });
    expect((await fetch(`${node.url}${API}/jsonldContexts/${deleted.split('/').pop()}`, { method: 'DELETE' })).status).toBe(204);
    const created = await fetch(`${node.url}${API}/entities`, { method: 'POST', headers: { 'content-type': 'application/json', link: link(kept) }, body: JSON.stringify(SENSOR) });
    expect(created.status).toBe(201);
    expect(await stopNode(node, 'SIGKILL')).toBeNull(); // killed by the signal: no exit code, no snapshot on close

    node = await start();
    const hosted = await (await fetch(`${node.url}${API}/jsonldContexts?kind=Hosted`)).json();
    expect(hosted).toEqual([kept]);
    const served = await fetch(`${node.url}${API}/jsonldContexts/${kept.split('/').pop()}`);
    expect(await served.json()).toEqual({ '@context': { Sensor: `${VOCAB}Sensor`, temperature: `${VOCAB}temperature` } });
    expect((await fetch(`${node.url}${API}/jsonldContexts/${deleted.split('/').pop()}`)).status).toBe(404);

    // The kept context still maps the entity's terms: its type and attribute come back compacted with it.
    const entity = await fetch(`${node.url}${API}/entities/${encodeURIComponent(SENSOR.id)}?format=keyValues`, { headers: { link: link(kept) } });
    expect(entity.status).toBe(200);
    expect(await entity.json()).toEqual({ id: SENSOR.id, type: 'Sensor', temperature: 21.5 });
    const expanded = await (await fetch(`${node.url}${API}/entities/${encodeURIComponent(SENSOR.id)}?format=keyValues`)).json();
    expect(expanded).toEqual({ id: SENSOR.id, type: `${VOCAB}Sensor`, [`${VOCAB}temperature`]: 21.5 });
    await stopNode(node);
    node = undefined;
  });
});
