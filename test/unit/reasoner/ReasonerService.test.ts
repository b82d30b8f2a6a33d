/**
 * ReasonerService's full runs (docs/reasoner.md "POST /reasoner/run in a worker thread"): made by the engine in
 * process unless a FullRunner is injected (FabricNode injects a worker thread).
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS } from '../../../fabric/rdf/namespaces.js';
import { RuleEngine, type RunStats } from '../../../reasoner/RuleEngine.js';
import { ReasonerService, type FullRunner } from '../../../reasoner/ReasonerService.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';

const RULE = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> .
<http://example.org/ab> a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/b> ?y } WHERE { ?x <http://example.org/a> ?y }" .`;
const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
const derivedQuad = oxigraph.quad(ex('s'), ex('b'), ex('o'), oxigraph.namedNode(REASONER_GRAPHS.inferred('graph', 'ab'))) as unknown as RDF.Quad;

async function storeWithRule(): Promise<ObservedMemoryStore> {
  const store = new ObservedMemoryStore();
  await store.load(RULE, { format: 'text/turtle', graph: GRAPHS.rules });
  await store.commit({ deletes: [], inserts: [oxigraph.quad(ex('s'), ex('a'), ex('o'), ex('g')) as unknown as RDF.Quad] });
  return store;
}

describe('ReasonerService.run', () => {
  it('runs the engine in process by default', async () => {
    const store = await storeWithRule();
    const stats = await new ReasonerService(store, new RuleEngine(store, { ruleFolder: null })).run();
    expect(stats.triplesDerived).toBe(1);
    expect(store.has(derivedQuad)).toBe(true);
  });

  it('hands the run to an injected runner, and answers its statistics', async () => {
    const store = await storeWithRule();
    const engine = new RuleEngine(store, { ruleFolder: null });
    // A runner that makes the run on a copy: the service must answer its statistics and not run the engine itself.
    const copy = await storeWithRule();
    let calls = 0;
    const runner: FullRunner = { run: async (): Promise<RunStats> => { calls++; return new RuleEngine(copy, { ruleFolder: null }).run(); } };
    const service = new ReasonerService(store, engine, runner);
    const stats = await service.run();
    expect(calls).toBe(1);
    expect(copy.has(derivedQuad)).toBe(true);
    expect(store.has(derivedQuad)).toBe(false);
    expect(copy.match(oxigraph.namedNode(stats.run), null, null, null).length).toBeGreaterThan(0);
    expect(service.list().map((r) => r.id)).toEqual(['ab']); // the rest of the surface still reads the service's store
  });
});
