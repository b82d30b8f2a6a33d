/** runCli returns exit codes instead of exiting the process, for nested subcommands too. */
import { jest } from '@jest/globals';
import { runCli } from '../../../fabric/cli/runCli.js';
import type { CliIo } from '../../../fabric/cli/CliIo.js';

const silentIo: CliIo = { out: () => undefined, err: () => undefined, interactive: false };

describe('runCli', () => {
  let stderr: ReturnType<typeof jest.spyOn>;
  beforeEach(() => { stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true); });
  afterEach(() => stderr.mockRestore());

  it.each([
    [['entities', 'get'], 'missing argument of a nested subcommand'],
    [['policies', 'check', '--no-such-option'], 'unknown option of a nested subcommand'],
    [['no-such-command'], 'unknown top-level command'],
  ])('%j (%s) answers exit code 2 without exiting the process', async (args) => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => { throw new Error('process.exit called'); }) as never);
    try {
      await expect(runCli(['node', 'continuum', ...args], silentIo)).resolves.toBe(2);
      expect(exit).not.toHaveBeenCalled();
    } finally {
      exit.mockRestore();
    }
  });
});
