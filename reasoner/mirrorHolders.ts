/**
 * Which named graphs of the incremental reasoner's mirror hold given triples, asked for many triples at once
 * (docs/reasoner.md "A create's cost in the worker, round 3"): one SPARQL SELECT per ROWS_PER_QUERY triples,
 *   SELECT ?i ?g WHERE { VALUES (?i ?s ?p ?o) { (0 <s> <p> "o") … } LATERAL { GRAPH ?g { ?s ?p ?o } } }
 * with its answer read as tab-separated text, instead of one `match` (or `has`) per triple, which passes the three
 * terms into WebAssembly through JS getters and makes a JS object for each quad it finds and each of its terms. The
 * CPU per triple is about the same (≈ 10 µs at 10k IEs, docs/benchmarks.md §4 "…, round 3"); the gain is one answer
 * for several questions: the net change's (netDataChange.ts) also gives the inserted triples' holders. LATERAL
 * evaluates the GRAPH pattern once per row with the row's terms bound (a plain join would scan every quad first).
 * A row is the triple's key (`s p o` as oxigraph writes the terms, deltaAtoms.ts `key`), which is SPARQL as it is
 * for IRIs and literals; a triple with a blank node (no syntax in VALUES), a triple term (oxigraph writes it without
 * `<<( )>>`) or a `\u` escape (SPARQL reads those before the grammar) is looked up with `match` as before.
 */
import type oxigraph from 'oxigraph';

/** Rows per query. */
const ROWS_PER_QUERY = 500;
const TSV = 'text/tab-separated-values';

/** A triple's terms and its key (`s p o` in N-Triples, as oxigraph writes each term). */
export interface KeyedTerms {
  readonly subject: oxigraph.Quad['subject'];
  readonly predicate: oxigraph.Quad['predicate'];
  readonly object: oxigraph.Quad['object'];
  readonly key: string;
}

/** Whether the key can be a VALUES row as it is: an IRI subject and predicate, an IRI or literal object, no `\u`. */
export function writableAsValues(key: string): boolean {
  if (key[0] !== '<' || key[1] === '<' || key.includes('_:') || key.includes('\\u') || key.includes('\\U')) return false;
  const subjectEnd = key.indexOf('>');
  if (key[subjectEnd + 2] !== '<') return false;
  const predicateEnd = key.indexOf('>', subjectEnd + 2);
  const object = key.slice(predicateEnd + 2);
  if (object[0] === '"') return true;
  return object[0] === '<' && !object.includes(' '); // an IRI has no space; a triple term is written as three terms
}

/**
 * For each triple (same order), the IRIs of the mirror's named graphs holding it (the default graph is not listed;
 * graphs in no particular order).
 */
export function namedGraphsHolding(mirror: oxigraph.Store, triples: readonly KeyedTerms[]): string[][] {
  const holding: string[][] = triples.map(() => []);
  const asked: number[] = [];
  for (const [i, t] of triples.entries()) {
    if (writableAsValues(t.key)) { asked.push(i); continue; }
    for (const q of mirror.match(t.subject, t.predicate, t.object, null)) if (q.graph.termType === 'NamedNode') holding[i].push(q.graph.value);
  }
  for (let start = 0; start < asked.length; start += ROWS_PER_QUERY) {
    const rows = asked.slice(start, start + ROWS_PER_QUERY).map((i) => `(${i} ${triples[i].key})`).join('\n');
    const text = mirror.query(`SELECT ?i ?g WHERE { VALUES (?i ?s ?p ?o) {\n${rows}\n} LATERAL { GRAPH ?g { ?s ?p ?o } } }`, { results_format: TSV }) as unknown as string;
    // "?i\t?g" then one line per solution: `7\t<iri>` (an integer is written bare, an IRI in brackets, unescaped).
    let at = text.indexOf('\n') + 1;
    while (at < text.length) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      const tab = text.indexOf('\t', at);
      if (tab > at && tab < end && text[tab + 1] === '<') holding[Number(text.slice(at, tab))].push(text.slice(tab + 2, end - 1));
      at = end + 1;
    }
  }
  return holding;
}
