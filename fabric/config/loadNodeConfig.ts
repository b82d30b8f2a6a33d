import { readFileSync } from 'node:fs';
import { ConfigError } from './ConfigError.js';
import { mergeValidationLayers, toValidationLayer, type NgsiLdValidationLayer } from './ngsiLdValidationConfig.js';
import { ORCHESTRATION_ENV_VARS, validateOrchestrationConfig } from './orchestrationConfig.js';
import { DEFAULT_CONFIG, LOG_LEVELS, type LogLevel, type NodeConfig, type PartialNodeConfig } from './NodeConfig.js';
import { isValidIri } from '../rdf/iriValidation.js';

/** Environment variables → config keys (docs/configuration.md). */
export const ENV_VARS: Readonly<Record<string, keyof NodeConfig>> = {
  CONTINUUM_HOST: 'host',
  CONTINUUM_PORT: 'port',
  CONTINUUM_DATA_DIR: 'dataDir',
  CONTINUUM_DOMAIN: 'domain',
  CONTINUUM_WRITE_TOKEN: 'writeToken',
  CONTINUUM_QUERY_TIMEOUT_MS: 'queryTimeoutMs',
  CONTINUUM_QUERY_REPLICAS: 'queryReplicas',
  CONTINUUM_READ_INDEX_ENTITIES: 'readIndexEntities',
  CONTINUUM_LOG_LEVEL: 'logLevel',
  CONTINUUM_BODY_LIMIT: 'bodyLimitBytes',
  CONTINUUM_DEMO: 'demo',
  CONTINUUM_DEMO_IES: 'demoIes',
  CONTINUUM_DEMO_SEED: 'demoSeed',
  CONTINUUM_INCREMENTAL_REASONING: 'incrementalReasoning',
  CONTINUUM_REASONING_DEBOUNCE_MS: 'reasoningDebounceMs',
  CONTINUUM_TRUST_RERANK_INTERVAL_MS: 'trustRerankIntervalMs',
  CONTINUUM_TRUST_IN_REASONER_WORKER: 'trustInReasonerWorker',
  CONTINUUM_TENANT_REASONER_IDLE_MS: 'tenantReasonerIdleMs',
  CONTINUUM_MAX_TENANT_REASONERS: 'maxTenantReasoners',
  CONTINUUM_NGSI_LD_VALIDATION: 'ngsiLdValidation',
  ...ORCHESTRATION_ENV_VARS,
};

const KEYS = Object.keys(DEFAULT_CONFIG) as (keyof NodeConfig)[];

export interface ConfigSources {
  /** Path of a JSON config file (keys as in NodeConfig). */
  readonly configFile?: string;
  /** Process environment; only CONTINUUM_* variables are read. */
  readonly env?: NodeJS.ProcessEnv;
  /** Values from command-line flags (undefined = not given). */
  readonly flags?: PartialNodeConfig;
}

/** Merge defaults → file → environment → flags and validate the result. Throws ConfigError with the offending source. */
export function loadNodeConfig(sources: ConfigSources = {}): NodeConfig {
  const layers: Array<[string, PartialNodeConfig]> = [['defaults', { ...DEFAULT_CONFIG }]];
  if (sources.configFile) layers.push([`config file ${sources.configFile}`, readConfigFile(sources.configFile)]);
  if (sources.env) layers.push(['environment', fromEnv(sources.env)]);
  if (sources.flags) layers.push(['command line', sources.flags]);

  const merged: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  const validationLayers: NgsiLdValidationLayer[] = [];
  for (const [source, layer] of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (!KEYS.includes(key as keyof NodeConfig)) {
        throw new ConfigError(source, key, `unknown key; known keys: ${KEYS.join(', ')}`);
      }
      if (key === 'ngsiLdValidation') {
        // Merged entry by entry rather than replaced (ngsiLdValidationConfig.ts).
        try {
          validationLayers.push(toValidationLayer(value));
        } catch (e) {
          throw new ConfigError(source, key, (e as Error).message);
        }
        continue;
      }
      merged[key] = value;
      origin[key] = source;
    }
  }
  return { ...validate(merged, origin), ngsiLdValidation: mergeValidationLayers(DEFAULT_CONFIG.ngsiLdValidation, validationLayers) };
}

export function readConfigFile(path: string): PartialNodeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`config file ${path}`, '--config', `cannot read file: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${path}`, '--config', `not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${path}`, '--config', 'expected a JSON object');
  }
  return parsed as PartialNodeConfig;
}

function fromEnv(env: NodeJS.ProcessEnv): PartialNodeConfig {
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_VARS)) {
    const value = env[name];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out as PartialNodeConfig;
}

function validate(raw: Record<string, unknown>, origin: Record<string, string>): Omit<NodeConfig, 'ngsiLdValidation'> {
  const err = (key: string, detail: string) => new ConfigError(origin[key] ?? 'defaults', key, detail);
  const str = (key: string): string => {
    const v = raw[key];
    if (typeof v !== 'string' || v.trim() === '') throw err(key, `expected a non-empty string, got ${JSON.stringify(v)}`);
    return v.trim();
  };
  const int = (key: string, min: number, max: number): number => {
    const v = raw[key];
    const n = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw err(key, `expected an integer, got ${JSON.stringify(v)}`);
    if (n < min || n > max) throw err(key, `must be between ${min} and ${max}, got ${n}`);
    return n;
  };
  const bool = (key: string): boolean => {
    const v = raw[key];
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|1|yes|on)$/i.test(v)) return true;
    if (typeof v === 'string' && /^(false|0|no|off)$/i.test(v)) return false;
    throw err(key, `expected true or false, got ${JSON.stringify(v)}`);
  };

  const domain = str('domain');
  if (!isValidIri(domain)) throw err('domain', `expected an absolute IRI such as urn:ngsi-ld:Domain:local, got "${domain}"`);
  const logLevel = str('logLevel') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw err('logLevel', `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const token = raw.writeToken;
  if (token !== undefined && (typeof token !== 'string' || token.length < 8)) {
    throw err('writeToken', 'expected a string of at least 8 characters');
  }
  let bodyLimitBytes: number;
  try {
    bodyLimitBytes = parseByteSize(raw.bodyLimitBytes);
  } catch (e) {
    throw err('bodyLimitBytes', (e as Error).message);
  }
  return {
    host: str('host'),
    port: int('port', 0, 65535),
    dataDir: str('dataDir'),
    domain,
    writeToken: token as string | undefined,
    queryTimeoutMs: int('queryTimeoutMs', 1, 24 * 3600 * 1000),
    queryReplicas: int('queryReplicas', 0, 64),
    readIndexEntities: int('readIndexEntities', 0, 100_000_000),
    logLevel,
    bodyLimitBytes,
    demo: bool('demo'),
    demoIes: int('demoIes', 0, 10_000_000),
    demoSeed: int('demoSeed', 0, 2 ** 32 - 1),
    incrementalReasoning: bool('incrementalReasoning'),
    reasoningDebounceMs: int('reasoningDebounceMs', 0, 3_600_000),
    trustRerankIntervalMs: int('trustRerankIntervalMs', 0, 3_600_000),
    trustInReasonerWorker: bool('trustInReasonerWorker'),
    tenantReasonerIdleMs: int('tenantReasonerIdleMs', 1000, 7 * 24 * 3_600_000),
    maxTenantReasoners: int('maxTenantReasoners', 1, 1024),
    // Orchestration (issue 5): default runtimes and reconciler pacing (orchestrationConfig.ts).
    ...validateOrchestrationConfig({
      optionalString: (key) => (raw[key] === undefined ? undefined : str(key)),
      str, int, fail: err,
    }),
  };
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

/** Parse a byte size: an integer number of bytes or a string like "64mb", "512kb", "1gb" (binary units). */
export function parseByteSize(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
    const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
    if (m && unit !== undefined) {
      const n = Math.floor(Number(m[1]) * unit);
      if (n > 0) return n;
    }
  }
  throw new Error(`expected a positive size such as 67108864 or "64mb", got ${JSON.stringify(value)}`);
}
