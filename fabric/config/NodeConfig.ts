/**
 * The one typed configuration of a fabric node. Sources merge from lowest to
 * highest precedence: defaults → config file → environment → command-line flags
 * (see loadNodeConfig.ts and docs/configuration.md).
 */
import type { NgsiLdValidationConfig } from './ngsiLdValidationConfig.js';
import { DEFAULT_ORCHESTRATION_CONFIG, type OrchestrationConfig } from './orchestrationConfig.js';
import { DEFAULT_CACHED_ENTITIES } from '../ngsi-ld/index/EntityCache.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface NodeConfig extends OrchestrationConfig {
  /** Interface to listen on; loopback by default so a fresh node is not exposed. */
  readonly host: string;
  readonly port: number;
  /** Directory of the durable store (snapshot + write-ahead log). */
  readonly dataDir: string;
  /** IRI of the aerOS Domain this node serves. */
  readonly domain: string;
  /** Bearer token required for writes from non-loopback clients; undefined = only loopback may write. */
  readonly writeToken?: string;
  /** SPARQL query time limit in milliseconds. */
  readonly queryTimeoutMs: number;
  /** Read replicas answering queries in worker threads (0 = in the main thread, without a time limit). */
  readonly queryReplicas: number;
  /**
   * Entities each tenant's NGSI-LD read index keeps decoded (least recently used go first; ≈ 1.9 KB of heap per aerOS
   * IE, fabric/ngsi-ld/index/EntityCache.ts). A retrieve or query of an entity beyond it reads the store. 0 = none.
   */
  readonly readIndexEntities: number;
  readonly logLevel: LogLevel;
  /** Maximum request body size in bytes. */
  readonly bodyLimitBytes: number;
  /** Load the generated demo continuum into a fresh (empty) data dir. */
  readonly demo: boolean;
  /** Number of InfrastructureElements of the demo continuum. */
  readonly demoIes: number;
  /** Seed of the demo generator's PRNG (same seed → same continuum). */
  readonly demoSeed: number;
  /**
   * Re-run only the rules and trust scores a data change can affect, debounced (docs/reasoner.md, docs/trust.md).
   * On by default (since 2026-12-04): without it a node computes no trust score, no Untrusted status and no derived
   * fact (e.g. the aerOS view of an IE written with the Smart Data Models @context) until someone asks for a run, which
   * is not what issues 3 and 4 promise. It costs writes: off, concurrent NGSI-LD creates are faster (docs/benchmarks.md
   * §3, §4); bulk loaders can turn it off and run POST /reasoner/run and /trust/recompute afterwards.
   */
  readonly incrementalReasoning: boolean;
  /** Changes within this many milliseconds are processed together by the incremental reasoner and trust. */
  readonly reasoningDebounceMs: number;
  /**
   * With incremental reasoning, a domain's other members are re-ranked (TOPSIS, aerOS Trust Manager) at most once per
   * this many milliseconds; the changed IEs' own scores are still written after the debounce (docs/trust.md
   * "Re-ranking under a write load"). 0 = re-rank on every change.
   */
  readonly trustRerankIntervalMs: number;
  /**
   * With incremental reasoning, trust on change runs in the reasoner's worker thread instead of the main thread
   * (docs/trust.md "In the reasoner's worker thread"): it helps a node saturated by writes (2–4× the creates/s in
   * that case) but a score then waits behind the reasoner's batches (one IE's telemetry → its score at 10k IEs:
   * 58 ms vs 24.5 ms on the main thread, goal ≤ 50 ms), hence off by default.
   */
  readonly trustInReasonerWorker: boolean;
  /**
   * With incremental reasoning, a named NGSI-LD tenant's reasoner and trust on change (a worker thread with a copy of
   * the tenant's data) stop once no write came to the tenant for this many milliseconds and they have caught up; the
   * next write starts them again with a full run (docs/reasoner.md "Tenants").
   */
  readonly tenantReasonerIdleMs: number;
  /**
   * With incremental reasoning, at most this many named tenants' reasoners run at once. Starting one more (a write to
   * another tenant) stops the least recently written tenant's reasoner at once, caught up or not: its next start's full
   * run derives what it left out (docs/reasoner.md "Tenants").
   */
  readonly maxTenantReasoners: number;
  /**
   * SHACL validation of NGSI-LD writes per entity type: `reject` (400 BadRequestData),
   * `warn` (accepted with a Warning header) or `off` (docs/configuration.md).
   */
  readonly ngsiLdValidation: NgsiLdValidationConfig;
}

export const DEFAULT_CONFIG: NodeConfig = {
  host: '127.0.0.1',
  port: 1026,
  dataDir: './data',
  domain: 'urn:ngsi-ld:Domain:local',
  writeToken: undefined,
  queryTimeoutMs: 30_000,
  queryReplicas: 1,
  readIndexEntities: DEFAULT_CACHED_ENTITIES,
  logLevel: 'info',
  bodyLimitBytes: 64 * 1024 * 1024,
  demo: false,
  demoIes: 50,
  demoSeed: 42,
  incrementalReasoning: true,
  reasoningDebounceMs: 500,
  // 20 minutes, the aerOS Trust Manager's own period for re-ranking reliability (reliabilityInterval in its manager.ini):
  // each re-ranking rewrites most of a domain (TOPSIS re-normalises), at 10k IEs under telemetry ≈ 20 s of main-thread
  // CPU + 6 s of GC per re-ranking, i.e. ≈ 35–45 % of a core at the earlier 60 s (docs/benchmarks.md §4 "Trust's writes";
  // §5 "Trust on change under concurrent creates" for 2 s vs 60 s). The changed IEs' own scores are written after the
  // debounce whatever the interval (docs/trust.md "Re-ranking under a write load").
  trustRerankIntervalMs: 1_200_000,
  trustInReasonerWorker: false,
  tenantReasonerIdleMs: 600_000,
  // Each running tenant reasoner is a worker thread holding a copy of its tenant's data (≈ 140 MiB for a small tenant,
  // docs/benchmarks.md §3 "Named tenants' reasoners"): 8 bounds that to ≈ 1.1 GiB while a few tenants are written at once.
  maxTenantReasoners: 8,
  ngsiLdValidation: { default: 'reject', types: {} },
  ...DEFAULT_ORCHESTRATION_CONFIG,
};

/** A partial configuration as one source (file, environment, flags) supplies it, before validation. */
export type PartialNodeConfig = { -readonly [K in keyof NodeConfig]?: unknown };
