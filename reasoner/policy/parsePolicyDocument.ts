/**
 * A policy document (Turtle, JSON-LD, N-Triples) as quads of the policies graph. Parsed by oxigraph, whose
 * message and position (line, column) a syntax error carries; blank nodes get fresh labels, so documents
 * stored at different times never share one.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { errorPosition, freshLabels, messageOf, renameQuad } from '../../fabric/store/rdfText.js';
import { PolicyDefinitionError } from '../../fabric/errors/PolicyError.js';
import { UnsupportedMediaTypeError } from '../../fabric/errors/FabricError.js';
import { POLICY } from './policyVocabulary.js';

/** Base IRI of relative IRIs in policy documents. */
export const POLICIES_BASE = 'https://w3id.org/continuum-fabric/policies/';
export const POLICY_MEDIA_TYPES = ['text/turtle', 'application/ld+json', 'application/n-triples'] as const;

export function parsePolicyDocument(text: string, mediaType: string): RDF.Quad[] {
  if (!(POLICY_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    throw new UnsupportedMediaTypeError(`A policy is written as ${POLICY_MEDIA_TYPES.join(', ')}; got ${mediaType || 'no media type'}.`);
  }
  let parsed: oxigraph.Quad[];
  try {
    parsed = oxigraph.parse(text, { format: mediaType, base_iri: POLICIES_BASE });
  } catch (error) {
    const message = messageOf(error);
    const { line, column } = errorPosition(message);
    throw new PolicyDefinitionError(`The policy document does not parse: ${message}`, { reason: 'syntax', ...(line !== undefined ? { line, column } : {}) });
  }
  const rename = freshLabels();
  const graph = oxigraph.namedNode(POLICY.graph);
  return parsed.map((q) => {
    const renamed = renameQuad(q, rename);
    return oxigraph.quad(renamed.subject, renamed.predicate, renamed.object, graph);
  });
}
