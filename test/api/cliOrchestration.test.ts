/**
 * `continuum deploy | services | undeploy` (issue 5) run through runCli against the HTTP app listening on a loopback
 * port, in-process, with the real TOSCA parser, a test-double Planner and the dry-run runtime.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { OrchestrationService } from '../../orchestration/OrchestrationService.js';
import { parseToscaService } from '../../orchestration/request/toscaRequest.js';
import { serviceRequestFromNgsiLd } from '../../orchestration/request/ngsiLdRequest.js';
import { FirstFitPlanner, IE, continuumStore, dryRunRegistry } from '../unit/orchestration/support/orchestrationFixture.js';
import { cliAgainst } from './support/cliAgainst.js';

const SERVICE = `tosca_definitions_version: tosca_simple_yaml_1_3
node_templates:
  web:
    type: tosca.nodes.Container.Application
    artifacts:
      application_image: { file: nginx:1.27, type: tosca.artifacts.Deployment.Image.Container.Docker }
`;

let app: FastifyInstance;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'cli-orchestration-'));
beforeAll(async () => {
  const store = await continuumStore(2);
  const { registry } = dryRunRegistry(store);
  const service = new OrchestrationService(store, new FirstFitPlanner(store, 2), registry);
  app = buildHttpApp({ store, config: { bodyLimitBytes: 100_000 }, orchestration: { service, parseTosca: parseToscaService, parseNgsiLd: serviceRequestFromNgsiLd } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  writeFileSync(join(dir, 'web.yaml'), SERVICE);
  writeFileSync(join(dir, 'bad.yaml'), 'tosca_definitions_version: tosca_simple_yaml_1_3\nnode_templates:\n  a: { type: tosca.nodes.Container.Application }\n');
  writeFileSync(join(dir, 'web.txt'), SERVICE);
});
afterAll(() => app.close());

const cli = cliAgainst(() => url);

describe('continuum deploy / services / undeploy', () => {
  it('deploys a TOSCA file and prints every component with its status, IE, runtime, decision and history', async () => {
    const res = await cli('deploy', join(dir, 'web.yaml'), '--name', 'web');
    expect(res).toMatchObject({ code: 0, err: '' });
    const lines = res.out.split('\n');
    expect(lines[0]).toBe('urn:ngsi-ld:Service:web  Deployed');
    expect(lines[1]).toBe(`  web   Running    ${IE(1)}`);
    expect(lines[2]).toBe('      runtime   dry-run dry-run');
    expect(lines[3]).toMatch(new RegExp(`^      decision  ${IE(1)} \\(score 1, 0 rejected\\) at `));
    expect(lines.slice(4, 7).map((l) => l.replace(/^ {6}\S+ {2}/, ''))).toEqual(['- → Locating', `Locating → Starting on ${IE(1)}`, `Starting → Running on ${IE(1)}`]);
  });

  it('lists services, shows one as JSON, and undeploys', async () => {
    const list = await cli('services');
    expect(list.out).toBe(`urn:ngsi-ld:Service:web  Deployed\n  web   Running    ${IE(1)}\n`);
    const one = await cli('services', 'web', '-o', 'json');
    expect(JSON.parse(one.out)).toMatchObject({ id: 'urn:ngsi-ld:Service:web', components: [{ name: 'web', status: 'Running' }] });
    const gone = await cli('undeploy', 'urn:ngsi-ld:Service:web');
    expect(gone.code).toBe(0);
    expect(gone.out.split('\n')[0]).toBe('urn:ngsi-ld:Service:web  Finished');
    expect(gone.out).toContain('Removing → Finished');
    const purged = await cli('undeploy', 'web', '--purge');
    expect(purged.out).toBe('Removed and purged web.\n');
    expect((await cli('services')).out).toBe('No services deployed (continuum deploy service.yaml).\n');
  });

  it('exits 1 with every problem of an invalid file, and on an unknown service or file type', async () => {
    const bad = await cli('deploy', join(dir, 'bad.yaml'), '--name', 'bad');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^error: the node answered 400 Invalid service request: /);
    expect(bad.err).toContain('problems:');
    const missing = await cli('services', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/404 .*No service urn:ngsi-ld:Service:nope/);
    const txt = await cli('deploy', join(dir, 'web.txt'));
    expect(txt).toMatchObject({ code: 1 });
    expect(txt.err).toMatch(/expected a TOSCA \.yaml\/\.yml file or NGSI-LD entities/);
  });
});
