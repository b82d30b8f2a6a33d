/**
 * The incremental reasoner's mirror (docs/reasoner.md "Inert inserts and deletes") follows the
 * statements no rule can use (changeRelevance.ts) as text, when their change record arrives: an
 * inert insert is loaded into the mirror's data graph as N-Triples; an inert delete leaves the mirror
 * unless the store still holds the triple in another graph outside the inferred graphs (the mirror
 * merges the data into one graph). Neither goes through the net change and delta evaluation.
 * The held check asks the data triple counts first (dataTripleCounts.ts: "held nowhere" without a store
 * read); only the lines they cannot rule out are parsed (one oxigraph.parse) and looked up in the store.
 * The removal is one SPARQL DELETE DATA over the lines' text.
 */
import oxigraph from 'oxigraph';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import type { DataTripleCounts } from './dataTripleCounts.js';
import type { ChangeRelevance } from './changeRelevance.js';
import { REASONER_GRAPHS } from './vocabulary.js';
import { SCRATCH_DATA_GRAPH } from './scratchCopy.js';

const NTRIPLES = 'application/n-triples';

/** Load inert inserted statements (N-Triples text) into the mirror's data graph. */
export function loadInert(mirror: oxigraph.Store, triples: string): void {
  mirror.load(triples, { format: NTRIPLES, to_graph_name: oxigraph.namedNode(SCRATCH_DATA_GRAPH), no_transaction: true });
}

/**
 * Remove inert deleted statements (N-Triples text, one per line, as ChangeRelevance.split writes them)
 * from the mirror's data graph, except those the store (after the commit) still holds outside the
 * inferred graphs. Returns how many left the mirror's data graph (or were already absent).
 * `counts`: the data triple counts, already following the commit.
 */
export function removeInert(mirror: oxigraph.Store, store: GraphStore, triples: string, counts?: DataTripleCounts): number {
  const lines = triples.split('\n').filter((l) => l.length > 0);
  const askedAt = lines.flatMap((l, i) => (!counts || counts.mayBeHeld(l) ? [i] : []));
  const held = new Set<number>();
  if (askedAt.length > 0) {
    const parsed = oxigraph.parse(`${askedAt.map((i) => lines[i]).join('\n')}\n`, { format: NTRIPLES });
    if (parsed.length !== askedAt.length) throw new Error(`inert deletes: ${parsed.length} statements parsed from ${askedAt.length} lines`);
    for (let k = 0; k < parsed.length; k++) {
      const q = parsed[k];
      if (store.match(q.subject, q.predicate, q.object, null).some((h) => !h.graph.value.startsWith(REASONER_GRAPHS.prefix))) held.add(askedAt[k]);
    }
  }
  let gone = '';
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    if (held.has(i)) continue;
    gone += `${lines[i]}\n`; // "s p o ." is also a SPARQL triple
    count++;
  }
  if (count > 0) mirror.update(`DELETE DATA { GRAPH <${SCRATCH_DATA_GRAPH}> {\n${gone}} }`);
  return count;
}

/**
 * Apply a change record's inert statements to the mirror; returns the record's remaining (relevant) text and
 * how many statements were inert.
 */
export function applyInert(mirror: oxigraph.Store, store: GraphStore, relevance: ChangeRelevance, record: { readonly deletes: string; readonly inserts: string },
  counts: DataTripleCounts | undefined): { deletes: string; inserts: string; inert: number } {
  let { deletes, inserts } = record;
  let inert = 0;
  if (inserts) {
    const split = relevance.split(inserts);
    if (split.inertCount > 0) {
      loadInert(mirror, split.inert);
      inert += split.inertCount;
      inserts = split.relevant;
    }
  }
  if (deletes) {
    const split = relevance.split(deletes);
    if (split.inertCount > 0) {
      removeInert(mirror, store, split.inert, counts);
      inert += split.inertCount;
      deletes = split.relevant;
    }
  }
  return { deletes, inserts, inert };
}
