/** The `continuum` program over test actions: no process exit, usage errors collected, argv parsed as typed. */
import { buildProgram, type CliActions } from '../../../fabric/cli/program.js';

export function recordingProgram(actions: CliActions) {
  const program = buildProgram(actions).exitOverride();
  const errors: string[] = [];
  program.configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => undefined });
  for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => undefined });
  const run = (...args: string[]) => program.parseAsync(['node', 'continuum', ...args]);
  return { run, errors };
}
