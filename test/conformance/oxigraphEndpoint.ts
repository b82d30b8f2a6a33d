/** Baseline endpoint: the oxigraph npm Store in process, with its own SPARQL evaluator and default (non-union) default graph. */
import oxigraph from 'oxigraph';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { EndpointError, type ConformanceEndpoint } from './endpoint.js';
import { parseJsonResults, parseRdf, parseTabularResults } from './rdfText.js';
import type { Outcome } from './types.js';

const { DataFactory: F } = N3;

export class OxigraphEndpoint implements ConformanceEndpoint {
  readonly name = 'oxigraph';
  private store = new oxigraph.Store();

  async reset(): Promise<void> {
    this.store = new oxigraph.Store();
  }

  async load(data: string, mediaType: string, graph: string | undefined, baseIri: string): Promise<void> {
    this.store.load(data, { format: mediaType, base_iri: baseIri, to_graph_name: graph ? oxigraph.namedNode(graph) : oxigraph.defaultGraph() });
  }

  async query(sparql: string, baseIri: string, resultFormat?: string): Promise<Outcome> {
    if (resultFormat) {
      return this.guard(async () => parseTabularResults(this.store.query(sparql, { base_iri: baseIri, results_format: resultFormat }) as string, resultFormat));
    }
    return this.guard(() => this.evaluate(sparql, baseIri));
  }

  private async evaluate(sparql: string, baseIri: string): Promise<Outcome> {
    try {
      return parseJsonResults(this.store.query(sparql, { base_iri: baseIri, results_format: 'application/sparql-results+json' }) as string);
    } catch (error) {
      // CONSTRUCT/DESCRIBE cannot be written as SPARQL JSON results: ask for N-Triples instead.
      if (!String(error).includes('Not supported RDF format')) throw error;
      const text = this.store.query(sparql, { base_iri: baseIri, results_format: 'application/n-triples' }) as string;
      return { kind: 'quads', quads: await parseRdf(text, 'application/n-triples', baseIri) };
    }
  }

  async update(sparql: string, baseIri: string): Promise<void> {
    await this.guard(async () => this.store.update(sparql, { base_iri: baseIri }));
  }

  /** oxigraph parse errors carry a position ("error at 1:25: ..."); anything else is an evaluation error. */
  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new EndpointError(message, /^error at \d+:\d+|relative IRI|invalid IRI/i.test(message));
    }
  }

  async dataset(): Promise<RDF.Quad[]> {
    return (await parseRdf(this.store.dump({ format: 'application/n-quads' }), 'application/n-quads', 'urn:x:')).map((q) =>
      F.quad(q.subject, q.predicate, q.object, q.graph),
    );
  }
}
