import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { boundConstruct, bindPattern, deltaPlan } from '../../../reasoner/deltaPlan.js';
import { closureLookup, ClosureLookups, type LookupTriple } from '../../../reasoner/closureLookup.js';
import type { Rule } from '../../../reasoner/Rule.js';
import { packageRoot } from '../../../fabric/validation/modelFiles.js';

const PREFIXES = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX ex: <http://example.org/>';
const n = oxigraph.namedNode;
const EX = 'http://example.org/';

function rule(query: string): Rule {
  return { id: 'r', ruleSet: 'test', kind: 'sparql', query: `${PREFIXES} ${query}`, reads: 'any', writes: 'any', source: 'test', order: 0, graph: 'urn:g', premises: { predicates: new Set(), types: new Set(), variablePredicates: [], variableTypes: [], unknown: false } };
}

/** The built-in rules' CONSTRUCTs (shapes/rules/rdfs-owl.ttl), by id. */
function builtIn(id: string): string {
  const text = readFileSync(join(packageRoot(), 'shapes', 'rules', 'rdfs-owl.ttl'), 'utf8');
  const at = text.indexOf(`rules:${id} a cf:Rule`);
  const start = text.indexOf('"""', at) + 3;
  return text.slice(start, text.indexOf('"""', start));
}

const SUB_PROPERTY = builtIn('subproperty-statement');
const SUB_CLASS = builtIn('subclass-type');

const lookupTriple = (q: oxigraph.Quad): LookupTriple => ({ t: { subject: q.subject, predicate: q.predicate, object: q.object }, texts: [q.subject.toString(), q.predicate.toString(), q.object.toString()] });
const keys = (triples: readonly { subject: oxigraph.Term; predicate: oxigraph.Term; object: oxigraph.Term }[]): string[] =>
  [...new Set(triples.map((t) => `${t.subject.toString()} ${t.predicate.toString()} ${t.object.toString()}`))].sort();

const schema = `@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <${EX}> .
  ex:p rdfs:subPropertyOf ex:q . ex:q rdfs:subPropertyOf ex:r . ex:r rdfs:subPropertyOf ex:p . ex:q rdfs:subPropertyOf "not an IRI" .
  ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf [ rdfs:label "a restriction" ] . ex:B rdfs:subClassOf ex:A .
  ex:x ex:p "1" . ex:x ex:p ex:y . ex:y ex:q ex:x . ex:x a ex:A . _:b ex:p ex:x . ex:x ex:p _:c .`;

function storeWith(): oxigraph.Store {
  const store = new oxigraph.Store();
  store.load(schema, { format: 'text/turtle' });
  return store;
}

describe('closureLookup', () => {
  it('recognises the built-in rdfs7 / rdfs9 rules and nothing with a second premise, a filter on other variables or a data-reading filter', () => {
    expect(closureLookup(deltaPlan(rule(SUB_PROPERTY)))?.keys).toEqual(['sub']);
    expect(closureLookup(deltaPlan(rule(SUB_CLASS)))?.keys).toEqual(['sub']);
    expect(closureLookup(deltaPlan(rule(builtIn('inverse-of'))))).toBeUndefined(); // UNION, and its filter reads ?o
    expect(closureLookup(deltaPlan(rule(builtIn('equivalent-property'))))).toBeUndefined(); // no path, two template triples
    expect(closureLookup(deltaPlan(rule(builtIn('subproperty-transitive'))))).toBeUndefined(); // its filter reads ?p, bound by the plain pattern only
    expect(closureLookup(deltaPlan(rule('CONSTRUCT { ?s ?r ?o } WHERE { ?p rdfs:subPropertyOf+ ?r . ?s ?p ?o . FILTER(isIRI(?o)) }')))).toBeUndefined();
    expect(closureLookup(deltaPlan(rule('CONSTRUCT { ?s ?r ?o } WHERE { ?p rdfs:subPropertyOf+ ?r . ?s ?p ?o . FILTER NOT EXISTS { ?r a ex:Hidden } }')))).toBeUndefined();
    expect(closureLookup(deltaPlan(rule('CONSTRUCT { ?s ?r ?o } WHERE { ?p rdfs:subPropertyOf+ ?r . ?s ?p ?o . ?o ex:q ?z }')))).toBeUndefined();
  });

  for (const [name, query] of [['subproperty-statement', SUB_PROPERTY], ['subclass-type', SUB_CLASS]] as const) {
    it(`${name}: the heads are what the rule's delta query constructs for the same triples; blank nodes go to the query`, () => {
      const store = storeWith();
      const plan = deltaPlan(rule(query));
      const lookup = closureLookup(plan)!;
      const changed = (store.match(null, null, null, null) as oxigraph.Quad[]).map(lookupTriple);
      const asked: string[] = [];
      const lookups = new ClosureLookups((q) => { asked.push(q); return store.query(q) as Map<string, oxigraph.Term>[]; });
      const { heads, rest, bound } = lookups.heads(lookup, changed);
      expect(rest.map((t) => `${t.texts[0]} ${t.texts[2]}`).every((t) => t.includes('_:'))).toBe(true);
      expect(bound + rest.length).toBeLessThanOrEqual(changed.length);
      const looked = changed.filter((t) => !rest.includes(t));
      const rows = looked.map((t) => bindPattern(plan.patterns[0], t.t)).filter((r) => r !== undefined);
      const expected = store.query(boundConstruct(plan, rows)) as oxigraph.Quad[];
      expect(keys(heads)).toEqual(keys(expected));
      expect(heads.length).toBeGreaterThan(0);
      for (const head of heads) expect(head.key).toBe(`${head.subject.toString()} ${head.predicate.toString()} ${head.object.toString()}`);
      // Asked once per key: the same triples again need no query.
      expect(asked).toHaveLength(1);
      expect(keys(lookups.heads(lookup, changed).heads)).toEqual(keys(heads));
      expect(asked).toHaveLength(1);
    });
  }

  it('subclass-type keeps a blank-node superclass (as CONSTRUCT does) and drops nothing the filter keeps', () => {
    const store = storeWith();
    const lookup = closureLookup(deltaPlan(rule(SUB_CLASS)))!;
    const typed = store.match(n(`${EX}x`), null, n(`${EX}A`), null) as oxigraph.Quad[];
    const { heads } = new ClosureLookups((q) => store.query(q) as Map<string, oxigraph.Term>[]).heads(lookup, typed.map(lookupTriple));
    expect(heads.map((h) => h.object.termType).sort()).toEqual(['BlankNode', 'NamedNode']); // ex:B, the restriction; not ex:A itself
  });

  it('subproperty-statement leaves out a literal super-property (isIRI) and the property itself', () => {
    const store = storeWith();
    const lookup = closureLookup(deltaPlan(rule(SUB_PROPERTY)))!;
    const stated = store.match(n(`${EX}x`), n(`${EX}p`), n(`${EX}y`), null) as oxigraph.Quad[];
    const { heads } = new ClosureLookups((q) => store.query(q) as Map<string, oxigraph.Term>[]).heads(lookup, stated.map(lookupTriple));
    expect(heads.map((h) => h.predicate.value).sort()).toEqual([`${EX}q`, `${EX}r`]);
  });
});
