/**
 * The RDF/JS DataFactory (https://rdf.js.org/data-model-spec/) of the mapping's hot path:
 * @rdfjs/data-model, whose terms are plain objects with their fields set once. n3's
 * DataFactory parses its internal id string on every `.value` / `.language` / `.datatype`
 * read (measured as the top cost of quadsToEntity), and oxigraph terms cross into WASM
 * (~2 µs each). Quads can be terms (RDF 1.2 triple terms), as rdf:reifies needs, and
 * literal(value, { language, direction }) makes RDF 1.2 directional strings.
 */
import dataModel from '@rdfjs/data-model';
import type * as RDF from '@rdfjs/types';

const factory: RDF.DataFactory<RDF.Quad, RDF.Quad> = dataModel;

/** The factory's methods bound to it, so callers may destructure them (`const { quad } = termFactory`). */
export const termFactory: Omit<RDF.DataFactory<RDF.Quad, RDF.Quad>, 'fromTerm' | 'fromQuad'> = {
  namedNode: (value) => factory.namedNode(value),
  blankNode: (value) => factory.blankNode(value),
  literal: (value, languageOrDatatype) => factory.literal(value, languageOrDatatype),
  variable: (value) => factory.variable!(value),
  defaultGraph: () => factory.defaultGraph(),
  quad: (subject, predicate, object, graph) => factory.quad(subject, predicate, object, graph),
};
