/**
 * Reads the quads trust on change needs out of a change record's N-Quads text (GraphStore.onCommit)
 * without parsing the rest: a line is looked at only when its predicate is one of `predicates`, and
 * no RDF term object is made (an oxigraph term costs a WASM handle and finalizer each; parsing every
 * record with oxigraph.parse was most of the garbage of a run on change). Handles N-Quads as the store
 * writes it: one statement per line, IRIs, blank nodes, literals with escapes, datatype or language,
 * triple terms `<<( … )>>` as objects (a statement with a triple term as subject is skipped: no IE is one).
 */

export interface FeedQuad {
  readonly subject: string;
  readonly predicate: string;
  /** The object's IRI, or undefined when the object is a literal, blank node or triple term. */
  readonly objectIri: string | undefined;
  /** The graph's IRI; undefined for the default graph (or when it could not be told). */
  readonly graph: string | undefined;
}

/**
 * End (exclusive) of the term starting at `i`, or -1 when it cannot be told (a broken line). A triple term
 * `<<( s p o )>>` (RDF 1.2 N-Quads, as oxigraph writes NGSI-LD reifiers' rdf:reifies objects) ends after its `)>>`.
 */
export function termEnd(line: string, i: number): number {
  const c = line[i];
  if (c === '<') {
    if (line[i + 1] === '<') return tripleTermEnd(line, i);
    const close = line.indexOf('>', i);
    return close < 0 ? -1 : close + 1;
  }
  if (c === '"') {
    let j = i + 1;
    while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
    if (j >= line.length) return -1;
    j++;
    if (line.startsWith('^^<', j)) {
      const close = line.indexOf('>', j);
      return close < 0 ? -1 : close + 1;
    }
    if (line[j] === '@') {
      const space = line.indexOf(' ', j);
      return space < 0 ? line.length : space;
    }
    return j;
  }
  const space = line.indexOf(' ', i);
  return space < 0 ? -1 : space; // blank node
}

/** End of the triple term `<<( s p o )>>` starting at `i` (nested triple terms included), or -1. */
function tripleTermEnd(line: string, i: number): number {
  if (line[i + 2] !== '(') return -1;
  let j = i + 3;
  for (let k = 0; k < 3; k++) {
    while (line[j] === ' ') j++;
    j = termEnd(line, j);
    if (j < 0) return -1;
  }
  while (line[j] === ' ') j++;
  return line.startsWith(')>>', j) ? j + 3 : -1;
}

/** The non-empty lines of a change record's N-Quads text, in order. */
export function* nonEmptyLines(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) yield text.slice(start, end);
    start = end + 1;
  }
}

/** The statements of `text` whose subject is an IRI and whose predicate is in `predicates`. */
export function relevantQuads(text: string, predicates: ReadonlySet<string>): FeedQuad[] {
  const out: FeedQuad[] = [];
  for (const line of nonEmptyLines(text)) {
    if (line[0] !== '<' || line[1] === '<') continue; // empty, comment, blank node or triple term subject
    const s = line.indexOf('>');
    if (s < 0 || line[s + 2] !== '<') continue;
    const p = line.indexOf('>', s + 2);
    if (p < 0) continue;
    const predicate = line.slice(s + 3, p);
    if (!predicates.has(predicate)) continue;
    const o = p + 2;
    const oEnd = termEnd(line, o);
    const objectIri = oEnd > 0 && line[o] === '<' && line[o + 1] !== '<' ? line.slice(o + 1, oEnd - 1) : undefined;
    let graph: string | undefined;
    if (oEnd > 0 && line[oEnd + 1] === '<') {
      const g = line.indexOf('>', oEnd + 1);
      if (g > 0) graph = line.slice(oEnd + 2, g);
    }
    out.push({ subject: line.slice(1, s), predicate, objectIri, graph });
  }
  return out;
}
