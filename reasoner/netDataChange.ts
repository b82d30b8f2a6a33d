/**
 * The net change of a batch for the incremental reasoner (docs/reasoner.md "Incremental re-evaluation"):
 * which of the batch's triples the data (the store outside the inferred graphs) gained and lost with
 * respect to the mirror's merged data graph. A triple counts as held when some graph outside the inferred
 * graphs holds it; the data triple counts (dataTripleCounts.ts) answer "held nowhere" without asking the
 * store (a WASM lookup and oxigraph term objects per triple), otherwise the store is asked.
 */
import oxigraph from 'oxigraph';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import type { DataTripleCounts } from './dataTripleCounts.js';
import { SCRATCH_DATA_GRAPH } from './scratchCopy.js';
import { REASONER_GRAPHS } from './vocabulary.js';

/** A changed quad of a batch, with its N-Quads line from the change record when it is known. */
export interface PendingQuad {
  readonly quad: oxigraph.Quad;
  readonly line?: string;
}

export function isInferred(graph: oxigraph.Term): boolean {
  return graph.termType === 'NamedNode' && graph.value.startsWith(REASONER_GRAPHS.prefix);
}

/** Whether the store holds the triple in a graph outside the inferred graphs (after the commits so far). */
export function heldInData(store: GraphStore, q: oxigraph.Quad, line: string | undefined, counts: DataTripleCounts | undefined): boolean {
  if (counts && line !== undefined && !counts.mayBeHeld(line)) return false;
  return store.match(q.subject, q.predicate, q.object, null).some((h) => !isInferred(h.graph as oxigraph.Term));
}

export function netDataChange(store: GraphStore, mirror: oxigraph.Store, batch: readonly PendingQuad[], counts: DataTripleCounts | undefined): { inserts: oxigraph.Quad[]; deletes: oxigraph.Quad[] } {
  const data = oxigraph.namedNode(SCRATCH_DATA_GRAPH);
  const seen = new Set<string>();
  const inserts: oxigraph.Quad[] = [];
  const deletes: oxigraph.Quad[] = [];
  for (const { quad: q, line } of batch) {
    const triple = oxigraph.quad(q.subject, q.predicate, q.object, data);
    const key = triple.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    const held = heldInData(store, q, line, counts);
    const mirrored = mirror.has(triple);
    if (held && !mirrored) inserts.push(triple);
    if (!held && mirrored) deletes.push(triple);
  }
  return { inserts, deletes };
}
