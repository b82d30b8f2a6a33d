/**
 * The N-Quads text of a `GraphStore.load` call made in the reasoner's worker, where writes go to the node as
 * N-Quads: N-Quads as they are, other syntaxes parsed here (blank-node labels kept), with the statement count.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { LoadOptions } from '../../fabric/store/GraphStore.js';
import { countStatements, mediaTypeOf, toNQuads } from '../../fabric/store/rdfText.js';

const NQUADS = 'application/n-quads';

export function loadAsNQuads(data: string, options: LoadOptions): { readonly nquads: string; readonly statements: number } {
  if (mediaTypeOf(options.format) === NQUADS) return { nquads: data, statements: countStatements(data) };
  const quads = oxigraph.parse(data, {
    format: mediaTypeOf(options.format),
    ...(options.baseIri ? { base_iri: options.baseIri } : {}),
    ...(options.graph ? { to_graph_name: oxigraph.namedNode(options.graph) } : {}),
  }) as unknown as RDF.Quad[];
  return { nquads: toNQuads(quads), statements: quads.length };
}
