/**
 * What a newcomer sees after `npm start` (issue 5): a node seeded with the ontology, the shapes and the demo continuum,
 * no container runtime configured → the dry-run runtime; POSTing the aerOS TOSCA examples places every component with
 * the real PlacementEngine and policies, records the decisions, and the components run (in dry-run).
 */
import { PolicyService } from '../../reasoner/policy/PolicyService.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';
import { seedFreshStore } from '../../fabric/node/seedFreshStore.js';
import { packageRoot } from '../../fabric/validation/modelFiles.js';
import { DEFAULT_CONFIG } from '../../fabric/config/NodeConfig.js';
import { wireOrchestration, type OrchestrationParts } from '../../fabric/node/orchestrationWiring.js';

let app: FastifyInstance;
let store: MemoryGraphStore;
let parts: OrchestrationParts;
beforeAll(async () => {
  store = new MemoryGraphStore();
  await seedFreshStore(store, { packageRoot: packageRoot(), demo: true, demoIes: 50, demoSeed: 42 });
  parts = wireOrchestration(store, new PolicyService(store), DEFAULT_CONFIG, (e) => { throw e; });
  app = buildHttpApp({ store, config: { bodyLimitBytes: 1_000_000 }, orchestration: parts.http });
});
afterAll(async () => {
  await parts.reconciler.stop();
  await app.close();
  await parts.registry.close();
});

const tosca = (file: string) => readFileSync(join(packageRoot(), 'test', 'fixtures', 'aeros-tosca', file), 'utf8');

describe('orchestration on the demo continuum (dry-run)', () => {
  it('uses the dry-run runtime when no runtime is configured', () => {
    expect(parts.defaultRuntime).toEqual({ kind: 'dry-run', endpoint: 'dry-run' });
  });

  it.each([['tosca_5g-vehicle.yml', 'vehicle'], ['tosca_dev_aeriOS_service.yaml', 'dev'], ['TOSCA-portal-backend.yml', 'portal']])(
    'POST %s: every component gets a decision; placed ones run on the dry-run runtime, the others say why not', async (file, name) => {
      const res = await app.inject({ method: 'POST', url: `/orchestration/services?name=${name}`, payload: tosca(file), headers: { 'content-type': 'application/yaml' } });
      expect(res.statusCode).toBe(201);
      const body = res.json() as { components: Array<{ status: string; ie?: string; reason?: string; runtime?: { kind: string }; decision?: { rejected: number; reasons: string[] } }> };
      expect(body.components.length).toBeGreaterThan(0);
      for (const c of body.components) {
        expect(c.decision).toBeDefined();
        if (c.ie) {
          expect(c.status).toBe('Running');
          expect(c.runtime?.kind).toBe('dry-run');
        } else {
          expect(c.status).toBe('Failed');
          expect(c.reason).toMatch(/^no candidate IE: /);
        }
      }
      const decisions = await store.query(`PREFIX cf: <https://w3id.org/continuum-fabric/ns#>
        SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a cf:PlacementDecision ; cf:forComponent ?c . FILTER(STRSTARTS(STR(?c), "urn:ngsi-ld:ServiceComponent:${name}:")) }`);
      expect(decisions.kind === 'bindings' && Number(decisions.rows[0].get('n')?.value)).toBe(body.components.length);
    });

  it('the portal backend runs on a demo IE; components pinned to IEs absent from the demo say so', async () => {
    const portal = (await app.inject({ method: 'GET', url: '/orchestration/services/portal' })).json() as { components: Array<{ name: string; status: string; ie?: string; reason?: string }> };
    expect(portal.components.find((c) => c.name === 'nginx')).toMatchObject({ status: 'Running', ie: expect.stringMatching(/^urn:ngsi-ld:InfrastructureElement:/) });
    expect(portal.components.find((c) => c.name === 'nginx2')?.reason).toMatch(/ncsrd-wl .*not in the continuum/);
  });

  it('policies gate orchestrated components: a personal-data component finds no IE while no domain owner is known to be in the EU', async () => {
    const service = `tosca_definitions_version: tosca_simple_yaml_1_3
metadata: { name: faces }
topology_template:
  node_templates:
    detector:
      type: tosca.nodes.Container.Application
      properties: { labels: [personal-data] }
      artifacts: { img: { file: "busybox:latest", type: tosca.artifacts.Deployment.Image.Container.Docker } }
      interfaces: { Standard: { create: { implementation: img } } }
`;
    const res = await app.inject({ method: 'POST', url: '/orchestration/services', payload: service, headers: { 'content-type': 'application/yaml' } });
    expect(res.statusCode).toBe(201);
    const [detector] = res.json().components as Array<{ status: string; reason?: string }>;
    // The demo's domain owners carry no cf:countryCode, so the personal-data policy (shapes/policies) rejects every IE.
    expect(detector.status).toBe('Failed');
    expect(detector.reason).toMatch(/policies#PersonalDataInEU: rejected 47 of 50 IEs/);
  });

  it('refuses to take over a demo aeros:Service that was not deployed through /orchestration', async () => {
    const res = await app.inject({ method: 'POST', url: '/orchestration/services?name=video-analytics', payload: tosca('tosca_5g-vehicle.yml'), headers: { 'content-type': 'application/yaml' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/not deployed through \/orchestration/);
    expect((await app.inject({ method: 'GET', url: '/orchestration/services/video-analytics' })).statusCode).toBe(404);
  });

  it('GET /orchestration/runtimes shows the dry-run runtime, its workloads and the actions it planned', async () => {
    const res = await app.inject({ method: 'GET', url: '/orchestration/runtimes' });
    expect(res.statusCode).toBe(200);
    const [dryRun] = res.json().runtimes as Array<{ kind: string; workloads: Array<{ componentId: string; phase: string }>; actions: Array<{ action: string; componentId: string; image?: string }> }>;
    expect(dryRun.kind).toBe('dry-run');
    expect(dryRun.workloads.map((w) => [w.componentId, w.phase])).toContainEqual(['urn:ngsi-ld:ServiceComponent:portal:nginx', 'Running']);
    expect(dryRun.actions.find((a) => a.componentId === 'urn:ngsi-ld:ServiceComponent:portal:nginx')).toMatchObject({ action: 'apply', image: 'registry.gitlab.aeriOS-project.eu/nginx' });
  });

  it('a reconciler pass over the demo restarts, migrates and collects nothing, and tries again to place what found no IE', async () => {
    const failedBefore = (await parts.http.service.list()).flatMap((svc) => svc.components.filter((c) => c.status === 'Failed').map((c) => c.id)).sort();
    expect(failedBefore).toContain('urn:ngsi-ld:ServiceComponent:portal:nginx2');
    const report = await parts.reconciler.reconcileOnce();
    expect([report.restarted, report.migrated, report.collected, report.replaced]).toEqual([[], [], [], []]);
    expect([...report.failed].sort()).toEqual(failedBefore);
    const nginx2 = (await parts.http.service.get('urn:ngsi-ld:Service:portal')).components.find((c) => c.name === 'nginx2')!;
    expect(nginx2.history.slice(-2).map((h) => [h.from, h.to])).toEqual([['Failed', 'Locating'], ['Locating', 'Failed']]);
    expect(nginx2.history.at(-2)!.reason).toMatch(/^re-placement attempt 1: not placed \(no candidate IE: .*ncsrd-wl/);
    // The next pass holds back (backoff): no new attempt, no new history.
    const again = await parts.reconciler.reconcileOnce();
    expect(again.failed).toEqual([]);
    expect(again.held.map((h) => h.component)).toContain(nginx2.id);
  });

  it('a component pinned to an absent IE is placed and runs once that IE joins the continuum Ready', async () => {
    const portal = await parts.http.service.get('urn:ngsi-ld:Service:portal');
    const host = portal.components.find((c) => c.name === 'nginx')!.ie!;
    const joined = 'urn:ngsi-ld:InfrastructureElement:ncsrd-wl';
    // The new IE: a copy of the facts of the IE nginx runs on, under the pinned IRI, in its own entity graph.
    await store.update(`INSERT { GRAPH <${joined}> { <${joined}> ?p ?o } } WHERE { GRAPH <${host}> { <${host}> ?p ?o } }`);
    const report = await parts.reconciler.reconcileOnce();
    expect(report.replaced).toEqual(['urn:ngsi-ld:ServiceComponent:portal:nginx2']);
    const res = await app.inject({ method: 'GET', url: '/orchestration/services/portal' });
    const nginx2 = (res.json().components as Array<{ name: string; status: string; ie?: string; runtime?: { kind: string }; history: Array<{ from?: string; to: string; reason?: string }> }>)
      .find((c) => c.name === 'nginx2')!;
    expect(nginx2).toMatchObject({ status: 'Running', ie: joined, runtime: { kind: 'dry-run' } });
    expect(nginx2.history.slice(-3).map((h) => [h.from, h.to])).toEqual([['Failed', 'Locating'], ['Locating', 'Starting'], ['Starting', 'Running']]);
    expect(nginx2.history.at(-3)!.reason).toMatch(new RegExp(`^re-placement attempt 2: .*\\(now: .*${joined}.* became Ready\\)$`));
  });
});
