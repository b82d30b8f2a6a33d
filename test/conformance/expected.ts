/** Loads a test's expected result file (mf:result) into an Outcome. */
import { readFileSync } from 'node:fs';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { mediaTypeOfFile, parseCsvResults, parseJsonResults, parseRdf, parseTsvResults, parseXmlResults } from './rdfText.js';
import type { Outcome } from './types.js';

const RS = 'http://www.w3.org/2001/sw/DataAccess/tests/result-set#';

export async function loadExpected(file: string, fileIri: string): Promise<Outcome> {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.srx')) return parseXmlResults(text);
  if (file.endsWith('.srj')) return parseJsonResults(text);
  if (file.endsWith('.tsv')) return parseTsvResults(text);
  if (file.endsWith('.csv')) return parseCsvResults(text);
  const quads = await parseRdf(text, mediaTypeOfFile(file), fileIri);
  return quads.some((q) => q.object.value === `${RS}ResultSet`) ? resultSetVocabulary(quads) : { kind: 'quads', quads };
}

/** The DAWG result-set vocabulary (rs:ResultSet) used by a few .ttl results. */
function resultSetVocabulary(quads: RDF.Quad[]): Outcome {
  const store = new N3.Store(quads);
  const p = (s: RDF.Term, name: string) => store.getObjects(s, N3.DataFactory.namedNode(RS + name), null);
  const set = store.getSubjects(null, N3.DataFactory.namedNode(`${RS}ResultSet`), null)[0];
  const bool = p(set, 'boolean')[0];
  if (bool) return { kind: 'boolean', value: bool.value === 'true' };
  const variables = p(set, 'resultVariable').map((v) => v.value);
  const rows = p(set, 'solution').map((sol) =>
    Object.fromEntries(p(sol, 'binding').map((b) => [p(b, 'variable')[0].value, p(b, 'value')[0]])),
  );
  return { kind: 'bindings', variables, rows };
}
