/**
 * Graph management operations (SPARQL 1.1 Update §3.2): CLEAR, DROP, CREATE,
 * ADD, MOVE, COPY. This is a quad store: a named graph exists while it holds
 * quads, or once CREATEd earlier in the same request (an empty graph cannot
 * be carried by a ChangeSet, so it does not outlive the request).
 * Non-SILENT operations on a missing graph fail as §3.2 allows; SILENT
 * makes CLEAR/DROP/CREATE no-ops and ADD/COPY/MOVE read the source as empty.
 */
import oxigraph from 'oxigraph';
import type { ClearDropOperation, CopyMoveAddOperation, CreateOperation, GraphOrDefault, GraphReference } from 'sparqljs';
import { AlreadyExistsError, ResourceNotFoundError } from '../../errors/FabricError.js';
import type { ChangeTracker } from './ChangeTracker.js';

type GraphName = oxigraph.NamedNode | oxigraph.DefaultGraph;

export class GraphManager {
  /** Graphs CREATEd in this request that may still be empty. */
  private readonly created = new Set<string>();

  constructor(private readonly store: oxigraph.Store, private readonly tracker: ChangeTracker) {}

  clearOrDrop(op: ClearDropOperation): void {
    const ref = op.graph as GraphReference;
    if (ref.all) {
      for (const g of [oxigraph.defaultGraph(), ...this.namedGraphs()]) this.clearGraph(g);
      if (op.type === 'drop') this.created.clear();
    } else if (ref.named) {
      for (const g of this.namedGraphs()) this.clearGraph(g);
      if (op.type === 'drop') this.created.clear();
    } else {
      const g = graphName(ref);
      if (!this.exists(g)) {
        if (op.silent) return;
        throw new ResourceNotFoundError(`${op.type.toUpperCase()}: the graph <${g.value}> does not exist`);
      }
      this.clearGraph(g);
      if (op.type === 'drop') this.created.delete(g.value);
    }
  }

  create(op: CreateOperation): void {
    const g = graphName(op.graph);
    if (this.exists(g)) {
      if (op.silent) return;
      throw new AlreadyExistsError(`CREATE: the graph <${g.value}> already exists`);
    }
    this.created.add(g.value);
  }

  /** ADD / COPY / MOVE (§3.2.5-7); the same source and destination is a no-op. */
  copyMoveAdd(op: CopyMoveAddOperation): void {
    const source = graphName(op.source);
    const target = graphName(op.destination);
    // §3.2.5-7 "may return failure if the input graph does not exist"; with SILENT a missing
    // source is an empty graph (the spec's DROP SILENT + INSERT … WHERE equivalence, as oxigraph does).
    if (!op.silent && !this.exists(source)) {
      throw new ResourceNotFoundError(`${op.type.toUpperCase()}: the source graph <${source.value}> does not exist`);
    }
    if (source.equals(target)) return;
    const quads = this.store.match(null, null, null, source);
    if (op.type !== 'add') this.clearGraph(target);
    for (const q of quads) this.tracker.add(oxigraph.quad(q.subject, q.predicate, q.object, target));
    if (target.termType === 'NamedNode') this.created.add(target.value);
    if (op.type === 'move') {
      this.clearGraph(source);
      if (source.termType === 'NamedNode') this.created.delete(source.value);
    }
  }

  private exists(g: GraphName): boolean {
    if (g.termType === 'DefaultGraph' || this.created.has(g.value)) return true;
    return this.store.query(`ASK { GRAPH <${g.value}> { ?s ?p ?o } }`) === true;
  }

  private clearGraph(g: GraphName): void {
    for (const q of this.store.match(null, null, null, g)) this.tracker.delete(q);
  }

  private namedGraphs(): oxigraph.NamedNode[] {
    const rows = this.store.query('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }') as Map<string, oxigraph.Term>[];
    return rows.map((row) => row.get('g')).filter((g): g is oxigraph.NamedNode => g?.termType === 'NamedNode');
  }
}

function graphName(ref: GraphOrDefault): GraphName {
  return ref.default || !ref.name ? oxigraph.defaultGraph() : oxigraph.namedNode(ref.name.value);
}
