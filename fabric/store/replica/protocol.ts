/**
 * Messages between the main thread and a query replica (worker_threads).
 * postMessage keeps order per port, so a query posted after a commit record
 * is evaluated after that record is applied (read-your-writes).
 */

/** One committed change as N-Quads texts, numbered in commit order (the DurableGraphStore WAL record). */
export interface CommitRecord {
  readonly seq: number;
  readonly deletes: string;
  readonly inserts: string;
}

/** A store whose committed changes can be observed in commit order. */
export interface CommitObservable {
  onCommit(listener: (record: CommitRecord) => void): unknown;
}

/** How a replica gets its initial copy of the data. */
export type ReplicaSeed =
  /** Read-only recovery from the durable store's snapshot + WAL; records with seq <= recovered lastSeq are skipped. */
  | { readonly kind: 'dataDir'; readonly dataDir: string }
  /** The primary's N-Quads dump, taken synchronously when the replica is spawned; every later record is applied. */
  | { readonly kind: 'nquads'; readonly nquads: string };

export interface ReplicaQueryOptions {
  readonly defaultGraphs?: readonly string[];
  readonly namedGraphs?: readonly string[];
  readonly baseIri?: string;
}

export interface QueryRequest {
  readonly type: 'query';
  readonly id: number;
  readonly sparql: string;
  /** Results media type; null = structured mode (SPARQL JSON for bindings/boolean, N-Quads for graphs). */
  readonly mediaType: string | null;
  readonly options: ReplicaQueryOptions;
}

/** Commit records in commit order: the records of one event-loop turn travel in one message (ReplicaWorker.forward). */
export interface RecordMessage {
  readonly type: 'records';
  readonly records: readonly CommitRecord[];
}

export type ToReplica = QueryRequest | RecordMessage;

export type ResultKind = 'boolean' | 'bindings' | 'quads';

export interface QueryReply {
  readonly type: 'result';
  readonly id: number;
  readonly kind: ResultKind;
  readonly mediaType: string;
  readonly body: string;
}

/**
 * 'syntax' = the query does not parse; 'format' = no serializer for this media type and query form; 'trap' = the engine
 * failed inside WebAssembly (a trap or a stack overflow through its frames), which leaves the replica's store unusable.
 */
export interface QueryFailure {
  readonly type: 'error';
  readonly id: number;
  readonly reason: 'syntax' | 'format' | 'evaluation' | 'trap';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface ReadyMessage {
  readonly type: 'ready';
  readonly lastSeq: number;
  readonly quads: number;
}

export type FromReplica = QueryReply | QueryFailure | ReadyMessage;
