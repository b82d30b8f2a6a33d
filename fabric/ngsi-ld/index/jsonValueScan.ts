/**
 * The rdf:JSON values one change of the store's feed (GraphStore.onCommit, N-Quads text) adds or
 * removes: every statement in a NAMED graph (an IRI or a blank node, as SPARQL's `GRAPH ?g` matches)
 * whose object is a literal of datatype `rdf:JSON` — how the mapping stores an array or object value
 * (GS CIM 009 §4.9 compares an array's elements; docs/ngsi-ld-mapping.md "q on the retrieved entity").
 * Only the predicate is kept: JsonValuedPredicates counts them per predicate.
 *
 * A statement can only have such an object if its line spells `JSON>` or holds a `\u` / `\U` escape
 * (an IRI may spell the datatype with escapes), so other lines (nearly all) are not read. A line that
 * passes is split by changeRecordScan's tokenizer; when unsure (an escape in the predicate or the
 * datatype, an unusual line) it goes through the n3 parser; a line even that cannot read makes the scan
 * `unsure` (its caller must then forget what it counted, since a JSON value may have been missed).
 */
import N3 from 'n3';
import { quickTerms } from './changeRecordScan.js';

const RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON';
const JSON_SUFFIX = `^^<${RDF_JSON}>`;

export interface JsonValueChange {
  /** The predicate IRI of the statement. */
  readonly predicate: string;
  /** Inserted (true) or deleted (false). */
  readonly added: boolean;
}

export interface JsonValueScan {
  readonly changes: JsonValueChange[];
  /** A line that may hold a JSON value could not be read: the changes may be incomplete. */
  readonly unsure: boolean;
}

const NEEDLES = ['JSON>', '\\u', '\\U'];

/** The JSON-valued statements of one change record, deletes first (as the store applies them). */
export function scanJsonValues(deletes: string, inserts: string): JsonValueScan {
  const out = { changes: [] as JsonValueChange[], unsure: false };
  if (deletes.length > 0) scanText(deletes, false, out);
  if (inserts.length > 0) scanText(inserts, true, out);
  return out;
}

/** Reads only the lines holding a needle (found by indexOf: most lines of a record are never sliced). */
function scanText(text: string, added: boolean, out: { changes: JsonValueChange[]; unsure: boolean }): void {
  const starts = new Set<number>();
  for (const needle of NEEDLES) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
      const start = text.lastIndexOf('\n', at) + 1;
      if (starts.has(start)) continue;
      starts.add(start);
      const end = text.indexOf('\n', at);
      scanLine(text.slice(start, end < 0 ? text.length : end).trim(), added, out);
    }
  }
}

function scanLine(line: string, added: boolean, out: { changes: JsonValueChange[]; unsure: boolean }): void {
  if (line.length === 0 || line.startsWith('#')) return;
  const terms = quickTerms(line);
  if (!terms || terms[1].includes('\\')) {
    parseLine(line, added, out);
    return;
  }
  const object = terms[2];
  if (terms.length < 4 || object[0] !== '"') return; // default graph, or no literal
  // An IRI holds no '"': the literal's last quote closes its lexical form; what follows is `@lang` or `^^<datatype>`.
  const suffix = object.slice(object.lastIndexOf('"') + 1);
  if (suffix === JSON_SUFFIX) out.changes.push({ predicate: terms[1].slice(1, -1), added });
  else if (suffix.startsWith('^^') && suffix.includes('\\')) parseLine(line, added, out); // an escaped datatype IRI
}

function parseLine(line: string, added: boolean, out: { changes: JsonValueChange[]; unsure: boolean }): void {
  let quads: N3.Quad[];
  try {
    quads = new N3.Parser({ format: 'application/n-quads' }).parse(line);
  } catch {
    out.unsure = true;
    return;
  }
  for (const q of quads) {
    if (q.graph.termType === 'DefaultGraph' || q.object.termType !== 'Literal') continue;
    if ((q.object as N3.Literal).datatype.value === RDF_JSON) out.changes.push({ predicate: q.predicate.value, added });
  }
}
