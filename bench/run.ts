/** Benchmark dispatcher: `node --expose-gc dist/bench/run.js <name> [options]`. */
import { loadavg } from 'node:os';
import { parseFlags } from './harness.js';
import * as durableLoad from './durableLoad.js';
import * as queries from './queries.js';
import * as ngsiLd from './ngsiLd.js';
import * as reasoner from './reasoner.js';
import * as trust from './trust.js';
import * as policies from './policies.js';
import * as placement from './placement.js';
import * as dockerStart from './dockerStart.js';

const BENCHES: Record<string, { help: string; run(flags: Map<string, string>): Promise<string> }> = {
  'durable-load': durableLoad,
  queries,
  'ngsi-ld': ngsiLd,
  reasoner,
  trust,
  policies,
  placement,
  'docker-start': dockerStart,
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || !(name in BENCHES)) {
    process.stdout.write(`usage: npm run bench -- <name> [options]\n\n${Object.values(BENCHES).map((b) => b.help).join('\n\n')}\n`);
    process.exitCode = name && name !== '--help' && name !== '-h' ? 2 : 0;
    return;
  }
  const flags = parseFlags(rest);
  if (flags.has('help')) return void process.stdout.write(BENCHES[name].help + '\n');
  const started = new Date().toISOString();
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  const loadBefore = load();
  const output = await BENCHES[name].run(flags);
  process.stdout.write(`# ${name} (${started}, node ${process.version}, args: ${rest.join(' ')})\n\n${output}\n` +
    `load average (1/5/15 min) before: ${loadBefore}; after: ${load()}\n`);
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(String((e as Error).stack ?? e) + '\n');
  process.exit(1);
});
