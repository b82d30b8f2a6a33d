/**
 * `continuum explain <IRI>` also prints the policy verdicts about the resource (docs/policies.md "Explanations"), and
 * `continuum policies list|violations|check`: run through runCli against the HTTP app on a loopback port, over the
 * demo continuum with the built-in policies.
 */
import oxigraph from 'oxigraph';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';
import { seedFreshStore } from '../../fabric/node/seedFreshStore.js';
import { packageRoot } from '../../fabric/validation/modelFiles.js';
import { cliAgainst } from './support/cliAgainst.js';

const ingest = 'urn:ngsi-ld:ServiceComponent:video-analytics:ingest';
let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  const store = new MemoryGraphStore();
  await seedFreshStore(store, { packageRoot: packageRoot(), demo: true, demoIes: 50, demoSeed: 42 });
  const g = oxigraph.namedNode(ingest);
  await store.commit({ deletes: [], inserts: [oxigraph.quad(g, oxigraph.namedNode('https://w3id.org/continuum-fabric/ns#dataLabel'), oxigraph.literal('personal-data'), g)] });
  app = buildHttpApp({ store, config: { bodyLimitBytes: 100_000 } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

const cli = cliAgainst(() => url);
const explain = (...args: string[]) => cli('explain', ...args);

describe('continuum explain and policies', () => {
  it('explains the verdict about a component: policy, severity, message and the facts', async () => {
    const { code, out } = await explain(ingest);
    expect(code).toBe(0);
    expect(out).toContain('Policy verdicts:');
    expect(out).toContain(`policy "Personal data stays in the EU" <https://w3id.org/continuum-fabric/policies#PersonalDataInEU>: Violation at <${ingest}>`);
    expect(out).toContain(`<${ingest}> <https://w3id.org/continuum-fabric/ns#dataLabel> "personal-data"`);
  });

  it('explains a policy IRI by its current violations; a resource without verdicts prints none', async () => {
    const { out } = await explain('https://w3id.org/continuum-fabric/policies#PersonalDataInEU');
    expect(out).toContain(`Violation at <${ingest}>`);
    const clean = await explain('urn:ngsi-ld:ServiceComponent:video-analytics:detector');
    expect(clean.out).not.toContain('Policy verdicts:');
  });
});

describe('continuum policies', () => {
  it('list prints the ten policies with id, severity and label', async () => {
    const { code, out } = await cli('policies', 'list');
    expect(code).toBe(0);
    expect(out).toMatch(/^PersonalDataInEU\s+Violation\s+Personal data stays in the EU$/m);
    expect(out.match(/<https:\/\/w3id.org\/continuum-fabric\/policies#/g)).toHaveLength(10);
  });

  it('check exits 1 with the violated policy, and 0 with "allowed"', async () => {
    const refused = await cli('policies', 'check', `${ingest}=urn:ngsi-ld:InfrastructureElement:far-edge:00001`, '--explain');
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/^NOT allowed/);
    expect(refused.out).toContain('<https://w3id.org/continuum-fabric/ns#infrastructureElement> <urn:ngsi-ld:InfrastructureElement:far-edge:00001>   [proposed]');
    expect(refused.err).toMatch(/^error: the placement violates a policy/);
    const ok = await cli('policies', 'check', 'urn:ngsi-ld:ServiceComponent:video-analytics:detector=urn:ngsi-ld:InfrastructureElement:cloud:00002');
    expect(ok).toMatchObject({ code: 0, out: 'allowed\n' });
  });

  it('violations --focus lists the verdicts about one resource; --output json is the node answer', async () => {
    const { out } = await cli('policies', 'violations', '--focus', ingest);
    expect(out).toContain(`Violation at <${ingest}>`);
    const json = JSON.parse((await cli('policies', 'violations', '-o', 'json')).out);
    expect(json.violations.map((v: { focusNode: string }) => v.focusNode)).toContain(ingest);
  });
});
