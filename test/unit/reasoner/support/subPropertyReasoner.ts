/**
 * An incremental reasoner over two rules, shared by the closure-lookup and stated-head tests: `sp` (rdfs7 through
 * `rdfs:subPropertyOf+`, a closure lookup) and `seen` (`?x ex:q ?y` → `?x ex:seen ?y`), with `ex:p rdfs:subPropertyOf
 * ex:q` in the ontology graph, started with its full run.
 */
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS, RDFS } from '../../../../fabric/rdf/namespaces.js';
import { RuleEngine } from '../../../../reasoner/RuleEngine.js';
import { IncrementalReasoner } from '../../../../reasoner/IncrementalReasoner.js';
import { REASONER_GRAPHS } from '../../../../reasoner/vocabulary.js';

const RULES = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ex: <http://example.org/> .
ex:sp a cf:Rule ; cf:construct """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?s ?super ?o . } WHERE { ?sub rdfs:subPropertyOf+ ?super . FILTER(?sub != ?super && isIRI(?super)) ?s ?sub ?o . }""" .
ex:seen a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/seen> ?y } WHERE { ?x <http://example.org/q> ?y }" .
`;

export const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
export const graphOf = (id: string) => oxigraph.namedNode(REASONER_GRAPHS.inferred('graph', id));
/** `ex:a rdfs:subPropertyOf ex:b` in the ontology graph. */
export const sub = (a: string, b: string) => oxigraph.quad(ex(a), oxigraph.namedNode(`${RDFS}subPropertyOf`), ex(b), oxigraph.namedNode(GRAPHS.ontology));

/** `store`: the store to reason over (a new ObservedMemoryStore by default). */
export async function startSubPropertyReasoner<S extends ObservedMemoryStore = ObservedMemoryStore>(store: S = new ObservedMemoryStore() as S): Promise<{ store: S; reasoner: IncrementalReasoner }> {
  await store.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
  await store.commit({ deletes: [], inserts: [sub('p', 'q')] });
  const reasoner = new IncrementalReasoner(store, new RuleEngine(store, { ruleFolder: null }), { debounceMs: 60_000 });
  await reasoner.start();
  return { store, reasoner };
}
