/**
 * The rule graphs' net change kept as text (derivedChanges.ts): a triple with a plain key is written `s p o <g>` from
 * its key, which must be exactly what oxigraph prints for the quad (the write's text, the change map's identity), and
 * anything else through the quad; the texts make the same N-Quads as `toNQuads` of the quads.
 */
import oxigraph from 'oxigraph';
import { changedText, DerivedChanges, quadText } from '../../../reasoner/derivedChanges.js';
import { deltaPlan } from '../../../reasoner/deltaPlan.js';
import { KeyedTriple, key } from '../../../reasoner/deltaAtoms.js';
import { toNQuads } from '../../../fabric/store/rdfText.js';
import type { Rule } from '../../../reasoner/Rule.js';

const n = oxigraph.namedNode;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const objects: oxigraph.Quad['object'][] = [
  n('http://example.org/o'), oxigraph.literal('plain'), oxigraph.literal('say "hi"\\ \n\r\t'), oxigraph.literal('é 😀 ü'),
  oxigraph.literal('a\u0001b'), oxigraph.literal('x\u007f'), oxigraph.literal('Hallo', 'DE-at'), oxigraph.literal('12', n(`${XSD}integer`)),
  oxigraph.literal('s', n(`${XSD}string`)), oxigraph.literal('_:not a blank node'), oxigraph.blankNode('b1'),
  oxigraph.triple(n('http://example.org/a'), n('http://example.org/b'), oxigraph.literal('c')),
];
const subjects: oxigraph.Quad['subject'][] = [n('http://example.org/s'), n('http://example.org/s?q=1&r=%20#f'), oxigraph.blankNode('s1')];
const triples = subjects.flatMap((subject) => objects.map((object) => ({ subject, predicate: n('http://example.org/p'), object })));

function rule(id: string): Rule {
  return { id, ruleSet: 'test', kind: 'sparql', query: 'CONSTRUCT { ?s <http://example.org/q> ?o } WHERE { ?s <http://example.org/p> ?o }', reads: 'any', writes: 'any', source: 'test', order: 0, graph: `urn:graph:${id}`, premises: { predicates: new Set(), types: new Set(), variablePredicates: [], variableTypes: [], unknown: false } };
}

describe('derivedChanges', () => {
  it('writes a quad as oxigraph prints it, from the key when it is plain and through the quad otherwise', () => {
    let plain = 0;
    for (const t of triples) {
      const quad = oxigraph.quad(t.subject, t.predicate, t.object, n('urn:graph:r'));
      for (const triple of [t, { ...t, key: key(t) }, new KeyedTriple(key(t), oxigraph.quad(t.subject, t.predicate, t.object))]) {
        const written = quadText(triple, 'urn:graph:r');
        expect(written.text).toBe(quad.toString());
        if (written.quad) expect(written.quad.equals(quad)).toBe(true); else plain++;
      }
    }
    expect(plain).toBeGreaterThan(0); // plain keys (IRIs, literals without \u escapes) took the text path
    expect(quadText(triples[0], 'urn:graph:r').quad).toBeUndefined();
    expect(quadText({ ...triples[4], key: key(triples[4]) }, 'urn:graph:r').quad).toBeDefined(); // "a\u0001b": a \u escape
  });

  it('makes the N-Quads toNQuads makes of the quads, and the text parses back to them (blank-node labels kept)', () => {
    const changes = triples.map((t) => ({ text: quadText(t, 'urn:graph:r').text, triple: t }));
    const quads = triples.map((t) => oxigraph.quad(t.subject, t.predicate, t.object, n('urn:graph:r')));
    expect(changedText(changes)).toBe(toNQuads(quads));
    const parsed = oxigraph.parse(changedText(changes), { format: 'application/n-quads' });
    expect(parsed.map((q) => q.toString())).toEqual(quads.map((q) => q.toString()));
  });

  it('nets additions and removals of the same quad out, counting each per rule and in the derived total', () => {
    const plans = [deltaPlan(rule('a')), deltaPlan(rule('b'))];
    const changes = new DerivedChanges(plans, 10);
    const [t1, t2, t3] = triples;
    changes.note(t1, 'urn:graph:a', 1);
    changes.note(t2, 'urn:graph:a', 1);
    changes.note(t1, 'urn:graph:a', -1); // added then removed: no change
    changes.note(t1, 'urn:graph:b', 1); // another graph: another quad
    const stated = oxigraph.quad(t3.subject, t3.predicate, t3.object, n('urn:graph:b'));
    changes.note(t3, 'urn:graph:b', -1, stated);
    const net = changes.net();
    expect(net.added.map((c) => c.text).sort()).toEqual([quadText(t2, 'urn:graph:a').text, quadText(t1, 'urn:graph:b').text].sort());
    expect(net.removed.map((c) => c.text)).toEqual([stated.toString()]);
    expect(net.added.find((c) => c.text.endsWith('<urn:graph:b>'))?.triple).toBe(t1);
    expect(changes.of(plans[0].rule)).toMatchObject({ added: 2, removed: 1 });
    expect(changes.of(plans[1].rule)).toMatchObject({ added: 1, removed: 1 });
    expect(changes.derived).toBe(10 + 2 - 1 + 1 - 1);
  });
});
