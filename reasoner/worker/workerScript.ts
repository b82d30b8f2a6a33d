/**
 * Where the compiled reasoner worker is. Worker threads cannot load TypeScript: compiled, the script sits
 * beside this module in dist/; run from the TypeScript sources (ts-jest), the package's dist/ build is used
 * (`npx tsc -p tsconfig.build.json`, which `npm test` runs first).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../fabric/validation/modelFiles.js';

export function reasonerWorkerScript(): URL | string {
  const beside = new URL('./reasonerWorker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return join(packageRoot(), 'dist', 'reasoner', 'worker', 'reasonerWorker.js');
}
