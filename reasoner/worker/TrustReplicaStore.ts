/**
 * The graph store trust on change sees inside the reasoner's worker thread (docs/trust.md "In the reasoner's
 * worker thread"): the worker's replica (ReasonerReplicaStore) for reads and the change feed — every record, the
 * reasoner's own included, as the node's store reports them on the main thread —, with writes posted to the main
 * thread as trust writes, which it does not mark own: the reasoner follows them (e.g. the sdm: aliases of
 * cf:trustScore and aeros:infrastructureElementStatus). Each write names the replica's seq it was computed at
 * (ChangeSet.exactAt when the trust service gave one; a load is computed in the tick it is posted) and the
 * entity graphs that held their IE then (trustWriteGuard.ts).
 */
import type { ChangeListener, ChangeSet, CommitReceipt, GraphStore, LoadOptions, Transaction } from '../../fabric/store/GraphStore.js';
import { ChangeSetTransaction } from '../../fabric/store/ChangeSetTransaction.js';
import { DelegatedReads } from '../../fabric/store/DelegatedReads.js';
import { toNQuads } from '../../fabric/store/rdfText.js';
import { loadAsNQuads } from './loadText.js';
import { OperationNotSupportedError } from '../../fabric/errors/FabricError.js';
import type { ReasonerReplicaStore } from './ReasonerReplicaStore.js';
import { entitiesHeld } from './trustWriteGuard.js';


export class TrustReplicaStore extends DelegatedReads implements GraphStore {
  constructor(private readonly replica: ReasonerReplicaStore) {
    super();
  }

  protected get readStore(): ReasonerReplicaStore {
    return this.replica;
  }

  /** Every record applied to the replica (GraphStore.onCommit on the node's store reports them all too). */
  onCommit(listener: ChangeListener): () => void {
    return this.replica.onAnyCommit(listener);
  }

  /** The seq of the last record applied: the node's store's changeCount() when it was in the same state. */
  changeCount(): number {
    return this.replica.appliedSeq;
  }

  commit(change: ChangeSet): Promise<CommitReceipt> {
    return this.write(toNQuads(change.deletes), toNQuads(change.inserts), change.exactAt);
  }

  /** N-Quads go as they are (trust's bulk path); other syntaxes are parsed here and sent as N-Quads. */
  async load(data: string, options: LoadOptions): Promise<number> {
    const at = this.changeCount();
    const { nquads, statements } = loadAsNQuads(data, options);
    await this.write('', nquads, at);
    return statements;
  }

  update(): Promise<CommitReceipt> {
    return Promise.reject(new OperationNotSupportedError('Trust in the reasoner worker takes no SPARQL Update; write through commit or load.'));
  }

  transaction(): Transaction {
    return new ChangeSetTransaction(this);
  }

  size(): number { return this.replica.size(); }
  async close(): Promise<void> { /* the replica is closed by its owner */ }

  private write(deletes: string, inserts: string, exactAt: number | undefined): Promise<CommitReceipt> {
    const entities = entitiesHeld(this.replica, inserts);
    return this.replica.postWrite(deletes, inserts, { ...(exactAt !== undefined && exactAt >= 0 ? { exactAt } : {}), entities });
  }
}
