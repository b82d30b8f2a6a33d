import oxigraph from 'oxigraph';
import { bindPattern, boundConstruct, deltaPlan, reachesOpaque } from '../../../reasoner/deltaPlan.js';
import type { Rule } from '../../../reasoner/Rule.js';

const PREFIXES = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX ex: <http://example.org/>';
const n = oxigraph.namedNode;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SUB_CLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';

function rule(query: string): Rule {
  return { id: 'r', ruleSet: 'test', kind: 'sparql', query: `${PREFIXES} ${query}`, reads: 'any', writes: 'any', source: 'test', order: 0, graph: 'urn:g', premises: { predicates: new Set(), types: new Set(), variablePredicates: [], variableTypes: [], unknown: false } };
}

describe('deltaPlan', () => {
  it('keeps plain patterns of the conjunctive part and UNION branches, and marks path IRIs opaque', () => {
    const plan = deltaPlan(rule('CONSTRUCT { ?o ?q ?s } WHERE { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } ?s ?p ?o . ?q rdfs:subClassOf+ ?z }'));
    expect(plan.patterns.map((p) => `${p.subject.value} ${p.predicate.value} ${p.object.value}`)).toEqual([
      'p http://www.w3.org/2002/07/owl#inverseOf q', 'q http://www.w3.org/2002/07/owl#inverseOf p', 's p o',
    ]);
    expect(reachesOpaque(plan, oxigraph.quad(n('ex:a'), n(SUB_CLASS), n('ex:b')))).toBe(true);
    expect(reachesOpaque(plan, oxigraph.quad(n('ex:a'), n('http://www.w3.org/2002/07/owl#inverseOf'), n('ex:b')))).toBe(false);
  });

  it('treats OPTIONAL, MINUS and NOT EXISTS patterns as opaque (classes of rdf:type patterns by class)', () => {
    const plan = deltaPlan(rule(`CONSTRUCT { ?x a ex:Lonely } WHERE { ?x a ex:Machine OPTIONAL { ?x ex:label ?l }
      MINUS { ?x ex:retired true } FILTER NOT EXISTS { ?x a ex:Paired } }`));
    expect(plan.patterns).toHaveLength(1);
    const typed = (c: string) => oxigraph.quad(n('ex:m'), n(RDF_TYPE), n(`http://example.org/${c}`));
    expect(reachesOpaque(plan, typed('Paired'))).toBe(true);
    expect(reachesOpaque(plan, typed('Machine'))).toBe(false);
    for (const p of ['label', 'retired']) expect(reachesOpaque(plan, oxigraph.quad(n('ex:m'), n(`http://example.org/${p}`), oxigraph.literal('x')))).toBe(true);
  });

  it('binds a changed triple to a pattern: constants must match, a repeated variable must bind one term, blank nodes stay UNDEF', () => {
    const plan = deltaPlan(rule('CONSTRUCT { ?x ex:self ?x } WHERE { ?x ex:knows ?x . ?y ex:temp ?t }'));
    const [knows, temp] = plan.patterns;
    const text = (row: Record<string, oxigraph.Term> | undefined) => row && Object.entries(row).map(([k, v]) => `${k}=${v.toString()}`);
    expect(text(bindPattern(knows, oxigraph.quad(n('ex:a'), n('http://example.org/knows'), n('ex:a'))))).toEqual(['?x=<ex:a>']);
    expect(bindPattern(knows, oxigraph.quad(n('ex:a'), n('http://example.org/knows'), n('ex:b')))).toBeUndefined();
    expect(bindPattern(knows, oxigraph.quad(n('ex:a'), n('http://example.org/other'), n('ex:a')))).toBeUndefined();
    const row = bindPattern(temp, oxigraph.quad(oxigraph.blankNode('b1'), n('http://example.org/temp'), oxigraph.literal('7', n('http://www.w3.org/2001/XMLSchema#integer'))));
    expect(Object.keys(row!)).toEqual(['?t']);
  });

  it('evaluates only the derivations involving the bound triples', () => {
    const plan = deltaPlan(rule('CONSTRUCT { ?x a ?super } WHERE { ?sub rdfs:subClassOf+ ?super . ?x a ?sub }'));
    const store = new oxigraph.Store();
    store.load(`@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <http://example.org/> .
      ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:C . ex:x a ex:A . ex:y a ex:A .`, { format: 'text/turtle' });
    const typeOfX = plan.patterns.find((p) => p.predicate.value === RDF_TYPE)!;
    const row = bindPattern(typeOfX, oxigraph.quad(n('http://example.org/x'), n(RDF_TYPE), n('http://example.org/A')))!;
    const found = (store.query(boundConstruct(plan, [row])) as oxigraph.Quad[]).map((q) => `${q.subject.value} ${q.object.value}`).sort();
    expect(found).toEqual(['http://example.org/x http://example.org/B', 'http://example.org/x http://example.org/C']);
  });

  it('binds RDF 1.2 triple terms (NGSI-LD reifiers) and rows with UNDEF in a VALUES block oxigraph accepts', () => {
    const plan = deltaPlan(rule('CONSTRUCT { ?s ?q ?o } WHERE { ?s ?p ?o . ?p rdfs:subPropertyOf ?q }'));
    const store = new oxigraph.Store();
    store.load(`@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <http://example.org/> .
      ex:reifies rdfs:subPropertyOf ex:about .`, { format: 'text/turtle' });
    const tripleTerm = oxigraph.triple(n('http://example.org/ie'), n('http://example.org/cpu'), oxigraph.literal('4', n('http://www.w3.org/2001/XMLSchema#integer')));
    const changed = oxigraph.quad(n('http://example.org/r1'), n('http://example.org/reifies'), tripleTerm);
    store.add(changed);
    const [statement] = plan.patterns;
    const rows = [bindPattern(statement, changed)!, bindPattern(statement, oxigraph.quad(oxigraph.blankNode('b'), n('http://example.org/other'), n('http://example.org/x')))!];
    expect(Object.keys(rows[0])).toEqual(['?s', '?p', '?o']);
    const found = store.query(boundConstruct(plan, rows)) as oxigraph.Quad[];
    expect(found.map((q) => `${q.subject.value} ${q.predicate.value}`)).toEqual(['http://example.org/r1 http://example.org/about']);
    expect(found[0].object.equals(tripleTerm)).toBe(true);
  });

  it('with unknownOnly, constructs only the derived triples the queried graphs do not hold (one-triple templates)', () => {
    const plan = deltaPlan(rule('CONSTRUCT { ?s ?q ?o } WHERE { ?s ?p ?o . ?p rdfs:subPropertyOf ?q }'));
    const store = new oxigraph.Store();
    store.load(`@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <http://example.org/> .
      ex:cpu rdfs:subPropertyOf ex:load . ex:a ex:cpu 1 . ex:b ex:cpu 2 .`, { format: 'text/turtle' });
    store.add(oxigraph.quad(n('http://example.org/a'), n('http://example.org/load'), oxigraph.literal('1', n('http://www.w3.org/2001/XMLSchema#integer')), n('urn:g')));
    const [statement] = plan.patterns;
    const rows = store.match(null, n('http://example.org/cpu'), null, null).map((q) => bindPattern(statement, q)!);
    const options = { default_graph: [oxigraph.defaultGraph(), n('urn:g')] };
    const subjects = (query: string) => (store.query(query, options) as oxigraph.Quad[]).map((q) => q.subject.value).sort();
    expect(subjects(boundConstruct(plan, rows))).toEqual(['http://example.org/a', 'http://example.org/b']);
    expect(subjects(boundConstruct(plan, rows, undefined, { unknownOnly: true }))).toEqual(['http://example.org/b']);
    // Two template triples: a solution may give one known and one unknown triple, so nothing is filtered.
    const two = deltaPlan(rule('CONSTRUCT { ?s ?q ?o . ?o ex:seenBy ?s } WHERE { ?s ?p ?o . ?p rdfs:subPropertyOf ?q }'));
    expect(boundConstruct(two, rows, undefined, { unknownOnly: true })).toBe(boundConstruct(two, rows));
    expect(boundConstruct(plan, rows, undefined, { unknownOnly: true })).toMatch(/NOT EXISTS/);
  });
});
