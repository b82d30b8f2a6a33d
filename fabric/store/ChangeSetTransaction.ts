import type * as RDF from '@rdfjs/types';
import oxigraph from 'oxigraph';
import type { ChangeSet, CommitReceipt, Transaction } from './GraphStore.js';

/** What a transaction needs from its store: reads of committed state and an atomic commit. */
export interface CommitTarget {
  match(subject?: RDF.Term | null, predicate?: RDF.Term | null, object?: RDF.Term | null, graph?: RDF.Term | null): RDF.Quad[];
  commit(change: ChangeSet): Promise<CommitReceipt>;
}

/**
 * Collects adds, deletes and graph clears and commits them as one ChangeSet.
 * A clearGraph drops the adds to that graph made before it; adds after it survive
 * because deletes are applied before inserts.
 */
export class ChangeSetTransaction implements Transaction {
  private inserts: RDF.Quad[] = [];
  private readonly deletes: RDF.Quad[] = [];
  private readonly clearedGraphs = new Set<string>();
  private committed = false;

  constructor(private readonly target: CommitTarget) {}

  add(quad: RDF.Quad): void {
    this.inserts.push(quad);
  }

  delete(quad: RDF.Quad): void {
    this.deletes.push(quad);
  }

  clearGraph(graphIri: string): void {
    this.clearedGraphs.add(graphIri);
    this.inserts = this.inserts.filter((quad) => !(quad.graph.termType === 'NamedNode' && quad.graph.value === graphIri));
  }

  commit(): Promise<CommitReceipt> {
    if (this.committed) return Promise.reject(new Error('Transaction already committed'));
    this.committed = true;
    const deletes = [...this.deletes];
    for (const graph of this.clearedGraphs) deletes.push(...this.target.match(null, null, null, oxigraph.namedNode(graph)));
    return this.target.commit({ deletes, inserts: this.inserts });
  }
}
