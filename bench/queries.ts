/**
 * `queries`: the saved competency queries (sparql/queries/*.rq) through the
 * fabric's HTTP endpoint (GET /sparql/queries/{name}, real socket, keep-alive
 * fetch) over the demo continuum (fabric/demo), against two baselines in the
 * same run on the same quads: raw oxigraph in process (our overhead) and
 * Comunica over an N3 Store (a JS engine). Issue 2 §6.
 */
import oxigraph from 'oxigraph';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import type { ComunicaReply } from './comunicaWorker.js';
import { fmt, gc, parseSizes, sizeLabel, summarise, table } from './harness.js';
import { competencyQueries, type BenchQuery } from './competencyQueries.js';
import { generateDemoContinuum } from '../fabric/demo/DemoContinuumGenerator.js';
import { MemoryGraphStore } from '../fabric/store/MemoryGraphStore.js';
import { buildHttpApp } from '../fabric/http/buildHttpApp.js';
import { ObservedMemoryStore } from '../fabric/store/replica/ObservedMemoryStore.js';
import { ReplicatedGraphStore } from '../fabric/store/replica/ReplicatedGraphStore.js';

const JSON_RESULTS = 'application/sparql-results+json';
const SEED = 42;
const WARMUP = 5;
const WARMUP_ENOUGH_MS = 1000;

export const help = `queries [--sizes 1k,10k] [--runs 20] [--comunica-limit-ms 10000] [--comunica-budget-ms 60000] [--no-comunica]
  Sizes count InfrastructureElements of the demo continuum (fabric/demo, seed ${SEED}, ≈ 20 quads per IE).
  Queries: the saved competency queries (sparql/queries/*.rq) with fixed arguments, plus a point lookup via GET /sparql
  (bench/competencyQueries.ts). Per size, one untimed pass of every query; then per query and engine ${WARMUP} warm-up
  runs (fewer once one takes > ${WARMUP_ENOUGH_MS} ms) and --runs timed runs; p50/p95/min/max in ms.
  Engines: fabric HTTP endpoint (buildHttpApp, 127.0.0.1 socket, GET /sparql/queries/{name}?args) over a
  ReplicatedGraphStore with 1 query replica (worker thread, as \`continuum serve\` runs by default) and over a plain
  MemoryGraphStore (as --replicas 0); bare fastify + raw oxigraph (transport floor); raw oxigraph (same process,
  SPARQL JSON string); Comunica (@comunica/query-sparql over an N3 Store, in a worker thread, timed there).
  Baselines run the text SavedQuery.bind produces for the same arguments. Comunica: an execution over --comunica-limit-ms is stopped (worker terminated) and
  the cell shows "> limit"; a cell stops after --comunica-budget-ms of timed runs and shows how many it got.`;

/** One execution: the SPARQL JSON results body (fully consumed), or its row count and the engine's own time. */
interface EngineResult { readonly body?: string; readonly rows?: number; readonly ms?: number }
type Engine = (q: BenchQuery) => Promise<EngineResult>;

interface HttpHandle { engine: Engine; close(): Promise<void> }

async function getBody(url: string): Promise<string> {
  const res = await fetch(url, { headers: { accept: JSON_RESULTS } });
  const body = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}: ${body.slice(0, 300)}`);
  return body;
}

/**
 * The fabric endpoint: buildHttpApp over the benchmark's oxigraph store, either
 * directly (MemoryGraphStore, queries in the main thread: `--replicas 0`) or as
 * `continuum serve` runs it by default, behind a ReplicatedGraphStore with one
 * query replica in a worker thread (seeded from the N-Quads dump instead of a data dir).
 */
async function fabricEndpoint(raw: oxigraph.Store, replicas: number): Promise<HttpHandle> {
  const memory = new MemoryGraphStore(raw);
  const replicated = replicas > 0 ? new ReplicatedGraphStore(new ObservedMemoryStore(memory), { replicas, timeoutMs: 600_000 }) : undefined;
  await replicated?.ready();
  const app = buildHttpApp({ store: replicated ?? memory, config: { bodyLimitBytes: 10 * 2 ** 20 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    engine: async (q) => ({ body: await getBody(base + q.httpPath) }),
    close: async () => {
      await app.close();
      await replicated?.close();
    },
  };
}

function rawOxigraph(raw: oxigraph.Store): Engine {
  return async (q) => ({ body: raw.query(q.sparql, { use_default_graph_as_union: true, results_format: JSON_RESULTS }) as unknown as string });
}

/** Transport floor: raw oxigraph behind one bare fastify GET route (not the fabric endpoint). */
async function bareFastify(rawEngine: (sparql: string) => string): Promise<HttpHandle> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/sparql', async (req, reply) => reply.type(JSON_RESULTS).send(rawEngine((req.query as { query: string }).query)));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return { engine: async (q) => ({ body: await getBody(`${base}/sparql?query=${encodeURIComponent(q.sparql)}`) }), close: () => app.close() };
}

class TimeLimit extends Error {}

const WORKER = new URL('./comunicaWorker.js', import.meta.url);

/**
 * Comunica over an N3 Store in a worker thread (bench/comunicaWorker.ts). The
 * time is measured in the worker (query → fully serialized SPARQL JSON); an
 * execution over `limitMs` terminates the worker, which is re-created (data
 * reloaded) for the next query.
 */
class ComunicaBaseline {
  private worker?: Worker;
  private ready?: Promise<void>;
  private nextId = 0;

  constructor(private readonly ies: number, private readonly limitMs: number) {}

  private start(): Promise<void> {
    const worker = new Worker(WORKER, { workerData: { ies: this.ies, seed: SEED }, resourceLimits: { maxOldGenerationSizeMb: 8192 } });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return this.ready;
  }

  readonly engine: Engine = async (q) => {
    if (!this.worker) await this.start();
    else await this.ready;
    const worker = this.worker!;
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<EngineResult>((resolve, reject) => {
        const onMessage = (m: ComunicaReply) => {
          if (!('id' in m) || m.id !== id) return;
          worker.off('message', onMessage);
          if ('error' in m) reject(new Error(`Comunica: ${m.error}`));
          else resolve({ ms: m.ms, rows: m.rows });
        };
        worker.on('message', onMessage);
        timer = setTimeout(() => {
          worker.off('message', onMessage);
          reject(new TimeLimit());
        }, this.limitMs);
        worker.postMessage({ id, sparql: q.sparql });
      });
    } catch (e) {
      if (e instanceof TimeLimit) await this.close();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

function rowCount(result: EngineResult): number {
  if (result.rows !== undefined) return result.rows;
  return (JSON.parse(result.body ?? '') as { results: { bindings: unknown[] } }).results.bindings.length;
}

type Cell = number[] | 'limit' | undefined;

/**
 * Warm-ups then `runs` timed runs; the first run's row count goes to `counts`.
 * Warm-ups stop early once one takes over WARMUP_ENOUGH_MS (JIT warm-up is noise
 * at that scale); timed runs stop once `budgetMs` of timed work is used (at least one run).
 */
async function measure(engine: Engine, q: BenchQuery, runs: number, counts: number[], budgetMs = Infinity): Promise<Cell> {
  const samples: number[] = [];
  try {
    for (let i = 0; i < WARMUP; i++) {
      const t0 = performance.now();
      const result = await engine(q);
      if (i === 0) counts.push(rowCount(result));
      if ((result.ms ?? performance.now() - t0) > WARMUP_ENOUGH_MS) break;
    }
    let spent = 0;
    while (samples.length < runs && spent < budgetMs) {
      const t0 = performance.now();
      const result = await engine(q);
      const ms = result.ms ?? performance.now() - t0;
      samples.push(ms);
      spent += ms;
    }
  } catch (e) {
    if (e instanceof TimeLimit) return 'limit';
    throw e;
  }
  return samples;
}

/** p50 ratio and difference of an endpoint cell over the raw-oxigraph cell. */
function overhead(cell: Cell, raw: Cell): string {
  if (!Array.isArray(cell) || !Array.isArray(raw)) return 'n/a';
  const a = summarise(cell).p50, b = summarise(raw).p50;
  return `${(a / b).toFixed(2)}x / ${a - b >= 0 ? '+' : ''}${(a - b).toFixed(2)} ms`;
}

function render(cell: Cell, runs: number, limitMs: number): string {
  if (cell === undefined) return 'n/a';
  if (cell === 'limit') return `> ${fmt(limitMs, 0)} (limit)`;
  const s = summarise(cell);
  const n = cell.length < runs ? ` [${cell.length} runs]` : '';
  return `${fmt(s.p50, 2)} / ${fmt(s.p95, 2)} (${fmt(s.min, 2)}–${fmt(s.max, 2)})${n}`;
}

export async function run(flags: Map<string, string>): Promise<string> {
  const sizes = parseSizes(flags.get('sizes') ?? '1k,10k');
  const runs = Number(flags.get('runs') ?? 20);
  const limitMs = Number(flags.get('comunica-limit-ms') ?? 10000);
  const budgetMs = Number(flags.get('comunica-budget-ms') ?? 60000);
  const withComunica = flags.get('no-comunica') !== 'true';
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const ies of sizes) {
    const raw = new oxigraph.Store();
    let quads = 0;
    for (const c of generateDemoContinuum({ ies, seed: SEED })) {
      raw.load(c, { format: 'application/n-quads', no_transaction: true });
    }
    quads = raw.size;
    notes.push(`${sizeLabel(ies)} IEs: ${quads.toLocaleString('en-US')} quads (demo continuum, seed ${SEED}).`);
    const node = await fabricEndpoint(raw, 1);
    const http = await fabricEndpoint(raw, 0);
    const rawEngine = rawOxigraph(raw);
    const floor = await bareFastify((sparql) => raw.query(sparql, { use_default_graph_as_union: true, results_format: JSON_RESULTS }) as unknown as string);
    const com = withComunica ? new ComunicaBaseline(ies, limitMs) : undefined;
    const queries = competencyQueries(ies);
    // One untimed pass of every query through every in-process engine, so the first cell does not carry JIT warm-up.
    for (const q of queries) for (const e of [node.engine, http.engine, floor.engine, rawEngine]) await e(q);
    for (const q of queries) {
      const counts: number[] = [];
      const nodeCell = await measure(node.engine, q, runs, counts);
      const httpCell = await measure(http.engine, q, runs, counts);
      const floorCell = await measure(floor.engine, q, runs, counts);
      const rawCell = await measure(rawEngine, q, runs, counts);
      const comCell = com ? await measure(com.engine, q, runs, counts, budgetMs) : undefined;
      if (new Set(counts).size > 1) notes.push(`${sizeLabel(ies)} ${q.name}: engines disagree on row counts ${counts.join(' / ')}`);
      gc();
      const cells = [nodeCell, httpCell, floorCell, rawCell, comCell].map((c) => render(c, runs, limitMs));
      rows.push([sizeLabel(ies), q.name, q.kind, String(counts[0]), ...cells, overhead(nodeCell, rawCell), overhead(httpCell, rawCell)]);
      process.stderr.write(`[queries] ${sizeLabel(ies)} ${q.name}: rows ${counts.join('/')} node ${cells[0]} http ${cells[1]} raw ${cells[3]} comunica ${cells[4]}\n`);
    }
    await node.close();
    await http.close();
    await floor.close();
    await com?.close();
    gc();
  }
  return [
    table(['IEs', 'query', 'kind', 'rows', 'fabric endpoint, 1 replica (as serve) p50 / p95 (min–max) ms', 'fabric endpoint, 0 replicas',
      'bare fastify + raw oxigraph', 'raw oxigraph', 'Comunica', '1 replica / raw (p50)', '0 replicas / raw (p50)'], rows),
    '',
    `${runs} timed runs per cell after ${WARMUP} warm-ups; Comunica: per-execution limit ${limitMs} ms, per-cell budget ${budgetMs} ms.`,
    ...notes,
  ].join('\n');
}
