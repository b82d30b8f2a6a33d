/**
 * What one change of the store's feed (GraphStore.onCommit, N-Quads text) means for the NGSI-LD
 * view (docs/ngsi-ld-mapping.md: every entity lives in the named graph named by its id, and its
 * types are the `<id> rdf:type <T>` triples of that graph):
 * - `touched`: the graphs the change writes to; a superset is harmless (a cached entity is read
 *   again), a miss is not, so a line is parsed properly whenever the quick scan is not sure;
 * - `typeChanges`: the type triples `<id> rdf:type <T>` in graph `<id>`, deleted or inserted.
 * Each line is split into its terms by a small N-Quads tokenizer (IRIs, literals with escapes,
 * language tags, datatypes, blank nodes, RDF 1.2 triple terms, trailing comments); a line it cannot read for sure (an
 * escaped IRI, anything unusual) goes through the n3 parser.
 */
import N3 from 'n3';
import { RDF_TYPE } from '../mapping/rdfVocabulary.js';

export interface TypeChange {
  readonly id: string;
  readonly type: string;
  readonly added: boolean;
}

export interface ScannedChange {
  readonly touched: Set<string>;
  readonly typeChanges: TypeChange[];
}

/** Scans the deletes, then the inserts, of one change record (deletes apply first). */
export function scanChange(deletes: string, inserts: string): ScannedChange {
  const out: ScannedChange = { touched: new Set(), typeChanges: [] };
  if (deletes.length > 0) scanText(deletes, false, out);
  if (inserts.length > 0) scanText(inserts, true, out);
  return out;
}

function scanText(text: string, added: boolean, out: ScannedChange): void {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    scanLine(text.slice(start, end), added, out);
    start = end + 1;
  }
}

const RDF_TYPE_REF = `<${RDF_TYPE}>`;

function scanLine(raw: string, added: boolean, out: ScannedChange): void {
  const line = raw.trim();
  if (line.length === 0 || line.startsWith('#')) return;
  const terms = quickTerms(line);
  // An escape matters only inside an IRI (\\u in an IRI names a code point); literals and triple terms are not read.
  if (!terms || terms.some((t) => t[0] === '<' && t[1] !== '<' && t.includes('\\'))) {
    parseLine(line, added, out);
    return;
  }
  if (terms.length < 4 || !terms[3].startsWith('<')) return; // default graph or a blank-node graph: no entity
  const graphRef = terms[3];
  const graph = graphRef.slice(1, -1);
  out.touched.add(graph);
  if (terms[1] !== RDF_TYPE_REF || terms[0] !== graphRef) return;
  if (terms[2].startsWith('<')) out.typeChanges.push({ id: graph, type: terms[2].slice(1, -1), added });
  else parseLine(line, added, out); // a literal or blank-node type: keyed by typeKey
}

/** Starts every typeKey of a term that is not an IRI (no IRI contains U+0000). */
const NOT_IRI = '\u0000';

/**
 * A type as the index keys it: the IRI; another term (a literal or blank node, which only a
 * SPARQL write can put there) under a key no IRI equals, so the entity still counts as one.
 */
export function typeKey(term: { termType: string; value: string; language?: string; datatype?: { value: string } }): string {
  if (term.termType === 'NamedNode') return term.value;
  return `${NOT_IRI}${term.termType}:${term.value}@${term.language ?? ''}^^${term.datatype?.value ?? ''}`;
}

/** Whether a typeKey is an IRI (an entity type) rather than another term SPARQL wrote as an rdf:type object. */
export function isIriTypeKey(key: string): boolean {
  return !key.startsWith(NOT_IRI);
}

/** The 3 or 4 terms of an N-Quads statement line, verbatim, or undefined when unsure (also used by jsonValueScan.ts). */
export function quickTerms(line: string): string[] | undefined {
  const terms: string[] = [];
  let pos = 0;
  for (;;) {
    while (line[pos] === ' ' || line[pos] === '\t') pos++;
    const c = line[pos];
    if (c === '.') break;
    if (terms.length === 4) return undefined;
    let end: number;
    if (c === '<' && line.startsWith('<<(', pos)) {
      end = line.indexOf(')>>', pos) + 3; // an RDF 1.2 triple term (reifiers); a nested one is not ended here
      if (end === 2 || line.lastIndexOf('<<(', end - 4) !== pos) return undefined;
    } else if (c === '<') {
      end = line.indexOf('>', pos) + 1;
      if (end === 0) return undefined;
    } else if (c === '"') {
      end = literalEnd(line, pos);
      if (end < 0) return undefined;
    } else if (c === '_' && line[pos + 1] === ':') {
      end = pos + 2;
      while (end < line.length && line[end] !== ' ' && line[end] !== '\t') end++;
      if (line[end - 1] === '.') end--;
    } else {
      return undefined;
    }
    terms.push(line.slice(pos, end));
    pos = end;
  }
  const rest = line.slice(pos + 1).trim();
  if (terms.length < 3 || (rest.length > 0 && !rest.startsWith('#'))) return undefined;
  return terms;
}

/** End (exclusive) of the literal starting at `pos` with its language tag or datatype; -1 when unsure. */
function literalEnd(line: string, pos: number): number {
  let i = pos + 1;
  for (;;) {
    const q = line.indexOf('"', i);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let k = q - 1; line[k] === '\\'; k--) backslashes++;
    if (backslashes % 2 === 0) {
      i = q + 1;
      break;
    }
    i = q + 1;
  }
  if (line[i] === '@') {
    while (i < line.length && /[A-Za-z0-9@-]/.test(line[i])) i++;
    return i;
  }
  if (line[i] === '^' && line[i + 1] === '^' && line[i + 2] === '<') {
    const end = line.indexOf('>', i) + 1;
    return end === 0 ? -1 : end;
  }
  return i;
}

function parseLine(line: string, added: boolean, out: ScannedChange): void {
  let quads: N3.Quad[];
  try {
    quads = new N3.Parser({ format: 'application/n-quads' }).parse(line);
  } catch {
    return; // not a statement (the store accepted the text, so a comment-only or empty line)
  }
  for (const q of quads) {
    if (q.graph.termType !== 'NamedNode') continue;
    const graph = q.graph.value;
    out.touched.add(graph);
    if (q.predicate.value === RDF_TYPE && q.subject.termType === 'NamedNode' && q.subject.value === graph) {
      out.typeChanges.push({ id: graph, type: typeKey(q.object), added });
    }
  }
}
