/**
 * Small helpers shared by the store implementations: N-Quads text of quads
 * (W3C RDF 1.1 N-Quads), blank-node detection, fresh blank-node labels and
 * the positions oxigraph puts in its error messages.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { randomBytes } from 'node:crypto';

/** An oxigraph quad for any RDF/JS quad (oxigraph's own quads pass through). */
export function toOx(quad: RDF.Quad): oxigraph.Quad {
  return quad instanceof oxigraph.Quad ? quad : (oxigraph.fromQuad(quad) as oxigraph.Quad);
}

/**
 * An oxigraph term for any RDF/JS term; oxigraph's own terms pass through (every `fromTerm` copy is a new
 * WASM-backed object registered with a FinalizationRegistry, which feeds old-space GC under a write load).
 */
export function toOxTerm(term: RDF.Term): oxigraph.Term {
  if (term instanceof oxigraph.NamedNode || term instanceof oxigraph.Literal || term instanceof oxigraph.BlankNode
    || term instanceof oxigraph.DefaultGraph || term instanceof oxigraph.Quad) return term;
  return oxigraph.fromTerm(term) as oxigraph.Term;
}

/** One N-Quads line (with the final " ."), no trailing newline. */
export function nquad(quad: RDF.Quad): string {
  return `${toOx(quad).toString()} .`;
}

/** N-Quads document: one line per quad, newline-terminated. */
export function toNQuads(quads: readonly RDF.Quad[]): string {
  let text = '';
  for (const quad of quads) text += `${nquad(quad)}\n`;
  return text;
}

function termHasBlank(term: RDF.Term): boolean {
  if (term.termType === 'BlankNode') return true;
  if (term.termType === 'Quad') return quadHasBlankNode(term as RDF.Quad);
  return false;
}

export function quadHasBlankNode(quad: RDF.Quad): boolean {
  return termHasBlank(quad.subject) || termHasBlank(quad.object) || termHasBlank(quad.graph);
}

/**
 * A generator of fresh blank-node labels, unique across loads and process
 * restarts (random prefix + counter): a loader must not merge two
 * documents' `_:a` (RDF 1.1 Concepts §3.4, blank nodes are local to a document).
 */
export function freshLabels(): (original: string) => string {
  const prefix = `b${randomBytes(6).toString('hex')}`;
  let counter = 0;
  const map = new Map<string, string>();
  return (original: string): string => {
    let label = map.get(original);
    if (label === undefined) {
      label = `${prefix}x${(counter++).toString(36)}`;
      map.set(original, label);
    }
    return label;
  };
}

function renameTerm<T extends oxigraph.Term>(term: T, rename: (label: string) => string): T {
  if (term.termType === 'BlankNode') return oxigraph.blankNode(rename(term.value)) as T;
  if (term.termType === 'Quad') return renameQuad(term as unknown as oxigraph.Quad, rename) as unknown as T;
  return term;
}

export function renameQuad(quad: oxigraph.Quad, rename: (label: string) => string): oxigraph.Quad {
  if (!quadHasBlankNode(quad)) return quad;
  return oxigraph.quad(
    renameTerm(quad.subject, rename),
    quad.predicate,
    renameTerm(quad.object, rename),
    renameTerm(quad.graph, rename),
  );
}

/**
 * Number of statements in N-Triples / N-Quads text: lines that are neither
 * empty nor comments (W3C N-Quads §2: one statement per line; newlines inside
 * literals are escaped). Exact for text that parses.
 */
export function countStatements(text: string): number {
  // EOL ::= [#xD#xA]+ : a lone CR also ends a line (rare; the general split is slower).
  if (text.includes('\r')) return text.split(/[\r\n]/).filter((line) => !/^[ \t]*(#|$)/.test(line)).length;
  let count = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i < end && text.charCodeAt(i) !== 35 /* # */) count++;
    start = end + 1;
  }
  return count;
}

/** Line/column from oxigraph messages: "error at 1:25: ..." or "Parser error at line 3 column 4: ...". */
export function errorPosition(message: string): { line?: number; column?: number } {
  const sparql = /error at (\d+):(\d+)/.exec(message);
  if (sparql) return { line: Number(sparql[1]), column: Number(sparql[2]) };
  const rdf = /at line (\d+) (?:column|between columns) (\d+)/.exec(message);
  if (rdf) return { line: Number(rdf[1]), column: Number(rdf[2]) };
  return {};
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The media type of a Content-Type / Accept value, without parameters, lower-cased. */
export function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}
