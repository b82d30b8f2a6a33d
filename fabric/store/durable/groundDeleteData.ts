/**
 * The SPARQL 1.1 `DELETE DATA` (§3.1.2) that removes the quads of ground N-Quads text, written by moving each line's
 * graph term into a `GRAPH <g> { … }` block — text in, text out, no parse into oxigraph terms and no printing of them
 * again (applyRecord.deleteNQuads' other path, ≈ 20 µs a quad; docs/benchmarks.md §4 "The query replica's deletes as text").
 *
 * It takes only text whose every term means the same RDF term read as N-Quads 1.2 and read as SPARQL 1.2, which is the
 * shape the store prints its log records in (oxigraph's `toString`, rdf/termSyntax.ts; exactChangeText.ts):
 *   line    ::= iri ' ' iri ' ' object (' ' iri)? ' .'         one space between terms, lines ended by LF
 *   object  ::= iri | literal | '<<( ' iri ' ' iri ' ' object ' )>>'    (RDF 1.2 triple term, nested at most MAX_TRIPLE_TERM_DEPTH)
 *   iri     ::= '<' scheme ':' (a character IRIREF allows)* '>'   (absolute: N-Quads requires it, SPARQL would resolve it)
 *   literal ::= '"' (a character but " \ LF CR | '\' one of t b n r f " \)* '"' ('@' language ('--' direction)? | '^^' iri)?
 * Everything else is refused (undefined) and goes the parsing path: blank nodes (not allowed in DELETE DATA), `\u` /
 * `\U` anywhere (SPARQL unescapes code points in the whole text first, N-Quads only in IRIs and strings), comments,
 * CR, other escapes or spacing, rdf:langString / rdf:dirLangString as a datatype (N-Quads refuses them), and deeper nesting.
 * Language tags are lower-cased by both parsers alike, and both check IRIs and tags with the same rules, so text they
 * refuse fails the update, which changes nothing, and the caller's parsing path reports it.
 */

/** Characters IRIREF allows (N-Quads 1.2 [10], SPARQL 1.2 IRIREF), after an RFC 3987 scheme. */
const IRI = /<[A-Za-z][A-Za-z0-9+.-]*:[^\u0000-\u0020<>"{}|^`\\]*>/y;
/** STRING_LITERAL_QUOTE with the escapes both grammars read alike, then a language tag with direction or a datatype IRI. */
const LITERAL = /"[^"\\\n\r]*(?:\\[tbnrf"\\][^"\\\n\r]*)*"(?:@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?|\^\^(<[A-Za-z][A-Za-z0-9+.-]*:[^\u0000-\u0020<>"{}|^`\\]*>))?/y;
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const REFUSED_DATATYPES = new Set([`<${RDF_NS}langString>`, `<${RDF_NS}dirLangString>`]);
/** Triple terms nested deeper than this (a reifier's is one level) go the parsing path: the scan's recursion is bounded. */
export const MAX_TRIPLE_TERM_DEPTH = 16;

const SPACE = 0x20;
const DOT = 0x2e;
const LF = 0x0a;
const LT = 0x3c;
const QUOTE = 0x22;

/** End of the IRI at `at`, or -1. */
function iriEnd(text: string, at: number): number {
  IRI.lastIndex = at;
  return IRI.test(text) ? IRI.lastIndex : -1;
}

/** End of the subject, a space, the predicate and a space from `at`, or -1. */
function subjectPredicateEnd(text: string, at: number): number {
  let end = iriEnd(text, at);
  if (end < 0 || text.charCodeAt(end) !== SPACE) return -1;
  end = iriEnd(text, end + 1);
  return end < 0 || text.charCodeAt(end) !== SPACE ? -1 : end + 1;
}

/** End of the object term at `at`, or -1. */
function objectEnd(text: string, at: number, depth: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) {
    LITERAL.lastIndex = at;
    const match = LITERAL.exec(text);
    if (!match || (match[1] !== undefined && REFUSED_DATATYPES.has(match[1]))) return -1;
    return LITERAL.lastIndex;
  }
  if (first !== LT) return -1;
  if (!text.startsWith('<<( ', at)) return iriEnd(text, at);
  if (depth >= MAX_TRIPLE_TERM_DEPTH) return -1;
  let end = subjectPredicateEnd(text, at + 4);
  if (end < 0) return -1;
  end = objectEnd(text, end, depth + 1);
  return end >= 0 && text.startsWith(' )>>', end) ? end + 4 : -1;
}

/**
 * Calls `visit` with each line of `text` of the shape above (`triple`: the line's subject, predicate and object;
 * `graph`: its graph IRI in brackets, '' for the default graph; `line`: the whole line without its LF), in order,
 * skipping empty lines. False as soon as a line is not of that shape (the lines before it were visited).
 * No check for `\u` / `\U`: callers refuse those first.
 */
export function scanGroundLines(text: string, visit: (triple: string, graph: string, line: string) => void): boolean {
  for (let start = 0; start < text.length;) {
    if (text.charCodeAt(start) === LF) {
      start++;
      continue;
    }
    const objectAt = subjectPredicateEnd(text, start);
    const tripleEnd = objectAt < 0 ? -1 : objectEnd(text, objectAt, 0);
    if (tripleEnd < 0 || text.charCodeAt(tripleEnd) !== SPACE) return false;
    let graph = '';
    let end = tripleEnd + 1;
    if (text.charCodeAt(end) === LT) {
      const graphEnd = iriEnd(text, end);
      if (graphEnd < 0 || text.charCodeAt(graphEnd) !== SPACE) return false;
      graph = text.slice(end, graphEnd);
      end = graphEnd + 1;
    }
    if (text.charCodeAt(end) !== DOT) return false;
    end++;
    if (end < text.length && text.charCodeAt(end) !== LF) return false;
    visit(text.slice(start, tripleEnd), graph, text.slice(start, end));
    start = end + 1;
  }
  return true;
}

/**
 * `DELETE DATA { … }` removing the quads of `text` (quads of the default graph outside any GRAPH block, the
 * others grouped by graph in order of first appearance), or undefined when the text is not of the shape above.
 * Empty lines are skipped; '' for text of none.
 */
export function groundDeleteData(text: string): string | undefined {
  if (text.includes('\\u') || text.includes('\\U')) return undefined;
  const byGraph = new Map<string, string>();
  const ground = scanGroundLines(text, (triple, graph) => byGraph.set(graph, `${byGraph.get(graph) ?? ''}${triple} .\n`));
  if (!ground) return undefined;
  return byGraph.size === 0 ? '' : deleteDataText(byGraph);
}

/** `DELETE DATA { … }` of triple lines per graph ('' = the default graph, outside any GRAPH block), in the map's order. */
export function deleteDataText(byGraph: ReadonlyMap<string, string>): string {
  let update = 'DELETE DATA {\n';
  for (const [graph, triples] of byGraph) update += graph ? `GRAPH ${graph} {\n${triples}}\n` : triples;
  return `${update}}`;
}
