/**
 * The incremental reasoner's write as text (derivedChanges.ts, writeDelta.ts commitInferredChange): to a store that
 * takes N-Quads text (NQuadsCommit, as the worker's replica does) the derived and provenance quads go as oxigraph prints
 * them — plain triples from their keys, the others (blank nodes, triple terms, \u escapes) through their quads — and
 * the store ends as the same batches leave a store that takes parsed quads, and as a run from scratch: through inserts,
 * a stated derived triple, deletes and a T-Box edit between batches.
 */
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import type { CommitReceipt } from '../../../fabric/store/GraphStore.js';
import { toNQuads } from '../../../fabric/store/rdfText.js';
import { RuleEngine } from '../../../reasoner/RuleEngine.js';
import type { IncrementalReasoner } from '../../../reasoner/IncrementalReasoner.js';
import type { NQuadsCommit } from '../../../reasoner/writeDelta.js';
import { PROV, REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import { ex, graphOf, startSubPropertyReasoner, sub } from './support/subPropertyReasoner.js';

const NQUADS = 'application/n-quads';

/** Commits N-Quads text by parsing it, keeping every text it was given. */
class TextStore extends ObservedMemoryStore implements NQuadsCommit {
  readonly texts: { deletes: string; inserts: string }[] = [];
  commitNQuads(deletes: string, inserts: string): Promise<CommitReceipt> {
    this.texts.push({ deletes, inserts });
    const parse = (text: string) => (text ? oxigraph.parse(text, { format: NQUADS }) : []);
    return this.commit({ deletes: parse(deletes), inserts: parse(inserts) });
  }
}

const g = ex('g');
const q = (s: oxigraph.Quad['subject'], p: string, o: oxigraph.Quad['object'], graph = g) => oxigraph.quad(s, ex(p), o, graph);
const inferred = (store: ObservedMemoryStore): string[] => store.match(null, null, null, null)
  .filter((x) => x.graph.value.startsWith(REASONER_GRAPHS.prefix) && x.graph.value !== REASONER_GRAPHS.provenance).map((x) => x.toString()).sort();
const provenanceCounts = (store: ObservedMemoryStore): Record<string, number> => Object.fromEntries(['sp', 'seen'].map((id) =>
  [id, Number(store.match(graphOf(id), oxigraph.namedNode(PROV.tripleCount), null, oxigraph.namedNode(REASONER_GRAPHS.provenance))[0]?.object.value)]));
const sizes = (store: ObservedMemoryStore): Record<string, number> => Object.fromEntries(['sp', 'seen'].map((id) => [id, store.match(null, null, null, graphOf(id)).length]));

/** The batches: each a change and the kind of run it makes. */
const batches: { deletes: oxigraph.Quad[]; inserts: oxigraph.Quad[]; kind: string }[] = [
  { deletes: [], kind: 'incremental', inserts: [
    q(ex('a'), 'p', ex('o')), q(ex('a'), 'p', oxigraph.literal('say "hi"\n')), q(ex('a'), 'p', oxigraph.literal('Hallo', 'de')),
    q(ex('a'), 'p', oxigraph.literal('a\u0001b')), q(oxigraph.blankNode('b1'), 'p', ex('o')), q(ex('b'), 'p', oxigraph.blankNode('b2')),
    q(ex('c'), 'p', oxigraph.triple(ex('x'), ex('y'), oxigraph.literal('z'))), q(ex('d'), 'p', ex('o')),
  ] },
  { deletes: [], inserts: [q(ex('a'), 'q', ex('o'))], kind: 'incremental' }, // a derived triple now stated
  { deletes: [q(ex('d'), 'p', ex('o')), q(ex('a'), 'p', oxigraph.literal('a\u0001b'))], inserts: [q(ex('d'), 'q', ex('o'), ex('g2'))], kind: 'incremental' },
  { deletes: [], inserts: [sub('q', 'r')], kind: 'full' }, // T-Box edit: a full run
  { deletes: [], inserts: [q(ex('e'), 'p', oxigraph.literal('12', oxigraph.namedNode('http://www.w3.org/2001/XMLSchema#integer'))), q(ex('e'), 'r', ex('o'))], kind: 'incremental' },
  { deletes: [q(ex('a'), 'q', ex('o')), q(oxigraph.blankNode('b1'), 'p', ex('o'))], inserts: [], kind: 'incremental' },
];

describe('IncrementalReasoner, its write as N-Quads text', () => {
  const reasoners: IncrementalReasoner[] = [];
  afterEach(async () => { for (const r of reasoners.splice(0)) await r.stop(); });

  it('writes what the quads would, ends as a store taking quads does and as a run from scratch', async () => {
    const text = await startSubPropertyReasoner(new TextStore());
    const quads = await startSubPropertyReasoner();
    reasoners.push(text.reasoner, quads.reasoner);
    for (const batch of batches) {
      for (const side of [text, quads]) {
        await side.store.commit({ deletes: batch.deletes, inserts: batch.inserts });
        expect(await side.reasoner.flush()).toMatchObject({ kind: batch.kind });
        expect(provenanceCounts(side.store)).toEqual(sizes(side.store));
      }
      expect(inferred(text.store)).toEqual(inferred(quads.store));
    }
    // Every text is N-Quads as toNQuads prints its quads; plain and other triples were both written.
    expect(text.store.texts.length).toBeGreaterThanOrEqual(5);
    for (const { deletes, inserts } of text.store.texts) {
      for (const t of [deletes, inserts]) expect(toNQuads(oxigraph.parse(t, { format: NQUADS }))).toBe(t);
    }
    const written = text.store.texts.map((t) => t.inserts).join('');
    expect(written).toContain(`<http://example.org/a> <http://example.org/q> "say \\"hi\\"\\n" <${graphOf('sp').value}> .`);
    expect(written).toContain(`<http://example.org/a> <http://example.org/q> "a\\u0001b" <${graphOf('sp').value}> .`);
    expect(written).toContain(`_:b1 <http://example.org/q> <http://example.org/o> <${graphOf('sp').value}> .`);
    expect(written).toContain(`<http://example.org/c> <http://example.org/q> <<( <http://example.org/x> <http://example.org/y> "z" )>> <${graphOf('sp').value}> .`);
    expect(text.store.texts.map((t) => t.deletes).join('')).toContain(`<http://example.org/d> <http://example.org/q> <http://example.org/o> <${graphOf('sp').value}> .`);

    // A run from scratch over the same data derives the same.
    const incremental = inferred(text.store);
    for (const r of reasoners.splice(0)) await r.stop();
    await new RuleEngine(text.store, { ruleFolder: null }).run();
    expect(inferred(text.store)).toEqual(incremental);
  });
});
