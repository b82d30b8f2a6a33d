/**
 * The main thread's half of a reasoner write (docs/reasoner.md "Incremental reasoning in a worker
 * thread"): the worker's change arrives as N-Quads texts and is committed to the node's store as ONE
 * change. Inserts without deletes or blank nodes (e.g. a first full run) take the store's bulk path,
 * one N-Quads `load` with no JS object per quad; anything else is parsed (oxigraph.parse keeps
 * blank-node labels, which `load` would rename) and committed, deletes before inserts.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';

const NQUADS = 'application/n-quads';

/** Starts the write synchronously (the store's change feed reports it before this returns); resolves once it is durable. */
export function commitWorkerWrite(store: GraphStore, deletes: string, inserts: string): Promise<unknown> {
  if (!deletes && !inserts) return Promise.resolve();
  if (!deletes && !inserts.includes('_:')) return store.load(inserts, { format: NQUADS });
  const parse = (text: string): RDF.Quad[] => (text ? oxigraph.parse(text, { format: NQUADS }) as unknown as RDF.Quad[] : []);
  return store.commit({ deletes: parse(deletes), inserts: parse(inserts) });
}
