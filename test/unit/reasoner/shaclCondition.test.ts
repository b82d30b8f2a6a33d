import oxigraph from 'oxigraph';
import N3 from 'n3';
import { ConditionCompiler } from '../../../reasoner/shaclCondition.js';

const PREFIXES = `@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n`;

const DATA = `
ex:Sub rdfs:subClassOf ex:Super .
ex:n1 a ex:Sub ; ex:tag "a" , "b" ; ex:level 3 ; ex:color ex:red ; ex:name "node-1" .
ex:n2 a ex:Other ; ex:tag "a" ; ex:level 7 ; ex:color ex:blue ; ex:name "x" .
ex:n3 ex:level "high" ; ex:link ex:n1 .
`;

/** The focus nodes among n1..n3 that conform to ex:cond, by the compiled FILTER over an oxigraph store. */
function conforming(shapes: string): string[] {
  const store = new N3.Store(new N3.Parser().parse(PREFIXES + shapes));
  const expression = new ConditionCompiler(store).compile([N3.DataFactory.namedNode('http://example.org/cond')]);
  const data = new oxigraph.Store();
  data.load(PREFIXES + DATA, { format: 'text/turtle' });
  const rows = data.query(`SELECT ?this WHERE { VALUES ?this { <http://example.org/n1> <http://example.org/n2> <http://example.org/n3> } FILTER(${expression}) } ORDER BY ?this`) as Map<string, oxigraph.Term>[];
  return rows.map((r) => r.get('this')!.value.replace('http://example.org/', ''));
}

describe('sh:condition compiled to one FILTER expression', () => {
  it('node-level sh:class follows rdfs:subClassOf in the data', () => {
    expect(conforming('ex:cond sh:class ex:Super .')).toEqual(['n1']);
  });

  it('sh:minCount and sh:maxCount count distinct values', () => {
    expect(conforming('ex:cond sh:property [ sh:path ex:tag ; sh:minCount 2 ] .')).toEqual(['n1']);
    expect(conforming('ex:cond sh:property [ sh:path ex:tag ; sh:maxCount 1 ] .')).toEqual(['n2', 'n3']);
    expect(conforming('ex:cond sh:property [ sh:path ex:tag ; sh:maxCount 0 ] .')).toEqual(['n3']);
  });

  it('value tests hold for every value: datatype, range, sh:in, sh:pattern', () => {
    expect(conforming('ex:cond sh:property [ sh:path ex:level ; sh:datatype xsd:integer ] .')).toEqual(['n1', 'n2']);
    expect(conforming('ex:cond sh:property [ sh:path ex:level ; sh:minInclusive 5 ; sh:minCount 1 ] .')).toEqual(['n2']);
    expect(conforming('ex:cond sh:property [ sh:path ex:color ; sh:in ( ex:red ex:green ) ; sh:minCount 1 ] .')).toEqual(['n1']);
    expect(conforming('ex:cond sh:property [ sh:path ex:name ; sh:pattern "^NODE-" ; sh:flags "i" ; sh:minCount 1 ] .')).toEqual(['n1']);
  });

  it('sh:or, sh:not and paths (inverse) compose', () => {
    expect(conforming('ex:cond sh:or ( [ sh:class ex:Other ] [ sh:property [ sh:path ex:link ; sh:minCount 1 ] ] ) .')).toEqual(['n2', 'n3']);
    expect(conforming('ex:cond sh:not [ sh:class ex:Super ] .')).toEqual(['n2', 'n3']);
    expect(conforming('ex:cond sh:property [ sh:path [ sh:inversePath ex:link ] ; sh:minCount 1 ] .')).toEqual(['n1']);
  });

  it('refuses a constraint it does not implement, by name', () => {
    expect(() => conforming('ex:cond sh:property [ sh:path ex:tag ; sh:uniqueLang true ] .')).toThrow(/sh:uniqueLang is not supported/);
  });
});
