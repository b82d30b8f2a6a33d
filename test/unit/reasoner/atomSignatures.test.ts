import oxigraph from 'oxigraph';
import { FrontierSignatures, SignatureMemo } from '../../../reasoner/atomSignatures.js';
import { atom } from '../../../reasoner/deltaAtoms.js';
import { premiseSignature } from '../../../reasoner/premiseSignature.js';
import type { Guard } from '../../../reasoner/premiseSignature.js';

const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
const RDF_TYPE = oxigraph.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const triple = (s: string, p: oxigraph.NamedNode, o: oxigraph.NamedNode) => atom(oxigraph.triple(ex(s), p, o) as never);

describe('FrontierSignatures', () => {
  it('groups a frontier by predicate and, for rdf:type, class; the same frontier is not grouped twice', () => {
    const frontier = [triple('a', ex('p'), ex('x')), triple('b', RDF_TYPE, ex('C')), triple('c', ex('p'), ex('y')), triple('d', RDF_TYPE, ex('D')), triple('e', RDF_TYPE, ex('C'))];
    const signatures = new FrontierSignatures();
    const grouped = signatures.of(frontier);
    expect(grouped.signatures.map((a) => [a.predicate, a.type])).toEqual([
      ['http://example.org/p', undefined], [RDF_TYPE.value, 'http://example.org/C'], [RDF_TYPE.value, 'http://example.org/D'],
    ]);
    expect(grouped.of).toEqual([0, 1, 0, 2, 1]);
    expect(signatures.of(frontier)).toBe(grouped);
    expect(signatures.of([...frontier])).not.toBe(grouped);
  });
});

describe('SignatureMemo', () => {
  // A guarded variable predicate: ?x ?p ?y with ?p rdfs:subPropertyOf ?q — the guard is checked against the data.
  const signature = premiseSignature('CONSTRUCT { ?x ?q ?y } WHERE { ?x ?p ?y . ?p <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> ?q }', 'sub');
  it('asks the guard once per signature until cleared, and answers as isAffected does', () => {
    const asked: string[] = [];
    const memo = new SignatureMemo((iri: string, _guard: Guard) => { asked.push(iri); return iri === 'http://example.org/p'; });
    expect(memo.accepts('sub', signature, triple('a', ex('p'), ex('x')))).toBe(true);
    expect(memo.accepts('sub', signature, triple('b', ex('p'), ex('y')))).toBe(true);
    expect(memo.accepts('sub', signature, triple('c', ex('r'), ex('y')))).toBe(false);
    const afterFirst = asked.length;
    expect(afterFirst).toBeGreaterThan(0);
    expect(memo.accepts('sub', signature, triple('d', ex('r'), ex('z')))).toBe(false);
    expect(asked).toHaveLength(afterFirst);
    memo.clear();
    expect(memo.accepts('sub', signature, triple('e', ex('r'), ex('z')))).toBe(false);
    expect(asked.length).toBeGreaterThan(afterFirst);
  });
});
