/**
 * A MemoryGraphStore that reports each effective change as a numbered commit
 * record, like DurableGraphStore.onCommit but without a log: lets query
 * replicas follow a pure in-memory store (seeded from its N-Quads dump).
 */
import type { ChangeSet, CommitReceipt, GraphStore, LoadOptions, Transaction } from '../GraphStore.js';
import { DelegatedReads } from '../DelegatedReads.js';
import { ChangeSetTransaction } from '../ChangeSetTransaction.js';
import { MemoryGraphStore } from '../MemoryGraphStore.js';
import { toNQuads } from '../rdfText.js';
import type { CommitObservable, CommitRecord } from './protocol.js';

export class ObservedMemoryStore extends DelegatedReads implements GraphStore, CommitObservable {
  private readonly listeners: Array<(record: CommitRecord) => void> = [];
  private seq = 0;

  constructor(readonly memory: MemoryGraphStore = new MemoryGraphStore()) {
    super();
  }

  protected get readStore(): MemoryGraphStore {
    return this.memory;
  }

  onCommit(listener: (record: CommitRecord) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Number the change and tell the listeners, synchronously, before the write is acknowledged. */
  private publish(change: ChangeSet): CommitReceipt {
    if (change.deletes.length === 0 && change.inserts.length === 0) return { seq: this.seq };
    const record: CommitRecord = { seq: ++this.seq, deletes: toNQuads(change.deletes), inserts: toNQuads(change.inserts) };
    for (const listener of [...this.listeners]) listener(record);
    return { seq: record.seq };
  }

  async commit(change: ChangeSet): Promise<CommitReceipt> {
    return this.publish(this.memory.applyChange(change));
  }

  async update(sparql: string, options: { baseIri?: string } = {}): Promise<CommitReceipt> {
    return this.publish(this.memory.applyUpdate(sparql, options.baseIri));
  }

  async load(data: string, options: LoadOptions): Promise<number> {
    const change = this.memory.loadText(data, options);
    this.publish(change);
    return change.parsed;
  }

  transaction(): Transaction {
    return new ChangeSetTransaction(this);
  }

  size(): number { return this.memory.size(); }
  async close(): Promise<void> { await this.memory.close(); }
}
