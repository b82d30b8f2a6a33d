/**
 * jest suites that need a real engine (Docker, containerd…). Kept out of test/integration/support/ because that
 * directory is also compiled by `npm run build` (tsconfig.build.json, for benches), where jest's globals do not exist.
 * An engine that cannot be started makes the suite FAIL under CI=true; otherwise it is skipped with a loud warning
 * naming what is missing.
 */
import { containerdEngineAbsence } from './support/engines/containerdEngine.js';
import { dockerEngineAbsence } from './support/engines/dockerEngine.js';

/** `absence`: why the engine cannot be started here, or undefined when it can. */
export function describeWithEngine(engine: string, absence: string | undefined, name: string, body: () => void): void {
  if (absence === undefined) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      test(`needs ${engine}`, () => {
        throw new Error(`CI=true and ${engine} cannot be started: ${absence}`);
      });
    });
  } else {
    console.warn(`\n*** SKIPPED "${name}": ${engine} cannot be started (${absence}). Under CI=true this fails. ***\n`);
    describe.skip(name, body);
  }
}

export function describeWithDockerEngine(name: string, body: () => void): void {
  describeWithEngine('a Docker engine', dockerEngineAbsence(), name, body);
}

export function describeWithContainerdEngine(name: string, body: () => void): void {
  describeWithEngine('a containerd engine', containerdEngineAbsence(), name, body);
}
