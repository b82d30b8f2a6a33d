import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNodeConfig, parseByteSize } from '../../../fabric/config/loadNodeConfig.js';
import { DEFAULT_CONFIG } from '../../../fabric/config/NodeConfig.js';
import { ConfigError } from '../../../fabric/config/ConfigError.js';

const configFile = (content: unknown): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'cf-config-')), 'node.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('loadNodeConfig (defaults → file → environment → flags)', () => {
  it('gives safe defaults with no sources', () => {
    const c = loadNodeConfig();
    expect(c).toEqual(DEFAULT_CONFIG);
    expect([c.host, c.port, c.dataDir, c.queryTimeoutMs, c.queryReplicas]).toEqual(['127.0.0.1', 1026, './data', 30000, 1]);
    expect(c.bodyLimitBytes).toBe(64 * 1024 * 1024);
  });

  it('lets each layer override the one below it', () => {
    const file = configFile({ port: 2000, host: '0.0.0.0', dataDir: '/srv/file', logLevel: 'debug' });
    const env = { CONTINUUM_PORT: '3000', CONTINUUM_DATA_DIR: '/srv/env', CONTINUUM_QUERY_REPLICAS: '4' };
    const c = loadNodeConfig({ configFile: file, env, flags: { port: 4000, dataDir: undefined } });
    expect(c.port).toBe(4000); // flag
    expect(c.dataDir).toBe('/srv/env'); // env beats file; an undefined flag does not erase it
    expect(c.queryReplicas).toBe(4); // env, coerced from text
    expect(c.host).toBe('0.0.0.0'); // file
    expect(c.logLevel).toBe('debug'); // file
    expect(c.queryTimeoutMs).toBe(30000); // default
  });

  it('reads every CONTINUUM_* variable', () => {
    const c = loadNodeConfig({ env: {
      CONTINUUM_HOST: '::1', CONTINUUM_PORT: '0', CONTINUUM_DATA_DIR: 'd', CONTINUUM_DOMAIN: 'urn:ngsi-ld:Domain:x',
      CONTINUUM_WRITE_TOKEN: 'secret-token', CONTINUUM_QUERY_TIMEOUT_MS: '500', CONTINUUM_QUERY_REPLICAS: '0',
      CONTINUUM_LOG_LEVEL: 'warn', CONTINUUM_BODY_LIMIT: '2mb', CONTINUUM_DEMO: 'yes', CONTINUUM_DEMO_IES: '7', CONTINUUM_DEMO_SEED: '9',
      CONTINUUM_INCREMENTAL_REASONING: 'off', CONTINUUM_REASONING_DEBOUNCE_MS: '50', CONTINUUM_TRUST_RERANK_INTERVAL_MS: '0',
      CONTINUUM_NGSI_LD_VALIDATION: 'warn,InfrastructureElement=off',
      CONTINUUM_RUNTIME: 'containerd', CONTINUUM_DOCKER_SOCKET: '/d.sock', CONTINUUM_CONTAINERD_SOCKET: '/c.sock',
      CONTINUUM_CONTAINERD_NAMESPACE: 'ns', CONTINUUM_KUBECONFIG: '/k', CONTINUUM_RECONCILE_INTERVAL_MS: '2000',
      CONTINUUM_MIGRATE_AFTER_OBSERVATIONS: '5', CONTINUUM_MIGRATE_MIN_DWELL_MS: '0',
      CONTINUUM_REPLACE_AFTER_FAILURES: '2', CONTINUUM_MAX_REPLACE_BACKOFF_MS: '30000', CONTINUUM_MAX_REPLACE_ATTEMPTS: '4',
      CONTINUUM_HISTORY_LIMIT: '50', CONTINUUM_DECISIONS_KEPT: '3', CONTINUUM_TRUST_IN_REASONER_WORKER: 'yes',
      CONTINUUM_READ_INDEX_ENTITIES: '250000', CONTINUUM_TENANT_REASONER_IDLE_MS: '60000', CONTINUUM_MAX_TENANT_REASONERS: '2',
    } });
    expect(c).toEqual({ host: '::1', port: 0, dataDir: 'd', domain: 'urn:ngsi-ld:Domain:x', writeToken: 'secret-token', queryTimeoutMs: 500,
      queryReplicas: 0, readIndexEntities: 250_000, logLevel: 'warn', bodyLimitBytes: 2 * 1024 * 1024, demo: true, demoIes: 7, demoSeed: 9, incrementalReasoning: false, reasoningDebounceMs: 50, trustRerankIntervalMs: 0, trustInReasonerWorker: true,
      tenantReasonerIdleMs: 60_000, maxTenantReasoners: 2,
      ngsiLdValidation: { default: 'warn', types: { InfrastructureElement: 'off' } },
      runtime: 'containerd', dockerSocket: '/d.sock', containerdSocket: '/c.sock', containerdNamespace: 'ns', kubeconfig: '/k',
      reconcileIntervalMs: 2000, migrateAfterObservations: 5, migrateMinDwellMs: 0, replaceAfterFailures: 2, maxReplaceBackoffMs: 30000, maxReplaceAttempts: 4, historyLimit: 50, decisionsKept: 3 });
  });

  it.each([
    [{ env: { CONTINUUM_PORT: '70000' } }, /port \(from environment\): must be between 0 and 65535/],
    [{ env: { CONTINUUM_PORT: 'http' } }, /port \(from environment\): expected an integer/],
    [{ flags: { logLevel: 'loud' } }, /logLevel \(from command line\): expected one of fatal/],
    [{ flags: { domain: 'not an iri' } }, /domain .*absolute IRI/],
    [{ flags: { queryTimeoutMs: 0 } }, /queryTimeoutMs .* between 1/],
    [{ flags: { writeToken: 'short' } }, /writeToken .*at least 8/],
    [{ env: { CONTINUUM_BODY_LIMIT: 'lots' } }, /bodyLimitBytes \(from environment\)/],
    [{ env: { CONTINUUM_HISTORY_LIMIT: '5' } }, /historyLimit \(from environment\): must be between 10/],
    [{ env: { CONTINUUM_DECISIONS_KEPT: '0' } }, /decisionsKept \(from environment\): must be between 1/],
    [{ env: { CONTINUUM_DEMO: 'maybe' } }, /demo \(from environment\): expected true or false/],
    [{ env: { CONTINUUM_RUNTIME: 'podman' } }, /runtime \(from environment\): expected one of docker, containerd, kubernetes, dry-run/],
    [{ flags: { runtime: 'docker' } }, /runtime docker needs dockerSocket/],
    [{ env: { CONTINUUM_MIGRATE_AFTER_OBSERVATIONS: '0' } }, /migrateAfterObservations .* between 1/],
    [{ env: { CONTINUUM_REPLACE_AFTER_FAILURES: '0' } }, /replaceAfterFailures .* between 1/],
    [{ env: { CONTINUUM_READ_INDEX_ENTITIES: 'all' } }, /readIndexEntities \(from environment\): expected an integer/],
    [{ env: { CONTINUUM_MAX_REPLACE_ATTEMPTS: '-1' } }, /maxReplaceAttempts \(from environment\): must be between 0/],
    [{ env: { CONTINUUM_MAX_TENANT_REASONERS: '0' } }, /maxTenantReasoners \(from environment\): must be between 1 and 1024/],
    [{ flags: { tenantReasonerIdleMs: 10 } }, /tenantReasonerIdleMs \(from command line\): must be between 1000/],
  ])('rejects %j with a clear message', (sources, message) => {
    expect(() => loadNodeConfig(sources)).toThrow(ConfigError);
    expect(() => loadNodeConfig(sources)).toThrow(message);
  });

  it('names the config file in errors: unknown keys, bad JSON, missing file', () => {
    const unknown = configFile({ prot: 1 });
    expect(() => loadNodeConfig({ configFile: unknown })).toThrow(new RegExp(`prot \\(from config file ${unknown}\\): unknown key`));
    expect(() => loadNodeConfig({ configFile: configFile('{ port: ') })).toThrow(/not valid JSON/);
    expect(() => loadNodeConfig({ configFile: configFile('[1]') })).toThrow(/expected a JSON object/);
    expect(() => loadNodeConfig({ configFile: '/nonexistent/cf.json' })).toThrow(/cannot read file/);
  });
});

describe('parseByteSize', () => {
  it('parses integers and binary units', () => {
    expect([parseByteSize(1000), parseByteSize('512kb'), parseByteSize('64MB'), parseByteSize('1g'), parseByteSize('1.5m')])
      .toEqual([1000, 524288, 67108864, 1073741824, 1572864]);
  });
  it('rejects zero, negatives and unknown units', () => {
    for (const bad of [0, -1, '0', '5 parsecs', '', 1.5]) expect(() => parseByteSize(bad)).toThrow(/positive size/);
  });
});
