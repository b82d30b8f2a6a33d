/**
 * Writes through NGSI-LD are checked against the SHACL shapes of the entity's type
 * (issue 3; 400 BadRequestData naming the attribute and the rule, GS CIM 009 §5.5.1), or
 * accepted with a warning in `warn` mode; the data is then visible to SPARQL as natural
 * triples. Writes from non-loopback clients need the bearer token (the same AccessGuard as
 * SPARQL Update).
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp, defaultNgsiLdDeps } from '../../../fabric/http/buildHttpApp.js';
import { EntityValidator, type ValidationMode } from '../../../fabric/ngsi-ld/service/EntityValidator.js';
import { NgsiLdServices } from '../../../fabric/ngsi-ld/service/NgsiLdServices.js';
import { TenantRegistry } from '../../../fabric/ngsi-ld/service/TenantRegistry.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { loadOntology, loadShapes } from '../../../fabric/validation/modelFiles.js';
import { loadNodeConfig } from '../../../fabric/config/loadNodeConfig.js';
import { loadBundledContexts, CONTINUUM_CONTEXT_URL } from '../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import { validationModes } from '../../../fabric/node/validationModes.js';
import { BASE, expectProblem, link } from './support/ngsiLdTestApp.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const IE = JSON.parse(readFileSync('test/fixtures/ngsi-ld/aeros-ie.normalized.json', 'utf8')) as Record<string, unknown>;
const shapes = loadShapes();
const ontology = loadOntology();

/** The examples write some sub-attributes concisely ("unit": "Cores"); the normalized answer has them as Properties (§4.5.1). */
function normalizedSubAttributes(entity: Record<string, unknown>): Record<string, unknown> {
  const reserved = new Set(['type', 'value', 'object', 'observedAt', 'unitCode', 'datasetId', 'languageMap', 'vocab', 'json', 'valueList', 'objectList', 'objectType']);
  const out: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(entity)) {
    if (attribute === null || typeof attribute !== 'object' || Array.isArray(attribute)) {
      out[name] = attribute;
      continue;
    }
    out[name] = Object.fromEntries(Object.entries(attribute as Record<string, unknown>).map(([member, v]) =>
      [member, reserved.has(member) || (v !== null && typeof v === 'object') ? v : { type: 'Property', value: v }]));
  }
  return out;
}

function appWith(mode: ValidationMode, writeToken?: string): FastifyInstance {
  const store = new MemoryGraphStore();
  const validator = new EntityValidator({ shapes, ontology, defaultMode: mode });
  return buildHttpApp({
    store,
    config: { bodyLimitBytes: 1_000_000, ...(writeToken ? { writeToken } : {}) },
    ngsiLd: { ...defaultNgsiLdDeps(store), services: new NgsiLdServices(new TenantRegistry({ defaultStore: store }), { validator }) },
  });
}

/** The validator as FabricNode builds it from the node config (ngsiLdValidation, docs/configuration.md). */
function appWithConfig(env: NodeJS.ProcessEnv): FastifyInstance {
  const { ngsiLdValidation } = loadNodeConfig({ env });
  const store = new MemoryGraphStore();
  const validator = new EntityValidator({ shapes, ontology, defaultMode: ngsiLdValidation.default });
  const continuum = loadBundledContexts().get(CONTINUUM_CONTEXT_URL)!.document;
  for (const [type, mode] of Object.entries(validationModes(ngsiLdValidation, continuum, (iri) => validator.isTargeted(iri)))) validator.setMode(type, mode);
  return buildHttpApp({
    store,
    config: { bodyLimitBytes: 1_000_000 },
    ngsiLd: { ...defaultNgsiLdDeps(store), services: new NgsiLdServices(new TenantRegistry({ defaultStore: store }), { validator }) },
  });
}

const postLd = (app: FastifyInstance, entity: unknown, extra: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
  app.inject({ method: 'POST', url: `${BASE}/entities`, headers: { 'content-type': 'application/ld+json', ...(extra.headers ?? {}) }, payload: JSON.stringify(entity), ...(extra.remoteAddress ? { remoteAddress: extra.remoteAddress } : {}) });

describe('NGSI-LD writes: SHACL validation and write access', () => {
  let app: FastifyInstance;
  afterEach(() => app.close());

  it('accepts a conforming aerOS InfrastructureElement, which SPARQL then finds by its natural triples', async () => {
    app = appWith('reject');
    expect((await postLd(app, IE)).statusCode).toBe(201);
    const res = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
      payload: `PREFIX aeros: <${AEROS}> SELECT ?ie ?c WHERE { GRAPH ?g { ?ie a aeros:InfrastructureElement ; aeros:cpuCores ?c } }` });
    expect(res.json().results.bindings).toEqual([{ ie: { type: 'uri', value: IE.id }, c: { type: 'literal', datatype: 'http://www.w3.org/2001/XMLSchema#integer', value: '8' } }]);
  });

  it.each(['InfrastructureElement', 'Domain', 'LowLevelOrchestrator', 'Service', 'ServiceComponent', 'NetworkPort'])(
    'creates the Smart Data Models %s example under the shapes and returns it (normalized) with the same @context in the Link header', async (name) => {
      app = appWith('reject');
      const example = JSON.parse(readFileSync(`test/fixtures/smart-data-models/${name}.normalized.jsonld`, 'utf8')) as Record<string, unknown>;
      const created = await postLd(app, example);
      expect(created.body).toBe('');
      expect(created.statusCode).toBe(201);
      const [contextUrl] = example['@context'] as string[];
      const back = await app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(String(example.id))}`, headers: { link: link(contextUrl!) } });
      expect(back.statusCode).toBe(200);
      expect(back.headers.link).toBe(link(contextUrl!));
      const { '@context': _written, ...written } = example;
      expect(back.json()).toEqual(normalizedSubAttributes(written));
    });

  it('rejects a shape violation with 400 BadRequestData naming the attribute and the rule', async () => {
    app = appWith('reject');
    const bad = { ...IE, cpuCores: { type: 'Property', value: 'eight' } };
    const problem = expectProblem(await postLd(app, bad), 400, 'BadRequestData');
    // Named by the request's @context term, as the client wrote it.
    expect(problem.detail).toMatch(/attribute cpuCores breaks sh:(MinInclusive|Datatype)ConstraintComponent/);
    expect(problem.attribute).toBe('cpuCores');
    expect(JSON.stringify(problem)).toContain('DatatypeConstraintComponent');
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(String(IE.id))}` }), 404, 'ResourceNotFound');
  });

  it('checks entities written with the Smart Data Models @context against the aerOS shapes (owl:equivalentClass/Property), naming the attribute as written', async () => {
    app = appWith('reject');
    const example = JSON.parse(readFileSync('test/fixtures/smart-data-models/InfrastructureElement.normalized.jsonld', 'utf8')) as Record<string, unknown>;
    const problem = expectProblem(await postLd(app, { ...example, cpuCores: { type: 'Property', value: 'eight' } }), 400, 'BadRequestData');
    expect(problem.attribute).toBe('cpuCores'); // sdm:cpuCores, compacted with the Smart Data Models @context
    expect(problem.rule).toMatch(/^sh:(MinInclusive|Datatype)ConstraintComponent$/);
    expect((await postLd(app, example)).statusCode).toBe(201);
  });

  it('names a MISSING attribute of a Smart Data Models write by the term of its @context (the equivalent of the aerOS IRI)', async () => {
    app = appWith('reject');
    const sdm = { 'content-type': 'application/json', link: link('https://smartdatamodels.org/context.jsonld') };
    const entity = { id: 'urn:ngsi-ld:InfrastructureElement:sdm:nodomain', type: 'InfrastructureElement', cpuCores: { type: 'Property', value: 2 } };
    const res = await app.inject({ method: 'POST', url: `${BASE}/entities`, headers: sdm, payload: JSON.stringify(entity) });
    const problem = expectProblem(res, 400, 'BadRequestData');
    expect(problem.rule).toBe('sh:MinCountConstraintComponent');
    expect(problem.attribute).toBe('domain'); // sdm:dataModel.IT/domain, the owl:equivalentProperty of aerOS domain
    const named = (problem.violations as { attribute: string }[]).map((v) => v.attribute);
    expect(named.every((a) => !a.includes(':'))).toBe(true);
    expect(JSON.stringify(problem)).not.toContain('equivalents');
    // Written with the continuum @context, the same missing attribute is named by the aerOS term.
    const continuum = { ...sdm, link: link('https://w3id.org/continuum-fabric/context.jsonld') };
    const aeros = await app.inject({ method: 'POST', url: `${BASE}/entities`, headers: continuum, payload: JSON.stringify({ ...entity, id: 'urn:ngsi-ld:InfrastructureElement:aeros:nodomain' }) });
    expect(expectProblem(aeros, 400, 'BadRequestData').attribute).toBe('domain');
  });

  it('checks attribute writes too: deleting a required attribute or patching a bad value is 400 and changes nothing', async () => {
    app = appWith('reject');
    expect((await postLd(app, IE)).statusCode).toBe(201);
    const url = `${BASE}/entities/${encodeURIComponent(String(IE.id))}/attrs`;
    const ctx = { link: link('https://w3id.org/continuum-fabric/context.jsonld') };
    const removed = await app.inject({ method: 'DELETE', url: `${url}/domain`, headers: ctx });
    expect(expectProblem(removed, 400, 'BadRequestData')).toMatchObject({ attribute: 'domain', rule: 'sh:MinCountConstraintComponent' });
    const patched = await app.inject({ method: 'PATCH', url: `${url}/cpuCores`, headers: ctx, payload: { type: 'Property', value: -1 } });
    expect(expectProblem(patched, 400, 'BadRequestData')).toMatchObject({ attribute: 'cpuCores', rule: 'sh:MinInclusiveConstraintComponent' });
    const back = await app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(String(IE.id))}?format=keyValues&attrs=cpuCores,domain`, headers: ctx });
    expect(back.json()).toMatchObject({ cpuCores: 8, domain: expect.any(String) });
  });

  it('in warn mode writes the entity and reports the violation in a Warning header', async () => {
    app = appWith('warn');
    const res = await postLd(app, { ...IE, cpuCores: { type: 'Property', value: 'eight' } });
    expect(res.statusCode).toBe(201);
    expect(String(res.headers.warning)).toMatch(/^199 continuum-fabric "accepted with 2 shape violation\(s\): cpuCores /);
  });

  it('names the attribute and the rule of each accepted violation in the Warning, as reject mode does in its 400', async () => {
    app = appWith('warn');
    const url = `${BASE}/entities/${encodeURIComponent(String(IE.id))}`;
    const ctx = { link: link('https://w3id.org/continuum-fabric/context.jsonld') };
    const created = await postLd(app, { ...IE, cpuCores: { type: 'Property', value: -3 } });
    expect(created.statusCode).toBe(201);
    const warning = String(created.headers.warning);
    expect(warning).toContain('cpuCores breaks sh:MinInclusiveConstraintComponent: ');
    // One quoted warn-text (RFC 9110 §5.6.4): the message's own quotes ("1"^^xsd:integer) must not end it early.
    expect(warning.match(/"/g)).toHaveLength(2);
    expect(warning).toContain("'1'^^<http://www.w3.org/2001/XMLSchema#integer>");
    // Attribute writes and batches name the rule too.
    const removed = await app.inject({ method: 'DELETE', url: `${url}/attrs/domain`, headers: ctx });
    expect(removed.statusCode).toBe(204);
    expect(String(removed.headers.warning)).toContain('domain breaks sh:MinCountConstraintComponent: ');
    const batch = await app.inject({ method: 'POST', url: `${BASE}/entityOperations/upsert`, headers: { 'content-type': 'application/ld+json' }, payload: JSON.stringify([{ ...IE, cpuCores: { type: 'Property', value: 'eight' } }]) });
    expect(batch.statusCode).toBe(204);
    expect(String(batch.headers.warning)).toContain(`${String(IE.id)} cpuCores breaks sh:DatatypeConstraintComponent: `);
  });

  it('applies the per-type mode of the node config: InfrastructureElement=warn accepts with a Warning, the default rejects a Domain', async () => {
    app = appWithConfig({ CONTINUUM_NGSI_LD_VALIDATION: 'reject,InfrastructureElement=warn' });
    const warned = await postLd(app, { ...IE, cpuCores: { type: 'Property', value: 'eight' } });
    expect(warned.statusCode).toBe(201);
    expect(String(warned.headers.warning)).toMatch(/^199 continuum-fabric "accepted with 2 shape violation\(s\): .*cpuCores/);
    const domain = { id: 'urn:ngsi-ld:Domain:cfg', type: 'Domain', '@context': ['https://w3id.org/continuum-fabric/context.jsonld'] };
    const problem = expectProblem(await postLd(app, { ...domain, isEntrypoint: { type: 'Property', value: 'yes' } }), 400, 'BadRequestData');
    expect(problem.detail).toContain('isEntrypoint');
    expect((await postLd(app, domain)).statusCode).toBe(201);
    await app.close();
    // The other way round, with a prefixed name: warn by default, aeros:InfrastructureElement rejects.
    app = appWithConfig({ CONTINUUM_NGSI_LD_VALIDATION: 'warn,aeros:InfrastructureElement=reject' });
    expectProblem(await postLd(app, { ...IE, cpuCores: { type: 'Property', value: 'eight' } }), 400, 'BadRequestData');
    expect((await postLd(app, { ...domain, isEntrypoint: { type: 'Property', value: 'yes' } })).statusCode).toBe(201);
  });

  it('rejects only the violating item of a batch (207), and warns for it in warn mode', async () => {
    app = appWith('reject');
    const bad = { ...IE, id: 'urn:ngsi-ld:InfrastructureElement:Domain01:bad', cpuCores: { type: 'Property', value: 'eight' } };
    const res = await app.inject({ method: 'POST', url: `${BASE}/entityOperations/upsert`, headers: { 'content-type': 'application/ld+json' }, payload: JSON.stringify([IE, bad]) });
    expect(res.statusCode).toBe(207);
    expect(res.json().success).toEqual([IE.id]);
    expect(res.json().errors[0]).toMatchObject({ entityId: bad.id, error: { type: 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData', attribute: 'cpuCores' } });
    // The item's problem names the attribute as the client wrote it (its @context), not by its expanded IRI.
    expect(res.json().errors[0].error.detail).toContain('attribute cpuCores ');
    expect(res.json().errors[0].error.violations[0].attribute).toBe('cpuCores');
    await app.close();
    app = appWith('warn');
    const warned = await app.inject({ method: 'POST', url: `${BASE}/entityOperations/upsert`, headers: { 'content-type': 'application/ld+json' }, payload: JSON.stringify([IE, bad]) });
    expect(warned.statusCode).toBe(201);
    expect(String(warned.headers.warning)).toContain('urn:ngsi-ld:InfrastructureElement:Domain01:bad cpuCores ');
    expect(String(warned.headers.warning)).not.toContain('w3id.org/aerOS');
  });

  it('refuses writes from non-loopback clients without the token (403), accepts them with it', async () => {
    app = appWith('off', 's3cret');
    const entity = { id: 'urn:ngsi-ld:Thing:1', type: 'Thing', '@context': 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld' };
    expectProblem(await postLd(app, entity, { remoteAddress: '10.1.2.3' }), 403, 'OperationNotSupported');
    expect((await postLd(app, entity, { remoteAddress: '10.1.2.3', headers: { authorization: 'Bearer s3cret' } })).statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: `${BASE}/entities/urn:ngsi-ld:Thing:1`, remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
    expectProblem(await app.inject({ method: 'DELETE', url: `${BASE}/entities/urn:ngsi-ld:Thing:1`, remoteAddress: '10.1.2.3' }), 403, 'OperationNotSupported');
  });
});
