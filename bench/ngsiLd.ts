/**
 * `ngsi-ld`: the NGSI-LD API of a real fabric node under HTTP load (issue 3 "Benchmarks").
 * The node runs in a child process (bench/ngsiLdServer.ts: FabricNode on a fresh temp data
 * dir, durable store, one query replica, SHACL validation on), the load generator
 * (autocannon) in this process; both share the machine. Same-run baseline: a bare fastify
 * route answering a fixed JSON, in its own child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { fmt, parseSizes, sizeLabel, summarise, table } from './harness.js';
import { scenarios } from './ngsiLdScenarios.js';
import type { ServerStats } from './ngsiLdServer.js';

export const help = `ngsi-ld [--sizes 10k,100k] [--runs 5] [--duration 5] [--connections 32] [--batch 50] [--upsert-connections 4]
  [--scenarios retrieve,query,query-distinct,create,upsert] [--no-incremental-reasoning] [--profile <dir>] [--warm-timeout 600]
  A fabric node (FabricNode in a child process: durable store on a fresh temp data dir, 1 query replica,
  SHACL validation, read index sized for 2 × N entities: readIndexEntities) preloaded with N aerOS
  InfrastructureElements (bench/ngsiLdEntities.ts) through the NGSI-LD mapping and the durable store's bulk
  N-Quads load (bench/ngsiLdServer.ts); measuring starts once the node's NGSI-LD read index has warmed its
  entity cache (FabricNode.readIndexWarmed; at most --warm-timeout seconds, default 600, then the notes say the
  reads met a partly cold cache). Load: autocannon in
  this process, --connections keep-alive connections, --runs runs per scenario (scenarios interleaved per
  run). Each run sends a fixed number of requests, sized from an unmeasured warm-up (a probe of ≈ 1 s) to last
  about --duration seconds, and ends when all are answered, so no run leaves work in flight for the next. Before each measured
  run, one unmeasured request per connection of the same scenario, then a wait until the node is quiet (its
  process under 10 % of a core over 200 ms, at most 20 s: the query replica and the log follow the previous
  scenario's writes), so reads are measured in a steady state without writes. The GET scenarios' requests are built before each run, per connection (each connection its
  own seeded random stream), so autocannon does not rebuild a request per send. Scenarios:
    baseline  GET of a fixed JSON from a bare fastify route (its own child process): the ceiling
    retrieve  GET /ngsi-ld/v1/entities/{id}, random preloaded ids, Link: continuum context
    query     GET /ngsi-ld/v1/entities?type=InfrastructureElement&q=cpuCores>=8;currentCpuUsage<50&limit=20
              (≈ 30 % of the IEs match), random offset in 0..200: the same query every time
    query-distinct  the same with currentCpuUsage<x, x a fresh random bound in 40..60 per request: no two
              requests ask the same query; ≤ 8 connections
              (both walk the NGSI-LD read index, fabric/ngsi-ld/index, when the node has one)
    create    POST /ngsi-ld/v1/entities, a new IE per request; 201 = durable (after fsync)
    upsert    POST /ngsi-ld/v1/entityOperations/upsert?options=update, --batch IE telemetry items
              (currentCpuUsage, availableRam, observedAt) of random preloaded IEs per request,
              --upsert-connections connections (a batch is a long request)
  Prints req/s (median/min/max over runs; upsert also entities/s) and p50/p99 latency (median over runs), and
  per run (stderr) and per scenario (median, in the notes) what the node spent: its process CPU per request (all
  threads), this process's (autocannon's) CPU per request, the node's GC pauses (perf_hooks: share of the run,
  major GC ms, longest pause), its longest event-loop delay and heap, and its read index's hits and misses (entity
  reads from the store) per request and its background re-decodes (written graphs) and re-reads (entities other
  writers changed); the same for the baseline's node.
  The node runs as a node does by default: incremental reasoning and trust on change on (config
  incrementalReasoning). --no-incremental-reasoning: without them (a node started with that flag) — the cost of
  reasoning on the NGSI-LD paths is the difference (docs/benchmarks.md §4 "Incremental reasoning on by default").
  --profile <dir>: profile the node's CPU from the moment it is warm (after preload and index warm-up) until it
    stops, into <dir>/node-<pid>.cpuprofile (open in Chrome DevTools or speedscope).`;

const SCENARIOS = ['retrieve', 'query', 'query-distinct', 'create', 'upsert'];

interface Server {
  readonly url: string; readonly preloadMs: number; readonly quads: number; readonly warmMs: number; readonly warm: boolean;
  /** What the node spent (GC, CPU, event-loop delay) since the previous call. */
  stats(): Promise<ServerStats>;
  /** Resolves when the node is quiet (ngsiLdServer.ts untilQuiet), with the ms that took. */
  quiet(): Promise<number>;
  stop(): Promise<void>;
}

function startServer(args: Record<string, unknown>): Promise<Server> {
  const script = new URL('./ngsiLdServer.js', import.meta.url).pathname;
  const child: ChildProcess = spawn(process.execPath, [script, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  /** One IPC request to the child and its answer (the bench asks one at a time); fails if the child is gone or dies meanwhile. */
  const ask = <T>(message: string): Promise<T> => new Promise<T>((answer, fail) => {
    const died = (code: number | null, signal: string | null): void => fail(new Error(`the node's process exited (code ${code}, signal ${signal}) while the bench waited for '${message}'`));
    if (child.exitCode !== null || child.signalCode !== null) { died(child.exitCode, child.signalCode); return; }
    child.once('exit', died);
    child.once('message', (reply) => { child.off('exit', died); answer(reply as T); });
    child.send(message);
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    child.once('exit', (code) => reject(new Error(`server child exited with code ${code} before listening`)));
    lines.once('line', (line) => {
      const info = JSON.parse(line) as { url: string; preloadMs: number; quads: number; warmMs: number; warm: boolean };
      resolve({
        ...info,
        stats: () => ask<ServerStats>('stats'),
        quiet: async () => (await ask<{ waitedMs: number }>('quiet')).waitedMs,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

interface Sample { readonly rps: number; readonly p50: number; readonly p99: number; readonly non2xx: number; readonly errors: number; readonly responses: number }

async function load(opts: autocannon.Options): Promise<Sample> {
  // Rate from the first to the last response as they arrive: autocannon checks for the end of an
  // `amount` run once per second, so its own duration (and wall time around it) is rounded up to seconds.
  let first = 0;
  let last = 0;
  let responses = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...opts, timeout: 30 }, (error, res) => (error ? reject(error) : resolve(res)));
    instance.on('response', () => {
      last = performance.now();
      if (responses++ === 0) first = last;
    });
  });
  const seconds = Math.max(1e-3, (last - first) / 1000);
  const ok = result['2xx'];
  return {
    rps: responses > 1 ? (ok * (responses - 1)) / responses / seconds : 0,
    p50: result.latency.p50, p99: result.latency.p99,
    non2xx: result.non2xx, errors: result.errors + result.timeouts, responses,
  };
}

/**
 * One measured run: a fixed number of requests (autocannon `amount`), so the run ends when the node
 * has answered all of them and nothing is left in flight for the next run (a `duration` run stops
 * sending but the node still works off what it received).
 */
async function measure(opts: autocannon.Options, amount: number): Promise<Sample> {
  const { duration: _ignored, ...rest } = opts;
  return load({ ...rest, amount });
}

/** Requests for a run of about `seconds` at the rate of `probe`. */
function amountFor(probe: Sample, seconds: number, connections: number): number {
  return Math.max(connections * 4, Math.round(probe.rps * seconds));
}


/** The node's spending during one measured run. */
interface RunCost extends ServerStats {
  readonly wallMs: number;
  readonly requests: number;
  /** CPU of this process (autocannon) during the run. */
  readonly clientCpuMs: number;
}

const costLine = (c: RunCost): string =>
  `CPU ${fmt((c.cpuMs * 1000) / c.requests, 0)} µs/request (autocannon ${fmt((c.clientCpuMs * 1000) / c.requests, 0)}), GC pauses ${c.gcCount} = ${fmt(c.gcMs, 0)} ms (${fmt((100 * c.gcMs) / c.wallMs)} % of ${fmt(c.wallMs / 1000, 2)} s; major ${fmt(c.gcMajorMs, 0)} ms, longest ${fmt(c.gcMaxMs, 1)} ms), ` +
  `loop delay max ${fmt(c.loopDelayMaxMs, 0)} ms, heap ${fmt(c.heapUsedMb, 0)}/${fmt(c.heapTotalMb, 0)} MB, ` +
  `read index ${c.indexHits} hits / ${c.indexMisses} misses (${fmt(c.indexMisses / c.requests, 3)} per request), ${c.indexRedecoded} redecoded, ${c.indexReread} re-read`;

const costSummary = (runs: readonly RunCost[]): string => {
  const median = (f: (c: RunCost) => number): number => summarise(runs.map(f)).median;
  return `CPU ${fmt(median((c) => (c.cpuMs * 1000) / c.requests), 0)} µs/request (autocannon ${fmt(median((c) => (c.clientCpuMs * 1000) / c.requests), 0)}), GC pauses ${fmt(median((c) => (100 * c.gcMs) / c.wallMs))} % of the run ` +
    `(major ${fmt(median((c) => c.gcMajorMs), 0)} ms, longest ${fmt(median((c) => c.gcMaxMs), 1)} ms), loop delay max ${fmt(median((c) => c.loopDelayMaxMs), 0)} ms, heap ${fmt(median((c) => c.heapUsedMb), 0)} MB, ` +
    `read index misses ${fmt(median((c) => c.indexMisses / c.requests), 3)} per request`;
};

const row = (label: string, size: string, samples: Sample[], perRequest = 1): Array<string | number> => {
  const rps = summarise(samples.map((s) => s.rps * perRequest));
  const bad = samples.reduce((n, s) => n + s.non2xx + s.errors, 0);
  return [label, size, rps.median, rps.min, rps.max, fmt(summarise(samples.map((s) => s.p50)).median, 1), fmt(summarise(samples.map((s) => s.p99)).median, 1), bad];
};

export async function run(flags: Map<string, string>): Promise<string> {
  const sizes = parseSizes(flags.get('sizes') ?? '10k,100k');
  const runs = Number(flags.get('runs') ?? 5);
  const duration = Number(flags.get('duration') ?? 5);
  const connections = Number(flags.get('connections') ?? 32);
  const batch = Number(flags.get('batch') ?? 50);
  const upsertConnections = Number(flags.get('upsert-connections') ?? 4);
  const profileDir = flags.get('profile');
  const warmTimeout = Number(flags.get('warm-timeout') ?? 600);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const only = (flags.get('scenarios') ?? SCENARIOS.join(',')).split(',').map((s) => s.trim());
  for (const name of only) if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario ${name}`);
  const rows: Array<Array<string | number>> = [];
  const notes: string[] = [];

  const baselineServer = await startServer({ mode: 'baseline' });
  const baseline: Sample[] = [];
  const baselineCosts: RunCost[] = [];
  try {
    for (const size of sizes) {
      const dataDir = mkdtempSync(join(tmpdir(), 'ngsi-ld-bench-'));
      const server = await startServer({ mode: 'fabric', dataDir, entities: size, incrementalReasoning: !flags.has('no-incremental-reasoning'), ...(profileDir ? { profileDir: resolvePath(profileDir) } : {}), warmTimeoutMs: warmTimeout * 1000 });
      notes.push(`${sizeLabel(size)}: preloaded ${size.toLocaleString('en-US')} IEs (${server.quads.toLocaleString('en-US')} quads with ontology and shapes) in ${(server.preloadMs / 1000).toFixed(1)} s; ${server.warm ? `read index warm ${(server.warmMs / 1000).toFixed(1)} s after listening (waited for)` : `read index NOT warm after ${(server.warmMs / 1000).toFixed(1)} s (--warm-timeout): reads partly measured on a cold cache`}`);
      const plan = scenarios(connections, duration, batch, upsertConnections);
      const samples: Record<string, Sample[]> = Object.fromEntries(only.map((name) => [name, []]));
      const costs: Record<string, RunCost[]> = Object.fromEntries(only.map((name) => [name, []]));
      const waits: Record<string, number[]> = Object.fromEntries(only.map((name) => [name, []]));
      try {
        // Warm-up (JIT, caches) of every scenario, unmeasured; its rate sizes the measured runs.
        const amounts: Record<string, number> = {};
        const runOf = (name: string, run: number, amount: number): Promise<Sample> => measure(plan[name](server.url, size, run, amount), amount);
        for (const name of Object.keys(samples)) {
          const c = plan[name](server.url, size, -1, 1).connections ?? connections;
          await runOf(name, -1, c * 2);
          // Sized from a probe of ≈ 1 s: a probe of a few hundred requests on a cold JIT gave runs far shorter than
          // --duration (≈ 1 s at 10k under load), where one GC pause or descheduling weighs on the whole run.
          const short = await runOf(name, -2, c * 4);
          amounts[name] = amountFor(await runOf(name, -3, amountFor(short, 1, c)), duration, c);
        }
        for (let i = 0; i < runs; i++) {
          if (size === sizes[0]) {
            await server.quiet(); // the fabric node's background work would take from the baseline's cores
            await baselineServer.stats();
            const started = performance.now();
            const client = process.cpuUsage();
            baseline.push(await load({ url: `${baselineServer.url}/fixed`, connections, duration }));
            const clientUsage = process.cpuUsage(client);
            baselineCosts.push({ ...(await baselineServer.stats()), wallMs: performance.now() - started, requests: baseline.at(-1)!.responses, clientCpuMs: (clientUsage.user + clientUsage.system) / 1000 });
            process.stderr.write(`run ${i + 1}/${runs} baseline: ${fmt(baseline.at(-1)!.rps)} req/s; node: ${costLine(baselineCosts.at(-1)!)}\n`);
          }
          for (const name of Object.keys(samples)) {
            const opts = plan[name](server.url, size, i, amounts[name]);
            // Unmeasured, right before: the other scenarios' writes may have dropped cached reads.
            await runOf(name, 100 + i, opts.connections ?? connections);
            // Not during the tail of the previous scenario's writes (the replica following them, the log).
            waits[name].push(await server.quiet());
            await server.stats();
            const started = performance.now();
            const client = process.cpuUsage();
            samples[name].push(await measure(opts, amounts[name]));
            const clientUsage = process.cpuUsage(client);
            const node = await server.stats();
            costs[name].push({ ...node, wallMs: performance.now() - started, requests: amounts[name], clientCpuMs: (clientUsage.user + clientUsage.system) / 1000 });
            process.stderr.write(`${sizeLabel(size)} run ${i + 1}/${runs} ${name}: ${fmt(samples[name].at(-1)!.rps)} req/s (node quiet after ${fmt(waits[name].at(-1)!, 0)} ms); node: ${costLine(costs[name].at(-1)!)}\n`);
          }
        }
      } finally {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
      const label = sizeLabel(size);
      for (const name of only) notes.push(`${label} ${name}, node per run (median): ${costSummary(costs[name])}; waited ${fmt(summarise(waits[name]).median, 0)} ms (max ${fmt(Math.max(...waits[name]), 0)}) for the node to be quiet`);
      if (samples.retrieve) rows.push(row('retrieve GET /entities/{id}', label, samples.retrieve));
      if (samples.query) rows.push(row('query type+q limit=20 (same q)', label, samples.query));
      if (samples['query-distinct']) rows.push(row('query type+q limit=20 (distinct q)', label, samples['query-distinct']));
      if (samples.create) rows.push(row('create POST /entities (durable)', label, samples.create));
      if (samples.upsert) rows.push(row(`upsert batch of ${batch}: requests`, label, samples.upsert));
      if (samples.upsert) rows.push(row(`upsert batch of ${batch}: entities`, label, samples.upsert, batch));
    }
  } finally {
    await baselineServer.stop();
  }
  rows.unshift(row('baseline bare fastify fixed JSON', '-', baseline));
  notes.push(`baseline, node per run (median): ${costSummary(baselineCosts)}`);
  const header = ['scenario', 'entities', 'req/s median', 'min', 'max', 'p50 ms', 'p99 ms', 'non-2xx+errors'];
  return [
    `${runs} runs x ≈ ${duration} s per scenario, ${connections} connections (upsert: ${upsertConnections}), autocannon in the parent process, node in a child process.`,
    ...notes, '', table(header, rows), '',
  ].join('\n');
}
