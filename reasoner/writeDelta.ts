/**
 * Replaces the store's inferred graphs with those computed in the scratch
 * store, writing only the difference, through the GraphStore interface and as
 * N-Quads text (no JS object per derived triple: at 10^5 triples per-quad calls
 * into oxigraph's WASM binding cost seconds to minutes). Retractions and inserts
 * with blank nodes go in one `commit` (parsed with their labels kept); ground
 * inserts in one N-Quads `load`, the store's bulk path. Order: retractions
 * first, then additions, so a reader may briefly see the run's retractions
 * without its additions; a crash in between leaves fewer derived triples,
 * which the next run restores.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { inferredGraphs } from './scratchCopy.js';

const NQUADS = 'application/n-quads';

export interface Delta {
  readonly added: number;
  readonly removed: number;
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

/** "s p o ." of a graph dump → "s p o <g> .". */
function inGraph(line: string, graph: string): string {
  return `${line.slice(0, line.lastIndexOf(' .'))} <${graph}> .\n`;
}

export async function replaceInferredGraphs(store: GraphStore, scratch: oxigraph.Store, graphs: readonly string[]): Promise<Delta> {
  const existing = new Set(inferredGraphs(store));
  const wanted = new Set(graphs);
  let deleteText = '';
  let groundText = '';
  let blankText = '';
  let added = 0;
  let removed = 0;
  for (const graph of new Set([...existing, ...wanted])) {
    const have = existing.has(graph) ? lines(store.dump(NQUADS, graph)) : [];
    const want = wanted.has(graph) ? lines(scratch.dump({ format: NQUADS, from_graph_name: oxigraph.namedNode(graph) })) : [];
    const haveSet = new Set(have);
    const wantSet = new Set(want);
    for (const line of have) {
      if (!wantSet.has(line)) { deleteText += inGraph(line, graph); removed++; }
    }
    for (const line of want) {
      if (haveSet.has(line)) continue;
      added++;
      if (line.includes('_:')) blankText += inGraph(line, graph);
      else groundText += inGraph(line, graph);
    }
  }
  const deletes = deleteText ? oxigraph.parse(deleteText, { format: NQUADS }) as RDF.Quad[] : [];
  const withBlank = blankText ? oxigraph.parse(blankText, { format: NQUADS }) as RDF.Quad[] : [];
  if (deletes.length > 0 || withBlank.length > 0) await store.commit({ deletes, inserts: withBlank });
  if (groundText) await store.load(groundText, { format: NQUADS });
  return { added, removed };
}
