import type * as RDF from '@rdfjs/types';
import type { Outcome } from './types.js';

/**
 * What the conformance runner needs from a SPARQL service. Two implementations:
 * raw oxigraph in process (the baseline) and our HTTP app (SPARQL Protocol +
 * Graph Store Protocol on a loopback port).
 */
export interface ConformanceEndpoint {
  readonly name: string;
  /** Start from an empty dataset. */
  reset(): Promise<void>;
  /** Load RDF text into the default graph (graph undefined) or a named graph. */
  load(data: string, mediaType: string, graph: string | undefined, baseIri: string): Promise<void>;
  /**
   * Evaluate a query; throws on a syntax or evaluation error. `resultFormat`
   * (text/csv or text/tab-separated-values) asks for that serialization, as
   * the SPARQL 1.1 CSV/TSV result-format tests require.
   */
  query(sparql: string, baseIri: string, resultFormat?: string): Promise<Outcome>;
  /** Execute an update; throws on a syntax or evaluation error. */
  update(sparql: string, baseIri: string): Promise<void>;
  /** Told before loading whether the test is an update test (data then goes to the real default graph). */
  forUpdates?(on: boolean): void;
  /** Every quad of the dataset; default-graph quads carry the DefaultGraph term. */
  dataset(): Promise<RDF.Quad[]>;
}

/** An endpoint's refusal; `syntax` = the request was rejected as malformed (what syntax tests check). */
export class EndpointError extends Error {
  constructor(message: string, readonly syntax: boolean) {
    super(message);
  }
}
