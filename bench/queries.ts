/**
 * `queries`: competency-query latency through the real HTTP endpoint (socket,
 * keep-alive fetch) against two baselines in the same run: raw oxigraph in
 * process (our overhead) and Comunica over an N3 Store (a JS engine).
 */
import oxigraph from 'oxigraph';
import { Parser, Store as N3Store } from 'n3';
import type { AddressInfo } from 'node:net';
import { fmt, gc, parseSizes, sizeLabel, summarise, table } from './harness.js';
import { COMPETENCY_QUERIES } from './competencyQueries.js';
import { loadDataSource, loadMemoryStore } from './fabricModules.js';
import type { GraphStore } from '../fabric/store/GraphStore.js';

const JSON_RESULTS = 'application/sparql-results+json';

export const help = `queries [--sizes 1k,10k] [--runs 20] [--comunica-limit-ms 30000] [--no-comunica] 
  Sizes count InfrastructureElements of the synthetic continuum (bench/syntheticContinuum.ts; the queries use its vocabulary). Per query: 5 warm-up runs, then --runs timed runs; p50/p95/min/max in ms.
  Engines: HTTP endpoint (GET /sparql?query=, fabric/http/buildHttpApp + MemoryGraphStore on a real socket),
  raw oxigraph (same process, results serialized to SPARQL JSON), Comunica (@comunica/query-sparql over N3 Store).`;

type Engine = (q: string) => Promise<string>; // the SPARQL JSON results body (fully consumed)

interface HttpHandle { engine: Engine; close(): Promise<void> }

async function startHttp(chunks: string[]): Promise<HttpHandle | string> {
  const makeStore = await loadMemoryStore();
  let mod: Record<string, unknown>;
  try {
    mod = (await import(new URL('../fabric/http/buildHttpApp.js', import.meta.url).href)) as Record<string, unknown>;
  } catch {
    return 'not available (fabric/http/buildHttpApp.js missing)';
  }
  if (!makeStore) return 'not available (fabric/store/MemoryGraphStore.js missing)';
  const store: GraphStore = makeStore();
  for (const c of chunks) await store.load(c, { format: 'application/n-quads' });
  const build = mod.buildHttpApp as (o: { store: GraphStore; config: { bodyLimitBytes: number } }) => unknown;
  const app = (await build({ store, config: { bodyLimitBytes: 10 * 2 ** 20 } })) as { listen(o: object): Promise<string>; close(): Promise<void>; server: { address(): AddressInfo } };
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${app.server.address().port}`;
  return {
    engine: async (q) => {
      const res = await fetch(`${base}/sparql?query=${encodeURIComponent(q)}`, { headers: { accept: JSON_RESULTS } });
      const body = await res.text();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${body.slice(0, 200)}`);
      return body;
    },
    close: async () => { await app.close(); await store.close(); },
  };
}

function rawOxigraph(chunks: string[]): Engine {
  const store = new oxigraph.Store();
  for (const c of chunks) store.load(c, { format: 'application/n-quads', no_transaction: true });
  return async (q) => store.query(q, { use_default_graph_as_union: true, results_format: JSON_RESULTS }) as unknown as string;
}

/**
 * Transport floor: raw oxigraph behind one bare fastify GET route on a real
 * socket. Not the fabric endpoint; it shows what HTTP + fastify alone cost.
 */
async function bareFastify(rawEngine: Engine): Promise<HttpHandle> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/sparql', async (req, reply) => {
    const body = await rawEngine((req.query as { query: string }).query);
    return reply.type(JSON_RESULTS).send(body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    engine: async (q) => {
      const res = await fetch(`${base}/sparql?query=${encodeURIComponent(q)}`, { headers: { accept: JSON_RESULTS } });
      return res.text();
    },
    close: () => app.close(),
  };
}

function rowCount(body: string): number {
  return (JSON.parse(body) as { results: { bindings: unknown[] } }).results.bindings.length;
}

async function comunica(chunks: string[], limitMs: number): Promise<Engine> {
  const { QueryEngine } = await import('@comunica/query-sparql');
  const engine = new QueryEngine();
  const store = new N3Store();
  const parser = new Parser({ format: 'application/n-quads' });
  for (const c of chunks) store.addQuads(parser.parse(c));
  return async (q) => {
    const result = await engine.query(q, { sources: [store], unionDefaultGraph: true });
    const { data } = await engine.resultToString(result, JSON_RESULTS);
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<string>((resolve, reject) => {
      data.on('data', (d: Buffer | string) => (text += d.toString()));
      data.on('end', () => resolve(text));
      data.on('error', reject);
    });
    const limit = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new TimeLimit()), limitMs); });
    try {
      return await Promise.race([done, limit]);
    } finally {
      clearTimeout(timer);
      (data as unknown as { destroy?: () => void }).destroy?.();
    }
  };
}

class TimeLimit extends Error {}

const WARMUP = 5;

/** Times `runs` runs after WARMUP warm-ups; records the result row count of the first run in `counts`. */
async function measure(engine: Engine, q: string, runs: number, counts: number[]): Promise<number[] | 'limit'> {
  const samples: number[] = [];
  try {
    for (let i = -WARMUP; i < runs; i++) {
      const t0 = performance.now();
      const body = await engine(q);
      if (i >= 0) samples.push(performance.now() - t0);
      else if (i === -WARMUP) counts.push(rowCount(body));
    }
  } catch (e) {
    if (e instanceof TimeLimit) return 'limit';
    throw e;
  }
  return samples;
}

export async function run(flags: Map<string, string>): Promise<string> {
  const sizes = parseSizes(flags.get('sizes') ?? '1k,10k');
  const runs = Number(flags.get('runs') ?? 20);
  const limitMs = Number(flags.get('comunica-limit-ms') ?? 30000);
  const withComunica = flags.get('no-comunica') !== 'true';
  const source = await loadDataSource((flags.get('source') ?? 'synthetic') as 'demo' | 'synthetic');
  const rows: (string | number)[][] = [];
  const notes: string[] = [`data: ${source.name}`];
  for (const ies of sizes) {
    const chunks = [...source.chunks(ies, 42)];
    const http = await startHttp(chunks);
    const raw = rawOxigraph(chunks);
    const floor = await bareFastify(raw);
    const com = withComunica ? await comunica(chunks, limitMs) : undefined;
    if (typeof http === 'string') notes.push(`${sizeLabel(ies)} IEs: HTTP endpoint ${http}`);
    for (const q of COMPETENCY_QUERIES) {
      const text = q.sparql(ies);
      const cells: Record<string, string> = {};
      const counts: number[] = [];
      const results: Record<string, number[] | 'limit' | undefined> = {
        http: typeof http === 'string' ? undefined : await measure(http.engine, text, runs, counts),
        floor: await measure(floor.engine, text, runs, counts),
        raw: await measure(raw, text, runs, counts),
        comunica: com ? await measure(com, text, runs, counts) : undefined,
      };
      if (new Set(counts).size > 1) notes.push(`${sizeLabel(ies)} ${q.name}: engines disagree on row counts ${counts.join(' / ')}`);
      gc();
      for (const [k, v] of Object.entries(results)) {
        if (v === undefined) cells[k] = 'n/a';
        else if (v === 'limit') cells[k] = `> ${limitMs} ms`;
        else { const s = summarise(v); cells[k] = `${fmt(s.p50, 2)} / ${fmt(s.p95, 2)} (${fmt(s.min, 2)}–${fmt(s.max, 2)})`; }
      }
      const rs = results.raw, hs = results.http;
      const ratio = Array.isArray(rs) && Array.isArray(hs) ? summarise(hs).p50 / summarise(rs).p50 : Number.NaN;
      const delta = Array.isArray(rs) && Array.isArray(hs) ? summarise(hs).p50 - summarise(rs).p50 : Number.NaN;
      rows.push([sizeLabel(ies), q.name, String(counts[0]), cells.http, cells.floor, cells.raw, cells.comunica, Number.isFinite(ratio) ? `${ratio.toFixed(2)}x / +${delta.toFixed(2)} ms` : 'n/a']);
      process.stderr.write(`[queries] ${sizeLabel(ies)} ${q.name}: http ${cells.http} raw ${cells.raw} comunica ${cells.comunica}\n`);
    }
    if (typeof http !== 'string') await http.close();
    await floor.close();
  }
  return [
    table(['IEs', 'query', 'rows', 'fabric HTTP endpoint p50 / p95 (min–max) ms', 'bare fastify + raw oxigraph', 'raw oxigraph', 'Comunica', 'fabric HTTP/raw (p50)'], rows),
    '',
    `${runs} timed runs per cell after ${WARMUP} warm-ups.`,
    ...notes,
  ].join('\n');
}
