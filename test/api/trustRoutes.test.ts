/** /trust (fabric/http/routes/trustRoutes.ts) driven in-process over a MemoryGraphStore holding the ontology. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../fabric/validation/modelFiles.js';
import { BASE, testApp } from './ngsi-ld/support/ngsiLdTestApp.js';

const DATA = `@prefix aeros: <https://w3id.org/aerOS/continuum#> . @prefix cf: <https://w3id.org/continuum-fabric/ns#> .
<urn:ngsi-ld:InfrastructureElement:d:1> a aeros:InfrastructureElement ; aeros:domain <urn:ngsi-ld:Domain:d> ;
  aeros:infrastructureElementStatus aeros:ReadyInfrastructureElement .
<urn:ngsi-ld:InfrastructureElement:e:1> a aeros:InfrastructureElement ; aeros:domain <urn:ngsi-ld:Domain:e> .
<urn:ngsi-ld:SecurityAlert:a1> a cf:SecurityAlert ; cf:aboutInfrastructureElement <urn:ngsi-ld:InfrastructureElement:d:1> ; cf:priority 5 .`;

let app: FastifyInstance;
let store: MemoryGraphStore;
beforeEach(async () => {
  store = new MemoryGraphStore();
  await store.load(readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8'), { format: 'text/turtle', graph: GRAPHS.ontology });
  await store.load(DATA, { format: 'text/turtle', graph: 'http://example.org/data' });
  app = buildHttpApp({ store, config: { bodyLimitBytes: 100_000 } });
});
afterEach(() => app.close());

const ie = encodeURIComponent('urn:ngsi-ld:InfrastructureElement:d:1');

describe('/trust', () => {
  it('GET before any computation is 404 with an NGSI-LD problem type', async () => {
    const res = await app.inject({ method: 'GET', url: `/trust/${ie}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toBe('https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound');
  });

  it('POST /trust/recompute scores every IE and flips the low one to Untrusted; GET gives its breakdown', async () => {
    const run = await app.inject({ method: 'POST', url: '/trust/recompute' });
    expect(run.statusCode).toBe(200);
    // d:1: single IE 0.8, one priority-5 alert → security 0: 0.24 + 0 + 0.2 = 0.44 < 0.5 → Untrusted
    expect(run.json()).toMatchObject({ ies: 2, untrusted: ['urn:ngsi-ld:InfrastructureElement:d:1'], recovered: [] });
    const res = await app.inject({ method: 'GET', url: `/trust/${ie}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.trustScore).toBeCloseTo(0.44, 12);
    expect(body.components).toEqual({ reliability: 0.8, security: 0, reputation: 1, healthEvents: 0 });
    expect(body.inputs.securityAlerts).toEqual(['urn:ngsi-ld:SecurityAlert:a1']);
    expect(body.status).toEqual(['https://w3id.org/aerOS/continuum#UntrustedInfrastructureElement']);
    expect(body.untrustedByTrust).toBe(true);
    // The same in plain words (issue 4 "Explanations"): the formula with this score's numbers and the facts used.
    expect(body.explanation.split('\n')).toEqual([
      expect.stringMatching(/^Trust score 0\.44 of <urn:ngsi-ld:InfrastructureElement:d:1>, computed at \S+ with <https:\/\/w3id\.org\/continuum-fabric\/ns#DefaultTrustConfiguration>: 0\.3 × reliability 0\.8 \+ 0\.5 × security 0 \+ 0\.2 × reputation 1 − 0\.01 × 0 health events, floored at 0\.$/),
      'Reliability 0.8: the only IE of domain <urn:ngsi-ld:Domain:d>, so the single-element reliability.',
      'Security 0: 1 − the mean priority of 1 security alert ÷ 5 (<urn:ngsi-ld:SecurityAlert:a1>).',
      'Reputation 1: no self-security events in the last 7 days.',
      'Status UntrustedInfrastructureElement: the score is below the threshold 0.5, so trust marked the IE Untrusted; it recovers when the score does.',
    ]);
  });

  it('POST /trust/recompute with domains limits the run; a malformed body is 400', async () => {
    const run = await app.inject({ method: 'POST', url: '/trust/recompute', payload: { domains: ['urn:ngsi-ld:Domain:e'] } });
    expect(run.json()).toMatchObject({ ies: 1, untrusted: [] });
    expect((await app.inject({ method: 'GET', url: `/trust/${ie}` })).statusCode).toBe(404);
    const bad = await app.inject({ method: 'POST', url: '/trust/recompute', payload: { domains: 'urn:ngsi-ld:Domain:e' } });
    expect(bad.statusCode).toBe(400);
  });

  it('GET with something that is not an IRI is 400', async () => {
    expect((await app.inject({ method: 'GET', url: '/trust/not-an-iri' })).statusCode).toBe(400);
  });
});

describe('/trust with NGSI-LD data', () => {
  const ieJson = JSON.parse(readFileSync(join(packageRoot(), 'test/fixtures/ngsi-ld/aeros-ie.normalized.json'), 'utf8')) as { id: string };
  const LD = { 'content-type': 'application/ld+json' };

  it('scores an IE written through NGSI-LD from an alert written through NGSI-LD, and NGSI-LD shows score and status', async () => {
    const { app: ngsi } = testApp();
    try {
      expect((await ngsi.inject({ method: 'POST', url: `${BASE}/entities`, headers: LD, payload: ieJson })).statusCode).toBe(201);
      const alert = {
        id: 'urn:ngsi-ld:SecurityAlert:syn-flood-1', type: 'SecurityAlert',
        aboutInfrastructureElement: { type: 'Relationship', object: ieJson.id },
        priority: { type: 'Property', value: 4 },
        occurredAt: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-11-20T10:20:00Z' } },
        '@context': ['https://w3id.org/continuum-fabric/context.jsonld'],
      };
      expect((await ngsi.inject({ method: 'POST', url: `${BASE}/entities`, headers: LD, payload: alert })).statusCode).toBe(201);
      const run = await ngsi.inject({ method: 'POST', url: '/trust/recompute' });
      // single IE of Domain01 → 0.8; security 1 − 4/5 = 0.2: 0.24 + 0.1 + 0.2 = 0.54 ≥ 0.5 → stays Ready
      expect(run.json()).toMatchObject({ ies: 1, untrusted: [] });
      const url = `${BASE}/entities/${encodeURIComponent(ieJson.id)}?format=keyValues&attrs=trustScore,infrastructureElementStatus`;
      const headers = { link: '<https://w3id.org/continuum-fabric/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"' };
      const back = (await ngsi.inject({ method: 'GET', url, headers })).json();
      // The fixture's trustScore instance (datasetId of an external trust manager) is replaced by the computed one.
      expect(back.trustScore).toBeCloseTo(0.54, 12);
      expect(back.infrastructureElementStatus).toBe('Ready');
      // A second alert of priority 5: security 1 − 4.5/5 = 0.1 → 0.24 + 0.05 + 0.2 = 0.49 < 0.5 → Untrusted
      const second = { ...alert, id: 'urn:ngsi-ld:SecurityAlert:syn-flood-2', priority: { type: 'Property', value: 5 } };
      expect((await ngsi.inject({ method: 'POST', url: `${BASE}/entities`, headers: LD, payload: second })).statusCode).toBe(201);
      expect((await ngsi.inject({ method: 'POST', url: '/trust/recompute' })).json().untrusted).toEqual([ieJson.id]);
      const after = (await ngsi.inject({ method: 'GET', url, headers })).json();
      expect(after.trustScore).toBeCloseTo(0.49, 12);
      expect(after.infrastructureElementStatus).toBe('Untrusted');
    } finally {
      await ngsi.close();
    }
  });
});
