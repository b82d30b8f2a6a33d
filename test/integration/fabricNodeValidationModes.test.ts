/**
 * FabricNode wires the `ngsiLdValidation` setting (issue 3: SHACL check of NGSI-LD writes per
 * type, reject or accept with a warning; docs/configuration.md) into the validator of a real
 * node: durable store in a temporary data directory, HTTP on a free port.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../fabric/config/ConfigError.js';
import { loadNodeConfig } from '../../fabric/config/loadNodeConfig.js';
import { FabricNode } from '../../fabric/node/FabricNode.js';

const IE = JSON.parse(readFileSync('test/fixtures/ngsi-ld/aeros-ie.normalized.json', 'utf8')) as Record<string, unknown>;

describe('FabricNode with per-type validation modes', () => {
  const dirs: string[] = [];
  const nodeWith = (spec: string): FabricNode => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cf-node-'));
    dirs.push(dataDir);
    return new FabricNode(loadNodeConfig({ flags: { port: 0, dataDir, queryReplicas: 0, logLevel: 'silent', ngsiLdValidation: spec } }));
  };
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('InfrastructureElement=warn: a violating IE is created with a Warning; the default still rejects a Domain', async () => {
    const node = nodeWith('reject,InfrastructureElement=warn');
    try {
      const { url } = await node.start();
      const post = (entity: unknown) => fetch(`${url}/ngsi-ld/v1/entities`, { method: 'POST', headers: { 'content-type': 'application/ld+json' }, body: JSON.stringify(entity) });
      const warned = await post({ ...IE, cpuCores: { type: 'Property', value: 'eight' } });
      expect(warned.status).toBe(201);
      expect(warned.headers.get('warning')).toMatch(/^199 continuum-fabric "accepted with \d+ shape violation\(s\): cpuCores/);
      const rejected = await post({ id: 'urn:ngsi-ld:Domain:x', type: 'Domain', isEntrypoint: { type: 'Property', value: 'yes' }, '@context': IE['@context'] });
      expect(rejected.status).toBe(400);
      expect((await rejected.json()).attribute).toBe('isEntrypoint');
    } finally {
      await node.stop();
    }
  });

  it('refuses to start when a configured type is not a term of the continuum @context', async () => {
    const node = nodeWith('InfrastuctureElement=warn');
    await expect(node.start().finally(() => node.stop())).rejects.toThrow(ConfigError);
  });
});
