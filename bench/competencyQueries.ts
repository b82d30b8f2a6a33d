/**
 * The queries the `queries` benchmark times: the saved competency queries
 * (sparql/queries/*.rq, issue 2 §6) with concrete arguments, plus one point
 * lookup through GET /sparql. Arguments name entities of the demo continuum
 * (fabric/demo, DemoContinuumGenerator), so they exist at every size.
 *
 * Each query knows two forms of itself:
 *  - `httpPath`: what the fabric endpoint is asked (GET /sparql/queries/{name}?args,
 *    or GET /sparql?query= for the ad-hoc point lookup);
 *  - `sparql`: the SPARQL text the baselines run — for a saved query, the text
 *    SavedQuery.bind produces for those arguments, i.e. exactly what the saved-query
 *    route hands to the store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SavedQuery } from '../sparql/savedQuery.js';
import { defaultQueriesDir } from '../sparql/SavedQueryService.js';
import { DEMO_DOMAINS, iesPerDomain } from '../fabric/demo/DemoContinuumGenerator.js';

export interface BenchQuery {
  readonly name: string;
  /** point: touches a handful of entities (goal ≤ 2 ms over raw oxigraph); scan: grows with the data. */
  readonly kind: 'point' | 'scan';
  readonly httpPath: string;
  readonly sparql: string;
}

/** The IE the demo generator names `urn:ngsi-ld:InfrastructureElement:<domain>:<5-digit index>`, in the middle of the edge domain. */
export function middleEdgeIe(ies: number): string {
  const edge = DEMO_DOMAINS.findIndex((d) => d.key === 'edge');
  const index = Math.max(1, Math.ceil(iesPerDomain(ies)[edge] / 2));
  return `urn:ngsi-ld:InfrastructureElement:edge:${String(index).padStart(5, '0')}`;
}

function saved(label: string, file: string, kind: BenchQuery['kind'], args: Record<string, string>, dir: string): BenchQuery {
  const query = new SavedQuery(file, readFileSync(join(dir, `${file}.rq`), 'utf8'));
  const qs = new URLSearchParams(args).toString();
  return { name: label, kind, httpPath: `/sparql/queries/${file}${qs ? `?${qs}` : ''}`, sparql: query.bind(args) };
}

/** The benchmark's queries for a demo continuum of `ies` InfrastructureElements. */
export function competencyQueries(ies: number, dir: string = defaultQueriesDir()): BenchQuery[] {
  const ie = middleEdgeIe(ies);
  const pointLookup = `SELECT ?p ?o WHERE { <${ie}> ?p ?o }`;
  return [
    { name: 'ie-by-id (GET /sparql, point lookup)', kind: 'point', httpPath: `/sparql?query=${encodeURIComponent(pointLookup)}`, sparql: pointLookup },
    saved('components-per-ie?ie=<one IE> (point)', 'components-per-ie', 'point', { ie }, dir),
    saved('service-placement?service=video-analytics (point)', 'service-placement', 'point', { service: 'urn:ngsi-ld:Service:video-analytics' }, dir),
    saved('ies-of-domain?domain=cloud', 'ies-of-domain', 'scan', { domain: 'urn:ngsi-ld:Domain:cloud' }, dir),
    saved('ies-for-requirements?cpu=2&ram=4096&arch=arm64&realTime=true', 'ies-for-requirements', 'scan',
      { cpu: '2', ram: '4096', arch: 'aeros:arm64Architecture', realTime: 'true' }, dir),
    saved('domains', 'domains', 'scan', {}, dir),
    saved('components-per-ie (all IEs)', 'components-per-ie', 'scan', {}, dir),
  ];
}
