/** The request's dataset as oxigraph query options, shared by the in-thread store and the query replicas. */
import oxigraph from 'oxigraph';

export type OxigraphQueryOptions = NonNullable<Parameters<oxigraph.Store['query']>[1]>;

/** The dataset part of a query request (GraphStore QueryOptions without the time limit). */
export interface DatasetOptions {
  readonly defaultGraphs?: readonly string[];
  readonly namedGraphs?: readonly string[];
  readonly baseIri?: string;
}

/**
 * SPARQL 1.1 Protocol §2.1.4: a dataset given in the request replaces the
 * service's default dataset; otherwise the default graph is the union of all
 * graphs (docs/named-graphs.md).
 */
export function toOxigraphOptions(options: DatasetOptions = {}): OxigraphQueryOptions {
  const result: { -readonly [K in keyof OxigraphQueryOptions]: OxigraphQueryOptions[K] } = {};
  if (options.baseIri) result.base_iri = options.baseIri;
  if (options.defaultGraphs || options.namedGraphs) {
    result.default_graph = (options.defaultGraphs ?? []).map((iri) => oxigraph.namedNode(iri));
    if (options.namedGraphs) result.named_graphs = options.namedGraphs.map((iri) => oxigraph.namedNode(iri));
  } else {
    result.use_default_graph_as_union = true;
  }
  return result;
}
