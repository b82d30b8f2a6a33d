/**
 * Competency queries over the generated continuum (bench/syntheticContinuum.ts
 * vocabulary). Evaluated against the union default graph (every entity lives
 * in its own named graph, docs/named-graphs.md).
 */
import { AEROS, XSD } from '../fabric/rdf/namespaces.js';
import { domainId, ieId } from './syntheticContinuum.js';

export interface BenchQuery { readonly name: string; readonly kind: 'point' | 'scan'; readonly sparql: (ies: number) => string }

const P = `PREFIX aerOS: <${AEROS}>\nPREFIX xsd: <${XSD}>\n`;

export const COMPETENCY_QUERIES: readonly BenchQuery[] = [
  { name: 'ie-by-id (point lookup)', kind: 'point', sparql: (n) => `${P}SELECT ?p ?o WHERE { <${ieId(Math.floor(n / 2))}> ?p ?o }` },
  {
    name: 'ies-of-domain', kind: 'point',
    sparql: (n) => `${P}SELECT ?ie ?host WHERE { ?ie aerOS:belongsTo <${domainId(Math.floor(n / 100))}> ; aerOS:hostname ?host }`,
  },
  {
    name: 'realtime-ies-with-32+-cores', kind: 'scan',
    sparql: () => `${P}SELECT ?ie ?c WHERE { ?ie a aerOS:InfrastructureElement ; aerOS:realTimeCapable true ; aerOS:cpuCores ?c . FILTER(?c >= 32) }`,
  },
  {
    name: 'cpu-usage-per-domain (aggregate)', kind: 'scan',
    sparql: () => `${P}SELECT ?d (COUNT(?ie) AS ?n) (AVG(xsd:double(?u)) AS ?avgCpu) WHERE { ?ie aerOS:belongsTo ?d ; aerOS:currentCpuUsage ?u } GROUP BY ?d`,
  },
  { name: 'count-ies', kind: 'scan', sparql: () => `${P}SELECT (COUNT(?ie) AS ?n) WHERE { ?ie a aerOS:InfrastructureElement }` },
];
