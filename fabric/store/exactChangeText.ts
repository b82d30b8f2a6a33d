/**
 * Text forms of an EXACT change (ChangeSet.exactAt: every delete is in the store, every
 * insert is not), written in JS from the quads' fields without crossing into WASM: the
 * N-Quads of the log record and change feed, and the SPARQL 1.1 `DELETE DATA` that removes
 * the deletes in one oxigraph call (MemoryGraphStore.applyExactText). Measured with oxigraph
 * 0.5.11 and the heap reserve at 10k / 40k aerOS IEs: per-quad `has` + `delete` cost 25–65 µs a quad
 * (a reifier's quad with its triple term the most), so deleting an IE's 58 quads 2.0–3.8 ms against
 * 1.0–1.1 ms for one DELETE DATA (580 quads: 19–34 vs 8–13 ms), and one N-Quads `load` inserts them
 * for ≈ 0.2 ms (docs/benchmarks.md §4 "oxigraph costs re-measured with the heap reserve").
 *
 * Returns undefined for what the text path does not take, and the store then applies the change
 * quad by quad: blank nodes (not allowed in DELETE DATA, and labels must survive as written),
 * RDF 1.2 directional literals (termSyntax has no direction) and `\u` / `\U` anywhere (SPARQL
 * unescapes code points before parsing, N-Quads does not, so the two texts could differ).
 *
 * oxigraph's own quads (read from the store by `match`, e.g. the trust scores a commit replaces, or
 * parsed by oxigraph) are written by their `toString()`, one WASM call per quad, instead of reading
 * each term's fields through WASM getters (≈ 12–20 calls per quad; docs/benchmarks.md §4 "Create path").
 * oxigraph validated their IRIs when it built them, and its text is N-Quads minus the final ` .`.
 * The same refusals apply: a `_:` anywhere in that text (a blank node, or, rarely, an IRI or literal
 * holding those two characters: quad by quad too, which is merely slower) and `--ltr` / `--rtl` (a
 * directional literal, or a literal or IRI holding that text) take the per-quad path.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { TermSyntaxError, termSyntax } from '../rdf/termSyntax.js';

export interface ExactChangeText {
  /** N-Quads of the deletes (one line each, newline-terminated, duplicates dropped; '' when none). */
  readonly deletes: string;
  /** N-Quads of the inserts, duplicates dropped. */
  readonly inserts: string;
  /** SPARQL Update removing the deletes ('' when none). */
  readonly deleteData: string;
  /** Number of distinct inserted quads. */
  readonly insertCount: number;
  /** Number of distinct deleted quads. */
  readonly deleteCount: number;
}

class Unsupported extends Error {}

function termText(term: RDF.Term): string {
  if (term.termType === 'BlankNode' || term.termType === 'Variable') throw new Unsupported();
  if (term.termType === 'Literal' && (term as { direction?: unknown }).direction) throw new Unsupported();
  if (term.termType === 'Quad') {
    const q = term as unknown as RDF.Quad;
    return `<<( ${termText(q.subject)} ${termText(q.predicate)} ${termText(q.object)} )>>`;
  }
  return termSyntax(term);
}

const hasCodepointEscape = (text: string): boolean => text.includes('\\u') || text.includes('\\U');

/** `<graph>`, or '' for the default graph. */
function graphText(graph: RDF.Quad['graph']): string {
  return graph.termType === 'DefaultGraph' ? '' : termText(graph);
}

/**
 * The triple's text and the graph's (`''`: default graph) of an oxigraph quad, from its `toString()`
 * (`s p o` or `s p o g`, N-Quads without the final dot; see the file comment).
 */
function oxigraphParts(q: oxigraph.Quad): { triple: string; graph: string } {
  const line = q.toString();
  if (line.includes('_:') || line.includes('--ltr') || line.includes('--rtl')) throw new Unsupported();
  const g = q.graph;
  if (g.termType === 'DefaultGraph') return { triple: line, graph: '' };
  if (g.termType !== 'NamedNode') throw new Unsupported();
  const graph = `<${g.value}>`;
  if (!line.endsWith(` ${graph}`)) throw new Unsupported();
  return { triple: line.slice(0, line.length - graph.length - 1), graph };
}

/** The triple's and the graph's text of any quad. */
function quadParts(q: RDF.Quad): { triple: string; graph: string } {
  if (q instanceof oxigraph.Quad) return oxigraphParts(q);
  return { triple: `${termText(q.subject)} ${termText(q.predicate)} ${termText(q.object)}`, graph: graphText(q.graph) };
}

/** The texts of an exact change, or undefined when it must take the per-quad path. */
export function exactChangeText(deletes: readonly RDF.Quad[], inserts: readonly RDF.Quad[]): ExactChangeText | undefined {
  try {
    let deleteLines = '';
    const byGraph = new Map<string, string>();
    const deleted = new Set<string>();
    for (const q of deletes) {
      const { triple, graph } = quadParts(q);
      const line = graph ? `${triple} ${graph} .\n` : `${triple} .\n`;
      if (deleted.has(line)) continue;
      deleted.add(line);
      deleteLines += line;
      byGraph.set(graph, `${byGraph.get(graph) ?? ''}${triple} .\n`);
    }
    const seen = new Set<string>();
    let insertLines = '';
    for (const q of inserts) {
      const { triple, graph } = quadParts(q);
      const line = graph ? `${triple} ${graph} .\n` : `${triple} .\n`;
      if (seen.has(line)) continue;
      seen.add(line);
      insertLines += line;
    }
    if (hasCodepointEscape(deleteLines) || hasCodepointEscape(insertLines)) return undefined;
    let deleteData = '';
    if (deleteLines) {
      deleteData = 'DELETE DATA {\n';
      for (const [graph, triples] of byGraph) deleteData += graph ? `GRAPH ${graph} {\n${triples}}\n` : triples;
      deleteData += '}';
    }
    return { deletes: deleteLines, inserts: insertLines, deleteData, insertCount: seen.size, deleteCount: deleted.size };
  } catch (error) {
    if (error instanceof Unsupported || error instanceof TermSyntaxError) return undefined; // the checked path refuses it with oxigraph's message
    throw error;
  }
}
