/**
 * The incremental reasoner's mirror (docs/reasoner.md "Inert inserts and deletes") follows the
 * statements no rule can use (changeRelevance.ts) as text, when their change record arrives: an
 * inert insert is loaded into the mirror's data graph as N-Triples; an inert delete leaves the mirror
 * unless the store still holds the triple in another graph outside the inferred graphs (the mirror
 * merges the data into one graph). Neither goes through the net change and delta evaluation.
 * The held check reads the store with the parsed triple (oxigraph.parse of the record's inert
 * deletes, one call); the removal is one SPARQL DELETE DATA over the lines' text.
 */
import oxigraph from 'oxigraph';
import type { GraphStore } from '../fabric/store/GraphStore.js';
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
 */
export function removeInert(mirror: oxigraph.Store, store: GraphStore, triples: string): number {
  const lines = triples.split('\n').filter((l) => l.length > 0);
  const parsed = oxigraph.parse(triples, { format: NTRIPLES });
  if (parsed.length !== lines.length) throw new Error(`inert deletes: ${parsed.length} statements parsed from ${lines.length} lines`);
  let gone = '';
  let count = 0;
  for (let i = 0; i < parsed.length; i++) {
    const q = parsed[i];
    const held = store.match(q.subject, q.predicate, q.object, null).some((h) => !h.graph.value.startsWith(REASONER_GRAPHS.prefix));
    if (held) continue;
    gone += `${lines[i]}\n`; // "s p o ." is also a SPARQL triple
    count++;
  }
  if (count > 0) mirror.update(`DELETE DATA { GRAPH <${SCRATCH_DATA_GRAPH}> {\n${gone}} }`);
  return count;
}
