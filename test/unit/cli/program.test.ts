import { ENV_VARS } from '../../../fabric/config/loadNodeConfig.js';
import { buildProgram, type CliActions } from '../../../fabric/cli/program.js';
import { recordingProgram } from './recordingProgram.js';
import { resolveServeConfig } from '../../../fabric/cli/commands/serveCommand.js';

type Call = [keyof CliActions, ...unknown[]];

function recorder() {
  const calls: Call[] = [];
  const actions: CliActions = {
    serve: async (o) => { calls.push(['serve', o]); },
    load: async (f, o) => { calls.push(['load', f, o]); },
    query: async (q, o) => { calls.push(['query', q, o]); },
    validate: async (f, o) => { calls.push(['validate', f, o]); },
    dump: async (o) => { calls.push(['dump', o]); },
  };
  return { calls, ...recordingProgram(actions) };
}

describe('continuum command line', () => {
  it('parses serve flags into typed options and leaves absent flags undefined', async () => {
    const { calls, run } = recorder();
    await run('serve', '--port', '8080', '--host', '0.0.0.0', '--data-dir', '/d', '--query-timeout', '5000', '--replicas', '2', '--no-demo', '--log-level', 'warn');
    expect(calls).toEqual([['serve', { port: 8080, host: '0.0.0.0', dataDir: '/d', queryTimeout: 5000, replicas: 2, demo: false, logLevel: 'warn' }]]);
  });

  it('--ngsi-ld-validation reaches the node config, merged over CONTINUUM_NGSI_LD_VALIDATION', async () => {
    const { calls, run } = recorder();
    await run('serve', '--ngsi-ld-validation', 'InfrastructureElement=warn');
    const config = resolveServeConfig(calls[0][1] as object, { CONTINUUM_NGSI_LD_VALIDATION: 'off,Domain=reject' });
    expect(config.ngsiLdValidation).toEqual({ default: 'off', types: { Domain: 'reject', InfrastructureElement: 'warn' } });
  });

  it('--reasoning-debounce and --trust-rerank-interval reach the node config; the interval defaults to 20 min', async () => {
    const { calls, run } = recorder();
    await run('serve', '--incremental-reasoning', '--reasoning-debounce', '50', '--trust-rerank-interval', '0');
    const config = resolveServeConfig(calls[0][1] as object, { CONTINUUM_TRUST_RERANK_INTERVAL_MS: '9000' });
    expect([config.incrementalReasoning, config.reasoningDebounceMs, config.trustRerankIntervalMs]).toEqual([true, 50, 0]);
    expect(resolveServeConfig({}, {}).trustRerankIntervalMs).toBe(1_200_000);
  });

  it('--tenant-reasoner-idle and --max-tenant-reasoners reach the node config over the environment and the config file; defaults 10 min and 8', async () => {
    const { calls, run } = recorder();
    await run('serve', '--tenant-reasoner-idle', '30000', '--max-tenant-reasoners', '3');
    expect(calls[0][1]).toEqual({ tenantReasonerIdle: 30_000, maxTenantReasoners: 3 });
    const config = resolveServeConfig(calls[0][1] as object, { CONTINUUM_TENANT_REASONER_IDLE_MS: '9000', CONTINUUM_MAX_TENANT_REASONERS: '5' });
    expect([config.tenantReasonerIdleMs, config.maxTenantReasoners]).toEqual([30_000, 3]);
    const fromEnv = resolveServeConfig({}, { CONTINUUM_TENANT_REASONER_IDLE_MS: '9000', CONTINUUM_MAX_TENANT_REASONERS: '5' });
    expect([fromEnv.tenantReasonerIdleMs, fromEnv.maxTenantReasoners]).toEqual([9000, 5]);
    const defaults = resolveServeConfig({}, {});
    expect([defaults.tenantReasonerIdleMs, defaults.maxTenantReasoners]).toEqual([600_000, 8]);
    await expect(run('serve', '--max-tenant-reasoners', '0')).rejects.toThrow(/between 1 and 1024/);
  });

  it('--demo-ies and --demo-seed imply --demo, unless --no-demo says otherwise', async () => {
    const { calls, run } = recorder();
    await run('serve', '--demo-ies', '30');
    await run('serve', '--demo-seed', '7', '--no-demo');
    await run('serve', '--port', '1');
    expect(calls.map((c) => resolveServeConfig(c[1] as object, {}).demo)).toEqual([true, false, false]);
    expect(resolveServeConfig(calls[0][1] as object, {}).demoIes).toBe(30);
  });

  it('serve flags beat the environment, which beats defaults', async () => {
    const { calls, run } = recorder();
    await run('serve', '--demo', '--port', '9000');
    const config = resolveServeConfig(calls[0][1] as object, { CONTINUUM_PORT: '7000', CONTINUUM_QUERY_TIMEOUT_MS: '1234' });
    expect([config.port, config.queryTimeoutMs, config.demo, config.host]).toEqual([9000, 1234, true, '127.0.0.1']);
  });

  it.each([
    [['serve', '--port', 'abc'], /--port must be an integer/],
    [['serve', '--port', '70000'], /--port must be between 0 and 65535/],
    [['serve', '--log-level', 'loud'], /Allowed choices are fatal/],
    [['query', '-o', 'xml', 'ASK {}'], /Allowed choices are table, json, csv/],
    [['load'], /missing required argument 'files'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('rejects %j', async (args, message) => {
    const { run, errors, calls } = recorder();
    await expect(run(...args)).rejects.toThrow();
    expect(errors.join('')).toMatch(message);
    expect(calls).toEqual([]);
  });

  it('parses load with defaults (url, chunk size, progress)', async () => {
    const { calls, run } = recorder();
    await run('load', 'a.ttl', 'b.nq', '--graph', 'urn:g');
    expect(calls).toEqual([['load', ['a.ttl', 'b.nq'], { url: 'http://127.0.0.1:1026', graph: 'urn:g', chunkSize: 50000, progress: true }]]);
  });

  it('parses query, validate and dump', async () => {
    const { calls, run } = recorder();
    await run('query', '--url', 'http://h:1', '-o', 'csv', 'SELECT * {}');
    await run('query', '-f', 'q.rq');
    await run('validate', 'x.ttl', '--shapes', 's/');
    await run('dump', '--data-dir', 'd', '-g', 'urn:g');
    expect(calls).toEqual([
      ['query', 'SELECT * {}', { url: 'http://h:1', output: 'csv' }],
      ['query', undefined, { url: 'http://127.0.0.1:1026', output: 'table', file: 'q.rq' }],
      ['validate', ['x.ttl'], { shapes: 's/', output: 'text' }],
      ['dump', { url: 'http://127.0.0.1:1026', dataDir: 'd', graph: 'urn:g' }],
    ]);
  });

  it('documents every subcommand and the serve flags in --help', () => {
    const noop = async () => undefined;
    const program = buildProgram({ serve: noop, load: noop, query: noop, validate: noop, dump: noop });
    const help = program.helpInformation();
    for (const c of ['serve', 'load', 'query', 'validate', 'dump']) expect(help).toContain(c);
    const serveHelp = program.commands.find((c) => c.name() === 'serve')!.helpInformation();
    for (const f of ['--port', '--host', '--data-dir', '--domain', '--config', '--write-token', '--query-timeout', '--replicas', '--demo', '--no-demo', '--log-level']) {
      expect(serveHelp).toContain(f);
    }
    expect(help).toContain('entities');
  });

  it('lists every environment variable the configuration reads in serve --help', () => {
    const noop = async () => undefined;
    const serve = buildProgram({ serve: noop, load: noop, query: noop, validate: noop, dump: noop }).commands.find((c) => c.name() === 'serve')!;
    let out = '';
    serve.configureOutput({ writeOut: (text) => { out += text; } });
    serve.outputHelp();
    for (const name of Object.keys(ENV_VARS)) expect(out).toContain(name);
    expect(out).toContain('CONTINUUM_DEMO_IES');
  });
});
