/** Tiny benchmark harness: repeat a measurement, summarise, print a table. */

import { spawn } from 'node:child_process';

export interface Summary {
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p95: number;
}

/** Nearest-rank percentile of an ascending-sorted array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? Number.NaN : n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { runs: n, median, min: sorted[0] ?? Number.NaN, max: sorted[n - 1] ?? Number.NaN, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** Run `fn` `runs` times (after `warmup` unmeasured runs) and collect the numbers it returns. */
export async function repeat(runs: number, fn: (i: number) => Promise<number>, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn(i));
  return out;
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

/**
 * Resolves once this process (all threads: GC, the store's log, workers such as a query replica) has used less than
 * 10 % of a core over a 200 ms window, or after `maxMs`; gives how long that took. Benches wait for it before a measured
 * phase, so that the background work of what came before (a bulk load's garbage, the tail of a write scenario) is not
 * measured with it (bench policies in process; bench ngsi-ld in its node's process, ngsiLdServer.ts).
 */
export async function untilQuiet(maxMs = 20_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const used = process.cpuUsage(before);
    if ((used.user + used.system) / 1000 < 20 || performance.now() - started > maxMs) return performance.now() - started;
  }
}

export function fmt(n: number | string | undefined, digits = 1): string {
  if (n === undefined) return '';
  if (typeof n === 'string') return n;
  if (!Number.isFinite(n)) return 'n/a';
  return Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits);
}

/** Render rows as a Markdown table (readable in a terminal and pasteable into docs). */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | undefined>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c ?? '')));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: readonly string[]) => '| ' + r.map((c, i) => String(c ?? '').padEnd(widths[i])).join(' | ') + ' |';
  return [line(headers), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...cells.map(line)].join('\n');
}

/** Parse "1k,10k,100k,1M" into numbers. */
export function parseSizes(text: string): number[] {
  return text.split(',').map((s) => {
    const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
    if (!m) throw new Error(`bad size: ${s}`);
    const mult = m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1;
    return Math.round(Number(m[1]) * mult);
  });
}

export function sizeLabel(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

/** Minimal `--flag value` parser. */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), 'true');
  }
  return flags;
}

/**
 * Runs a bench child script in a fresh Node process (its own heap and oxigraph WASM memory) with `args` as JSON in
 * argv, and parses the JSON on the last line of its stdout.
 */
export function runJsonChild<T>(script: string, args: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--max-old-space-size=8192', script, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`child exited ${code}: ${err.trim().split('\n').slice(0, 3).join(' ')}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as T);
    });
  });
}
