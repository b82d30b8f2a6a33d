import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../fabric/rdf/namespaces.js';
import { RuleDefinitionError } from '../../../fabric/errors/ReasonerError.js';
import { RuleEngine } from '../../../reasoner/RuleEngine.js';
import { rulesFromSource, parseTurtle } from '../../../reasoner/loadRules.js';

const PREFIXES = `@prefix aeros: <https://w3id.org/aerOS/continuum#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> . @prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n`;

const SHAPES = `
ex:prefixes a owl:Ontology ; sh:declare [ sh:prefix "aeros" ; sh:namespace "https://w3id.org/aerOS/continuum#"^^xsd:anyURI ] ,
  [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .

ex:IEShape a sh:NodeShape ;
  sh:targetClass aeros:InfrastructureElement ;
  # Far-edge IEs above 80 % CPU are overloaded.
  sh:rule [ a sh:SPARQLRule ;
    sh:prefixes ex:prefixes ;
    sh:construct "CONSTRUCT { $this ex:overloaded true } WHERE { $this aeros:currentCpuUsage ?u . FILTER(?u > 80) }" ;
    sh:condition [ sh:property [ sh:path aeros:infrastructureElementTier ; sh:hasValue aeros:FarEdgeTier ] ] ] ;
  # IEs with at least 4 cores are offered by the owner of their domain.
  sh:rule ex:offeredBy .

ex:offeredBy a sh:TripleRule ;
  sh:subject sh:this ;
  sh:predicate ex:offeredBy ;
  sh:object [ sh:path ( aeros:domain aeros:owner ) ] ;
  sh:condition [ sh:property [ sh:path aeros:cpuCores ; sh:minInclusive 4 ; sh:minCount 1 ] ] .

ex:hostShape a sh:NodeShape ;
  sh:targetNode ex:c1 , ex:c2 ;
  sh:rule [ a sh:TripleRule ; sh:subject [ sh:path ex:runsOn ] ; sh:predicate ex:hosts ; sh:object sh:this ;
            sh:condition [ sh:not [ sh:property [ sh:path ex:status ; sh:hasValue ex:Stopped ] ] ] ] .
`;

const DATA = `
ex:SpecialIE rdfs:subClassOf aeros:InfrastructureElement .
ex:ie1 a aeros:InfrastructureElement ; aeros:currentCpuUsage 95.0 ; aeros:infrastructureElementTier aeros:FarEdgeTier ;
  aeros:cpuCores 8 ; aeros:domain ex:d1 .
ex:ie2 a aeros:InfrastructureElement ; aeros:currentCpuUsage 95.0 ; aeros:infrastructureElementTier aeros:CloudTier ;
  aeros:cpuCores 2 ; aeros:domain ex:d1 .
ex:ie3 a ex:SpecialIE ; aeros:currentCpuUsage 85.5 ; aeros:infrastructureElementTier aeros:FarEdgeTier ; aeros:domain ex:d1 .
ex:ie4 a aeros:InfrastructureElement ; aeros:currentCpuUsage 20.0 ; aeros:infrastructureElementTier aeros:FarEdgeTier ;
  aeros:cpuCores 4 ; aeros:domain ex:d1 .
ex:d1 aeros:owner ex:org1 .
ex:c1 ex:runsOn ex:ie1 . ex:c2 ex:runsOn ex:ie2 ; ex:status ex:Stopped . ex:c3 ex:runsOn ex:ie3 .
`;

async function select(store: MemoryGraphStore, query: string): Promise<string[][]> {
  const result = await store.query(`PREFIX ex: <http://example.org/> ${query}`);
  if (result.kind !== 'bindings') throw new Error('expected bindings');
  return result.rows.map((row) => result.variables.map((v) => row.get(v)?.value ?? ''));
}

describe('SHACL-AF rules', () => {
  it('compiles each sh:rule into one set-based CONSTRUCT with the targets and the condition', () => {
    const rules = rulesFromSource({ ruleSet: 'test', source: 'test', quads: parseTurtle(PREFIXES + SHAPES, 'http://example.org/') });
    expect(rules.map((r) => r.kind).sort()).toEqual(['shacl-sparql', 'shacl-triple', 'shacl-triple']);
    for (const rule of rules) {
      expect(rule.query).toMatch(/SELECT DISTINCT \?this/);
      expect(rule.query.match(/CONSTRUCT/g)).toHaveLength(1);
    }
    expect(rules.find((r) => r.iri === 'http://example.org/offeredBy')?.id).toBe('offeredBy');
    expect(rules.find((r) => r.kind === 'shacl-sparql')?.id).toMatch(/^IEShape-[0-9a-f]{8}$/);
  });

  it('runs SPARQLRule and TripleRule with sh:condition over all focus nodes, subclass instances included', async () => {
    const store = new MemoryGraphStore();
    await store.load(PREFIXES + SHAPES, { format: 'text/turtle', graph: GRAPHS.shapes });
    await store.load(PREFIXES + DATA, { format: 'text/turtle', graph: 'http://example.org/data' });
    const stats = await new RuleEngine(store, { ruleFolder: null }).run();
    expect(stats.rules).toBe(3);

    expect(await select(store, 'SELECT ?ie WHERE { ?ie ex:overloaded true } ORDER BY ?ie')).toEqual([
      ['http://example.org/ie1'], ['http://example.org/ie3']]);
    expect(await select(store, 'SELECT ?ie ?org WHERE { ?ie ex:offeredBy ?org } ORDER BY ?ie')).toEqual([
      ['http://example.org/ie1', 'http://example.org/org1'], ['http://example.org/ie4', 'http://example.org/org1']]);
    expect(await select(store, 'SELECT ?ie ?c WHERE { ?ie ex:hosts ?c } ORDER BY ?ie')).toEqual([
      ['http://example.org/ie1', 'http://example.org/c1']]);
    expect(await select(store, `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ex:offeredBy ?o } }`)).toEqual([
      ['https://w3id.org/continuum-fabric/graph/inferred/shapes/offeredBy']]);
  });

  it('refuses what it cannot compile, naming the rule', () => {
    const bad = (turtle: string) => () => rulesFromSource({ ruleSet: 'test', source: 'test', quads: parseTurtle(PREFIXES + turtle, 'http://example.org/') });
    expect(bad(`ex:s sh:targetNode ex:n ; sh:rule ex:r . ex:r a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:p ; sh:object sh:this ;
      sh:condition [ sh:qualifiedValueShape [ sh:class ex:C ] ] .`)).toThrow(/sh:qualifiedValueShape is not supported/);
    expect(bad('ex:s sh:rule ex:r . ex:r a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:p ; sh:object sh:this .')).toThrow(/has no target/);
    expect(bad('ex:r a cf:Rule ; cf:construct "CONSTRUCT { _:b <http://example.org/p> ?o } WHERE { ?s <http://example.org/p> ?o }" .')).toThrow(/blank nodes/);
    expect(bad('ex:r a cf:Rule ; cf:construct "SELECT * WHERE { ?s ?p ?o }" .')).toThrow(RuleDefinitionError);
    expect(bad('ex:r a cf:Rule ; cf:construct "CONSTRUCT WHERE { ?s ?p " .')).toThrow(/does not parse/);
  });

  it('gives a blank-node rule the same id whatever order its triples are read in (document or stored graph)', () => {
    // Several sh:declare, targets and condition constraints: read in document order and reversed (as a store may
    // hand them back), the compiled query — whose hash is the id of a blank-node rule — must not change.
    const turtle = `${PREFIXES}${SHAPES}
      ex:twoTargets a sh:NodeShape ; sh:targetClass ex:A , ex:B ; sh:targetNode ex:n1 , ex:n2 ;
        sh:rule [ a sh:SPARQLRule ; sh:prefixes ex:prefixes ; sh:construct "CONSTRUCT { $this ex:seen true } WHERE { }" ;
          sh:condition [ sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:maxCount 2 ; sh:hasValue ex:v ] ] ] .`;
    const quads = parseTurtle(turtle, 'http://example.org/');
    const compile = (q: typeof quads) => rulesFromSource({ ruleSet: 'test', source: 'test', quads: q }).map((r) => [r.id, r.query]).sort();
    const forward = compile(quads);
    expect(forward.filter(([id]) => /^(IEShape|twoTargets)-[0-9a-f]{8}$/.test(id))).toHaveLength(2);
    expect(compile([...quads].reverse())).toEqual(forward);
  });

  it('reads a cf:Rule written as INSERT … WHERE as the equivalent CONSTRUCT, and refuses other updates', async () => {
    const rules = (text: string) => rulesFromSource({ ruleSet: 'test', source: 'test',
      quads: parseTurtle(`${PREFIXES}ex:r a cf:Rule ; cf:construct """PREFIX ex: <http://example.org/> ${text}""" .`, 'http://example.org/') });
    const [rule] = rules('INSERT { ?d ex:hosts ?ie } WHERE { ?ie <https://w3id.org/aerOS/continuum#domain> ?d }');
    expect(rule.query).toMatch(/^PREFIX ex: <http:\/\/example.org\/>\nCONSTRUCT \{ \?d ex:hosts \?ie\. \}/);
    expect(rule.writes).toEqual(new Set(['http://example.org/hosts']));
    const store = new MemoryGraphStore();
    await store.load(PREFIXES + DATA, { format: 'text/turtle', graph: 'http://example.org/data' });
    await store.load(`${PREFIXES}ex:r a cf:Rule ; cf:construct """PREFIX ex: <http://example.org/>
      INSERT { ?d ex:hosts ?ie } WHERE { ?ie <https://w3id.org/aerOS/continuum#domain> ?d }""" .`, { format: 'text/turtle', graph: GRAPHS.rules });
    await new RuleEngine(store, { ruleFolder: null }).run();
    expect((await select(store, 'SELECT ?ie WHERE { ex:d1 ex:hosts ?ie } ORDER BY ?ie')).flat()).toEqual(['http://example.org/ie1', 'http://example.org/ie2', 'http://example.org/ie3', 'http://example.org/ie4']);
    for (const refused of [
      'DELETE { ?s ex:p ?o } INSERT { ?s ex:q ?o } WHERE { ?s ex:p ?o }',
      'INSERT DATA { ex:a ex:b ex:c }',
      'INSERT { GRAPH ex:g { ?s ex:q ?o } } WHERE { ?s ex:p ?o }',
      'WITH ex:g INSERT { ?s ex:q ?o } WHERE { ?s ex:p ?o }',
      'INSERT { ?s ex:q ?o } WHERE { ?s ex:p ?o } ; INSERT { ?s ex:r ?o } WHERE { ?s ex:p ?o }',
    ]) expect(() => rules(refused)).toThrow(/expected a SPARQL CONSTRUCT query or one INSERT/);
    expect(() => rules('INSERT { _:b ex:q ?o } WHERE { ?s ex:p ?o }')).toThrow(/blank nodes/);
  });
});
