/**
 * reasoner/dataTripleCounts.ts: counts of data triples (quads outside the inferred graphs) kept from N-Quads
 * text, which may err only upwards: "held nowhere" must be true whenever they answer it.
 */
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { DataTripleCounts, statementKey } from '../../../reasoner/dataTripleCounts.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import { termSyntax } from '../../../fabric/rdf/termSyntax.js';

const n = oxigraph.namedNode;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const REIFIES = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies';

describe('DataTripleCounts', () => {
  it('gives one key to the spellings of one statement (oxigraph, termSyntax, escapes, explicit xsd:string)', () => {
    const literal = oxigraph.literal('a "quoted"\nline é', n(`${XSD}string`));
    const q = oxigraph.quad(n('urn:s'), n('urn:p'), literal, n('urn:g'));
    const spellings = [
      `${q.toString()} .`,
      `${termSyntax(q.subject)} ${termSyntax(q.predicate)} ${termSyntax(q.object)} ${termSyntax(q.graph)} .`,
      '<urn:s>  <urn:p>\t"a \\"quoted\\"\\nline \\u00E9"^^<http://www.w3.org/2001/XMLSchema#string> <urn:g>.',
    ];
    const keys = spellings.map(statementKey);
    expect(keys[0]).toEqual({ triple: '<urn:s> <urn:p> "a "quoted"\nline é"', graph: '<urn:g>' });
    expect(keys[1]).toEqual(keys[0]);
    expect(keys[2]).toEqual(keys[0]);
    const reifier = `<urn:r> <${REIFIES}> <<( <urn:s> <urn:p> "1"^^<${XSD}integer> )>> .`;
    expect(statementKey(reifier)).toEqual({ triple: `<urn:r> <${REIFIES}> <<(<urn:s> <urn:p> "1")>>`, graph: '' });
    expect(statementKey('_:b1 <urn:p> "x"@en _:g .')).toEqual({ triple: '_:b1 <urn:p> "x"', graph: '_:g' });
    expect(statementKey('<urn:s> <urn:p> .')).toBeUndefined();
  });

  it('never answers "held nowhere" for a triple some data graph holds (random commits vs the store)', async () => {
    const store = new ObservedMemoryStore();
    let counts = new DataTripleCounts([]);
    store.onCommit((record) => counts.apply(record.deletes, record.inserts));
    let seed = 7;
    const random = (k: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
    const graphs = [n('urn:g:1'), n('urn:g:2'), oxigraph.defaultGraph(), n(`${REASONER_GRAPHS.prefix}rules/r1`)];
    const objects = [n('urn:o:1'), oxigraph.literal('1', n(`${XSD}integer`)), oxigraph.literal('x\ty'),
      oxigraph.triple(n('urn:s:1'), n('urn:p:1'), oxigraph.literal('v'))];
    const quadAt = (): oxigraph.Quad => oxigraph.quad(n(`urn:s:${random(3)}`), n(`urn:p:${random(2)}`), objects[random(objects.length)] as oxigraph.Quad_Object, graphs[random(graphs.length)] as oxigraph.Quad_Graph);
    const triples = new Map<string, oxigraph.Quad>();
    let answeredNowhere = 0;
    for (let step = 0; step < 300; step++) {
      const inserts = Array.from({ length: random(4) }, quadAt);
      const deletes = store.match(null, null, null, null).filter(() => random(4) === 0) as oxigraph.Quad[];
      await store.commit({ deletes, inserts });
      for (const q of inserts) triples.set(`${oxigraph.triple(q.subject, q.predicate, q.object).toString()} .`, q);
      if (step === 150) {
        // A new start from the store's data (what a full run copies), then following records again.
        const data = store.match(null, null, null, null).filter((q) => !q.graph.value.startsWith(REASONER_GRAPHS.prefix) || q.graph.termType !== 'NamedNode');
        counts = new DataTripleCounts(data.map((q) => `${oxigraph.triple(q.subject, q.predicate, q.object).toString()} .`));
      }
      for (const [line, q] of triples) {
        const held = store.match(q.subject, q.predicate, q.object, null).some((h) => !(h.graph.termType === 'NamedNode' && h.graph.value.startsWith(REASONER_GRAPHS.prefix)));
        if (!counts.mayBeHeld(line)) {
          answeredNowhere++;
          expect(held).toBe(false);
        }
      }
    }
    expect(counts.enabled).toBe(true);
    expect(answeredNowhere).toBeGreaterThan(100); // the filter does answer, not only defer to the store
  });

  it('stops answering once an inserted line cannot be read', () => {
    const counts = new DataTripleCounts([]);
    expect(counts.mayBeHeld('<urn:s> <urn:p> <urn:o> .')).toBe(false);
    counts.apply('', '<urn:s> <urn:p> "broken .\n');
    expect(counts.enabled).toBe(false);
    expect(counts.mayBeHeld('<urn:s> <urn:p> <urn:o> .')).toBe(true);
  });
});
