/**
 * The net difference trust writes (docs/trust.md "Outputs"): of an old and a new set of quads (an IE's
 * breakdown, its score attribute), only what really changes. A quad both deleted and re-inserted (most of a
 * breakdown, an unchanged score's reifier) is left alone: every quad costs the store a WASM round trip or more
 * (measured ~20 µs under load), so a rerun with nothing changed writes a few quads per IE, not ~40.
 */
import type * as RDF from '@rdfjs/types';
import oxigraph from 'oxigraph';
import { quadsToNQuads } from '../../fabric/ngsi-ld/mapping/nquadsText.js';

/** A quad's key for comparisons. */
export type QuadKey = (q: RDF.Quad) => string;

/**
 * A quad's N-Quads text without the final " .", for sets mixing store quads and new ones: oxigraph quads print
 * themselves in one WASM call, plain quads in JS the same way. A key that differs only in a lexical form the store
 * canonicalises costs a redundant delete + insert of the same quad.
 */
export const nquadsKey: QuadKey = (q) => (q instanceof oxigraph.Quad ? q.toString() : quadsToNQuads([q]).replace(/ \.\n$/, ''));

/**
 * Append to `deletes` the quads of `old` not in `fresh`, and to `inserts` those of `fresh` not in `old`, each once.
 * `oldKeys` / `freshKeys`: the keys, when the caller has them already.
 */
export function addDifference(
  deletes: RDF.Quad[], inserts: RDF.Quad[], old: readonly RDF.Quad[], fresh: readonly RDF.Quad[], keyOf: QuadKey,
  oldKeys: readonly string[] = old.map(keyOf), freshKeys: readonly string[] = fresh.map(keyOf),
): void {
  pushMissing(inserts, fresh, freshKeys, new Set(oldKeys));
  pushMissing(deletes, old, oldKeys, new Set(freshKeys));
}

/** Push each quad of `quads` whose key is not in `other`, once per key. */
function pushMissing(into: RDF.Quad[], quads: readonly RDF.Quad[], keys: readonly string[], other: ReadonlySet<string>): void {
  const pushed = new Set<string>();
  for (let i = 0; i < quads.length; i++) {
    const k = keys[i];
    if (other.has(k) || pushed.has(k)) continue;
    pushed.add(k);
    into.push(quads[i]);
  }
}

/**
 * addDifference for two small sets of plain (JS) quads, e.g. an IE's breakdown as written before and now:
 * compared with the terms' `equals` (RDF/JS), which builds no key string; a few dozen quads each.
 */
export function addPlainDifference(deletes: RDF.Quad[], inserts: RDF.Quad[], old: readonly RDF.Quad[], fresh: readonly RDF.Quad[]): void {
  const within = (list: readonly RDF.Quad[], q: RDF.Quad, end = list.length): boolean => {
    for (let i = 0; i < end; i++) if (list[i].equals(q)) return true;
    return false;
  };
  for (let i = 0; i < fresh.length; i++) if (!within(old, fresh[i]) && !within(fresh, fresh[i], i)) inserts.push(fresh[i]);
  for (let i = 0; i < old.length; i++) if (!within(fresh, old[i]) && !within(old, old[i], i)) deletes.push(old[i]);
}
