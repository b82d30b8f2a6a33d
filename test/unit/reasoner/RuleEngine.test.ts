import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../fabric/validation/modelFiles.js';
import { DerivationBudgetExceededError } from '../../../fabric/errors/ReasonerError.js';
import { RuleEngine } from '../../../reasoner/RuleEngine.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import { SCRATCH_DATA_GRAPH } from '../../../reasoner/scratchCopy.js';

const PREFIXES = `@prefix aeros: <https://w3id.org/aerOS/continuum#> . @prefix sdm: <https://smartdatamodels.org/dataModel.IT/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <http://example.org/> . @prefix cf: <https://w3id.org/continuum-fabric/ns#> .
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n`;

async function storeWith(graphs: Record<string, string>): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  for (const [graph, turtle] of Object.entries(graphs)) await store.load(PREFIXES + turtle, { format: 'text/turtle', graph });
  return store;
}

async function select(store: MemoryGraphStore, query: string): Promise<string[][]> {
  const result = await store.query(`PREFIX aeros: <https://w3id.org/aerOS/continuum#> PREFIX sdm: <https://smartdatamodels.org/dataModel.IT/>
    PREFIX ex: <http://example.org/> PREFIX cf: <https://w3id.org/continuum-fabric/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ${query}`);
  if (result.kind !== 'bindings') throw new Error('expected bindings');
  return result.rows.map((row) => result.variables.map((v) => row.get(v)?.value ?? ''));
}

const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);

describe('RuleEngine with the built-in rdfs-owl rules', () => {
  it('makes a Smart Data Models IE visible to an aerOS query, and the reverse', async () => {
    const store = new MemoryGraphStore();
    await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
    await store.load(`${PREFIXES} <urn:ngsi-ld:InfrastructureElement:sdm-1> a sdm:InfrastructureElement ; sdm:cpuCores 8 .`,
      { format: 'text/turtle', graph: 'urn:ngsi-ld:InfrastructureElement:sdm-1' });
    await store.load(`${PREFIXES} <urn:ngsi-ld:InfrastructureElement:aeros-1> a aeros:InfrastructureElement ; aeros:cpuCores 4 .`,
      { format: 'text/turtle', graph: 'urn:ngsi-ld:InfrastructureElement:aeros-1' });
    const aerosQuery = 'SELECT ?ie ?cores WHERE { ?ie a aeros:InfrastructureElement ; aeros:cpuCores ?cores } ORDER BY ?ie';
    const sdmQuery = 'SELECT ?ie ?cores WHERE { ?ie a sdm:InfrastructureElement ; sdm:cpuCores ?cores } ORDER BY ?ie';
    expect(await select(store, aerosQuery)).toEqual([['urn:ngsi-ld:InfrastructureElement:aeros-1', '4']]);

    const stats = await new RuleEngine(store).run();

    expect(await select(store, aerosQuery)).toEqual([
      ['urn:ngsi-ld:InfrastructureElement:aeros-1', '4'], ['urn:ngsi-ld:InfrastructureElement:sdm-1', '8']]);
    expect(await select(store, sdmQuery)).toEqual([
      ['urn:ngsi-ld:InfrastructureElement:aeros-1', '4'], ['urn:ngsi-ld:InfrastructureElement:sdm-1', '8']]);
    expect(stats.triplesDerived).toBeGreaterThan(0);
    expect(stats.iterations).toBeGreaterThanOrEqual(2);
    expect(stats.perRule.find((r) => r.id === 'subproperty-statement')?.derived).toBeGreaterThan(0);
    // The derived type is in the rule's inferred graph, never in the entity's own graph.
    expect(await select(store, `SELECT ?g WHERE { GRAPH ?g { <urn:ngsi-ld:InfrastructureElement:sdm-1> a aeros:InfrastructureElement } }`))
      .toEqual([[REASONER_GRAPHS.inferred('rdfs-owl', 'subclass-type')]]);
  });

  it('closes a subclass chain and explains the derived type with its premises', async () => {
    const store = await storeWith({
      'http://example.org/onto': 'ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C . ex:C rdfs:subClassOf ex:D .',
      'http://example.org/x': 'ex:x a ex:A .',
    });
    await new RuleEngine(store).run();
    expect(await select(store, 'SELECT ?c WHERE { ex:x a ?c } ORDER BY ?c')).toEqual([
      ['http://example.org/A'], ['http://example.org/B'], ['http://example.org/C'], ['http://example.org/D']]);
    expect(await select(store, 'SELECT ?c WHERE { ex:A rdfs:subClassOf ?c } ORDER BY ?c')).toEqual([
      ['http://example.org/B'], ['http://example.org/C'], ['http://example.org/D']]);

    const [explanation] = await new RuleEngine(store).explain({ subject: ex('x'), predicate: oxigraph.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), object: ex('D') });
    expect(explanation.asserted).toBe(false);
    expect(explanation.derivations).toHaveLength(1);
    const [derivation] = explanation.derivations;
    expect(derivation.rule).toBe('https://w3id.org/continuum-fabric/rules/rdfs-owl#subclass-type');
    expect(derivation.bindings.length).toBeGreaterThan(0);
    const stated = derivation.premises.filter((p) => !p.path).map((p) => `${p.subject} ${p.predicate} ${p.object} ${p.derived}`);
    // The solution starts from a class x is an instance of; that type is stated or derived.
    expect(stated.length).toBe(1);
    expect(stated[0]).toMatch(/^<http:\/\/example.org\/x> <http:\/\/www.w3.org\/1999\/02\/22-rdf-syntax-ns#type> <http:\/\/example.org\/[ABC]> (true|false)$/);
    expect(stated.some((s) => s.endsWith('<http://example.org/A> false') || / <http:\/\/example.org\/[BC]> true$/.test(s))).toBe(true);
    expect(derivation.premises.some((p) => p.path && p.predicate.endsWith('subClassOf>+') && p.object === '<http://example.org/D>')).toBe(true);
  });

  it('retracts derived facts whose premise was deleted when run again', async () => {
    const store = await storeWith({
      'http://example.org/onto': 'ex:A rdfs:subClassOf ex:B .',
      'http://example.org/x': 'ex:x a ex:A .',
      'http://example.org/y': 'ex:y a ex:A .',
    });
    const engine = new RuleEngine(store);
    await engine.run();
    expect(await select(store, 'SELECT ?s WHERE { ?s a ex:B } ORDER BY ?s')).toEqual([['http://example.org/x'], ['http://example.org/y']]);
    // Provenance is queryable: which rule wrote the graph holding the triple, and when.
    expect(await select(store, `SELECT ?rule WHERE { GRAPH ?g { ex:x a ex:B } GRAPH <${REASONER_GRAPHS.provenance}> { ?g cf:derivedBy ?rule ; <http://www.w3.org/ns/prov#generatedAtTime> ?t } }`))
      .toEqual([['https://w3id.org/continuum-fabric/rules/rdfs-owl#subclass-type']]);

    const tx = store.transaction();
    tx.clearGraph('http://example.org/x');
    await tx.commit();
    const stats = await engine.run();

    expect(await select(store, 'SELECT ?s WHERE { ?s a ex:B } ORDER BY ?s')).toEqual([['http://example.org/y']]);
    expect(stats.removed).toBeGreaterThan(0);
    const again = await engine.run();
    expect(again.triplesDerived).toBe(stats.triplesDerived);
  });

  it('keeps blank nodes of the data: a type derived towards a blank-node class is that same node', async () => {
    const store = await storeWith({
      'http://example.org/onto': 'ex:A rdfs:subClassOf _:r . _:r ex:kind "restriction" .',
      'http://example.org/x': 'ex:x a ex:A .',
    });
    const engine = new RuleEngine(store);
    await engine.run();
    expect(await select(store, 'SELECT ?kind WHERE { ex:x a ?r . ?r ex:kind ?kind }')).toEqual([['restriction']]);
    const graph = REASONER_GRAPHS.inferred('rdfs-owl', 'subclass-type');
    const before = store.dump('application/n-triples', graph);
    expect(before).toMatch(/^<http:\/\/example.org\/x> <http:\/\/www.w3.org\/1999\/02\/22-rdf-syntax-ns#type> _:/);
    await engine.run();
    // A second run over the same data derives the same triples with the same blank-node labels.
    expect(store.dump('application/n-triples', graph)).toBe(before);
    expect(await select(store, 'SELECT ?kind WHERE { ex:x a ?r . ?r ex:kind ?kind }')).toEqual([['restriction']]);
  });

  it('uses owl:inverseOf in both directions', async () => {
    const store = await storeWith({
      'http://example.org/onto': 'ex:hosts owl:inverseOf ex:runsOn .',
      'http://example.org/data': 'ex:ie1 ex:hosts ex:c1 . ex:c2 ex:runsOn ex:ie2 .',
    });
    await new RuleEngine(store).run();
    expect(await select(store, 'SELECT ?c ?ie WHERE { ?c ex:runsOn ?ie } ORDER BY ?c')).toEqual([
      ['http://example.org/c1', 'http://example.org/ie1'], ['http://example.org/c2', 'http://example.org/ie2']]);
    expect(await select(store, 'SELECT ?ie ?c WHERE { ?ie ex:hosts ?c } ORDER BY ?ie')).toEqual([
      ['http://example.org/ie1', 'http://example.org/c1'], ['http://example.org/ie2', 'http://example.org/c2']]);
  });

  it('leaves rdfs:domain and rdfs:range typing off', async () => {
    const store = await storeWith({ 'http://example.org/onto': 'ex:p rdfs:domain ex:D ; rdfs:range ex:R .', 'http://example.org/data': 'ex:s ex:p ex:o .' });
    await new RuleEngine(store).run();
    expect(await select(store, 'SELECT ?x WHERE { { ?x a ex:D } UNION { ?x a ex:R } }')).toEqual([]);
    // The same rules switched on (cf:deactivated false in a rule set of one's own) do type them.
    const rules = readFileSync(join(packageRoot(), 'shapes', 'rules', 'rdfs-owl.ttl'), 'utf8').replaceAll('cf:deactivated true', 'cf:deactivated false');
    await store.load(rules, { format: 'text/turtle', graph: GRAPHS.rules });
    await new RuleEngine(store, { ruleFolder: null }).run();
    expect(await select(store, 'SELECT ?x ?c WHERE { VALUES ?c { ex:D ex:R } ?x a ?c } ORDER BY ?c')).toEqual([
      ['http://example.org/s', 'http://example.org/D'], ['http://example.org/o', 'http://example.org/R']]);
  });
});

describe('RuleEngine budget', () => {
  const runaway = `ex:mint a cf:Rule ; cf:construct """PREFIX ex: <http://example.org/>
    CONSTRUCT { ?next a ex:Thing . } WHERE { ?x a ex:Thing . BIND(IRI(CONCAT(STR(?x), "+")) AS ?next) }""" .`;

  it('stops a rule that mints new IRIs every round at the derivation budget, store unchanged', async () => {
    const store = await storeWith({ [GRAPHS.rules]: runaway, 'http://example.org/seed': 'ex:t a ex:Thing .' });
    const before = store.dump('application/n-quads');
    const engine = new RuleEngine(store, { ruleFolder: null, budget: { maxDerivedTriples: 25, maxIterations: 1000 } });
    const failure = await engine.run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DerivationBudgetExceededError);
    expect((failure as DerivationBudgetExceededError).report).toMatchObject({ limit: 'derivedTriples', budget: 25, rule: 'http://example.org/mint' });
    expect((failure as DerivationBudgetExceededError).status).toBe(422);
    expect(store.dump('application/n-quads')).toBe(before);
  });

  it('stops at the iteration budget, store unchanged', async () => {
    const store = await storeWith({ [GRAPHS.rules]: runaway, 'http://example.org/seed': 'ex:t a ex:Thing .' });
    const before = store.dump('application/n-quads');
    const failure = await new RuleEngine(store, { ruleFolder: null, budget: { maxIterations: 5 } }).run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DerivationBudgetExceededError);
    expect((failure as DerivationBudgetExceededError).report).toMatchObject({ limit: 'iterations', budget: 5 });
    expect(store.dump('application/n-quads')).toBe(before);
  });

  it('names the rules still deriving in the last round at the iteration budget, not an innocent rule that ran', async () => {
    // ex:a-flag reads the runaway's output too (so it runs every round) but derives only in the first round.
    const innocent = `ex:a-flag a cf:Rule ; cf:construct """PREFIX ex: <http://example.org/>
      CONSTRUCT { ex:t ex:flag true . } WHERE { ?x a ex:Thing . }""" .`;
    const store = await storeWith({ [GRAPHS.rules]: `${runaway}\n${innocent}`, 'http://example.org/seed': 'ex:t a ex:Thing .' });
    const failure = await new RuleEngine(store, { ruleFolder: null, budget: { maxIterations: 5 } }).run().catch((e: unknown) => e) as DerivationBudgetExceededError;
    expect(failure.report).toMatchObject({ limit: 'iterations', rule: 'http://example.org/mint', deriving: ['http://example.org/mint'] });
    expect(failure.toProblem('/reasoner/run').detail).toMatch(/still deriving in the last round: http:\/\/example\.org\/mint\)/);
  });
});

describe('RuleEngine scratch stores', () => {
  it('frees the scratch copy a run computed in once its result is written (releaseScratch)', async () => {
    const store = await storeWith({ [GRAPHS.ontology]: 'ex:Box rdfs:subClassOf ex:Thing .', 'urn:g:1': 'ex:b1 a ex:Box .' });
    const engine = new RuleEngine(store);
    const freedScratches: number[] = [];
    const prototype = oxigraph.Store.prototype as unknown as { free(this: oxigraph.Store): void };
    const original = prototype.free;
    const free = jest.spyOn(prototype, 'free').mockImplementation(function (this: oxigraph.Store) {
      // A scratch copy holds the data in SCRATCH_DATA_GRAPH: count its quads before it goes.
      freedScratches.push(this.match(null, null, null, oxigraph.namedNode(SCRATCH_DATA_GRAPH)).length);
      original.call(this);
    });
    try {
      await engine.run();
    } finally {
      free.mockRestore();
    }
    expect(freedScratches.filter((n) => n > 0)).toHaveLength(1);
    expect(await select(store, 'SELECT ?x WHERE { GRAPH ?g { ?x a ex:Thing } }')).toEqual([['http://example.org/b1']]);
  });
});
