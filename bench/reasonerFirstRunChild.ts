/**
 * One measured first run of `reasoner --first-only --child`, in its own process (as bench/durableLoadChild.ts):
 * a fresh MemoryGraphStore with the ontology and the demo continuum, then RuleEngine.run() — scratch copy, fixpoint,
 * provenance, write. Every oxigraph store of a process shares one WASM memory (4 GiB), so a run in a fresh process
 * starts from an empty one whatever the parent did before.
 * argv[2] = JSON { ies, seed }. Prints one JSON line: { quads, ms, triplesDerived, phases, maxRssMiB, wasmGiB }.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoContinuum } from '../fabric/demo/DemoContinuumGenerator.js';
import { MemoryGraphStore } from '../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../fabric/rdf/namespaces.js';
import { packageRoot } from '../fabric/validation/modelFiles.js';
import { RuleEngine } from '../reasoner/RuleEngine.js';

async function main(): Promise<void> {
  const { ies, seed } = JSON.parse(process.argv[2]) as { ies: number; seed: number };
  const store = new MemoryGraphStore();
  await store.load(readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8'), { format: 'text/turtle', graph: GRAPHS.ontology });
  for (const chunk of generateDemoContinuum({ ies, seed, chunkQuads: 100_000 })) await store.load(chunk, { format: 'application/n-quads' });
  const quads = store.size();
  const t = performance.now();
  const stats = await new RuleEngine(store).run();
  const ms = performance.now() - t;
  process.stdout.write(`${JSON.stringify({
    quads, ms, triplesDerived: stats.triplesDerived, phases: stats.phases,
    maxRssMiB: process.resourceUsage().maxRSS / 1024, // KiB
    wasmGiB: process.memoryUsage().external / 2 ** 30, // mostly oxigraph's WASM memory (its size never shrinks: ≈ the peak)
  })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
