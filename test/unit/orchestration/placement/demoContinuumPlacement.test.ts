/** PlacementEngine on the demo continuum (fabric/demo) with the aerOS TOSCA examples: a realistic case, cross-checked by SPARQL. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { generateDemoContinuum } from '../../../../fabric/demo/DemoContinuumGenerator.js';
import { PlacementEngine } from '../../../../orchestration/placement/PlacementEngine.js';
import { parseToscaService } from '../../../../orchestration/request/toscaRequest.js';
import { RejectingPolicyGate } from './continuumFixture.js';

const IES = 300;
let store: MemoryGraphStore;

beforeAll(async () => {
  store = new MemoryGraphStore();
  await store.load(readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8'), { format: 'text/turtle', graph: GRAPHS.ontology });
  for (const chunk of generateDemoContinuum({ ies: IES, seed: 7 })) await store.load(chunk, { format: 'application/n-quads' });
});

async function select(sparql: string): Promise<string[]> {
  const r = await store.query(sparql);
  return r.kind === 'bindings' ? r.rows.map((row) => row.get('ie')!.value).sort() : [];
}

describe('placement on the demo continuum', () => {
  it('places the aerOS portal backend: the feasible IEs are exactly those an independent SPARQL query finds', async () => {
    const request = parseToscaService(readFileSync(join(packageRoot(), 'test', 'fixtures', 'aeros-tosca', 'TOSCA-portal-backend.yml'), 'utf8'), { name: 'portal' });
    const decisions = await new PlacementEngine(store, new RejectingPolicyGate()).plan(request);
    const nginx = decisions.find((d) => d.component.endsWith(':nginx'))!;
    // nginx: x86_64, real time, ≥ 0.3 free cores, ≥ 500 MB free RAM, status Ready
    const feasible = await select(`PREFIX aeros: <https://w3id.org/aerOS/continuum#>
      SELECT ?ie WHERE { ?ie a aeros:InfrastructureElement ; aeros:infrastructureElementStatus aeros:ReadyInfrastructureElement ;
        aeros:cpuArchitecture aeros:x64Architecture ; aeros:realTimeCapable true ; aeros:cpuCores ?c ; aeros:currentCpuUsage ?u ; aeros:availableRam ?ram .
        FILTER (xsd:double(?c) * (100 - xsd:double(?u)) / 100 >= 0.3 && ?ram >= 500) }`.replace('PREFIX aeros', 'PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\nPREFIX aeros'));
    const all = await select('PREFIX aeros: <https://w3id.org/aerOS/continuum#> SELECT ?ie WHERE { ?ie a aeros:InfrastructureElement }');
    expect(all).toHaveLength(IES);
    expect(feasible.length).toBeGreaterThan(3);
    const rejected = new Set(nginx.rejected.map((r) => r.ie));
    expect(all.filter((ie) => !rejected.has(ie))).toEqual(feasible);
    expect(feasible).toContain(nginx.ie);
    expect(nginx.score!.total).toBeGreaterThan(0);
    // every rejection explains itself with at least one criterion the request has
    for (const r of nginx.rejected) expect(r.reason).toMatch(/^(status|architecture|real time|free CPU|free RAM):/);
    // nginx2 is pinned to an IE of the aerOS testbed that the demo continuum does not have
    const nginx2 = decisions.find((d) => d.component.endsWith(':nginx2'))!;
    expect(nginx2.ie).toBeUndefined();
    expect(nginx2.reasons).toEqual(['IE urn:ngsi-ld:InfrastructureElement:ncsrd-wl (pinned by nginx2) is not in the continuum']);
  });

  it('keeps a component inside an area around the edge site and spreads anti-affine components', async () => {
    const tosca = `tosca_definitions_version: tosca_simple_yaml_1_3
metadata: { name: harbour }
node_templates:
  camera-a:
    type: tosca.nodes.Container.Application
    properties: { anti_affinity: [camera-b] }
    artifacts: { img: { file: ghcr.io/demo/rtsp-ingest:1.4 } }
    requirements:
      - host:
          node_filter:
            capabilities:
              - host:
                  properties:
                    cpu_usage: { less_or_equal: 0.7 }
                    mem_size: { greater_or_equal: 1 GB }
                    area: { type: Polygon, coordinates: [[[-0.5, 39.3], [-0.2, 39.3], [-0.2, 39.6], [-0.5, 39.6], [-0.5, 39.3]]] }
  camera-b:
    type: tosca.nodes.Container.Application
    artifacts: { img: { file: ghcr.io/demo/rtsp-ingest:1.4 } }
    requirements:
      - host:
          node_filter:
            capabilities:
              - host: { properties: { tier: { equal: Edge }, mem_size: { greater_or_equal: 1 GB } } }
`;
    const request = parseToscaService(tosca);
    const [a, b] = await new PlacementEngine(store, new RejectingPolicyGate()).plan(request);
    expect(a.ie).toBeDefined();
    expect(b.ie).toBeDefined();
    expect(a.ie).not.toBe(b.ie);
    const inCloud = await select(`PREFIX aeros: <https://w3id.org/aerOS/continuum#> SELECT ?ie WHERE { ?ie aeros:domain <urn:ngsi-ld:Domain:cloud> }`);
    // the cloud sites are near Frankfurt, far outside the area: every cloud IE is rejected for the area (among other reasons)
    const aRejected = new Map(a.rejected.map((r) => [r.ie, r.reason]));
    for (const ie of inCloud) expect(aRejected.get(ie)).toMatch(/area: outside the requested area/);
    expect(b.ie).toMatch(/:edge:/);
  });
});
