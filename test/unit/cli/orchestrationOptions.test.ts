/** `continuum deploy | services | undeploy`: option parsing and usage errors; serve's orchestration flags. */
import { buildProgram, DEFAULT_URL, type CliActions } from '../../../fabric/cli/program.js';
import { recordingProgram } from './recordingProgram.js';
import { resolveServeConfig } from '../../../fabric/cli/commands/serveCommand.js';
import { serviceFileType } from '../../../fabric/cli/commands/orchestrationCommands.js';

function recorder() {
  const calls: unknown[][] = [];
  const noop = async () => undefined;
  const actions: CliActions = {
    serve: async (o) => { calls.push(['serve', o]); }, load: noop, query: noop, validate: noop, dump: noop,
    deploy: async (f, o) => { calls.push(['deploy', f, o]); },
    services: async (i, o) => { calls.push(['services', i, o]); },
    undeploy: async (i, o) => { calls.push(['undeploy', i, o]); },
  };
  return { calls, ...recordingProgram(actions) };
}

describe('continuum orchestration commands (options)', () => {
  const saved = { url: process.env.CONTINUUM_URL, token: process.env.CONTINUUM_WRITE_TOKEN };
  beforeEach(() => { delete process.env.CONTINUUM_URL; delete process.env.CONTINUUM_WRITE_TOKEN; });
  afterAll(() => {
    if (saved.url !== undefined) process.env.CONTINUUM_URL = saved.url;
    if (saved.token !== undefined) process.env.CONTINUUM_WRITE_TOKEN = saved.token;
  });

  it('parses deploy, services and undeploy with their defaults', async () => {
    const { calls, run } = recorder();
    await run('deploy', 's.yaml');
    await run('deploy', 's.yaml', '--name', 'shop', '--update', 'urn:ngsi-ld:Service:shop', '--token', 'secret-123', '-o', 'json');
    await run('services');
    await run('services', 'shop', '--url', 'http://h:1');
    await run('undeploy', 'shop', '--purge');
    expect(calls).toEqual([
      ['deploy', 's.yaml', { url: DEFAULT_URL, output: 'text' }],
      ['deploy', 's.yaml', { url: DEFAULT_URL, name: 'shop', update: 'urn:ngsi-ld:Service:shop', token: 'secret-123', output: 'json' }],
      ['services', undefined, { url: DEFAULT_URL, output: 'text' }],
      ['services', 'shop', { url: 'http://h:1', output: 'text' }],
      ['undeploy', 'shop', { url: DEFAULT_URL, purge: true, output: 'text' }],
    ]);
  });

  it.each([
    [['deploy'], /missing required argument 'file'/],
    [['undeploy'], /missing required argument 'id'/],
    [['services', '-o', 'yaml'], /Allowed choices are text, json/],
  ])('rejects %j as a usage error', async (args, message) => {
    const { run, errors, calls } = recorder();
    await expect(run(...args)).rejects.toMatchObject({ code: expect.stringMatching(/^commander\./) });
    expect(errors.join('')).toMatch(message);
    expect(calls).toEqual([]);
  });

  it('serve takes the runtime flags into the node config', async () => {
    const { calls, run } = recorder();
    await run('serve', '--docker-socket', '/var/run/docker.sock', '--containerd-socket', '/c.sock', '--containerd-namespace', 'n1', '--reconcile-interval', '500');
    const config = resolveServeConfig(calls[0][1] as object, { CONTINUUM_KUBECONFIG: '/k' });
    expect([config.dockerSocket, config.containerdSocket, config.containerdNamespace, config.kubeconfig, config.reconcileIntervalMs, config.runtime])
      .toEqual(['/var/run/docker.sock', '/c.sock', 'n1', '/k', 500, undefined]);
  });

  it('sends .yaml as TOSCA and .json as NGSI-LD entities', () => {
    expect(serviceFileType('a/b.YML')).toBe('application/yaml');
    expect(serviceFileType('x.jsonld')).toBe('application/ld+json');
    expect(() => serviceFileType('x.toml')).toThrow(/expected a TOSCA/);
  });

  it('is listed in --help', () => {
    const noop = async () => undefined;
    const help = buildProgram({ serve: noop, load: noop, query: noop, validate: noop, dump: noop }).helpInformation();
    expect(help).toMatch(/deploy \[options\] <file>/);
    expect(help).toMatch(/services \[options\] \[id\]/);
    expect(help).toMatch(/undeploy \[options\] <id>/);
  });
});
