/**
 * Text forms of an EXACT change (ChangeSet.exactAt: every delete is in the store, every
 * insert is not), written in JS from the quads' fields without crossing into WASM: the
 * N-Quads of the log record and change feed, and the SPARQL 1.1 `DELETE DATA` that removes
 * the deletes in one oxigraph call (MemoryGraphStore.applyExactText). Measured with oxigraph
 * 0.5.11 on 650k quads of NGSI-LD entities: per-quad `delete` / `add` of reifier quads (triple
 * terms) cost tens of µs each, one DELETE DATA + one N-Quads `load` for 50 entities a fraction.
 *
 * Returns undefined for what the text path does not take, and the store then applies the change
 * quad by quad: blank nodes (not allowed in DELETE DATA, and labels must survive as written),
 * RDF 1.2 directional literals (termSyntax has no direction) and `\u` / `\U` anywhere (SPARQL
 * unescapes code points before parsing, N-Quads does not, so the two texts could differ).
 */
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

/** The texts of an exact change, or undefined when it must take the per-quad path. */
export function exactChangeText(deletes: readonly RDF.Quad[], inserts: readonly RDF.Quad[]): ExactChangeText | undefined {
  try {
    let deleteLines = '';
    const byGraph = new Map<string, string>();
    const deleted = new Set<string>();
    for (const q of deletes) {
      const triple = `${termText(q.subject)} ${termText(q.predicate)} ${termText(q.object)}`;
      const graph = q.graph.termType === 'DefaultGraph' ? '' : termText(q.graph);
      const line = graph ? `${triple} ${graph} .\n` : `${triple} .\n`;
      if (deleted.has(line)) continue;
      deleted.add(line);
      deleteLines += line;
      byGraph.set(graph, `${byGraph.get(graph) ?? ''}${triple} .\n`);
    }
    const seen = new Set<string>();
    let insertLines = '';
    for (const q of inserts) {
      const graph = q.graph.termType === 'DefaultGraph' ? '' : ` ${termText(q.graph)}`;
      const line = `${termText(q.subject)} ${termText(q.predicate)} ${termText(q.object)}${graph} .\n`;
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
