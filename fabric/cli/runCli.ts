/**
 * Runs the `continuum` program on argv and maps failures to exit codes:
 * 0 success, 1 failure (server error, validation violations, bad input), 2 usage error.
 */
import { CommanderError, type Command } from 'commander';
import { ConfigError } from '../config/ConfigError.js';
import { FabricClientError } from '../client/FabricClient.js';
import { buildProgram, type CliActions } from './program.js';
import { processIo, type CliIo } from './CliIo.js';
import { serveCommand } from './commands/serveCommand.js';
import { loadCommand } from './commands/loadCommand.js';
import { queryCommand } from './commands/queryCommand.js';
import { validateCommand, ValidationFailed } from './commands/validateCommand.js';
import { dumpCommand } from './commands/dumpCommand.js';
import { explainCommand } from './commands/explainCommand.js';
import { policiesCommand, PlacementNotAllowed } from './commands/policiesCommand.js';
import { deployCommand, servicesCommand, undeployCommand } from './commands/orchestrationCommands.js';

export function realActions(io: CliIo): CliActions {
  return {
    serve: (o) => serveCommand(o, io),
    load: (files, o) => loadCommand(files, o, io),
    query: (q, o) => queryCommand(q, o, io),
    validate: (files, o) => validateCommand(files, o, io),
    dump: (o) => dumpCommand(o, io),
    explain: (iri, o) => explainCommand(iri, o, io),
    policies: (sub, args, o) => policiesCommand(sub, args, o, io),
    deploy: (file, o) => deployCommand(file, o, io),
    services: (id, o) => servicesCommand(id, o, io),
    undeploy: (id, o) => undeployCommand(id, o, io),
  };
}

/** Readable one-line (or few-line) description of any failure. */
export function describeError(e: unknown): string {
  if (e instanceof FabricClientError) return `error: the node answered ${e.describe()}`;
  if (e instanceof ConfigError) return `error: ${e.message}`;
  if (e instanceof ValidationFailed) return `error: ${e.message}`;
  if (e instanceof PlacementNotAllowed) return `error: ${e.message}`;
  return `error: ${(e as Error)?.message ?? String(e)}`;
}

/** Commander exits the process on usage errors unless every (sub)command has exitOverride. */
function overrideExits(command: Command): Command {
  command.exitOverride();
  for (const sub of command.commands) overrideExits(sub);
  return command;
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = overrideExits(buildProgram(realActions(io)));
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2; // commander already printed help or the usage error
    io.err(describeError(e) + '\n');
    return 1;
  }
}
