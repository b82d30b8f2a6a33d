import type * as RDF from '@rdfjs/types';

/** A query outcome in a form both endpoints (raw oxigraph, our HTTP app) can be compared on. */
export type Outcome =
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'bindings'; readonly variables: readonly string[]; readonly rows: ReadonlyArray<Readonly<Record<string, RDF.Term>>> }
  | { readonly kind: 'quads'; readonly quads: readonly RDF.Quad[] };

/** A dataset named in a test: files for the default graph and (graph IRI → file) for named graphs. */
export interface TestDataset {
  readonly defaultFiles: readonly string[];
  readonly namedFiles: ReadonlyArray<{ readonly graph: string; readonly file: string }>;
}

export type TestKind =
  | 'QueryEvaluation'
  | 'UpdateEvaluation'
  | 'CSVResultFormat'
  | 'PositiveSyntax'
  | 'NegativeSyntax'
  | 'PositiveUpdateSyntax'
  | 'NegativeUpdateSyntax'
  | 'Protocol'
  | 'GraphStoreProtocol'
  | 'ServiceDescription'
  | 'Other';

/** One W3C test, with IRIs kept as in the manifest and files resolved to local paths. */
export interface ConformanceTest {
  readonly id: string;
  readonly suite: string;
  readonly kind: TestKind;
  readonly name: string;
  readonly approval?: string;
  /** Local path of the query / update request. */
  readonly request?: string;
  /** IRI of the request (the base IRI for evaluation). */
  readonly requestIri?: string;
  readonly data?: TestDataset;
  readonly resultFile?: string;
  readonly resultData?: TestDataset;
}

export type Verdict = 'pass' | 'fail' | 'skip';

export interface TestOutcome {
  readonly id: string;
  readonly verdict: Verdict;
  readonly reason?: string;
}
