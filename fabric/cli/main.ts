#!/usr/bin/env node
/** `continuum` command-line entry point (docs/cli.md); see runCli.ts for exit codes. */
import { runCli } from './runCli.js';

const code = await runCli(process.argv);
if (code !== 0) process.exitCode = code;
