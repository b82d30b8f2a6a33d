/**
 * The scratch oxigraph store a run computes in: the union of every graph of a
 * GraphStore except the inferred graphs, merged into ONE scratch graph
 * (SCRATCH_DATA_GRAPH); derived triples go to one graph per rule, and rules see
 * the data graph and all rule graphs merged (fixpoint.ts). Old derived
 * facts are left out so they cannot support themselves, and a failed run leaves
 * the real store untouched. Ground lines go in with bulk `load`s, lines with
 * blank nodes are parsed and added one by one,
 * because `load` renames blank nodes and derived triples must keep the store's labels.
 */
import oxigraph from 'oxigraph';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { REASONER_GRAPHS } from './vocabulary.js';

const NTRIPLES = 'application/n-triples';
/** The scratch store's graph holding the copied data (rules see it merged with the rule graphs). */
export const SCRATCH_DATA_GRAPH = 'urn:continuum-fabric:reasoner:data';

/**
 * The data triples of the store as N-Triples lines: the default graph and every graph that is
 * not inferred, dumped one graph at a time. One dump of the whole store would build its text in
 * oxigraph's WASM memory, which the store, this scratch copy and the derived triples share (4 GiB
 * in all): at 100k IEs (2M quads) that dump alone ran out of it.
 */
function dataTriples(store: GraphStore): string[] {
  const triples: string[] = [];
  const take = (text: string): void => {
    for (const line of text.split('\n')) if (line.length > 0) triples.push(line);
  };
  take(store.dump(NTRIPLES, 'default'));
  for (const graph of store.graphs()) if (!graph.startsWith(REASONER_GRAPHS.prefix)) take(store.dump(NTRIPLES, graph));
  return triples;
}

/** Ground lines per `load` call: the text is copied into WASM memory, so it goes in slices. */
const LOAD_SLICE_LINES = 100_000;

/** `observe`: called with the data triples copied (N-Triples lines, one per quad), in the same tick as the dump. */
export function scratchCopy(store: GraphStore, observe?: (triples: readonly string[]) => void): oxigraph.Store {
  const scratch = new oxigraph.Store();
  let ground: string[] = [];
  let withBlank = '';
  const triples = dataTriples(store);
  observe?.(triples);
  const data = oxigraph.namedNode(SCRATCH_DATA_GRAPH);
  const loadGround = (): void => {
    if (ground.length > 0) scratch.load(`${ground.join('\n')}\n`, { format: NTRIPLES, to_graph_name: data, no_transaction: true });
    ground = [];
  };
  for (const line of triples) {
    if (line.includes('_:')) withBlank += `${line}\n`;
    else if (ground.push(line) >= LOAD_SLICE_LINES) loadGround();
  }
  loadGround();
  if (withBlank) for (const q of oxigraph.parse(withBlank, { format: NTRIPLES })) scratch.add(oxigraph.quad(q.subject, q.predicate, q.object, data));
  return scratch;
}

/** IRIs of the store's inferred graphs (rule graphs and the provenance graph). */
export function inferredGraphs(store: GraphStore): string[] {
  return store.graphs().filter((g) => g.startsWith(REASONER_GRAPHS.prefix));
}
