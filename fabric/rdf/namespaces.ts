/**
 * IRIs shared across the fabric. aerOS terms keep their aerOS IRIs
 * (https://w3id.org/aerOS/continuum#); our own extensions (trust, policy,
 * placement, explanation, graph conventions) live under CF.
 */
export const AEROS = 'https://w3id.org/aerOS/continuum#';
export const CF = 'https://w3id.org/continuum-fabric/ns#';
export const SDM_IT = 'https://smartdatamodels.org/dataModel.IT/';
export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
export const OWL = 'http://www.w3.org/2002/07/owl#';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const SH = 'http://www.w3.org/ns/shacl#';
export const DCT = 'http://purl.org/dc/terms/';

/**
 * Named-graph conventions (docs/named-graphs.md):
 * - the ontology and the shapes each live in one well-known graph;
 * - every NGSI-LD entity lives in a graph named by its own id, so it can be
 *   replaced or deleted as a unit;
 * - derived facts live in inferred graphs, one per rule (<inferredPrefix><rule-set>/<rule-id>).
 * SPARQL sees the union of all graphs as its default graph unless a request
 * names graphs (default-graph-uri / named-graph-uri).
 */
export const GRAPHS = {
  ontology: 'https://w3id.org/continuum-fabric/graph/ontology',
  shapes: 'https://w3id.org/continuum-fabric/graph/shapes',
  /** Rules managed through the graph (reasoner/, docs/reasoner.md). */
  rules: 'https://w3id.org/continuum-fabric/graph/rules',
  inferredPrefix: 'https://w3id.org/continuum-fabric/graph/inferred/',
  /** Trust breakdowns and status markers (reasoner/trust, docs/trust.md); outside inferredPrefix, which the rule engine replaces wholesale. */
  trust: 'https://w3id.org/continuum-fabric/graph/trust',
  /** Policies: SHACL shapes that are also cf:Policy (reasoner/policy, docs/policies.md); seeded from shapes/policies/. */
  policies: 'https://w3id.org/continuum-fabric/graph/policies',
  /** Hosted @contexts (GS CIM 009 §5.13.2), node-wide: one cf:HostedContext each (fabric/ngsi-ld/context/hostedContextGraph.ts). */
  contexts: 'https://w3id.org/continuum-fabric/graph/contexts',
  entity: (entityId: string): string => entityId,
} as const;
