/**
 * Query-replica decorator (docs/query-replicas.md). oxigraph's WASM
 * evaluator is synchronous: a long SPARQL query in the main thread would stall
 * health checks and NGSI-LD reads and writes. Here queries run on read
 * replicas in worker threads with a time limit; everything else (point reads,
 * writes, dumps) goes to the inner store in the main thread.
 *
 * Read-your-writes: every commit record is posted to every replica
 * synchronously inside the inner store's onCommit (before the write is
 * acknowledged), and a later query is posted after it on the same port.
 */
import type * as RDF from '@rdfjs/types';
import type {
  ChangeListener, ChangeSet, CommitReceipt, GraphStore, LoadOptions, QueryOptions, QueryResult, SerializedResult, TextChangeSet, Transaction,
} from '../GraphStore.js';
import { InternalError, NotAcceptableError, QueryEngineFailureError, SparqlSyntaxError } from '../../errors/FabricError.js';
import { ReplicaPool, type ReplicaPoolStats } from './ReplicaPool.js';
import type { CommitObservable, QueryFailure, QueryReply, ReplicaQueryOptions, ReplicaSeed } from './protocol.js';
import { decodeQueryResult } from './resultDecoding.js';

export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

export interface ReplicatedGraphStoreOptions {
  /**
   * Worker replicas (default 1). 0 = no replicas: queries run on the inner
   * store in the main thread, WITHOUT a time limit (synchronous WASM cannot be interrupted).
   */
  readonly replicas?: number;
  /** Default query time limit in ms (QueryOptions.timeoutMs overrides per call). */
  readonly timeoutMs?: number;
  /**
   * Durable data directory: replicas seed themselves by read-only recovery
   * (snapshot + WAL). Without it they are seeded from the inner store's
   * N-Quads dump, serialized in the main thread — fine for small stores.
   */
  readonly dataDir?: string;
  /** Compiled worker script (default: queryWorker.js beside this module in dist/). */
  readonly workerScript?: URL | string;
  /** Delay before respawning a crashed replica (default 1000 ms). */
  readonly crashRespawnDelayMs?: number;
}

export type ReplicaStats = ReplicaPoolStats;

function replicaOptions(options: QueryOptions | undefined): ReplicaQueryOptions {
  if (!options) return {};
  const { defaultGraphs, namedGraphs, baseIri } = options;
  return {
    ...(defaultGraphs ? { defaultGraphs: [...defaultGraphs] } : {}),
    ...(namedGraphs ? { namedGraphs: [...namedGraphs] } : {}),
    ...(baseIri ? { baseIri } : {}),
  };
}

function fail(failure: QueryFailure): Error {
  if (failure.reason === 'syntax') return new SparqlSyntaxError(failure.message, failure.line, failure.column);
  if (failure.reason === 'format') return new NotAcceptableError(failure.message);
  if (failure.reason === 'trap') return new QueryEngineFailureError(failure.message);
  return new Error(failure.message); // as MemoryGraphStore: evaluation errors surface with oxigraph's message
}

export class ReplicatedGraphStore implements GraphStore {
  private readonly pool: ReplicaPool | undefined;
  private readonly timeoutMs: number;
  /** The inner store's change counter, when it has one (GraphStore.changeCount; writes all go to the inner store). */
  readonly changeCount?: () => number;
  /** The inner store's text commits, when it has them (GraphStore.commitText). */
  readonly commitText?: (change: TextChangeSet) => Promise<CommitReceipt> | undefined;

  constructor(private readonly inner: GraphStore & CommitObservable, options: ReplicatedGraphStoreOptions = {}) {
    if (inner.changeCount) this.changeCount = () => inner.changeCount!();
    if (inner.commitText) this.commitText = (change) => inner.commitText!(change);
    const replicas = options.replicas ?? 1;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    if (replicas === 0) return;
    const { dataDir } = options;
    const seed = dataDir
      // onCommit runs before the log write: an empty commit is a durability barrier, so every
      // change announced before the replica started buffering records is on disk when it recovers.
      ? async (): Promise<ReplicaSeed> => {
        await inner.commit({ deletes: [], inserts: [] });
        return { kind: 'dataDir', dataDir };
      }
      : (): ReplicaSeed => ({ kind: 'nquads', nquads: inner.dump('application/n-quads') });
    this.pool = new ReplicaPool(replicas, {
      script: options.workerScript ?? new URL('./queryWorker.js', import.meta.url),
      seed,
      ...(options.crashRespawnDelayMs !== undefined ? { crashRespawnDelayMs: options.crashRespawnDelayMs } : {}),
    });
    const pool = this.pool;
    inner.onCommit((record) => pool.forward(record));
  }

  /** Resolves when every replica is seeded (for /ready); immediately without replicas. */
  async ready(): Promise<void> {
    await this.pool?.ready();
  }

  stats(): ReplicaStats {
    return this.pool?.stats() ?? { replicas: 0, ready: 0, busy: 0, queued: 0, restarts: 0, timeouts: 0, crashes: 0 };
  }

  private async ask(sparql: string, mediaType: string | null, options?: QueryOptions): Promise<QueryReply> {
    const timeoutMs = options?.timeoutMs ?? this.timeoutMs;
    const reply = await this.pool!.query({ sparql, mediaType, options: replicaOptions(options) }, timeoutMs);
    if (reply.type === 'error') throw fail(reply);
    return reply;
  }

  async query(sparql: string, options?: QueryOptions): Promise<QueryResult> {
    if (!this.pool) return this.inner.query(sparql, options);
    const reply = await this.ask(sparql, null, options);
    try {
      return decodeQueryResult(reply);
    } catch (error) {
      throw new InternalError(`Cannot decode replica results: ${(error as Error).message}`);
    }
  }

  async queryTo(sparql: string, mediaType: string, options?: QueryOptions): Promise<SerializedResult> {
    if (!this.pool) return this.inner.queryTo(sparql, mediaType, options);
    const { kind, body } = await this.ask(sparql, mediaType, options);
    return { kind, mediaType, body };
  }

  size(): number { return this.inner.size(); }
  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.Quad[] { return this.inner.match(s, p, o, g); }
  has(quad: RDF.Quad): boolean { return this.inner.has(quad); }
  graphs(): string[] { return this.inner.graphs(); }
  transaction(): Transaction { return this.inner.transaction(); }
  commit(change: ChangeSet): Promise<CommitReceipt> { return this.inner.commit(change); }
  load(data: string, options: LoadOptions): Promise<number> { return this.inner.load(data, options); }
  update(sparql: string, options?: { baseIri?: string }): Promise<CommitReceipt> { return this.inner.update(sparql, options); }
  dump(mediaType: string, graph?: string | 'default'): string { return this.inner.dump(mediaType, graph); }
  /** The inner store's change feed (every write goes to the inner store). */
  onCommit(listener: ChangeListener): () => void {
    const unsubscribe = this.inner.onCommit(listener);
    return typeof unsubscribe === 'function' ? unsubscribe as () => void : () => undefined;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    await this.inner.close();
  }
}
