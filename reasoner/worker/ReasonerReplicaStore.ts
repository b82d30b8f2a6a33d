/**
 * The graph store the incremental reasoner sees inside its worker thread (docs/reasoner.md "Incremental
 * reasoning in a worker thread"): a replica of the node's store — seeded like a query replica, kept
 * current by the node's commit records, applied in commit order — with the node's change feed.
 * Records of others are handed to the change-feed listeners right after they are applied, as the node's
 * store does; records produced by committing the reasoner's own writes (`own`) are applied silently,
 * so the reasoner never sees its inferred-graph writes as someone else's (which would force a full run).
 * Writes (the reasoner's inferred graphs) go to the node: `commit` / `load` post the change as N-Quads
 * text and resolve once the main thread has committed it AND this replica has applied the record it
 * produced, so a later full run never diffs against a replica that lacks the reasoner's own writes.
 * Trust on change, when it runs in the worker too, reads this replica through a TrustReplicaStore: it follows
 * every record (`onAnyCommit`: the reasoner's own included, as on the main thread) and its writes are posted
 * as trust writes (`postWrite`), which the main thread does not mark own.
 */
import oxigraph from 'oxigraph';
import type {
  ChangeListener, ChangeSet, CommitReceipt, GraphStore, LoadOptions, Transaction,
} from '../../fabric/store/GraphStore.js';
import { ChangeSetTransaction } from '../../fabric/store/ChangeSetTransaction.js';
import { DelegatedReads } from '../../fabric/store/DelegatedReads.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';
import { applyRecord } from '../../fabric/store/durable/applyRecord.js';
import { toNQuads } from '../../fabric/store/rdfText.js';
import { loadAsNQuads } from './loadText.js';
import type { NQuadsCommit } from '../writeDelta.js';
import { OperationNotSupportedError } from '../../fabric/errors/FabricError.js';
import type { ForwardedRecord, TrustWrite } from './protocol.js';


export interface ReplicaPosition {
  /** Seq of the last record the seed holds (-1: unknown, a dump); records at or below it are skipped when `dedupBySeq`. */
  readonly lastSeq: number;
  /** True for a seed recovered from the data directory (its records may arrive again); false for a dump. */
  readonly dedupBySeq: boolean;
}

/** Posts one write (N-Quads texts) to the main thread under an id; the answer comes back through `written` / `writeFailed`. */
export type WritePoster = (id: number, deletes: string, inserts: string, trust?: TrustWrite) => void;

export class ReasonerReplicaStore extends DelegatedReads implements GraphStore, NQuadsCommit {
  private readonly memory: MemoryGraphStore;
  private readonly listeners = new Set<ChangeListener>();
  /** Told every record, the reasoner's own included (trust on change). */
  private readonly anyListeners = new Set<ChangeListener>();
  private lastSeq: number;
  private readonly dedupBySeq: boolean;
  private nextWrite = 1;
  private readonly writes = new Map<number, { resolve: (receipt: CommitReceipt) => void; reject: (error: Error) => void }>();
  /** Writes committed by the main thread whose record has not been applied here yet (defensive: port order makes it rare). */
  private readonly awaitingSeq: Array<{ seq: number; resolve: () => void }> = [];
  /** Records of the reasoner's own writes, applied without telling the listeners. */
  ownRecords = 0;

  /** `recordFilter`: what the records lose before they are applied and reported (replicaWithoutMetadata.ts). */
  constructor(raw: oxigraph.Store, position: ReplicaPosition, private readonly post: WritePoster, private readonly recordFilter?: (text: string) => string) {
    super();
    this.memory = new MemoryGraphStore(raw);
    this.lastSeq = position.lastSeq;
    this.dedupBySeq = position.dedupBySeq;
  }

  /** Apply forwarded records in order; each record of someone else is then reported to the listeners. */
  applyRecords(records: readonly ForwardedRecord[]): void {
    for (const record of records) {
      if (this.dedupBySeq && record.seq <= this.lastSeq) continue;
      const filter = this.recordFilter;
      const plain = filter ? { seq: record.seq, deletes: filter(record.deletes), inserts: filter(record.inserts) } : { seq: record.seq, deletes: record.deletes, inserts: record.inserts };
      applyRecord(this.memory.raw, plain);
      this.lastSeq = Math.max(this.lastSeq, record.seq);
      if (record.own) this.ownRecords++;
      else for (const listener of [...this.listeners]) listener(plain);
      for (const listener of [...this.anyListeners]) listener(plain);
    }
    for (let i = this.awaitingSeq.length - 1; i >= 0; i--) {
      if (this.awaitingSeq[i].seq <= this.lastSeq) this.awaitingSeq.splice(i, 1)[0].resolve();
    }
  }

  /** The main thread committed write `id`; `seq` is the record it produced (undefined when nothing changed). */
  written(id: number, seq: number | undefined): void {
    const write = this.writes.get(id);
    if (!write) return;
    this.writes.delete(id);
    if (seq === undefined || seq <= this.lastSeq) write.resolve({ seq: seq ?? this.lastSeq });
    else this.awaitingSeq.push({ seq, resolve: () => write.resolve({ seq }) });
  }

  writeFailed(id: number, message: string): void {
    const write = this.writes.get(id);
    this.writes.delete(id);
    write?.reject(new Error(`The node's store refused the reasoner's write: ${message}`));
  }

  onCommit(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Like onCommit, but told the records of the reasoner's own writes too. */
  onAnyCommit(listener: ChangeListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  /** Seq of the last record applied (-1: none since a dump seed): the replica equals the node's store as of that record. */
  get appliedSeq(): number {
    return this.lastSeq;
  }

  commit(change: ChangeSet): Promise<CommitReceipt> {
    return this.postWrite(toNQuads(change.deletes), toNQuads(change.inserts));
  }

  /**
   * writeDelta.ts NQuadsCommit: N-Quads text in oxigraph's printing (the incremental reasoner's write, derivedChanges.ts)
   * is posted as it is — what `commit` of its parsed quads posts (`toNQuads`); the node commits it as any write.
   */
  commitNQuads(deletes: string, inserts: string): Promise<CommitReceipt> {
    return this.postWrite(deletes, inserts);
  }

  /** N-Quads go to the node as they are; other syntaxes are parsed here (blank-node labels kept) and sent as N-Quads. */
  async load(data: string, options: LoadOptions): Promise<number> {
    const { nquads, statements } = loadAsNQuads(data, options);
    await this.postWrite('', nquads);
    return statements;
  }

  update(): Promise<CommitReceipt> {
    return Promise.reject(new OperationNotSupportedError('The reasoner\'s replica takes no SPARQL Update; write through commit or load.'));
  }

  transaction(): Transaction {
    return new ChangeSetTransaction(this);
  }

  /**
   * Posts a write to the main thread; resolves once it is committed there and its record applied here. Without
   * `trust` it is the reasoner's (its record comes back marked own).
   */
  postWrite(deletes: string, inserts: string, trust?: TrustWrite): Promise<CommitReceipt> {
    if (!deletes && !inserts) return Promise.resolve({ seq: this.lastSeq });
    const id = this.nextWrite++;
    return new Promise((resolve, reject) => {
      this.writes.set(id, { resolve, reject });
      this.post(id, deletes, inserts, trust);
    });
  }

  protected get readStore(): MemoryGraphStore {
    return this.memory;
  }

  /** Walks the store (records are applied to the oxigraph store directly, so no count is kept); the reasoner does not ask. */
  size(): number { return this.memory.raw.size; }
  async close(): Promise<void> {
    for (const [id] of this.writes) this.writeFailed(id, 'the reasoner replica closed');
  }
}
