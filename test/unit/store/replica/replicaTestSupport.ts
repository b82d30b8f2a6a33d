/**
 * Worker threads cannot load TypeScript, so replica tests run the compiled
 * worker from dist/ (`npx tsc -p tsconfig.build.json`, done by `npm test`).
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
export const WORKER_SCRIPT = `${root}dist/fabric/store/replica/queryWorker.js`;

export function requireBuiltWorker(): string {
  if (!existsSync(WORKER_SCRIPT)) {
    throw new Error(`${WORKER_SCRIPT} is missing: build first with "npx tsc -p tsconfig.build.json" (npm test does).`);
  }
  const source = `${root}fabric/store/replica/queryWorker.ts`;
  if (statSync(source).mtimeMs > statSync(WORKER_SCRIPT).mtimeMs) {
    throw new Error(`${WORKER_SCRIPT} is older than its source: rebuild with "npx tsc -p tsconfig.build.json".`);
  }
  return WORKER_SCRIPT;
}
