/**
 * The server side of the `ngsi-ld` bench, in its own process (the load generator runs in the
 * parent, as against a real deployment). argv[2] = JSON Args:
 * - mode 'fabric': a real fabric node (FabricNode: durable store, query replica, SHACL
 *   validation, the NGSI-LD API) on `dataDir`, preloaded with `entities` IEs first;
 * - mode 'baseline': a bare fastify route answering a fixed JSON (the ceiling of the machine).
 * Prints one JSON line {url, preloadMs, quads, warmMs, warm} when listening and the node's NGSI-LD read
 * index has warmed its entity cache (FabricNode.readIndexWarmed: the bench measures warm reads,
 * warmMs = how long after listening that took), or `warmTimeoutMs` passed first (warm: false); stops cleanly on SIGTERM or when
 * the parent's IPC channel closes (the bench was killed). With `profileDir`, the node's CPU is
 * profiled (inspector Profiler) from the moment it is warm until it stops, so the profile shows the
 * measured load, not the preload and the warm-up; written as <profileDir>/node-<pid>.cpuprofile.
 * Answers the IPC message 'stats' with its ServerStats (GC pauses, CPU, heap, event-loop delay since
 * the previous 'stats'), so the bench can say what each measured run cost the node, and 'quiet' once the
 * node is quiet (harness.ts untilQuiet: the query replica following the writes, the store's log).
 *
 * Preload: each IE goes through the NGSI-LD codec and mapping exactly as a create would
 * (expandEntity with the continuum context → createdEntity → entityToQuads), and the
 * resulting ground N-Quads go into the durable store through its bulk path (store.load of
 * N-Quads, which logs the input bytes as one WAL record per chunk), before the node starts.
 * SHACL validation is skipped for the preload only.
 */
import Fastify from 'fastify';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContextResolver } from '../fabric/ngsi-ld/context/ContextResolver.js';
import { expandEntity } from '../fabric/ngsi-ld/codec/expandEntity.js';
import { entityToQuads } from '../fabric/ngsi-ld/mapping/entityToQuads.js';
import { createdEntity } from '../fabric/ngsi-ld/service/entityEdits.js';
import { DurableGraphStore } from '../fabric/store/durable/DurableGraphStore.js';
import { toNQuads } from '../fabric/store/rdfText.js';
import { seedFreshStore } from '../fabric/node/seedFreshStore.js';
import { packageRoot } from '../fabric/validation/modelFiles.js';
import { FabricNode } from '../fabric/node/FabricNode.js';
import { DEFAULT_CONFIG } from '../fabric/config/NodeConfig.js';
import { CONTINUUM_CONTEXT, ieEntity } from './ngsiLdEntities.js';
import { untilQuiet } from './harness.js';
import type { EntityIndexStats } from '../fabric/ngsi-ld/index/EntityIndex.js';

interface Args {
  readonly mode: 'fabric' | 'baseline';
  readonly dataDir?: string;
  readonly entities?: number;
  /** Run the node with incremental reasoning and trust on change (config incrementalReasoning). */
  readonly incrementalReasoning?: boolean;
  /** Profile the node's CPU from warm to stop into this directory. */
  readonly profileDir?: string;
  /** Wait at most this long for the read index's warm-up (then measure on a partly cold cache). Default 600 s. */
  readonly warmTimeoutMs?: number;
}

const PRELOAD_CHUNK = 2_000;

async function preload(dataDir: string, entities: number): Promise<number> {
  const store = await DurableGraphStore.open(dataDir);
  await seedFreshStore(store, { packageRoot: packageRoot(), demo: false, demoIes: 0, demoSeed: 0 });
  const ctx = await new ContextResolver().resolve(CONTINUUM_CONTEXT);
  const now = '2026-12-01T09:00:00Z';
  for (let start = 0; start < entities; start += PRELOAD_CHUNK) {
    const quads = [];
    for (let i = start; i < Math.min(entities, start + PRELOAD_CHUNK); i++) {
      quads.push(...entityToQuads(createdEntity(expandEntity(ieEntity(i), ctx), now)));
    }
    await store.load(toNQuads(quads), { format: 'application/n-quads' });
  }
  const size = store.size();
  await store.close();
  return size;
}

interface Started {
  url: string; stop: () => Promise<void>; preloadMs: number; quads: number; warmMs: number; warm: boolean;
  /** The node's read index counters (FabricNode.readIndexStats); none for the baseline. */
  readIndex?: () => Promise<EntityIndexStats | undefined>;
}

async function fabric(args: Args): Promise<Started> {
  const t0 = performance.now();
  const quads = await preload(args.dataDir!, args.entities ?? 0);
  const preloadMs = performance.now() - t0;
  // The read index sized for the data, as an operator would (config readIndexEntities): the preloaded IEs plus the
  // creates of the run, which add ≈ 15k entities at 100k; with the 100k default, random retrieves then met evicted ones.
  const readIndexEntities = Math.max(DEFAULT_CONFIG.readIndexEntities, 2 * (args.entities ?? 0));
  const node = new FabricNode({ ...DEFAULT_CONFIG, dataDir: args.dataDir!, port: 0, logLevel: 'silent', demo: false, readIndexEntities, incrementalReasoning: args.incrementalReasoning ?? DEFAULT_CONFIG.incrementalReasoning });
  const { url } = await node.start();
  const listening = performance.now();
  await node.reasoningSettled(); // with incremental reasoning, its first full run is not measured as load
  // Reads are measured on a warm entity cache, not on first decodes; but not waited for without end.
  let timer: NodeJS.Timeout | undefined;
  const warm = await Promise.race([
    node.readIndexWarmed().then(() => true),
    new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), args.warmTimeoutMs ?? 600_000); }),
  ]);
  clearTimeout(timer);
  const warmMs = performance.now() - listening;
  const stopProfile = args.profileDir ? await startProfile(args.profileDir) : async () => {};
  return { url, stop: async () => { await stopProfile(); await node.stop(); }, preloadMs, quads, warmMs, warm, readIndex: () => node.readIndexStats() };
}

/** Starts the inspector's CPU profiler; the returned function stops it and writes the profile. */
async function startProfile(dir: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `node-${process.pid}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

/** The ceiling: the same HTTP stack with a handler that does nothing but answer a fixed JSON. */
async function baseline(): Promise<Started> {
  const app = Fastify({ logger: false });
  const body = { id: 'urn:ngsi-ld:InfrastructureElement:bench:0', type: 'InfrastructureElement', cpuCores: { type: 'Property', value: 8 } };
  app.get('/fixed', async () => body);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, stop: () => app.close(), preloadMs: 0, quads: 0, warmMs: 0, warm: true };
}

/** What the node spent since the previous 'stats' message (bench/ngsiLd.ts asks around each measured run). */
export interface ServerStats {
  /** GC pauses of the main thread (perf_hooks 'gc' entries): count and total ms, by kind, and the longest. */
  readonly gcCount: number;
  readonly gcMs: number;
  readonly gcMajorMs: number;
  readonly gcMaxMs: number;
  /** Process CPU (all threads: GC helpers, oxigraph) in ms. */
  readonly cpuMs: number;
  /** Event-loop delay (monitorEventLoopDelay, 10 ms resolution): max and p99 in ms. */
  readonly loopDelayMaxMs: number;
  readonly loopDelayP99Ms: number;
  /** V8 heap used and total (MB) at the time of the message. */
  readonly heapUsedMb: number;
  readonly heapTotalMb: number;
  /** The read index's entity reads served from its cache or written graphs (hits), from the store (misses), and entities decoded again in the background (redecoded), since the previous 'stats'; 0 for the baseline. */
  readonly indexHits: number;
  readonly indexMisses: number;
  readonly indexRedecoded: number;
  /** Entities another writer changed, read again from the store in the background (EntityIndex stats().reread). */
  readonly indexReread: number;
}

/** Counts GC pauses and event-loop delay and answers 'stats' messages with the deltas since the last one. */
function serveStats(readIndex: Started['readIndex']): void {
  let gcCount = 0;
  let gcMs = 0;
  let gcMajorMs = 0;
  let gcMaxMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcCount++;
      gcMs += entry.duration;
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === 4 /* NODE_PERFORMANCE_GC_MAJOR */) gcMajorMs += entry.duration;
      gcMaxMs = Math.max(gcMaxMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let cpu = process.cpuUsage();
  let index = { hits: 0, misses: 0, redecoded: 0, reread: 0 };
  process.on('message', async (message) => {
    if (message === 'quiet') return void untilQuiet().then((waitedMs) => process.send?.({ waitedMs }));
    if (message !== 'stats') return;
    const counters = (await readIndex?.()) ?? index;
    const now = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const stats: ServerStats = {
      gcCount, gcMs, gcMajorMs, gcMaxMs, cpuMs: (now.user + now.system) / 1000,
      loopDelayMaxMs: delay.max / 1e6, loopDelayP99Ms: delay.percentile(99) / 1e6,
      heapUsedMb: memory.heapUsed / 2 ** 20, heapTotalMb: memory.heapTotal / 2 ** 20,
      indexHits: counters.hits - index.hits, indexMisses: counters.misses - index.misses, indexRedecoded: counters.redecoded - index.redecoded, indexReread: counters.reread - index.reread,
    };
    index = { hits: counters.hits, misses: counters.misses, redecoded: counters.redecoded, reread: counters.reread };
    gcCount = 0; gcMs = 0; gcMajorMs = 0; gcMaxMs = 0;
    delay.reset();
    process.send?.(stats);
  });
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as Args;
  const parent = process.ppid;
  const orphanWatch = setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM'); // re-parented: the bench is gone
  }, 1000);
  orphanWatch.unref();
  const server = args.mode === 'fabric' ? await fabric(args) : await baseline();
  serveStats(server.readIndex);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.stop().then(() => process.exit(0), (error: unknown) => {
      process.stderr.write(`stop failed: ${String(error)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', stop);
  // The bench process went away (killed, crashed): do not outlive it.
  process.on('disconnect', stop);

  process.stdout.write(JSON.stringify({ url: server.url, preloadMs: server.preloadMs, quads: server.quads, warmMs: server.warmMs, warm: server.warm }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(String((error as Error).stack ?? error) + '\n');
  process.exit(1);
});
