/**
 * Parses an uploaded RDF document into quads before anything is written, so a
 * Graph Store PUT can clear and refill a graph in one commit (parse-then-commit).
 * Blank nodes get fresh labels: they are local to the document (RDF 1.1 Concepts §3.4).
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { RdfSyntaxError } from '../fabric/errors/FabricError.js';
import { errorPosition, freshLabels, messageOf, renameQuad } from '../fabric/store/rdfText.js';

export interface UploadTarget {
  /** Media type of the document. */
  readonly format: string;
  /** Graph IRI for triple formats; undefined = the default graph. */
  readonly graph?: string;
  readonly baseIri?: string;
}

/** Parses `text`; malformed input throws RdfSyntaxError (400) with the parser's line and column. */
export function parseUpload(text: string, target: UploadTarget): RDF.Quad[] {
  let quads: oxigraph.Quad[];
  try {
    quads = oxigraph.parse(text, {
      format: target.format,
      ...(target.baseIri ? { base_iri: target.baseIri } : {}),
      ...(target.graph ? { to_graph_name: oxigraph.namedNode(target.graph) } : {}),
    });
  } catch (error) {
    const message = messageOf(error);
    const { line, column } = errorPosition(message);
    throw new RdfSyntaxError(message, line, column);
  }
  const rename = freshLabels();
  return quads.map((q) => renameQuad(q, rename));
}
