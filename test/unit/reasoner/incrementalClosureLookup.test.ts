/**
 * The incremental reasoner with closure lookups (closureLookup.ts): rdfs7 over a changing T-Box. The super-properties
 * are looked up once per batch; an rdfs:subPropertyOf edit between batches makes a full run, and the next batch looks
 * them up again in the new state.
 */
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS, RDFS } from '../../../fabric/rdf/namespaces.js';
import { RuleEngine } from '../../../reasoner/RuleEngine.js';
import { IncrementalReasoner } from '../../../reasoner/IncrementalReasoner.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';

const RULES = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <http://example.org/> .
ex:sp a cf:Rule ; cf:construct """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?s ?super ?o . } WHERE { ?sub rdfs:subPropertyOf+ ?super . FILTER(?sub != ?super && isIRI(?super)) ?s ?sub ?o . }""" .
ex:seen a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/seen> ?y } WHERE { ?x <http://example.org/q> ?y }" .
`;

const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
const graphOf = (id: string) => oxigraph.namedNode(REASONER_GRAPHS.inferred('graph', id));
const entity = ex('g');
const sub = (a: string, b: string) => oxigraph.quad(ex(a), oxigraph.namedNode(`${RDFS}subPropertyOf`), ex(b), oxigraph.namedNode(GRAPHS.ontology));
const fact = (s: oxigraph.NamedNode | oxigraph.BlankNode, p: string, o: string) => oxigraph.quad(s, ex(p), ex(o), entity);
const inGraph = (store: ObservedMemoryStore, s: oxigraph.NamedNode | oxigraph.BlankNode, p: string, o: string, rule: string): boolean =>
  store.has(oxigraph.quad(s, ex(p), ex(o), graphOf(rule)));

describe('IncrementalReasoner with closure lookups', () => {
  let reasoner: IncrementalReasoner | undefined;
  afterEach(async () => { await reasoner?.stop(); });

  it('derives along the super-properties of the batch\'s state, a T-Box edit between batches included', async () => {
    const store = new ObservedMemoryStore();
    await store.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
    await store.commit({ deletes: [], inserts: [sub('p', 'q')] });
    reasoner = new IncrementalReasoner(store, new RuleEngine(store, { ruleFolder: null }), { debounceMs: 60_000 });
    await reasoner.start();

    const blank = oxigraph.blankNode('b1');
    await store.commit({ deletes: [], inserts: [fact(ex('s'), 'p', 'o'), fact(blank, 'p', 'o'), fact(ex('t'), 'q', 'o')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental', rulesRun: ['seen', 'sp'] });
    expect(inGraph(store, ex('s'), 'q', 'o', 'sp')).toBe(true);
    expect(inGraph(store, ex('s'), 'seen', 'o', 'seen')).toBe(true); // the next round reads the looked-up head
    expect(inGraph(store, blank, 'q', 'o', 'sp')).toBe(true); // through the rule's query, with the store's label
    expect(inGraph(store, ex('t'), 'seen', 'o', 'seen')).toBe(true);

    // A head the data states is not derived again.
    await store.commit({ deletes: [], inserts: [fact(ex('u'), 'q', 'o'), fact(ex('u'), 'p', 'o')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(inGraph(store, ex('u'), 'q', 'o', 'sp')).toBe(false);
    expect(store.has(fact(ex('u'), 'q', 'o'))).toBe(true);

    await store.commit({ deletes: [], inserts: [sub('q', 'r')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'full', fullReason: expect.stringContaining('property path') });
    expect(inGraph(store, ex('s'), 'r', 'o', 'sp')).toBe(true);
    await store.commit({ deletes: [], inserts: [fact(ex('s2'), 'p', 'o2')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    for (const p of ['q', 'r']) expect(inGraph(store, ex('s2'), p, 'o2', 'sp')).toBe(true);

    await store.commit({ deletes: [sub('q', 'r')], inserts: [] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'full' });
    await store.commit({ deletes: [fact(ex('s'), 'p', 'o')], inserts: [fact(ex('s3'), 'p', 'o3')] });
    expect(await reasoner.flush()).toMatchObject({ kind: 'incremental' });
    expect(inGraph(store, ex('s3'), 'q', 'o3', 'sp')).toBe(true);
    expect(inGraph(store, ex('s3'), 'r', 'o3', 'sp')).toBe(false);
    // DRed: the deleted statement's heads go.
    expect(inGraph(store, ex('s'), 'q', 'o', 'sp')).toBe(false);
    expect(inGraph(store, ex('s'), 'seen', 'o', 'seen')).toBe(false);
  });
});
