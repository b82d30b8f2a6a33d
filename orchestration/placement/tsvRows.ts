/**
 * SPARQL 1.1 Query Results TSV (W3C "SPARQL 1.1 Query Results CSV and TSV Formats" §3) read into plain strings:
 * the value of each term (IRI without brackets, literal lexical form unescaped), '' when unbound. Placement reads
 * every IE in one query; TSV with these strings is several times cheaper than JSON results turned into RDF terms
 * (measured on oxigraph 0.5: 10k IEs, 100k rows: ~0.5 s vs ~1.5 s).
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';

const TSV = 'text/tab-separated-values';

/** Rows of a SELECT as arrays of term values, in the order of the query's variables. */
export async function selectValues(store: GraphStore, sparql: string): Promise<string[][]> {
  const { body } = await store.queryTo(sparql, TSV);
  const lines = body.split('\n');
  const rows: string[][] = [];
  for (let i = 1; i < lines.length; i++) { // line 0: the variables
    const line = lines[i];
    if (line.length === 0) continue;
    rows.push(line.split('\t').map(termValue));
  }
  return rows;
}

/** The value of a term in N-Triples / Turtle syntax as the TSV format writes it. */
export function termValue(term: string): string {
  if (term.length === 0) return '';
  const c = term[0];
  if (c === '<') return term.slice(1, -1);
  if (c === '"') {
    const close = term.lastIndexOf('"');
    const lexical = term.slice(1, close);
    return lexical.includes('\\') ? unescape(lexical) : lexical;
  }
  return term; // bare numbers and booleans (Turtle abbreviations), blank nodes
}

const ECHAR: Record<string, string> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };

/** N-Triples string escapes: ECHAR, \uXXXX and \UXXXXXXXX. */
function unescape(s: string): string {
  return s.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (_m, u: string | undefined, U: string | undefined, e: string | undefined) =>
    (u ?? U) !== undefined ? String.fromCodePoint(parseInt((u ?? U)!, 16)) : ECHAR[e!] ?? e!);
}
