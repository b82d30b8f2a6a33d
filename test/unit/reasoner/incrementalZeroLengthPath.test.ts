/**
 * A zero-length property path (`p*`, `p?`) binds every node of the data (SPARQL 1.1 §9.3): any inserted triple can
 * give such a rule a new solution, so the incremental reasoner must not take the change as irrelevant to it
 * (deltaPlan.ts / premiseSignature.ts treat the path as reading any statement). Found in review: before, an insert of
 * an unrelated predicate was a batch of kind "none" and the rule's new solution was never derived.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import type { GraphStore } from '../../../fabric/store/GraphStore.js';
import { GRAPHS } from '../../../fabric/rdf/namespaces.js';
import { RuleEngine } from '../../../reasoner/RuleEngine.js';
import { IncrementalReasoner } from '../../../reasoner/IncrementalReasoner.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';

const all = (s: GraphStore): RDF.Quad[] => s.match(null, null, null, null) as RDF.Quad[];
const derived = (s: GraphStore): string[] => all(s)
  .filter((q) => q.graph.value.startsWith(REASONER_GRAPHS.prefix) && q.graph.value !== REASONER_GRAPHS.provenance)
  .map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`).sort();
const rule = (where: string): string => `@prefix cf: <https://w3id.org/continuum-fabric/ns#> .
<http://example.org/zero> a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/node> <http://example.org/yes> } WHERE { ${where} }" .`;
const n = oxigraph.namedNode;

describe.each([
  ['p* in the conjunctive part', '?x <http://example.org/link>* ?x . FILTER(isIRI(?x))'],
  ['p?', '?x <http://example.org/link>? ?x . FILTER(isIRI(?x))'],
])('IncrementalReasoner with a zero-length path (%s)', (_name, where) => {
  it('derives for a node an unrelated insert brings, as a full run over the data does', async () => {
    const store = new ObservedMemoryStore();
    await store.load(rule(where), { format: 'text/turtle', graph: GRAPHS.rules });
    const reasoner = new IncrementalReasoner(store, new RuleEngine(store, { ruleFolder: null }), { debounceMs: 60_000 });
    await reasoner.start();
    try {
      await store.commit({ deletes: [], inserts: [oxigraph.quad(n('urn:new'), n('urn:other'), n('urn:thing'), n('urn:g')) as unknown as RDF.Quad] });
      await reasoner.flush();
      const scratch = new MemoryGraphStore();
      await scratch.commit({ deletes: [], inserts: all(store).filter((q) => !q.graph.value.startsWith(REASONER_GRAPHS.prefix)) });
      await new RuleEngine(scratch, { ruleFolder: null }).run();
      expect(derived(store)).toContain('urn:new http://example.org/node http://example.org/yes');
      expect(derived(store)).toEqual(derived(scratch));
    } finally {
      await reasoner.stop();
    }
  });
});
