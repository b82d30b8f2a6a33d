/**
 * One measured run of `durable-load`, in its own process so peak RSS is clean.
 * argv[2] = JSON { mode: 'raw' | 'raw-tx' | 'durable' | 'recover', ies, seed, dataDir }.
 * Prints one JSON line: { quads, ms, maxRssMiB, storeSize, textMiB, closeMs, closeMaxRssMiB }.
 * maxRssMiB is the peak before close (a node loading / holding the data); closeMaxRssMiB the peak
 * including close (for the durable store: the snapshot written on a clean close).
 */
import oxigraph from 'oxigraph';
import { generateDemoContinuum } from '../fabric/demo/DemoContinuumGenerator.js';
import { DurableGraphStore } from '../fabric/store/durable/DurableGraphStore.js';

interface Args {
  mode: 'raw' | 'raw-tx' | 'durable' | 'recover'; ies: number; seed: number; dataDir: string;
  /** false: crash-like restart, recovery replays the write-ahead log instead of reading a snapshot. */
  snapshot?: boolean;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as Args;
  let chunks: string[] = [];
  let quads = 0;
  let textBytes = 0;
  if (args.mode !== 'recover') {
    chunks = [...generateDemoContinuum({ ies: args.ies, seed: args.seed })];
    for (const c of chunks) {
      textBytes += c.length;
      for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) quads++;
    }
  }
  const t0 = performance.now();
  let storeSize = 0;
  if (args.mode === 'raw' || args.mode === 'raw-tx') {
    // raw: bulk path (no_transaction: true); raw-tx: one oxigraph transaction per chunk.
    const store = new oxigraph.Store();
    const noTransaction = args.mode === 'raw';
    for (const c of chunks) store.load(c, { format: 'application/n-quads', no_transaction: noTransaction });
    storeSize = store.size;
  } else {
    const noSnapshot = args.snapshot === false ? { snapshotOnClose: false, snapshotThresholdBytes: Number.MAX_SAFE_INTEGER } : {};
    const store = await DurableGraphStore.open(args.dataDir, noSnapshot);
    if (args.mode === 'durable') for (const c of chunks) await store.load(c, { format: 'application/n-quads' });
    storeSize = store.size();
    // Recovery is measured up to a store ready for queries; closing is not part of it.
    if (args.mode === 'recover') quads = storeSize;
    const ms = performance.now() - t0;
    const rssBeforeClose = maxRssMiB();
    const t1 = performance.now();
    await store.close();
    report(quads, ms, storeSize, textBytes, performance.now() - t1, rssBeforeClose);
    return;
  }
  report(quads, performance.now() - t0, storeSize, textBytes);
}

const maxRssMiB = (): number => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB

function report(quads: number, ms: number, storeSize: number, textBytes: number, closeMs = 0, rssBeforeClose = maxRssMiB()): void {
  process.stdout.write(JSON.stringify({
    quads, ms, maxRssMiB: rssBeforeClose, storeSize, textMiB: textBytes / 2 ** 20, closeMs, closeMaxRssMiB: maxRssMiB(),
  }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String((e as Error).stack ?? e) + '\n');
  process.exit(1);
});
