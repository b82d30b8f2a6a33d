import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';
import { ReasonerService } from '../../reasoner/ReasonerService.js';
import { RuleEngine } from '../../reasoner/RuleEngine.js';

const DATA = `@prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:A rdfs:subClassOf ex:B . ex:x a ex:A ; ex:cpu 95 . ex:y a ex:A ; ex:cpu 10 .`;

const RULE = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <http://example.org/> .
ex:busy a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/busy> true } WHERE { ?x <http://example.org/cpu> ?c FILTER(?c > 80) }" .`;

let app: FastifyInstance;
let store: MemoryGraphStore;
beforeEach(async () => {
  store = new MemoryGraphStore();
  await store.load(DATA, { format: 'text/turtle', graph: 'http://example.org/data' });
  app = buildHttpApp({ store, config: { bodyLimitBytes: 100_000, writeToken: 'secret' }, reasoner: new ReasonerService(store, new RuleEngine(store)) });
});
afterEach(() => app.close());

const ask = async (query: string): Promise<boolean> => {
  const result = await store.query(query);
  return result.kind === 'boolean' && result.value;
};

describe('/reasoner', () => {
  it('lists the built-in rules, adds a rule as Turtle, runs it and removes it', async () => {
    const listed = (await app.inject({ method: 'GET', url: '/reasoner/rules' })).json() as { rules: Array<{ id: string; ruleSet: string; removable: boolean }> };
    expect(listed.rules.filter((r) => r.ruleSet === 'rdfs-owl').map((r) => r.id)).toContain('subclass-type');
    expect(listed.rules.every((r) => !r.removable)).toBe(true);

    const added = await app.inject({ method: 'POST', url: '/reasoner/rules', headers: { 'content-type': 'text/turtle' }, payload: RULE });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ rules: [{ id: 'busy', ruleSet: 'graph', iri: 'http://example.org/busy', removable: true }] });
    const again = await app.inject({ method: 'POST', url: '/reasoner/rules', headers: { 'content-type': 'text/turtle' }, payload: RULE });
    expect(again.statusCode).toBe(409);

    const run = await app.inject({ method: 'POST', url: '/reasoner/run' });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ iterations: expect.any(Number), triplesDerived: expect.any(Number) });
    expect(await ask('ASK { <http://example.org/x> <http://example.org/busy> true }')).toBe(true);
    expect(await ask('ASK { <http://example.org/y> <http://example.org/busy> true }')).toBe(false);
    expect(await ask('ASK { <http://example.org/y> a <http://example.org/B> }')).toBe(true);

    const explained = await app.inject({ method: 'GET', url: `/reasoner/explain?iri=${encodeURIComponent('http://example.org/x')}` });
    const rules = (explained.json() as { explanations: Array<{ derivations: Array<{ ruleId: string }> }> }).explanations
      .flatMap((e) => e.derivations.map((d) => d.ruleId)).sort();
    expect(rules).toEqual(['busy', 'subclass-type']);

    expect((await app.inject({ method: 'DELETE', url: '/reasoner/rules/busy' })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: '/reasoner/rules/busy' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: '/reasoner/rules/subclass-type' })).statusCode).toBe(403);
    await app.inject({ method: 'POST', url: '/reasoner/run' });
    expect(await ask('ASK { <http://example.org/x> <http://example.org/busy> true }')).toBe(false);
    expect(await ask('ASK { <http://example.org/y> a <http://example.org/B> }')).toBe(true);
  });

  it('answers 400 for an explain target that is not an absolute IRI (a character IRIREF forbids answered 500 before)', async () => {
    for (const iri of ['urn:a>b', 'urn:a\u0001b', 'no-scheme']) {
      const res = await app.inject({ method: 'GET', url: `/reasoner/explain?iri=${encodeURIComponent(iri)}` });
      expect([res.statusCode, res.json().parameter]).toEqual([400, 'iri']);
    }
  });

  it('rejects a rule that does not compile with the reason, and changes nothing', async () => {
    const before = store.size();
    const bad = await app.inject({ method: 'POST', url: '/reasoner/rules', headers: { 'content-type': 'text/turtle' },
      payload: '@prefix cf: <https://w3id.org/continuum-fabric/ns#> . <http://example.org/r> a cf:Rule ; cf:construct "SELECT * WHERE { ?s ?p ?o }" .' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData', title: 'Invalid rule', rule: 'http://example.org/r' });
    expect((await app.inject({ method: 'POST', url: '/reasoner/rules', headers: { 'content-type': 'text/turtle' }, payload: 'not turtle' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/reasoner/rules', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(415);
    expect(store.size()).toBe(before);
  });

  it('reports a runaway rule set as 422 with the budget, store unchanged', async () => {
    const runaway = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> .
      <http://example.org/mint> a cf:Rule ; cf:construct "CONSTRUCT { ?n a <http://example.org/A> } WHERE { ?x a <http://example.org/A> BIND(IRI(CONCAT(STR(?x), '+')) AS ?n) }" .`;
    await app.close();
    app = buildHttpApp({ store, config: { bodyLimitBytes: 100_000 }, reasoner: new ReasonerService(store, new RuleEngine(store, { ruleFolder: null, budget: { maxDerivedTriples: 50 } })) });
    expect((await app.inject({ method: 'POST', url: '/reasoner/rules', headers: { 'content-type': 'text/turtle' }, payload: runaway })).statusCode).toBe(201);
    const before = store.dump('application/n-quads');
    const run = await app.inject({ method: 'POST', url: '/reasoner/run' });
    expect(run.statusCode).toBe(422);
    expect(run.json()).toMatchObject({ title: 'Derivation budget exceeded', limit: 'derivedTriples', budget: 50, rule: 'http://example.org/mint' });
    expect(store.dump('application/n-quads')).toBe(before);
  });

  it('adds a SHACL-AF rule with relative IRIs and removes it by id', async () => {
    const shape = `@prefix sh: <http://www.w3.org/ns/shacl#> .
      <ie-shape> sh:targetClass <http://example.org/B> ; sh:rule <tag-b> .
      <tag-b> a sh:TripleRule ; sh:subject sh:this ; sh:predicate <http://example.org/tag> ; sh:object "b" ;
        sh:condition [ sh:property [ sh:path <http://example.org/cpu> ; sh:maxInclusive 50 ] ] .`;
    const added = await app.inject({ method: 'POST', url: '/reasoner/rules', headers: { 'content-type': 'text/turtle' }, payload: shape });
    expect(added.json()).toMatchObject({ rules: [{ id: 'tag-b', kind: 'shacl-triple', iri: 'https://w3id.org/continuum-fabric/rules/graph/tag-b' }] });
    await app.inject({ method: 'POST', url: '/reasoner/run' });
    // ex:y is a B only by subclass reasoning, and its cpu 10 ≤ 50; ex:x (cpu 95) fails the condition.
    expect(await ask('ASK { <http://example.org/y> <http://example.org/tag> "b" }')).toBe(true);
    expect(await ask('ASK { <http://example.org/x> <http://example.org/tag> "b" }')).toBe(false);
    expect((await app.inject({ method: 'DELETE', url: '/reasoner/rules/tag-b' })).statusCode).toBe(204);
    const left = (await app.inject({ method: 'GET', url: '/reasoner/rules' })).json() as { rules: Array<{ ruleSet: string }> };
    expect(left.rules.filter((r) => r.ruleSet === 'graph')).toEqual([]);
    await app.inject({ method: 'POST', url: '/reasoner/run' });
    expect(await ask('ASK { <http://example.org/y> <http://example.org/tag> "b" }')).toBe(false);
  });

  it('refuses writes from a non-loopback client without the token', async () => {
    const response = await app.inject({ method: 'POST', url: '/reasoner/run', remoteAddress: '10.0.0.9' });
    expect(response.statusCode).toBe(403);
  });
});
