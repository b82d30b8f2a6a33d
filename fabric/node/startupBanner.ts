import type { NodeConfig } from '../config/NodeConfig.js';
import type { NodeStartInfo } from './FabricNode.js';

/** The lines printed when a node is up: where it listens and how to try it. */
export function startupBanner(config: NodeConfig, info: NodeStartInfo): string {
  const lines = [
    `Continuum Fabric node listening on ${info.url} (data dir ${config.dataDir}, ${info.quads} quads, domain ${config.domain})`,
  ];
  if (info.seeded) {
    lines.push(`Fresh data dir: loaded ontology (${info.seeded.ontologyQuads} quads), shapes (${info.seeded.shapesQuads})` +
      (config.demo ? ` and the demo continuum (${info.seeded.demoQuads} quads, ${config.demoIes} IEs)` : ''));
  }
  if (info.runtime) {
    lines.push(info.runtime.kind === 'dry-run'
      ? 'Orchestration: dry-run runtime (no container runtime configured: workloads are planned and recorded, not run)'
      : `Orchestration: default runtime ${info.runtime.kind} at ${info.runtime.endpoint}`);
  }
  lines.push(
    '',
    'Try:',
    `  curl -s ${info.url}/sparql -H 'Accept: text/csv' --data-urlencode \\`,
    `    'query=PREFIX aeros: <https://w3id.org/aerOS/continuum#> SELECT ?domain (COUNT(?ie) AS ?ies) WHERE { ?ie aeros:domain ?domain } GROUP BY ?domain'`,
    `  curl -s '${info.url}/sparql/queries/ies-of-domain?domain=urn:ngsi-ld:Domain:edge' -H 'Accept: text/csv'`,
    `  curl -s '${info.url}/ngsi-ld/v1/entities?type=InfrastructureElement&q=cpuCores>=16&format=keyValues&limit=3' \\`,
    `    -H 'Link: <https://w3id.org/continuum-fabric/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'`,
    `  continuum query --url ${info.url} 'SELECT (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } }'`,
    `  continuum deploy --url ${info.url} service.yaml   # a TOSCA service; then: continuum services --url ${info.url}`,
    '',
    'Stop with Ctrl+C (SIGINT) or SIGTERM; the store is snapshotted on shutdown.',
  );
  return lines.join('\n') + '\n';
}
