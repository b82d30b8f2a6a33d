import type * as RDF from '@rdfjs/types';

/** An atomic change: deletes are applied before inserts. */
export interface ChangeSet {
  readonly deletes: readonly RDF.Quad[];
  readonly inserts: readonly RDF.Quad[];
  /**
   * Optional promise of the caller: computed against the store's state at `changeCount() ===
   * exactAt` as exactly the quads to remove (all present) and to add (all absent), e.g. the
   * difference of a whole entity graph read at that count (EntityWriter). A store whose count
   * is still `exactAt` may then skip its per-quad presence checks (DurableGraphStore); any other
   * store, or a later count, ignores it and checks as usual. Decorators pass it on untouched.
   */
  readonly exactAt?: number;
  /**
   * Optional promise of the caller: every IRI and language tag of the inserts was checked at least as
   * strictly as oxigraph's strict parser (fabric/rdf/quadTermValidation.ts), so a store that writes them
   * as N-Quads text may load it with oxigraph's `lenient` option (≈ 90 µs less per 65-quad IE, docs/benchmarks.md §4).
   * Set only by the NGSI-LD write path (entityCommit); decorators pass it on untouched.
   */
  readonly validated?: boolean;
}

/**
 * A change given as N-Quads text (GraphStore.commitText): deletes before inserts, as a ChangeSet of the parsed quads.
 * `exactAt` and `validated` promise what they promise on a ChangeSet.
 */
export interface TextChangeSet {
  readonly deletes: string;
  readonly inserts: string;
  readonly exactAt?: number;
  readonly validated?: boolean;
}

export interface QueryOptions {
  /** IRIs of graphs forming the default graph (SPARQL Protocol default-graph-uri). */
  readonly defaultGraphs?: readonly string[];
  /** IRIs of graphs available to GRAPH (SPARQL Protocol named-graph-uri). */
  readonly namedGraphs?: readonly string[];
  readonly baseIri?: string;
  /** Time limit in milliseconds; exceeded → QueryTimeoutError. Implementations that cannot interrupt ignore it. */
  readonly timeoutMs?: number;
}

/** Structured results for in-process callers (reasoner, services). */
export type QueryResult =
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'bindings'; readonly variables: readonly string[]; readonly rows: ReadonlyArray<ReadonlyMap<string, RDF.Term>> }
  | { readonly kind: 'quads'; readonly quads: readonly RDF.Quad[] };

/** Results already serialized in a media type (the hot path of the SPARQL endpoint). */
export interface SerializedResult {
  readonly kind: 'boolean' | 'bindings' | 'quads';
  readonly mediaType: string;
  readonly body: string;
}

export interface LoadOptions {
  /** Media type: text/turtle, application/trig, application/n-triples, application/n-quads, application/ld+json, application/rdf+xml. */
  readonly format: string;
  /** Target graph IRI for triple formats; undefined = default graph. */
  readonly graph?: string;
  readonly baseIri?: string;
  /**
   * The caller wrote this text itself and checked every IRI and language tag in it at least as strictly
   * as oxigraph's strict parser (ChangeSet.validated): the bulk N-Quads path may parse it `lenient`.
   * Never set for text from users (SPARQL Update, Graph Store Protocol, /load, bulk): that stays strict.
   */
  readonly validated?: boolean;
}

/**
 * One committed change as the change feed reports it: the EFFECTIVE deletes and inserts as
 * N-Quads text (a ground bulk load may list quads that were already present), numbered in commit order.
 */
export interface ChangeRecord {
  readonly seq: number;
  readonly deletes: string;
  readonly inserts: string;
}

export type ChangeListener = (record: ChangeRecord) => void;

export interface CommitReceipt {
  /** Monotonic sequence number of the commit (0 for in-memory stores without a log). */
  readonly seq: number;
}

/** A transaction collects changes and commits them atomically. Reads go to the store's committed state. */
export interface Transaction {
  add(quad: RDF.Quad): void;
  delete(quad: RDF.Quad): void;
  /** Delete every quad of a graph (e.g. replacing an entity). */
  clearGraph(graphIri: string): void;
  commit(): Promise<CommitReceipt>;
}

/**
 * The one store interface the rest of the fabric uses. The SPARQL evaluator,
 * NGSI-LD services and the reasoner know only this; implementations
 * (in-memory oxigraph, durable decorator, query-replica decorator) stack.
 * A returned promise resolves only once the change is durable (where the
 * implementation is durable).
 */
export interface GraphStore {
  /** Number of quads in all graphs. */
  size(): number;
  match(subject?: RDF.Term | null, predicate?: RDF.Term | null, object?: RDF.Term | null, graph?: RDF.Term | null): RDF.Quad[];
  has(quad: RDF.Quad): boolean;
  /** IRIs (or blank node labels as _:x) of all named graphs. */
  graphs(): string[];

  transaction(): Transaction;
  commit(change: ChangeSet): Promise<CommitReceipt>;
  /**
   * Optional: commit a change given as N-Quads text without parsing it into quads, when the store can apply and record it
   * exactly as `commit` of the parsed quads would (the same state, change-feed record and log record): the store is still
   * at `exactAt` and the text is in the store's own printing (groundChangeText.ts). Otherwise it changes nothing and answers undefined,
   * synchronously, and the caller commits the parsed quads. Like `commit`, the change is applied (and its record reported)
   * before this returns; the promise resolves once it is durable.
   */
  commitText?(change: TextChangeSet): Promise<CommitReceipt> | undefined;
  /** Parse and insert RDF text; malformed input throws RdfSyntaxError and changes nothing. Returns the number of quads parsed. */
  load(data: string, options: LoadOptions): Promise<number>;

  query(sparql: string, options?: QueryOptions): Promise<QueryResult>;
  queryTo(sparql: string, mediaType: string, options?: QueryOptions): Promise<SerializedResult>;
  /** SPARQL 1.1 Update; applied atomically as one ChangeSet. */
  update(sparql: string, options?: { baseIri?: string }): Promise<CommitReceipt>;

  /** Serialize a graph (or all graphs for quad formats when graph is undefined). */
  dump(mediaType: string, graph?: string | 'default'): string;
  close(): Promise<void>;
  /**
   * Optional: a number that grows with every effective change (commit, SPARQL Update, load,
   * from any API), read synchronously; equal values mean the data did not change. Read caches
   * (NGSI-LD entity and query caches) are used only on stores that offer it.
   */
  changeCount?(): number;
  /**
   * Optional change feed: `listener` is called synchronously with every effective change (commit,
   * SPARQL Update, load, from any API), in commit order, right after it is applied in memory and
   * before the write is acknowledged. Returns a function that unsubscribes. Decorators forward it
   * (durable, replicated); the incremental reasoner and trust follow data changes through it.
   */
  onCommit?(listener: ChangeListener): () => void;
}
