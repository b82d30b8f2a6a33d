/**
 * The main thread's half of a reasoner write (docs/reasoner.md "Incremental reasoning in a worker
 * thread"): the worker's change arrives as N-Quads texts. Inserts without deletes or blank nodes (e.g. a
 * first full run) take the store's bulk path: N-Quads `load`s of `sliceLines` lines each, one after the
 * other, with no JS object per quad — each `load` holds the event loop for its whole text (at 10k IEs, with
 * the WebAssembly heap reserve: ≈ 3 µs a line whatever the slice, a 200k-line load ≈ 0.6 s, a 10k-line one ≈ 30 ms;
 * docs/benchmarks.md §4 "oxigraph costs re-measured with the heap reserve"), so the node answers requests
 * between slices; a first run's write is already not atomic across slices (docs/reasoner.md "Execution
 * model", step 4). Anything else is parsed (oxigraph.parse keeps blank-node labels, which `load` would
 * rename) and committed as ONE change, deletes before inserts.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { lineSlices } from '../writeDelta.js';

const NQUADS = 'application/n-quads';
/** Default lines per `load` of a write of inserts only. */
export const WORKER_WRITE_SLICE_LINES = 10_000;

/** Wraps each synchronous store call of a write (the store's change feed reports the call's record inside it). */
export type StoreCallWrapper = <T>(call: () => T) => T;

/**
 * Starts the write synchronously (the change feed reports its first record before this returns); resolves once
 * every part is durable. `inside` wraps every store call, so a caller can tell the records the write produced.
 * `exactAt` is passed on to a commit (ChangeSet.exactAt: the caller computed the change against that state).
 */
export function commitWorkerWrite(store: GraphStore, deletes: string, inserts: string, inside: StoreCallWrapper = (call) => call(), sliceLines = WORKER_WRITE_SLICE_LINES, exactAt?: number): Promise<unknown> {
  if (!deletes && !inserts) return Promise.resolve();
  if (!deletes && !inserts.includes('_:')) {
    const load = (slice: string): Promise<number> => inside(() => store.load(slice, { format: NQUADS }));
    const [first, ...rest] = [...lineSlices(inserts, sliceLines)];
    let loaded: Promise<unknown> = load(first);
    for (const slice of rest) loaded = loaded.then(() => load(slice));
    return loaded;
  }
  const parse = (text: string): RDF.Quad[] => (text ? oxigraph.parse(text, { format: NQUADS }) as unknown as RDF.Quad[] : []);
  return inside(() => store.commit({ deletes: parse(deletes), inserts: parse(inserts), ...(exactAt !== undefined ? { exactAt } : {}) }));
}
