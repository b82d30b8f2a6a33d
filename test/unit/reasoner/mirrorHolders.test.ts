import oxigraph from 'oxigraph';
import { namedGraphsHolding, writableAsValues } from '../../../reasoner/mirrorHolders.js';
import { SeededRandom } from '../../../fabric/demo/SeededRandom.js';

const n = oxigraph.namedNode;
const ex = (local: string) => n(`http://example.org/${local}`);
const keyOf = (t: { subject: oxigraph.Term; predicate: oxigraph.Term; object: oxigraph.Term }) => `${t.subject.toString()} ${t.predicate.toString()} ${t.object.toString()}`;

/** The graphs holding a triple, by one match each (what namedGraphsHolding stands for). */
function byMatch(store: oxigraph.Store, t: oxigraph.Quad): string[] {
  return store.match(t.subject, t.predicate, t.object, null).filter((q) => q.graph.termType === 'NamedNode').map((q) => q.graph.value).sort();
}

describe('namedGraphsHolding', () => {
  const objects: oxigraph.Quad['object'][] = [
    ex('o'), oxigraph.literal('plain'), oxigraph.literal('a "quoted"\nline\twith \\ backslash'), oxigraph.literal('1.50', n('http://www.w3.org/2001/XMLSchema#double')),
    oxigraph.literal('01', n('http://www.w3.org/2001/XMLSchema#integer')), oxigraph.literal('x', 'en-US'), oxigraph.literal('bell\u0007 nul\u0000'), oxigraph.literal('é 😀'),
    oxigraph.blankNode('b1'), oxigraph.triple(ex('a'), ex('b'), oxigraph.literal('c d')), oxigraph.triple(ex('a'), ex('b'), ex('c')),
  ];

  it('answers what one match per triple answers, for random triples in several graphs (IRIs, literals, blank nodes, triple terms)', () => {
    const random = new SeededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)];
    const subjects = [ex('s1'), ex('s2'), oxigraph.blankNode('s3'), ex('never-stored')];
    const graphs = [ex('g1'), ex('g2'), oxigraph.defaultGraph(), oxigraph.blankNode('g3')];
    const store = new oxigraph.Store();
    const triples: oxigraph.Quad[] = [];
    for (let i = 0; i < 1500; i++) {
      const t = oxigraph.quad(pick(subjects), pick([ex('p'), ex('q')]), pick(objects), pick(graphs));
      if (random.next() < 0.6 && !t.subject.equals(ex('never-stored'))) store.add(t);
      triples.push(t);
    }
    // 1,500 triples: rows in more than one query (500 each), the rest by match.
    const answer = namedGraphsHolding(store, triples.map((t) => ({ subject: t.subject, predicate: t.predicate, object: t.object, key: keyOf(t) })));
    expect(answer.map((graphs) => [...graphs].sort())).toEqual(triples.map((t) => byMatch(store, t)));
    expect(answer.some((graphs) => graphs.length === 2)).toBe(true);
    expect(answer.some((graphs) => graphs.length === 0)).toBe(true);
  });

  it('writes IRIs and literals as rows; blank nodes, triple terms and \\u escapes go to match', () => {
    const writable = objects.map((o) => writableAsValues(keyOf(oxigraph.triple(ex('s'), ex('p'), o))));
    expect(writable).toEqual([true, true, true, true, true, true, false, true, false, false, false]);
    expect(writableAsValues(keyOf(oxigraph.triple(oxigraph.blankNode('x'), ex('p'), ex('o'))))).toBe(false);
  });
});
