/**
 * `durable-load`: durable load throughput, recovery time after restart and
 * peak RSS, against raw in-memory oxigraph loading the same N-Quads (same run).
 * Every measured run is a fresh child process (clean RSS, cold store).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, parseSizes, sizeLabel, summarise, table, runJsonChild } from './harness.js';
import { generateDemoContinuum } from '../fabric/demo/DemoContinuumGenerator.js';

interface ChildResult { quads: number; ms: number; maxRssMiB: number; storeSize: number; textMiB: number; closeMs: number; closeMaxRssMiB: number }

const CHILD = fileURLToPath(new URL('./durableLoadChild.js', import.meta.url));

function runChild(args: object): Promise<ChildResult> {
  return runJsonChild<ChildResult>(CHILD, args);
}

export const help = `durable-load [--sizes 100k,1M] [--runs 5] [--seed 42] [--no-replay]
  Load N triples (default 100k,1M) of the demo continuum (fabric/demo) into (a) raw in-memory oxigraph (baseline) and
  (b) the DurableGraphStore in a fresh data dir, then reopen the dir (recovery from the snapshot written on close),
  and (c) unless --no-replay, load with snapshots off and reopen (recovery by write-ahead-log replay, as after a crash).
  One child process per measured step; peak RSS is that process's maxRSS before close (the close row: including close).`;

export async function run(flags: Map<string, string>): Promise<string> {
  const sizes = parseSizes(flags.get('sizes') ?? '100k,1M');
  const runs = Number(flags.get('runs') ?? 5);
  const seed = Number(flags.get('seed') ?? 42);
  const withReplay = flags.get('no-replay') !== 'true';
  const perIe = quadsPerIe();
  const rows: (string | number)[][] = [];
  const out: string[] = [];
  for (const size of sizes) {
    const ies = Math.max(1, Math.round(size / perIe));
    const raw: ChildResult[] = [];
    const rawTx: ChildResult[] = [];
    const load: ChildResult[] = [];
    const recover: ChildResult[] = [];
    const loadNoSnap: ChildResult[] = [];
    const replay: ChildResult[] = [];
    for (let i = 0; i < runs; i++) {
      raw.push(await runChild({ mode: 'raw', ies, seed, dataDir: '' }));
      rawTx.push(await runChild({ mode: 'raw-tx', ies, seed, dataDir: '' }));
      log(`${sizeLabel(size)} run ${i + 1}/${runs} raw ${fmt(raw[i].ms)} ms, raw-tx ${fmt(rawTx[i].ms)} ms`);
      const dir = mkdtempSync(join(tmpdir(), 'cf-bench-durable-'));
      try {
        load.push(await runChild({ mode: 'durable', ies, seed, dataDir: dir }));
        recover.push(await runChild({ mode: 'recover', ies, seed, dataDir: dir }));
        log(`${sizeLabel(size)} run ${i + 1}/${runs} durable ${fmt(load[i].ms)} ms (+ close ${fmt(load[i].closeMs)} ms), recover ${fmt(recover[i].ms)} ms`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      if (!withReplay) continue;
      const dir2 = mkdtempSync(join(tmpdir(), 'cf-bench-durable-'));
      try {
        loadNoSnap.push(await runChild({ mode: 'durable', ies, seed, dataDir: dir2, snapshot: false }));
        replay.push(await runChild({ mode: 'recover', ies, seed, dataDir: dir2, snapshot: false }));
        log(`${sizeLabel(size)} run ${i + 1}/${runs} recover by log replay ${fmt(replay[i].ms)} ms`);
      } finally {
        rmSync(dir2, { recursive: true, force: true });
      }
    }
    const quads = raw[0].quads;
    const addRow = (what: string, rs: ChildResult[], metric: 'rate' | 'ms') => {
      if (rs.length === 0) return rows.push([sizeLabel(size), what, 'not available', '', '', '', '']);
      const vals = rs.map((r) => (metric === 'rate' ? (r.quads / r.ms) * 1000 : r.ms));
      const s = summarise(vals);
      const rss = summarise(rs.map((r) => r.maxRssMiB));
      rows.push([sizeLabel(size), what, metric === 'rate' ? 'quads/s' : 'ms', s.median, s.min, s.max, rss.median]);
      return s;
    };
    const rawS = addRow('raw oxigraph load, no_transaction (baseline)', raw, 'rate');
    addRow('raw oxigraph load, transaction per chunk', rawTx, 'rate');
    const loadS = addRow('durable load', load, 'rate');
    addRow('durable close (snapshot on close)', load.map((r) => ({ ...r, ms: r.closeMs, maxRssMiB: r.closeMaxRssMiB })), 'ms');
    addRow('recovery after clean close (snapshot)', recover, 'ms');
    if (withReplay) {
      addRow('durable load, snapshots off', loadNoSnap, 'rate');
      addRow('recovery without snapshot (log replay)', replay, 'ms');
    }
    out.push(`${sizeLabel(size)}: ${fmt(quads)} quads (${ies} IEs, ${fmt(raw[0].textMiB)} MiB N-Quads), ${runs} runs` +
      (typeof loadS === 'object' && typeof rawS === 'object' ? `; durable/raw = ${(100 * loadS.median / rawS.median).toFixed(0)} %` : ''));
    if (recover.length && recover[0].storeSize !== quads) out.push(`  WARNING: recovered ${recover[0].storeSize} quads, loaded ${quads}`);
  }
  out.push(`data: the demo continuum (fabric/demo generateDemoContinuum), ${perIe.toFixed(2)} quads per IE`);
  return [table(['size', 'what', 'unit', 'median', 'min', 'max', 'peak RSS MiB (median)'], rows), '', ...out].join('\n');
}

function log(msg: string): void {
  process.stderr.write(`[durable-load] ${msg}\n`);
}

/** Quads per IE of the demo continuum, measured on a 2 000-IE sample (to size runs in triples). */
function quadsPerIe(): number {
  let quads = 0;
  for (const c of generateDemoContinuum({ ies: 2000, seed: 1 })) for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) quads++;
  return quads / 2000;
}
