/**
 * Reads the W3C SPARQL 1.1 manifests (Test Manifest vocabulary,
 * https://www.w3.org/2001/sw/DataAccess/tests/README) with n3 and maps the
 * suite's base IRIs to the local copy in test/fixtures/w3c-sparql11.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import type { ConformanceTest, TestDataset, TestKind } from './types.js';

export const SUITE_BASE = 'https://w3c.github.io/rdf-tests/sparql/sparql11/';
export const FIXTURE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/w3c-sparql11');

export const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
export const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';
const DAWGT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#';
export const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

/** Suite IRI → local file path. */
export function localPath(iri: string): string {
  if (!iri.startsWith(SUITE_BASE)) throw new Error(`IRI outside the suite: ${iri}`);
  return path.join(FIXTURE_ROOT, iri.slice(SUITE_BASE.length));
}

const KINDS: Record<string, TestKind> = {
  QueryEvaluationTest: 'QueryEvaluation',
  UpdateEvaluationTest: 'UpdateEvaluation',
  CSVResultFormatTest: 'CSVResultFormat',
  PositiveSyntaxTest11: 'PositiveSyntax',
  NegativeSyntaxTest11: 'NegativeSyntax',
  PositiveUpdateSyntaxTest11: 'PositiveUpdateSyntax',
  NegativeUpdateSyntaxTest11: 'NegativeUpdateSyntax',
  ProtocolTest: 'Protocol',
  GraphStoreProtocolTest: 'GraphStoreProtocol',
  ServiceDescriptionTest: 'ServiceDescription',
};

/** One manifest file parsed with n3, with small accessors for the Test Manifest vocabulary. */
export class Manifest {
  private readonly store: N3.Store;
  constructor(readonly iri: string) {
    const text = readFileSync(localPath(iri), 'utf8');
    this.store = new N3.Store(new N3.Parser({ baseIRI: iri }).parse(text));
  }
  one(s: RDF.Term, p: string): RDF.Term | undefined {
    return this.store.getObjects(s, N3.DataFactory.namedNode(p), null)[0];
  }
  all(s: RDF.Term, p: string): RDF.Term[] {
    return this.store.getObjects(s, N3.DataFactory.namedNode(p), null);
  }
  list(head: RDF.Term | undefined): RDF.Term[] {
    const out: RDF.Term[] = [];
    let node = head;
    while (node && node.value !== `${RDF_NS}nil`) {
      const first = this.one(node, `${RDF_NS}first`);
      if (first) out.push(first);
      node = this.one(node, `${RDF_NS}rest`);
    }
    return out;
  }
  dataset(node: RDF.Term | undefined, dataP: string, graphDataP: string, graphP: string): TestDataset {
    if (!node) return { defaultFiles: [], namedFiles: [] };
    const defaultFiles = this.all(node, dataP).map((t) => localPath(t.value));
    const namedFiles = this.all(node, graphDataP).map((gd) => {
      if (gd.termType === 'NamedNode') return { graph: gd.value, file: localPath(gd.value) };
      // Update tests: [ ut:graph <file> ; rdfs:label "graph IRI" ]
      const file = this.one(gd, graphP)!.value;
      const label = this.one(gd, RDFS_LABEL)?.value ?? file;
      return { graph: label, file: localPath(file) };
    });
    return { defaultFiles, namedFiles };
  }
}

function suiteOf(manifestIri: string): string {
  return manifestIri.slice(SUITE_BASE.length).split('/')[0];
}

function readTests(m: Manifest): ConformanceTest[] {
  const root = N3.DataFactory.namedNode(m.iri);
  const suite = suiteOf(m.iri);
  return m.list(m.one(root, `${MF}entries`)).map((entry): ConformanceTest => {
    const type = m.one(entry, `${RDF_NS}type`)?.value ?? '';
    const kind = KINDS[type.replace(MF, '')] ?? 'Other';
    const action = m.one(entry, `${MF}action`);
    const result = m.one(entry, `${MF}result`);
    const base = {
      id: `${suite}#${entry.value.split('#').pop()}`,
      suite,
      kind,
      name: m.one(entry, `${MF}name`)?.value ?? entry.value,
      approval: m.one(entry, `${DAWGT}approval`)?.value.replace(DAWGT, ''),
    };
    if (kind === 'UpdateEvaluation') {
      const request = m.one(action!, `${UT}request`)!.value;
      return {
        ...base,
        request: localPath(request),
        requestIri: request,
        data: m.dataset(action, `${UT}data`, `${UT}graphData`, `${UT}graph`),
        resultData: m.dataset(result, `${UT}data`, `${UT}graphData`, `${UT}graph`),
      };
    }
    if (kind === 'QueryEvaluation' || kind === 'CSVResultFormat') {
      const query = m.one(action!, `${QT}query`)!.value;
      return {
        ...base,
        request: localPath(query),
        requestIri: query,
        data: m.dataset(action, `${QT}data`, `${QT}graphData`, `${QT}graph`),
        resultFile: result ? localPath(result.value) : undefined,
      };
    }
    if (action?.termType === 'NamedNode' && action.value.startsWith(SUITE_BASE)) {
      return { ...base, request: localPath(action.value), requestIri: action.value };
    }
    return base;
  });
}

/** All tests reachable from manifest-all.ttl (mf:include lists, followed recursively), in manifest order. */
export function loadSuite(rootManifest = `${SUITE_BASE}manifest-all.ttl`): ConformanceTest[] {
  const manifest = new Manifest(rootManifest);
  const includes = manifest.list(manifest.one(N3.DataFactory.namedNode(rootManifest), `${MF}include`));
  return [...readTests(manifest), ...includes.flatMap((inc) => loadSuite(inc.value))];
}
