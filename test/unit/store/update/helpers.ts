import type * as RDF from '@rdfjs/types';
import oxigraph from 'oxigraph';

export const EX = 'http://example.org/';

/** A store loaded from TriG without renaming blank nodes (oxigraph.parse keeps labels). */
export function storeFrom(trig: string): oxigraph.Store {
  const store = new oxigraph.Store();
  for (const q of oxigraph.parse(`@prefix ex: <${EX}> .\n${trig}`, { format: 'application/trig' })) store.add(q);
  return store;
}

export function nquads(quads: readonly RDF.Quad[]): string[] {
  const store = new oxigraph.Store();
  for (const q of quads) store.add(oxigraph.fromQuad(q) as oxigraph.Quad);
  return store.dump({ format: 'application/n-quads' }).split('\n').filter(Boolean).sort();
}

export function dumpLines(store: oxigraph.Store): string[] {
  return store.dump({ format: 'application/n-quads' }).split('\n').filter(Boolean).sort();
}

export function copyOf(store: oxigraph.Store): oxigraph.Store {
  return new oxigraph.Store(store.match());
}
