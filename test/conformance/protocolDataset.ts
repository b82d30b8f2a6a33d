/**
 * Our store's SPARQL default graph is the UNION of all graphs (fabric/rdf/namespaces.ts
 * GRAPHS). The W3C tests expect the default graph to be only the data loaded
 * into it, so for QUERIES the runner states the RDF dataset explicitly, as a
 * SPARQL Protocol client would (§2.1.4 default-graph-uri / named-graph-uri):
 * the test's default-graph data is loaded into one well-known graph named
 * DEFAULT_DATA_GRAPH and named as the sole default graph; the test's named graphs
 * are listed as named-graph-uri. Queries carrying their own FROM / FROM NAMED
 * keep their own dataset (the protocol parameters would override it).
 * UPDATES run against the store's real default graph (GraphStore.update has no
 * dataset options), so their WHERE clauses see the union default graph: the
 * differences this causes are listed in docs/conformance.md.
 */
export const DEFAULT_DATA_GRAPH = 'urn:x-conformance:default-graph';

export interface ProtocolDataset {
  readonly defaultGraphs: readonly string[];
  readonly namedGraphs: readonly string[];
}

export class ProtocolDatasetTracker {
  private readonly named = new Set<string>();
  /** Forget the named graphs of the previous test. */
  reset(): void {
    this.named.clear();
  }
  /** Graph a query-test load goes to. */
  targetOf(graph: string | undefined): string {
    if (graph !== undefined) this.named.add(graph);
    return graph ?? DEFAULT_DATA_GRAPH;
  }
  /** Dataset to state for a query; undefined when the query states its own (FROM / FROM NAMED). */
  datasetFor(sparql: string): ProtocolDataset | undefined {
    if (/\bFROM\s+(NAMED\s+)?</i.test(sparql)) return undefined;
    return { defaultGraphs: [DEFAULT_DATA_GRAPH], namedGraphs: [...this.named] };
  }
}

/** Prepend a BASE so relative IRIs resolve as the suite expects (the protocol has no base parameter). */
export function withBase(sparql: string, baseIri: string): string {
  return `BASE <${baseIri}>\n${sparql}`;
}
