/**
 * The main thread's half of a reasoner write (docs/reasoner.md "Incremental reasoning in a worker
 * thread"): the worker's change arrives as N-Quads texts. Inserts without deletes or blank nodes (e.g. a
 * first full run) take the store's bulk path: N-Quads `load`s of `sliceLines` lines each, one after the
 * other, with no JS object per quad — each `load` holds the event loop for its whole text (at 10k IEs, with
 * the WebAssembly heap reserve: ≈ 3 µs a line whatever the slice, a 200k-line load ≈ 0.6 s, a 10k-line one ≈ 30 ms;
 * docs/benchmarks.md §4 "oxigraph costs re-measured with the heap reserve"), so the node answers requests
 * between slices; a first run's write is already not atomic across slices (docs/reasoner.md "Execution
 * model", step 4). A reasoner write with deletes and ground inserts (an incremental batch: retractions, provenance counts) is
 * a commit of the deletes then the first insert slice's load, in the same tick, so no reader sees one without the
 * other: the inserts skip the per-quad absence checks, parse and re-serialization of a commit (≈ 60 % of this write's
 * main-thread time at 10k IEs); the log gets two records, and a crash between them loses only derived triples, which
 * the reasoner's full run at every start derives again. Anything with a blank node is parsed (oxigraph.parse keeps
 * blank-node labels, which `load` would rename) and committed as ONE change, deletes before inserts.
 * A commit of ground text goes to the store as text first (GraphStore.commitText: the lines applied and logged as they
 * are, no `oxigraph.parse` into quads — 18–49 µs a quad — and no printing of them again — 8–12 µs; docs/benchmarks.md §4
 * "The query replica's deletes as text", "Worker writes committed as text"); the store takes it at `exactAt` (a trust
 * write the store has not moved past), else the parsed quads are committed.
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

export interface WorkerWriteOptions {
  /** Lines per `load` of ground inserts (default WORKER_WRITE_SLICE_LINES). */
  readonly sliceLines?: number;
  /** Passed on to a commit (ChangeSet.exactAt: the caller computed the change against that state). */
  readonly exactAt?: number;
  /**
   * Only derived triples (the reasoner's rule graphs and provenance, which only it writes): a write with deletes may
   * load its inserts as given (the store's record lists them even if present, as any load's does). Trust writes,
   * which touch entity graphs, are committed as one exact change.
   */
  readonly derivedOnly?: boolean;
}

/**
 * Starts the write synchronously (the change feed reports its first record before this returns); resolves once
 * every part is durable. `inside` wraps every store call, so a caller can tell the records the write produced.
 */
export function commitWorkerWrite(store: GraphStore, deletes: string, inserts: string, inside: StoreCallWrapper = (call) => call(), options: WorkerWriteOptions = {}): Promise<unknown> {
  const { sliceLines = WORKER_WRITE_SLICE_LINES, exactAt, derivedOnly = false } = options;
  if (!deletes && !inserts) return Promise.resolve();
  const parse = (text: string): RDF.Quad[] => (text ? oxigraph.parse(text, { format: NQUADS }) as unknown as RDF.Quad[] : []);
  const exact = exactAt !== undefined ? { exactAt } : {};
  /** One commit of the change: as text when the store takes it, else parsed. */
  const commit = (removed: string, added: string): Promise<unknown> => inside(() => store.commitText?.({ deletes: removed, inserts: added, ...exact })
    ?? store.commit({ deletes: parse(removed), inserts: parse(added), ...exact }));
  if (inserts.includes('_:') || deletes.includes('_:') || (deletes && !derivedOnly)) return commit(deletes, inserts);
  const load = (slice: string): Promise<number> => inside(() => store.load(slice, { format: NQUADS }));
  const removed = deletes ? commit(deletes, '') : undefined;
  if (!inserts) return removed!;
  const [first, ...rest] = [...lineSlices(inserts, sliceLines)];
  let loaded: Promise<unknown> = load(first); // same tick as the deletes' commit
  for (const slice of rest) loaded = loaded.then(() => load(slice));
  return removed ? Promise.all([removed, loaded]) : loaded;
}
