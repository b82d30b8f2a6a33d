/**
 * Configuration of orchestration (issue 5, docs/orchestration.md): which container runtimes this node can reach by
 * default (an IE's LowLevelOrchestrator entity may name its own endpoint) and how the reconciler paces itself.
 * With no runtime configured the node uses the explicit dry-run runtime; `runtime` picks the default explicitly.
 */
export type RuntimeChoice = 'docker' | 'containerd' | 'kubernetes' | 'dry-run';
export const RUNTIME_CHOICES: readonly RuntimeChoice[] = ['docker', 'containerd', 'kubernetes', 'dry-run'];

export interface OrchestrationConfig {
  /** Runtime for IEs whose LLO names none this node can serve; undefined = the first configured one, else dry-run. */
  readonly runtime?: RuntimeChoice;
  /** Docker engine socket (path, unix:// or tcp:// URL). */
  readonly dockerSocket?: string;
  /** containerd socket path. */
  readonly containerdSocket?: string;
  /** containerd namespace the node's workloads live in. */
  readonly containerdNamespace: string;
  /** kubeconfig file of the Kubernetes cluster. */
  readonly kubeconfig?: string;
  /** Reconciler pass interval in ms. */
  readonly reconcileIntervalMs: number;
  /** Consecutive passes an IE must be Overloaded / Untrusted / unreachable before its components migrate. */
  readonly migrateAfterObservations: number;
  /** Minimum time in ms a component stays on an IE before it may migrate off it. */
  readonly migrateMinDwellMs: number;
  /** Failures of a component on one IE before the reconciler re-places it on another IE (docs/orchestration.md). */
  readonly replaceAfterFailures: number;
  /** Upper bound in ms of the doubling backoff between re-placements of one Failed component. */
  readonly maxReplaceBackoffMs: number;
  /** Re-placement attempts in a series before the reconciler gives up on a component (held until an update); 0 = no limit. */
  readonly maxReplaceAttempts: number;
  /** Status transitions kept per component in its service's history graph (the oldest go first). */
  readonly historyLimit: number;
  /** Placement decisions kept per component (its latest one included; the oldest go first). */
  readonly decisionsKept: number;
}

export const DEFAULT_ORCHESTRATION_CONFIG: OrchestrationConfig = {
  runtime: undefined,
  dockerSocket: undefined,
  containerdSocket: undefined,
  containerdNamespace: 'continuum-fabric',
  kubeconfig: undefined,
  reconcileIntervalMs: 10_000,
  migrateAfterObservations: 3,
  migrateMinDwellMs: 60_000,
  replaceAfterFailures: 3,
  maxReplaceBackoffMs: 600_000,
  maxReplaceAttempts: 0,
  historyLimit: 100,
  decisionsKept: 10,
};

export const ORCHESTRATION_ENV_VARS: Readonly<Record<string, keyof OrchestrationConfig>> = {
  CONTINUUM_RUNTIME: 'runtime',
  CONTINUUM_DOCKER_SOCKET: 'dockerSocket',
  CONTINUUM_CONTAINERD_SOCKET: 'containerdSocket',
  CONTINUUM_CONTAINERD_NAMESPACE: 'containerdNamespace',
  CONTINUUM_KUBECONFIG: 'kubeconfig',
  CONTINUUM_RECONCILE_INTERVAL_MS: 'reconcileIntervalMs',
  CONTINUUM_MIGRATE_AFTER_OBSERVATIONS: 'migrateAfterObservations',
  CONTINUUM_MIGRATE_MIN_DWELL_MS: 'migrateMinDwellMs',
  CONTINUUM_REPLACE_AFTER_FAILURES: 'replaceAfterFailures',
  CONTINUUM_MAX_REPLACE_BACKOFF_MS: 'maxReplaceBackoffMs',
  CONTINUUM_MAX_REPLACE_ATTEMPTS: 'maxReplaceAttempts',
  CONTINUUM_HISTORY_LIMIT: 'historyLimit',
  CONTINUUM_DECISIONS_KEPT: 'decisionsKept',
};

interface Checks {
  optionalString(key: string): string | undefined;
  str(key: string): string;
  int(key: string, min: number, max: number): number;
  fail(key: string, detail: string): Error;
}

export function validateOrchestrationConfig(check: Checks): OrchestrationConfig {
  const runtime = check.optionalString('runtime');
  if (runtime !== undefined && !RUNTIME_CHOICES.includes(runtime as RuntimeChoice)) {
    throw check.fail('runtime', `expected one of ${RUNTIME_CHOICES.join(', ')}, got "${runtime}"`);
  }
  const config: OrchestrationConfig = {
    runtime: runtime as RuntimeChoice | undefined,
    dockerSocket: check.optionalString('dockerSocket'),
    containerdSocket: check.optionalString('containerdSocket'),
    containerdNamespace: check.str('containerdNamespace'),
    kubeconfig: check.optionalString('kubeconfig'),
    reconcileIntervalMs: check.int('reconcileIntervalMs', 100, 24 * 3600 * 1000),
    migrateAfterObservations: check.int('migrateAfterObservations', 1, 1000),
    migrateMinDwellMs: check.int('migrateMinDwellMs', 0, 7 * 24 * 3600 * 1000),
    replaceAfterFailures: check.int('replaceAfterFailures', 1, 1000),
    maxReplaceBackoffMs: check.int('maxReplaceBackoffMs', 0, 7 * 24 * 3600 * 1000),
    maxReplaceAttempts: check.int('maxReplaceAttempts', 0, 1_000_000),
    historyLimit: check.int('historyLimit', 10, 1_000_000),
    decisionsKept: check.int('decisionsKept', 1, 1_000_000),
  };
  if (config.runtime === 'docker' && !config.dockerSocket) throw check.fail('runtime', 'runtime docker needs dockerSocket (--docker-socket)');
  if (config.runtime === 'containerd' && !config.containerdSocket) throw check.fail('runtime', 'runtime containerd needs containerdSocket (--containerd-socket)');
  if (config.runtime === 'kubernetes' && !config.kubeconfig) throw check.fail('runtime', 'runtime kubernetes needs kubeconfig (--kubeconfig)');
  return config;
}
