/** Runs the `continuum` CLI in process against a node's URL, capturing its output (test/api CLI tests). */
import { runCli } from '../../../fabric/cli/runCli.js';
import type { CliIo } from '../../../fabric/cli/CliIo.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `continuum <args…> --url <url()>`; `url` is read at call time (the node listens in beforeAll). */
export function cliAgainst(url: () => string): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => { out.push(t); }, err: (t) => { err.push(t); }, interactive: false };
    const code = await runCli(['node', 'continuum', ...args, '--url', url()], io);
    return { code, out: out.join(''), err: err.join('') };
  };
}
