/**
 * `--tenant` on the CLI commands that read or write a tenant's data (docs/cli.md; NGSILD-Tenant, GS CIM 009 v1.8 §4.14):
 * explain, query, dump, load and policies, through FabricClient's `tenant`, run by runCli against the HTTP app on a
 * loopback port. The default tenant and the tenant "acme" hold different subclass chains; each command answers from the
 * tenant it names only, and an unknown tenant exits 1 with NonexistentTenant.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, testApp, vehicle } from './ngsi-ld/support/ngsiLdTestApp.js';
import { cliAgainst } from './support/cliAgainst.js';

const data = (klass: string) => `INSERT DATA { GRAPH <http://example.org/data> {
  <http://example.org/${klass}> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://example.org/${klass}Parent> .
  <http://example.org/x> a <http://example.org/${klass}> } }`;
const acme = { 'ngsild-tenant': 'acme' };
const POLICY = `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <http://example.org/policy#> .
ex:AcmeOnly a sh:NodeShape , cf:Policy ; rdfs:label "Acme's own policy"@en ; sh:severity sh:Info ;
  sh:targetClass <http://example.org/Acme> ; sh:property [ sh:path <http://example.org/owner> ; sh:minCount 1 ] .`;

let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  ({ app } = testApp());
  const sparql = (headers: Record<string, string>, update: string) =>
    app.inject({ method: 'POST', url: '/sparql', headers: { ...headers, 'content-type': 'application/sparql-update' }, payload: update });
  // acme exists once something was created in it (§4.14).
  expect((await app.inject({ method: 'POST', url: `${BASE}/entities`, headers: { ...acme, 'content-type': 'application/json' }, payload: JSON.stringify(vehicle(1)) })).statusCode).toBe(201);
  expect((await sparql({}, data('Default'))).statusCode).toBe(204);
  expect((await sparql(acme, data('Acme'))).statusCode).toBe(204);
  expect((await app.inject({ method: 'POST', url: '/reasoner/run', headers: acme })).statusCode).toBe(200);
  expect((await app.inject({ method: 'POST', url: '/policies', headers: { ...acme, 'content-type': 'text/turtle' }, payload: POLICY })).statusCode).toBe(201);
  expect((await app.inject({ method: 'POST', url: '/reasoner/run' })).statusCode).toBe(200);
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

const cli = cliAgainst(() => url);

describe('--tenant on the CLI', () => {
  const saved = process.env.NGSILD_TENANT;
  afterEach(() => {
    if (saved === undefined) delete process.env.NGSILD_TENANT;
    else process.env.NGSILD_TENANT = saved;
  });

  it('explain: the tenant\'s derivations, not the default tenant\'s', async () => {
    const inAcme = await cli('explain', 'http://example.org/x', '--tenant', 'acme');
    expect(inAcme).toMatchObject({ code: 0, err: '' });
    expect(inAcme.out).toContain('<http://example.org/x> a <http://example.org/AcmeParent>');
    expect(inAcme.out).not.toContain('DefaultParent');
    const inDefault = await cli('explain', 'http://example.org/x');
    expect(inDefault.out).toContain('<http://example.org/x> a <http://example.org/DefaultParent>');
    expect(inDefault.out).not.toContain('AcmeParent');
    process.env.NGSILD_TENANT = 'acme'; // as for `continuum entities`
    expect((await cli('explain', 'http://example.org/x', '-o', 'json')).out).toContain('AcmeParent');
  });

  it('query and dump: the tenant\'s dataset', async () => {
    const ask = 'SELECT ?c WHERE { GRAPH <http://example.org/data> { <http://example.org/x> a ?c } }';
    const inAcme = await cli('query', ask, '--tenant', 'acme', '-o', 'csv');
    expect(inAcme).toMatchObject({ code: 0, err: '' });
    expect(inAcme.out).toBe('c\r\nhttp://example.org/Acme\r\n');
    expect((await cli('query', ask, '-o', 'csv')).out).toBe('c\r\nhttp://example.org/Default\r\n');
    const dumped = await cli('dump', '--tenant', 'acme', '--graph', 'http://example.org/data');
    expect(dumped.out).toContain('<http://example.org/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Acme> .');
    expect(dumped.out).not.toContain('Default');
  });

  it('load: into the tenant only', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'cli-tenant-'));
    try {
      const file = join(dir, 'extra.nt');
      writeFileSync(file, '<http://example.org/loaded> <http://example.org/p> "acme only" .\n');
      const loaded = await cli('load', file, '--tenant', 'acme', '--graph', 'http://example.org/loaded', '--no-progress');
      expect(loaded).toMatchObject({ code: 0 });
      expect(loaded.err).toMatch(/Loaded 1 statements .*\(tenant acme\)/);
      const ask = 'SELECT ?o WHERE { GRAPH <http://example.org/loaded> { ?s ?p ?o } }';
      expect((await cli('query', ask, '--tenant', 'acme', '-o', 'csv')).out).toBe('o\r\nacme only\r\n');
      expect((await cli('query', ask, '-o', 'csv')).out).toBe('o\r\n');
      const offline = await cli('load', file, '--tenant', 'acme', '--data-dir', dir);
      expect(offline.code).toBe(1);
      expect(offline.err).toMatch(/--tenant writes through a running node/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('policies: the tenant\'s; an unknown tenant exits 1 with NonexistentTenant, for every command', async () => {
    const ids = async (...tenant: string[]): Promise<string[]> =>
      (JSON.parse((await cli('policies', 'list', ...tenant, '-o', 'json')).out) as { policies: Array<{ id: string }> }).policies.map((p) => p.id);
    expect(await ids('--tenant', 'acme')).toContain('AcmeOnly');
    expect(await ids()).not.toContain('AcmeOnly');
    const verdicts = await cli('policies', 'violations', '--tenant', 'acme', '-o', 'json');
    expect(verdicts.code).toBe(0);
    expect(JSON.stringify(JSON.parse(verdicts.out))).toContain('http://example.org/x'); // x is an Acme without an owner
    expect((await cli('policies', 'violations', '-o', 'json')).out).not.toContain('AcmeOnly');
    for (const args of [['explain', 'http://example.org/x'], ['query', 'ASK {}'], ['dump'], ['policies', 'list'], ['policies', 'violations']]) {
      const unknown = await cli(...args, '--tenant', 'nosuch');
      expect({ args, code: unknown.code }).toEqual({ args, code: 1 });
      expect(unknown.err).toMatch(/NonexistentTenant|nosuch/);
    }
  });
});
