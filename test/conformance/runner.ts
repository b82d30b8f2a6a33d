/**
 * Runs W3C SPARQL 1.1 tests against a ConformanceEndpoint and returns a
 * verdict per test. Tests the runner cannot mechanize (entailment regimes,
 * SERVICE federation) are returned as 'skip' with the reason, never as
 * 'pass'. The protocol and graph-store-protocol suites (HTTP transcripts)
 * are played by sparql11Protocol.test.ts instead (PROTOCOL_SUITES).
 */
import { readFileSync } from 'node:fs';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { hasOrderBy, sameDataset, sameOutcome } from './compare.js';
import { EndpointError, type ConformanceEndpoint } from './endpoint.js';
import { loadExpected } from './expected.js';
import { SUITE_BASE, FIXTURE_ROOT } from './manifest.js';
import { mediaTypeOfFile, parseRdf } from './rdfText.js';
import type { ConformanceTest, TestDataset, TestOutcome } from './types.js';

const { DataFactory: F } = N3;

/** Whole suites outside what a conformance run of our endpoint can mechanize, with the reason (docs/conformance.md). */
export const SKIPPED_SUITES: Record<string, string> = {
  entailment: 'SPARQL 1.1 Entailment Regimes: the endpoint evaluates simple entailment only (reasoning is materialized separately).',
  service: 'SERVICE federation: oxigraph npm has no HTTP client, and the tests need remote endpoints.',
  'syntax-fed': 'SERVICE federation syntax (needs a SERVICE-capable parser configuration); federation is out of scope.',
  'service-description': 'Service description tests need a dereferenceable endpoint document; not implemented.',
};

/** Suites whose tests are HTTP request/response transcripts, run by sparql11Protocol.test.ts (transcriptPlayer.ts). */
export const PROTOCOL_SUITES: readonly string[] = ['protocol', 'graph-store-protocol'];

function fileIri(file: string): string {
  return SUITE_BASE + file.slice(FIXTURE_ROOT.length + 1).split('\\').join('/');
}

async function loadDataset(endpoint: ConformanceEndpoint, data: TestDataset | undefined): Promise<void> {
  if (!data) return;
  for (const file of data.defaultFiles) await endpoint.load(readFileSync(file, 'utf8'), mediaTypeOfFile(file), undefined, fileIri(file));
  for (const { graph, file } of data.namedFiles) await endpoint.load(readFileSync(file, 'utf8'), mediaTypeOfFile(file), graph, fileIri(file));
}

async function expectedDataset(data: TestDataset): Promise<RDF.Quad[]> {
  const quads: RDF.Quad[] = [];
  for (const file of data.defaultFiles) quads.push(...(await parseRdf(readFileSync(file, 'utf8'), mediaTypeOfFile(file), fileIri(file))));
  for (const { graph, file } of data.namedFiles) {
    const parsed = await parseRdf(readFileSync(file, 'utf8'), mediaTypeOfFile(file), fileIri(file));
    quads.push(...parsed.map((q) => F.quad(q.subject, q.predicate, q.object, F.namedNode(graph))));
  }
  return quads;
}

async function runOne(endpoint: ConformanceEndpoint, test: ConformanceTest): Promise<TestOutcome> {
  const skipReason = SKIPPED_SUITES[test.suite];
  if (skipReason) return { id: test.id, verdict: 'skip', reason: skipReason };
  await endpoint.reset();
  endpoint.forUpdates?.(false);
  const text = test.request ? readFileSync(test.request, 'utf8') : '';
  const base = test.requestIri ?? SUITE_BASE;
  switch (test.kind) {
    case 'PositiveSyntax':
    case 'NegativeSyntax': {
      const ok = await endpoint.query(text, base).then(() => true, parsedAnyway);
      return verdict(test, ok === (test.kind === 'PositiveSyntax'), ok ? 'accepted' : 'rejected');
    }
    case 'PositiveUpdateSyntax':
    case 'NegativeUpdateSyntax': {
      const ok = await endpoint.update(text, base).then(() => true, parsedAnyway);
      return verdict(test, ok === (test.kind === 'PositiveUpdateSyntax'), ok ? 'accepted' : 'rejected');
    }
    case 'QueryEvaluation':
    case 'CSVResultFormat': {
      await loadDataset(endpoint, test.data);
      // Result-format tests (expected .csv/.tsv) ask the endpoint for that serialization.
      const tabular = /\.(csv|tsv)$/.exec(test.resultFile!)?.[1];
      const format = tabular === 'csv' ? 'text/csv' : tabular === 'tsv' ? 'text/tab-separated-values' : undefined;
      const actual = await endpoint.query(text, base, format);
      const expected = await loadExpected(test.resultFile!, fileIri(test.resultFile!));
      const lexical = tabular === 'csv';
      return verdict(test, sameOutcome(actual, expected, hasOrderBy(text) && !lexical, lexical), 'results differ');
    }
    case 'UpdateEvaluation': {
      endpoint.forUpdates?.(true);
      await loadDataset(endpoint, test.data);
      await endpoint.update(text, base);
      return verdict(test, sameDataset(await endpoint.dataset(), await expectedDataset(test.resultData!)), 'dataset differs');
    }
    default:
      return { id: test.id, verdict: 'skip', reason: `test type ${test.kind} is not mechanized` };
  }
}

/**
 * Syntax tests run the request on an empty dataset; only a syntax rejection
 * counts as "rejected". An evaluation error (DROP of a missing graph, LOAD
 * without an HTTP client) means the request parsed.
 */
function parsedAnyway(error: unknown): boolean {
  return !(error instanceof EndpointError && error.syntax);
}

function verdict(test: ConformanceTest, ok: boolean, why: string): TestOutcome {
  return ok ? { id: test.id, verdict: 'pass' } : { id: test.id, verdict: 'fail', reason: why };
}

export async function runSuite(endpoint: ConformanceEndpoint, tests: readonly ConformanceTest[]): Promise<TestOutcome[]> {
  const out: TestOutcome[] = [];
  for (const test of tests) {
    try {
      out.push(await runOne(endpoint, test));
    } catch (error) {
      out.push({ id: test.id, verdict: 'fail', reason: String(error instanceof Error ? error.message : error).split('\n')[0].slice(0, 160) });
    }
  }
  return out;
}
