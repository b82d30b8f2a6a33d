/**
 * The W3C SHACL core test suite (test/fixtures/w3c-shacl, see SOURCE.md) as cases: each sht:Validate entry's data,
 * shapes and expected results, keyed so that reports can be compared as multisets (focus node, path, value,
 * severity, source shape, constraint component); blank nodes compare as "_:" (the suite's own rule is graph
 * isomorphism; messages are not compared, as the suite says). Shared by the suites of ShaclValidator and
 * CompiledShapes.
 */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { readResults } from '../../../fabric/validation/ShaclValidator.js';
import type { ValidationResultEntry } from '../../../fabric/validation/ValidationReport.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/w3c-shacl/core');
const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const SHT = 'http://www.w3.org/ns/shacl-test#';
const SH = 'http://www.w3.org/ns/shacl#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

const parseFile = (url: string): Quad[] => new N3.Parser({ baseIRI: url }).parse(readFileSync(fileURLToPath(url), 'utf8'));

export interface Case { name: string; data: Quad[]; shapes: Quad[]; expectedConforms: boolean; expected: string[] }

function obj(store: N3.Store, s: Term, p: string): Term | undefined {
  return store.getObjects(s as N3.Quad_Subject, p, null)[0];
}

function collectCases(manifestUrl: string, out: Case[]): void {
  const store = new N3.Store(parseFile(manifestUrl));
  for (const inc of store.getObjects(null, `${MF}include`, null)) collectCases(inc.value, out);
  for (const entry of store.getSubjects(`${RDF}type`, `${SHT}Validate`, null)) {
    const action = obj(store, entry, `${MF}action`)!;
    const dataUrl = obj(store, action, `${SHT}dataGraph`)!.value;
    const shapesUrl = obj(store, action, `${SHT}shapesGraph`)!.value;
    const fileStore = new N3.Store(parseFile(manifestUrl));
    const result = obj(fileStore, entry, `${MF}result`)!;
    const expectedConforms = obj(fileStore, result, `${SH}conforms`)!.value === 'true';
    const expected = readResults(reportSubgraph(fileStore, result)).map(key);
    out.push({
      name: `${manifestUrl.slice(pathToFileURL(ROOT).href.length + 1)} ${entry.value.replace(/^.*[#/]/, '')}`,
      data: parseFile(dataUrl),
      shapes: parseFile(shapesUrl),
      expectedConforms,
      expected,
    });
  }
}

/** The expected report as its own graph (the manifest file also holds data and shapes). */
function reportSubgraph(store: N3.Store, report: Term): N3.Store {
  const sub = new N3.Store();
  const visit = (node: Term): void => {
    for (const q of store.getQuads(node as N3.Quad_Subject, null, null, null)) {
      sub.addQuad(q);
      if (q.object.termType === 'BlankNode' && !sub.getQuads(q.object, null, null, null).length) visit(q.object);
    }
  };
  for (const r of store.getObjects(report as N3.Quad_Subject, `${SH}result`, null)) {
    sub.addQuad(N3.DataFactory.quad(r as N3.Quad_Subject, N3.DataFactory.namedNode(`${RDF}type`), N3.DataFactory.namedNode(`${SH}ValidationResult`)));
    visit(r);
  }
  return sub;
}

const blank = (s: string | null): string | null => (s && s.startsWith('_:') ? '_:' : s);
export const key = (r: ValidationResultEntry): string =>
  JSON.stringify([blank(r.focusNode), r.path && r.path.includes('_:') ? '_:' : r.path, blank(r.value), r.severity, blank(r.sourceShape), r.constraint]);

export const cases: Case[] = [];
collectCases(pathToFileURL(join(ROOT, 'manifest.ttl')).href, cases);

