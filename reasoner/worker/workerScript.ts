/**
 * Where the compiled reasoner worker is. Worker threads cannot load TypeScript: compiled, the script sits
 * beside this module in dist/; run from the TypeScript sources (ts-jest), the package's dist/ build is used
 * (`npx tsc -p tsconfig.build.json`, which `npm test` runs first).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../fabric/validation/modelFiles.js';
import type { ReplicaSeed } from '../../fabric/store/replica/protocol.js';
import type { DerivationBudget } from '../fixpoint.js';
import type { ReasonerWorkerData } from './protocol.js';

/** How a reasoner worker thread is started and its writes committed: shared by ReasonerThread and OneShotRunThread. */
export interface ReasonerWorkerOptions {
  /** Compiled worker script (default: reasonerWorkerScript()). */
  readonly script?: URL | string;
  /**
   * The data the worker starts from, asked at each spawn. Default: the store's N-Quads dump (in the main thread);
   * a durable node passes read-only recovery from its data directory.
   */
  readonly seed?: () => ReplicaSeed | Promise<ReplicaSeed>;
  /** As RuleEngineOptions.ruleFolder (default <package>/shapes/rules; null = none): the node's engine must load the same. */
  readonly ruleFolder?: string | null;
  readonly budget?: Partial<DerivationBudget>;
  /** Lines per `load` when the main thread commits a write of inserts only (default 10,000; commitWorkerWrite.ts). */
  readonly sliceLines?: number;
}

export function reasonerWorkerScript(): URL | string {
  const beside = new URL('./reasonerWorker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return join(packageRoot(), 'dist', 'reasoner', 'worker', 'reasonerWorker.js');
}

/** What every reasoner worker starts with (ReasonerWorkerData): its mode and seed, the rule folder (default <package>/shapes/rules) and the budget. */
export function baseWorkerData(options: ReasonerWorkerOptions, mode: ReasonerWorkerData['mode'], seed: ReplicaSeed, debounceMs: number): ReasonerWorkerData {
  const ruleFolder = options.ruleFolder === undefined ? join(packageRoot(), 'shapes', 'rules') : options.ruleFolder;
  return { mode, seed, ruleFolder, debounceMs, ...(options.budget ? { budget: options.budget } : {}) };
}
