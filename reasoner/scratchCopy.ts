/**
 * The scratch oxigraph store a run computes in: the union of every graph of a
 * GraphStore except the inferred graphs, merged into ONE scratch graph
 * (SCRATCH_DATA_GRAPH); derived triples go to one graph per rule, and rules see
 * the data graph and all rule graphs merged (fixpoint.ts). Old derived
 * facts are left out so they cannot support themselves, and a failed run leaves
 * the real store untouched. Ground text goes in with bulk `load`s, lines with
 * blank nodes are parsed and added one by one,
 * because `load` renames blank nodes and derived triples must keep the store's labels.
 */
import oxigraph from 'oxigraph';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { oxigraphHeapReserve } from '../fabric/store/WasmHeapReserve.js';
import { REASONER_GRAPHS } from './vocabulary.js';

const NTRIPLES = 'application/n-triples';
/** The scratch store's graph holding the copied data (rules see it merged with the rule graphs). */
export const SCRATCH_DATA_GRAPH = 'urn:continuum-fabric:reasoner:data';

/**
 * The data of the store as N-Triples texts: the default graph and every graph that is not inferred,
 * dumped one graph at a time. One dump of the whole store would build its text in oxigraph's WASM
 * memory, which the store, this scratch copy and the derived triples share (4 GiB in all): at 100k IEs
 * (2M quads) that dump alone ran out of it. (A dump costs ≈ 70 µs per graph at 100k IEs, 9 s for
 * 123k graphs: the per-call cost is not what made the copy slow.)
 */
function* dataDumps(store: GraphStore): Generator<string> {
  yield store.dump(NTRIPLES, 'default');
  for (const graph of store.graphs()) if (!graph.startsWith(REASONER_GRAPHS.prefix)) yield store.dump(NTRIPLES, graph);
}

/**
 * Characters of ground N-Triples per `load` (≈ 100k lines of the demo continuum): the text is copied into WASM
 * memory, so it goes in slices.
 */
const LOAD_SLICE_CHARS = 16 * 1024 * 1024;

export interface ScratchCopyOptions {
  /** Characters of ground text per `load` (tests: small slices); default LOAD_SLICE_CHARS. */
  readonly sliceChars?: number;
  /** Statements left out of the copy (reifierMetadata.ts); `observe` still sees every data triple. */
  readonly filter?: CopyFilter;
}

/** Statements a copy may leave out because no rule can read them (docs/reasoner.md "Reifier metadata outside the mirror"). */
export interface CopyFilter {
  /** The N-Triples text without the statements left out. */
  filter(text: string): string;
  /**
   * Checked on the fixpoint computed over the filtered copy: undefined when it equals the fixpoint over all data minus
   * the statements left out, else why not (the run is then made again over everything).
   */
  verify(scratch: oxigraph.Store): string | undefined;
}

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}

/**
 * `observe`: called with the data triples copied (N-Triples lines, one per quad), in the same tick as the dump.
 * The dumps are loaded as whole texts, a slice at a time, never split into lines unless `observe` asks for them
 * or a dump holds a blank node: 2M line strings alive at once (100k IEs) made the copy spend most of its time in
 * V8's garbage collector (≈ 90 s vs ≈ 2.5 s at 10k IEs).
 */
export function scratchCopy(store: GraphStore, observe?: (triples: readonly string[]) => void, options: ScratchCopyOptions = {}): oxigraph.Store {
  const sliceChars = options.sliceChars ?? LOAD_SLICE_CHARS;
  const scratch = new oxigraph.Store();
  const data = oxigraph.namedNode(SCRATCH_DATA_GRAPH);
  const observed: string[] | undefined = observe ? [] : undefined;
  let ground: string[] = [];
  let groundChars = 0;
  let withBlank = '';
  const loadGround = (): void => {
    if (groundChars > 0) {
      oxigraphHeapReserve.beforeLoad(groundChars);
      scratch.load(ground.join(''), { format: NTRIPLES, to_graph_name: data, no_transaction: true });
      oxigraphHeapReserve.afterWrite();
    }
    ground = [];
    groundChars = 0;
  };
  const takeGround = (text: string): void => {
    ground.push(text);
    groundChars += text.length;
    if (groundChars >= sliceChars) loadGround();
  };
  try {
    for (let text of dataDumps(store)) {
      if (text.length === 0) continue;
      if (observed) for (const line of nonEmptyLines(text)) observed.push(line);
      if (options.filter) text = options.filter.filter(text);
      if (!text.includes('_:')) { takeGround(text); continue; }
      for (const line of nonEmptyLines(text)) {
        if (line.includes('_:')) withBlank += `${line}\n`;
        else takeGround(`${line}\n`);
      }
    }
    loadGround();
    if (observed) observe?.(observed);
    if (withBlank) for (const q of oxigraph.parse(withBlank, { format: NTRIPLES })) scratch.add(oxigraph.quad(q.subject, q.predicate, q.object, data));
  } catch (error) {
    releaseScratch(scratch);
    throw error;
  }
  return scratch;
}

/**
 * Give a scratch store's WebAssembly memory back to oxigraph's allocator now. Without it the memory is freed only when
 * V8 finalizes the store's small JS wrapper, which a worker thread making little JS garbage may not do for many runs:
 * every full run of the incremental reasoner left its previous mirror behind (+300–400 MiB per run of 200k quads),
 * and at 100k IEs a few full runs in a row (trust's first scores of every IE exceed the batch limit) ran the
 * 4 GiB memory out (docs/reasoner.md "Limits"). The store must not be used afterwards.
 */
export function releaseScratch(scratch: oxigraph.Store | undefined): void {
  (scratch as unknown as { free(): void } | undefined)?.free();
}

/** IRIs of the store's inferred graphs (rule graphs and the provenance graph). */
export function inferredGraphs(store: GraphStore): string[] {
  return store.graphs().filter((g) => g.startsWith(REASONER_GRAPHS.prefix));
}
