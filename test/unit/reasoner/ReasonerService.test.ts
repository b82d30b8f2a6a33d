/**
 * ReasonerService's full runs (docs/reasoner.md "POST /reasoner/run in a worker thread"): made by the engine in
 * process unless a FullRunner is injected (FabricNode injects a worker thread).
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS } from '../../../fabric/rdf/namespaces.js';
import { RuleEngine, type RunStats } from '../../../reasoner/RuleEngine.js';
import { ReasonerService, type FullRunner } from '../../../reasoner/ReasonerService.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';

const RULE = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> .
<http://example.org/ab> a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/b> ?y } WHERE { ?x <http://example.org/a> ?y }" .`;
const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
const derivedQuad = oxigraph.quad(ex('s'), ex('b'), ex('o'), oxigraph.namedNode(REASONER_GRAPHS.inferred('graph', 'ab'))) as unknown as RDF.Quad;

async function storeWithRule(): Promise<ObservedMemoryStore> {
  const store = new ObservedMemoryStore();
  await store.load(RULE, { format: 'text/turtle', graph: GRAPHS.rules });
  await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('s'), ex('a'), ex('o'), ex('g')) as unknown as RDF.Quad] });
  return store;
}

describe('ReasonerService.run', () => {
  it('runs the engine in process by default', async () => {
    const store = await storeWithRule();
    const stats = await new ReasonerService(store, new RuleEngine(store, { ruleFolder: null })).run();
    expect(stats.triplesDerived).toBe(1);
    expect(store.has(derivedQuad)).toBe(true);
  });

  it('hands the run to an injected runner, and answers its statistics', async () => {
    const store = await storeWithRule();
    const engine = new RuleEngine(store, { ruleFolder: null });
    // A runner that makes the run on a copy: the service must answer its statistics and not run the engine itself.
    const copy = await storeWithRule();
    let calls = 0;
    const runner: FullRunner = { run: async (): Promise<RunStats> => { calls++; return new RuleEngine(copy, { ruleFolder: null }).run(); } };
    const service = new ReasonerService(store, engine, runner);
    const stats = await service.run();
    expect(calls).toBe(1);
    expect(copy.has(derivedQuad)).toBe(true);
    expect(store.has(derivedQuad)).toBe(false);
    expect(copy.match(oxigraph.namedNode(stats.run), null, null, null).length).toBeGreaterThan(0);
    expect(service.list().map((r) => r.id)).toEqual(['ab']); // the rest of the surface still reads the service's store
  });
});

describe('ReasonerService.add', () => {
  it('answers the ids under which the added rules are then listed, blank-node SHACL rules included', async () => {
    const store = await storeWithRule();
    const service = new ReasonerService(store, new RuleEngine(store, { ruleFolder: null }));
    // Two sh:declare and two blank-node conditions: the stored graph hands them back in its own order.
    const added = await service.add(`@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
      @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
      ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] ,
        [ sh:prefix "zz" ; sh:namespace "http://example.org/zz#"^^xsd:anyURI ] .
      ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:rule [ a sh:SPARQLRule ; sh:prefixes ex:prefixes ; sh:construct "CONSTRUCT { $this ex:hot true } WHERE { $this ex:u ?u }" ;
          sh:condition [ sh:property [ sh:path ex:p ; sh:hasValue ex:v ] ; sh:property [ sh:path ex:q ; sh:minCount 1 ] ] ] .`);
    const listed = service.list().filter((r) => r.ruleSet === 'graph').map((r) => r.id);
    expect(added.map((r) => r.id)).toHaveLength(1);
    expect(added[0].id).toMatch(/^S-[0-9a-f]{8}$/);
    expect(listed.sort()).toEqual(['ab', added[0].id].sort());
  });
});

describe('ReasonerService.remove', () => {
  it('removes a blank-node SHACL rule by the id it is listed under, and leaves the shape\'s other rule', async () => {
    const store = await storeWithRule();
    const service = new ReasonerService(store, new RuleEngine(store, { ruleFolder: null }));
    await service.add(`@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
      ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:seen ; sh:object ex:yes ] ,
                [ a sh:SPARQLRule ; sh:construct "CONSTRUCT { $this <http://example.org/hot> true } WHERE { $this <http://example.org/u> ?u }" ;
                  sh:condition [ sh:property [ sh:path ex:p ; sh:hasValue ex:v ] ] ] .`);
    const shaclRules = () => service.list().filter((r) => r.shape === 'http://example.org/S');
    const sparqlRule = shaclRules().find((r) => r.kind === 'shacl-sparql')!;
    const before = store.match(null, null, null, oxigraph.namedNode(GRAPHS.rules)).length;
    await service.remove(sparqlRule.id);
    expect(shaclRules().map((r) => r.kind)).toEqual(['shacl-triple']);
    // The rule's description (type, construct, condition; the condition's sh:property; its path and value: 6 triples) and its sh:rule link.
    expect(store.match(null, null, null, oxigraph.namedNode(GRAPHS.rules)).length).toBe(before - 7);
    await expect(service.remove(sparqlRule.id)).rejects.toThrow(/No rule/);
  });
});
