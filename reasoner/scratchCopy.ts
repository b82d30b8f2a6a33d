/**
 * The scratch oxigraph store a run computes in: the union of every graph of a
 * GraphStore except the inferred graphs, merged into ONE scratch graph
 * (SCRATCH_DATA_GRAPH); derived triples go to one graph per rule, and rules see
 * the data graph and all rule graphs merged (fixpoint.ts). Old derived
 * facts are left out so they cannot support themselves, and a failed run leaves
 * the real store untouched. Ground lines go in with one bulk `load`, lines with
 * blank nodes are parsed and added one by one,
 * because `load` renames blank nodes and derived triples must keep the store's labels.
 */
import oxigraph from 'oxigraph';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { REASONER_GRAPHS } from './vocabulary.js';

const NTRIPLES = 'application/n-triples';
const NQUADS = 'application/n-quads';
/** The scratch store's graph holding the copied data (rules see it merged with the rule graphs). */
export const SCRATCH_DATA_GRAPH = 'urn:continuum-fabric:reasoner:data';

/**
 * One N-Quads dump of the whole store turned into N-Triples: a line of a named
 * graph ends with its graph term, which is dropped (an IRI or blank node has no
 * space, so the graph starts at the last " <" or " _:"); lines of the default
 * graph (known from its own dump) stay as they are; inferred graphs are skipped.
 */
function dataTriples(store: GraphStore): string[] {
  const defaults = new Set(store.dump(NTRIPLES, 'default').split('\n'));
  const inferred = ` <${REASONER_GRAPHS.prefix}`;
  const triples: string[] = [];
  for (const line of store.dump(NQUADS).split('\n')) {
    if (line.length === 0) continue;
    if (defaults.has(line)) { triples.push(line); continue; }
    const body = line.slice(0, -2); // without " ."
    const graphStart = body.endsWith('>') ? body.lastIndexOf(' <') : body.lastIndexOf(' _:');
    if (body.startsWith(inferred, graphStart)) continue;
    triples.push(`${body.slice(0, graphStart)} .`);
  }
  return triples;
}

/** `observe`: called with the data triples copied (N-Triples lines, one per quad), in the same tick as the dump. */
export function scratchCopy(store: GraphStore, observe?: (triples: readonly string[]) => void): oxigraph.Store {
  const scratch = new oxigraph.Store();
  let ground = '';
  let withBlank = '';
  const triples = dataTriples(store);
  observe?.(triples);
  for (const line of triples) {
    if (line.includes('_:')) withBlank += `${line}\n`;
    else ground += `${line}\n`;
  }
  const data = oxigraph.namedNode(SCRATCH_DATA_GRAPH);
  if (ground) scratch.load(ground, { format: NTRIPLES, to_graph_name: data, no_transaction: true });
  if (withBlank) for (const q of oxigraph.parse(withBlank, { format: NTRIPLES })) scratch.add(oxigraph.quad(q.subject, q.predicate, q.object, data));
  return scratch;
}

/** IRIs of the store's inferred graphs (rule graphs and the provenance graph). */
export function inferredGraphs(store: GraphStore): string[] {
  return store.graphs().filter((g) => g.startsWith(REASONER_GRAPHS.prefix));
}
