/**
 * /policies (fabric/http/routes/policyRoutes.ts) driven in-process over a durable store seeded like a node's first
 * start (ontology, shapes, the policies of shapes/policies/, the demo continuum of 50 IEs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { DurableGraphStore } from '../../fabric/store/durable/DurableGraphStore.js';
import { seedFreshStore } from '../../fabric/node/seedFreshStore.js';
import { packageRoot } from '../../fabric/validation/modelFiles.js';
import { PolicyService } from '../../reasoner/policy/PolicyService.js';

const CF = 'https://w3id.org/continuum-fabric/ns#';
const POL = 'https://w3id.org/continuum-fabric/policies#';
const ETSI = 'https://uri.etsi.org/ngsi-ld/errors/';
const ingest = 'urn:ngsi-ld:ServiceComponent:video-analytics:ingest';
const farEdge1 = 'urn:ngsi-ld:InfrastructureElement:far-edge:00001';

const POLICY = `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix aeros: <https://w3id.org/aerOS/continuum#> . @prefix ex: <http://example.org/policy#> .
ex:JobsNotOnCloud a sh:NodeShape , cf:Policy ; rdfs:label "Jobs stay off the cloud"@en ; sh:severity sh:Info ;
  sh:targetSubjectsOf cf:infrastructureElement ;
  sh:sparql [ sh:prefixes <https://w3id.org/continuum-fabric/policies#> ;
    sh:select "SELECT $this ?ie WHERE { $this cf:infrastructureElement ?ie . ?ie aeros:infrastructureElementTier aeros:CloudTier . $this aeros:isJob true }" ] .`;

let dir: string;
let store: DurableGraphStore;
let app: FastifyInstance;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policies-'));
  store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
  await seedFreshStore(store, { packageRoot: packageRoot(), demo: true, demoIes: 50, demoSeed: 42 });
  app = buildHttpApp({ store, config: { bodyLimitBytes: 1_000_000, writeToken: 'secret' }, policies: new PolicyService(store) });
});
afterEach(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function label(component: string, value: string): Promise<void> {
  const g = oxigraph.namedNode(component);
  await store.commit({ deletes: [], inserts: [oxigraph.quad(g, oxigraph.namedNode(`${CF}dataLabel`), oxigraph.literal(value), g)] });
}

describe('/policies', () => {
  it('GET lists the ten built-in policies', async () => {
    const res = await app.inject({ method: 'GET', url: '/policies' });
    expect(res.statusCode).toBe(200);
    expect(res.json().policies).toHaveLength(10);
  });

  it('POST creates (201, Location), GET reads (JSON and Turtle), PUT replaces, DELETE removes', async () => {
    const created = await app.inject({ method: 'POST', url: '/policies', headers: { 'content-type': 'text/turtle' }, payload: POLICY });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/policies/JobsNotOnCloud');
    expect(created.json().policies[0]).toMatchObject({ iri: 'http://example.org/policy#JobsNotOnCloud', severity: 'Info' });
    const got = await app.inject({ method: 'GET', url: '/policies/JobsNotOnCloud' });
    expect(got.json()).toMatchObject({ id: 'JobsNotOnCloud', label: 'Jobs stay off the cloud' });
    const turtle = await app.inject({ method: 'GET', url: '/policies/JobsNotOnCloud', headers: { accept: 'text/turtle' } });
    expect(turtle.headers['content-type']).toMatch(/^text\/turtle/);
    expect(turtle.body).toContain('sh:select');
    const put = await app.inject({ method: 'PUT', url: '/policies/JobsNotOnCloud', headers: { 'content-type': 'text/turtle' }, payload: POLICY.replace('sh:Info', 'sh:Warning') });
    expect(put.statusCode).toBe(200);
    expect(put.json().severity).toBe('Warning');
    expect((await app.inject({ method: 'DELETE', url: '/policies/JobsNotOnCloud' })).statusCode).toBe(204);
    const gone = await app.inject({ method: 'GET', url: '/policies/JobsNotOnCloud' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().type).toBe(`${ETSI}ResourceNotFound`);
  });

  it('POST refuses invalid SHACL with the parser message (400 BadRequestData), a duplicate with 409, other media types with 415', async () => {
    const broken = await app.inject({ method: 'POST', url: '/policies', headers: { 'content-type': 'text/turtle' }, payload: POLICY.replace('sh:targetSubjectsOf', 'sh:targetSubjectsOf "x" ;') });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ type: `${ETSI}BadRequestData`, title: 'Invalid policy', reason: 'syntax' });
    expect(typeof broken.json().line).toBe('number');
    const badSelect = await app.inject({ method: 'POST', url: '/policies', headers: { 'content-type': 'text/turtle' }, payload: POLICY.replace('WHERE {', 'WHERE') });
    expect(badSelect.json()).toMatchObject({ status: 400, reason: 'sparql', policy: 'http://example.org/policy#JobsNotOnCloud' });
    expect(badSelect.json().detail).toMatch(/Parse error/);
    await app.inject({ method: 'POST', url: '/policies', headers: { 'content-type': 'text/turtle' }, payload: POLICY });
    expect((await app.inject({ method: 'POST', url: '/policies', headers: { 'content-type': 'text/turtle' }, payload: POLICY })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: '/policies', payload: { a: 1 } })).statusCode).toBe(415);
  });

  it('writes need the AccessGuard: a non-loopback client without the token gets 403', async () => {
    const res = await app.inject({ method: 'POST', url: '/policies', remoteAddress: '10.0.0.9', headers: { 'content-type': 'text/turtle' }, payload: POLICY });
    expect(res.statusCode).toBe(403);
    const del = await app.inject({ method: 'DELETE', url: '/policies/GpuTrust', remoteAddress: '10.0.0.9' });
    expect(del.statusCode).toBe(403);
  });

  it('POST /policies/check answers allowed or the violated policies, and does not change the store', async () => {
    await label(ingest, 'personal-data');
    const before = { size: store.size(), changes: store.changeCount(), dump: store.dump('application/n-quads') };
    const res = await app.inject({ method: 'POST', url: '/policies/check', payload: { placements: [{ component: ingest, ie: farEdge1 }] } });
    expect(res.statusCode).toBe(200);
    const verdict = res.json();
    expect(verdict.allowed).toBe(false);
    expect(verdict.violations).toEqual(expect.arrayContaining([expect.objectContaining({ policy: `${POL}PersonalDataInEU`, focusNode: ingest, severity: 'Violation', message: expect.stringContaining(farEdge1) })]));
    expect({ size: store.size(), changes: store.changeCount(), dump: store.dump('application/n-quads') }).toEqual(before);

    const ok = await app.inject({ method: 'POST', url: '/policies/check', payload: { placements: [{ component: 'urn:ngsi-ld:ServiceComponent:video-analytics:detector', ie: 'urn:ngsi-ld:InfrastructureElement:cloud:00002' }] } });
    expect(ok.json()).toEqual({ allowed: true, violations: [] });
  });

  it('POST /policies/check?explain=true explains each verdict; a malformed body is 400', async () => {
    await label(ingest, 'personal-data');
    const res = await app.inject({ method: 'POST', url: '/policies/check?explain=true', payload: { placements: [{ component: ingest, ie: farEdge1 }] } });
    const v = res.json().violations.find((x: { policy: string }) => x.policy === `${POL}PersonalDataInEU`);
    expect(v.explanation.text).toContain('Personal data stays in the EU');
    expect(v.explanation.facts).toContainEqual({ subject: `<${ingest}>`, predicate: `<${CF}infrastructureElement>`, object: `<${farEdge1}>`, proposed: true });
    const bad = await app.inject({ method: 'POST', url: '/policies/check', payload: { placements: [{ component: 'x y', ie: farEdge1 }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe(`${ETSI}InvalidRequest`);
  });

  it('GET /policies/violations lists the current violations over the demo continuum', async () => {
    const clean = (await app.inject({ method: 'GET', url: '/policies/violations' })).json();
    expect(clean.violations.filter((v: { severity: string }) => v.severity === 'Violation')).toEqual([]);
    await label(ingest, 'personal-data');
    const res = await app.inject({ method: 'GET', url: '/policies/violations?explain=true' });
    const body = res.json();
    expect(body.conforms).toBe(false);
    const mine = body.violations.filter((v: { policy: string }) => v.policy === `${POL}PersonalDataInEU`);
    expect(mine.map((v: { focusNode: string }) => v.focusNode)).toEqual([ingest]);
    expect(mine[0].explanation.facts).toContainEqual({ subject: `<${ingest}>`, predicate: `<${CF}dataLabel>`, object: '"personal-data"' });
  });

  it('follows writes to the policies graph made around the API (SPARQL Update): a deactivated policy stops judging', async () => {
    await label(ingest, 'personal-data');
    const check = async () => (await app.inject({ method: 'POST', url: '/policies/check', payload: { placements: [{ component: ingest, ie: farEdge1 }] } })).json();
    expect((await check()).violations.map((v: { policy: string }) => v.policy)).toContain(`${POL}PersonalDataInEU`);
    await store.update(`INSERT DATA { GRAPH <https://w3id.org/continuum-fabric/graph/policies> { <${POL}PersonalDataInEU> <http://www.w3.org/ns/shacl#deactivated> true } }`);
    expect((await app.inject({ method: 'GET', url: '/policies/PersonalDataInEU' })).json().deactivated).toBe(true);
    expect((await check()).violations.map((v: { policy: string }) => v.policy)).not.toContain(`${POL}PersonalDataInEU`);
  });

  it('NGSILD-Tenant selects the tenant\'s own policies; an unknown tenant is 404 NonexistentTenant', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/policies', headers: { 'ngsild-tenant': 'nobody' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().type).toBe(`${ETSI}NonexistentTenant`);
    // An NGSI-LD create makes the tenant (§4.14); this test app's tenants start empty (a node seeds them like a fresh store).
    const entity = await app.inject({ method: 'POST', url: '/ngsi-ld/v1/entities', headers: { 'ngsild-tenant': 't1', 'content-type': 'application/json' },
      payload: { id: 'urn:ngsi-ld:Thing:1', type: 'Thing' } });
    expect(entity.statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/policies', headers: { 'ngsild-tenant': 't1' } })).json().policies).toEqual([]);
    // The tenant has no cfpol: prefix declarations: a policy that relies on them is refused there, with the parser's reason.
    const refused = await app.inject({ method: 'POST', url: '/policies', headers: { 'ngsild-tenant': 't1', 'content-type': 'text/turtle' }, payload: POLICY });
    expect(refused.json()).toMatchObject({ status: 400, reason: 'sparql' });
    const selfContained = POLICY.replace('sh:prefixes <https://w3id.org/continuum-fabric/policies#>',
      'sh:prefixes [ sh:declare [ sh:prefix "cf" ; sh:namespace "https://w3id.org/continuum-fabric/ns#" ] , [ sh:prefix "aeros" ; sh:namespace "https://w3id.org/aerOS/continuum#" ] ]');
    const created = await app.inject({ method: 'POST', url: '/policies', headers: { 'ngsild-tenant': 't1', 'content-type': 'text/turtle' }, payload: selfContained });
    expect(created.statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/policies', headers: { 'ngsild-tenant': 't1' } })).json().policies.map((p: { id: string }) => p.id)).toEqual(['JobsNotOnCloud']);
    expect((await app.inject({ method: 'GET', url: '/policies' })).json().policies).toHaveLength(10);
  });
});
