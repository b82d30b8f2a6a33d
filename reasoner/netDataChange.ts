/**
 * The net change of a batch for the incremental reasoner (docs/reasoner.md "Incremental re-evaluation"):
 * which of the batch's triples the data (the store outside the inferred graphs) gained and lost with
 * respect to the mirror's merged data graph. A triple counts as held when some graph outside the inferred
 * graphs holds it; the data triple counts (dataTripleCounts.ts) answer "held nowhere" without asking the
 * store (a WASM lookup and oxigraph term objects per triple), otherwise the store is asked. A quad whose
 * last change in the batch is an insert is held without asking: the batch lists the changes of every record
 * the store applied since the previous batch, in commit order (deletes before inserts within a record), so no
 * later record removed it — with NGSI-LD creates, every changed triple.
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
  /** Whether the record inserted (true) or deleted (false) it; unknown: the store is asked. */
  readonly inserted?: boolean;
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
  const items = batch.map((pending) => {
    const { quad: q } = pending;
    const triple = oxigraph.quad(q.subject, q.predicate, q.object, data);
    return { pending, triple, key: triple.toString() };
  });
  // The last change of each quad (graph included) in commit order: a quad last inserted is held now.
  const last = new Map<string, { key: string; inserted: boolean }>();
  for (const { pending, key } of items) if (pending.inserted !== undefined) last.set(pending.quad.toString(), { key, inserted: pending.inserted });
  const heldNow = new Set<string>();
  for (const change of last.values()) if (change.inserted) heldNow.add(change.key);
  const seen = new Set<string>();
  const inserts: oxigraph.Quad[] = [];
  const deletes: oxigraph.Quad[] = [];
  for (const { pending: { quad: q, line }, triple, key } of items) {
    if (seen.has(key)) continue;
    seen.add(key);
    const held = heldNow.has(key) || heldInData(store, q, line, counts);
    const mirrored = mirror.has(triple);
    if (held && !mirrored) inserts.push(triple);
    if (!held && mirrored) deletes.push(triple);
  }
  return { inserts, deletes };
}
