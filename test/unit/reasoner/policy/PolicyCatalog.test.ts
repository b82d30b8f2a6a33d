/**
 * PolicyCatalog: the policies graph compiled, and compiled again only when it changed — on a store with a change
 * feed, after a change naming the policies graph (written around the API too); on a store with neither feed nor
 * counter, after `changed` (or RECHECK_MS). Policies that do not compile are listed as broken; every distinct target
 * test of the active SPARQL constraints is one `BIND(EXISTS …)` of the query that finds a check's affected nodes.
 */
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { PolicyCatalog } from '../../../../reasoner/policy/PolicyCatalog.js';
import { POLICY } from '../../../../reasoner/policy/policyVocabulary.js';

const PREFIXES = `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix cf: <https://w3id.org/continuum-fabric/ns#> .
@prefix aeros: <https://w3id.org/aerOS/continuum#> . @prefix ex: <http://example.org/policy#> .`;
const policy = (name: string, extra = '') => `${PREFIXES}
ex:${name} a sh:NodeShape , cf:Policy ; sh:targetSubjectsOf cf:infrastructureElement ; ${extra}
  sh:sparql [ a sh:SPARQLConstraint ; sh:select """SELECT $this WHERE { $this <https://w3id.org/continuum-fabric/ns#infrastructureElement> ?ie }""" ] .`;
const load = (store: { load: MemoryGraphStore['load'] }, text: string) => store.load(text, { format: 'text/turtle', graph: POLICY.graph });

describe('PolicyCatalog', () => {
  test('with a change feed: compiled again after a write to the policies graph (around the API), not after other writes', async () => {
    const store = new ObservedMemoryStore();
    const catalog = new PolicyCatalog(store);
    const empty = catalog.current();
    expect(empty.policies).toEqual([]);
    expect(empty.targetBinds).toBe('');
    await store.load('<urn:x> <urn:p> <urn:y> .', { format: 'application/n-triples' });
    expect(catalog.current()).toBe(empty);
    await load(store, policy('A'));
    const one = catalog.current();
    expect(one.policies.map((p) => p.iri)).toEqual(['http://example.org/policy#A']);
    expect(one.checkConstraints).toHaveLength(1);
    expect(one.targetBinds).toMatch(/^BIND\(EXISTS \{[\s\S]*\} AS \?__t0\)$/);
    expect(one.targetTests).toEqual([[0]]);
    expect(catalog.current()).toBe(one);
  });

  test('a policy that no longer compiles is listed as broken; a deactivated one has no branch in the targets query', async () => {
    const store = new ObservedMemoryStore();
    const catalog = new PolicyCatalog(store);
    await load(store, `${policy('B', 'sh:deactivated true ;')} ${policy('C')}`);
    await load(store, `${PREFIXES} ex:Broken a sh:NodeShape , cf:Policy ; sh:targetClass aeros:Service ;
      sh:sparql [ a sh:SPARQLConstraint ; sh:select "SELECT ?x WHERE { ?x ?p ?o }" ] .`);
    const compiled = catalog.current();
    expect(compiled.policies.map((p) => p.iri)).toEqual(['http://example.org/policy#B', 'http://example.org/policy#C']);
    expect(compiled.broken.map((b) => b.policy)).toEqual(['http://example.org/policy#Broken']);
    expect(compiled.checkConstraints.map(([p]) => p.iri)).toEqual(['http://example.org/policy#C']);
    expect(compiled.targetBinds).not.toContain('?__t1)');
  });

  test('constraints with the same targets share one target test; other targets get their own', async () => {
    const store = new ObservedMemoryStore();
    const catalog = new PolicyCatalog(store);
    await load(store, `${policy('E')} ${policy('F')} ${PREFIXES} ex:G a sh:NodeShape , cf:Policy ; sh:targetClass aeros:Service ;
      sh:sparql [ a sh:SPARQLConstraint ; sh:select "SELECT $this WHERE { ?c <https://w3id.org/aerOS/continuum#isPartOfService> $this }" ] .`);
    const compiled = catalog.current();
    expect(compiled.checkConstraints.map(([p]) => p.iri)).toEqual(['http://example.org/policy#E', 'http://example.org/policy#F', 'http://example.org/policy#G']);
    expect(compiled.targetTests).toEqual([[0, 1], [2]]);
    expect(compiled.targetBinds).toContain('AS ?__t1)');
    expect(compiled.targetBinds).not.toContain('?__t2)');
  });

  test('without feed or counter: a write around the API counts once `changed` is called', async () => {
    const store = new MemoryGraphStore();
    const catalog = new PolicyCatalog(store);
    const before = catalog.current();
    await load(store, policy('D'));
    catalog.changed();
    expect(catalog.current()).not.toBe(before);
    expect(catalog.current().policies.map((p) => p.iri)).toEqual(['http://example.org/policy#D']);
  });
});
