/**
 * FabricNode wires orchestration (issue 5): a demo node with no runtime configured uses the dry-run runtime, accepts a
 * TOSCA service at once, reports the components' status, and its reconciler keeps running until stop(); a restarted
 * node over the same data directory still knows the service (state in the graph).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNodeConfig } from '../../fabric/config/loadNodeConfig.js';
import { FabricNode } from '../../fabric/node/FabricNode.js';

const PORTAL = readFileSync('test/fixtures/aeros-tosca/TOSCA-portal-backend.yml', 'utf8');

describe('FabricNode with orchestration (demo, dry-run)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-orch-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = loadNodeConfig({ flags: { port: 0, dataDir, queryReplicas: 0, logLevel: 'silent', demo: true, demoIes: 50, reconcileIntervalMs: 200 } });

  it('deploys a TOSCA example on the dry-run runtime and keeps the service across a restart', async () => {
    let node = new FabricNode(config);
    try {
      const info = await node.start();
      expect(info.runtime).toEqual({ kind: 'dry-run', endpoint: 'dry-run' });
      const res = await fetch(`${info.url}/orchestration/services?name=portal`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: PORTAL });
      expect(res.status).toBe(201);
      const body = await res.json() as { components: Array<{ name: string; status: string; runtime?: { kind: string } }> };
      expect(body.components.find((c) => c.name === 'nginx')).toMatchObject({ status: 'Running', runtime: { kind: 'dry-run' } });
      await new Promise((r) => setTimeout(r, 500)); // a few reconciler passes
    } finally {
      await node.stop();
    }
    node = new FabricNode(config);
    try {
      const info = await node.start();
      const res = await fetch(`${info.url}/orchestration/services/portal`);
      expect(res.status).toBe(200);
      const body = await res.json() as { components: Array<{ name: string; status: string; history: unknown[] }> };
      // The new node's dry-run runtime starts empty: its reconciler re-applies the running component (polled, ≤ 20 s).
      type View = { components: Array<{ name: string; status: string; history: Array<{ to: string }> }> };
      let nginx: View['components'][number] | undefined;
      for (let i = 0; i < 100; i++) {
        const after = await (await fetch(`${info.url}/orchestration/services/portal`)).json() as View;
        nginx = after.components.find((c) => c.name === 'nginx')!;
        if (nginx.history.some((h) => h.to === 'Failed') && nginx.status === 'Running') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(body.components.find((c) => c.name === 'nginx')?.history.length).toBeGreaterThanOrEqual(3);
      expect(nginx!.status).toBe('Running');
      expect(nginx!.history.map((h) => h.to).slice(-3)).toEqual(['Failed', 'Starting', 'Running']);
    } finally {
      await node.stop();
    }
  });
});
