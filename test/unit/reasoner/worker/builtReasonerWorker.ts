/**
 * Worker threads cannot load TypeScript, so these tests run the compiled worker: dist/ by default
 * (`npx tsc -p tsconfig.build.json`, done by `npm test`), or the build named by REASONER_WORKER_DIST
 * (a helper's own `--outDir`). Refuses a build older than the reasoner's sources.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

export function builtReasonerWorker(): string {
  const dist = resolve(root, process.env.REASONER_WORKER_DIST ?? 'dist');
  const script = join(dist, 'reasoner', 'worker', 'reasonerWorker.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: build first with "npx tsc -p tsconfig.build.json" (npm test does).`);
  for (const folder of ['reasoner', 'reasoner/worker', 'reasoner/trust']) { // the worker runs trust on change too
    for (const file of readdirSync(join(root, folder)).filter((f) => f.endsWith('.ts'))) {
      const compiled = join(dist, folder, file.replace(/\.ts$/, '.js'));
      if (!existsSync(compiled) || statSync(join(root, folder, file)).mtimeMs > statSync(compiled).mtimeMs) {
        throw new Error(`${compiled} is missing or older than ${folder}/${file}: rebuild with "npx tsc -p tsconfig.build.json".`);
      }
    }
  }
  return script;
}
