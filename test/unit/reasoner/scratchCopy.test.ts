import oxigraph from 'oxigraph';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { SCRATCH_DATA_GRAPH, scratchCopy } from '../../../reasoner/scratchCopy.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';

describe('scratchCopy', () => {
  it('merges every graph but the inferred ones into the data graph, keeping blank-node labels', async () => {
    const store = new MemoryGraphStore();
    const inferred = REASONER_GRAPHS.inferred('set', 'rule');
    await store.commit({
      deletes: [],
      inserts: [
        // default graph, object = a graph name and a literal that looks like a graph term
        oxigraph.quad(oxigraph.namedNode('http://e/s'), oxigraph.namedNode('http://e/p'), oxigraph.namedNode('http://e/g'), oxigraph.defaultGraph()),
        oxigraph.quad(oxigraph.namedNode('http://e/s'), oxigraph.namedNode('http://e/p'), oxigraph.literal('a <http://e/g> .'), oxigraph.defaultGraph()),
        oxigraph.quad(oxigraph.namedNode('http://e/s'), oxigraph.namedNode('http://e/q'), oxigraph.blankNode('b1'), oxigraph.namedNode('http://e/g')),
        oxigraph.quad(oxigraph.blankNode('b1'), oxigraph.namedNode('http://e/q'), oxigraph.literal('x'), oxigraph.blankNode('g2')),
        oxigraph.quad(oxigraph.namedNode('http://e/s'), oxigraph.namedNode('http://e/old'), oxigraph.literal('derived'), oxigraph.namedNode(inferred)),
        // an inferred graph IRI as data in an ordinary graph stays
        oxigraph.quad(oxigraph.namedNode('http://e/note'), oxigraph.namedNode('http://e/about'), oxigraph.namedNode(inferred), oxigraph.namedNode('http://e/g')),
      ],
    });
    const scratch = scratchCopy(store);
    const lines = scratch.dump({ format: 'application/n-triples', from_graph_name: oxigraph.namedNode(SCRATCH_DATA_GRAPH) }).split('\n').filter(Boolean).sort();
    expect(lines).toEqual([
      '<http://e/note> <http://e/about> <https://w3id.org/continuum-fabric/graph/inferred/set/rule> .',
      '<http://e/s> <http://e/p> "a <http://e/g> ." .',
      '<http://e/s> <http://e/p> <http://e/g> .',
      '<http://e/s> <http://e/q> _:b1 .',
      '_:b1 <http://e/q> "x" .',
    ]);
    expect(scratch.size).toBe(5);
  });

  it('gives the same scratch store whatever the load slices, and observes every copied line', async () => {
    const store = new MemoryGraphStore();
    const inserts: oxigraph.Quad[] = [];
    for (let i = 0; i < 40; i++) {
      const g = oxigraph.namedNode(`http://e/g${i % 7}`);
      const object = i % 5 === 0 ? oxigraph.blankNode(`b${i}`) : oxigraph.literal(`v${i}`);
      inserts.push(oxigraph.quad(oxigraph.namedNode(`http://e/s${i}`), oxigraph.namedNode('http://e/p'), object, g));
      inserts.push(oxigraph.quad(oxigraph.namedNode(`http://e/s${i}`), oxigraph.namedNode('http://e/q'), oxigraph.namedNode('http://e/o'), i % 3 === 0 ? oxigraph.defaultGraph() : g));
    }
    await store.commit({ deletes: [], inserts });
    const dumped = (scratch: oxigraph.Store) => scratch.dump({ format: 'application/n-triples', from_graph_name: oxigraph.namedNode(SCRATCH_DATA_GRAPH) }).split('\n').filter(Boolean).sort();
    let observed: readonly string[] = [];
    const whole = scratchCopy(store, (lines) => { observed = lines; });
    const sliced = scratchCopy(store, undefined, { sliceChars: 60 });
    expect(dumped(whole)).toHaveLength(80);
    expect(dumped(sliced)).toEqual(dumped(whole));
    expect([...observed].sort()).toEqual(dumped(whole));
    expect(dumped(whole).filter((l) => l.includes('_:b'))).toHaveLength(8);
  });
});
