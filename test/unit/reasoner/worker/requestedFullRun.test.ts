/**
 * reasoner/worker/requestedFullRun.ts: a full run requested of the incremental reasoner (POST /reasoner/run in the
 * reasoner's worker) answers with the run's typed error when a batch queued before the request takes the full run
 * and fails — not with "The requested full run was not made." (a 500).
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { DerivationBudgetExceededError } from '../../../../fabric/errors/ReasonerError.js';
import { RuleEngine } from '../../../../reasoner/RuleEngine.js';
import { IncrementalReasoner, type IncrementalRunSummary } from '../../../../reasoner/IncrementalReasoner.js';
import { RequestedFullRuns } from '../../../../reasoner/worker/requestedFullRun.js';
import { REASONER_GRAPHS } from '../../../../reasoner/vocabulary.js';

const RULES = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> .
<http://example.org/ab> a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/b> ?y } WHERE { ?x <http://example.org/a> ?y }" .
<http://example.org/bc> a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/c> ?y } WHERE { ?x <http://example.org/b> ?y }" .
`;
const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
const q = (s: string, p: string, o: string, g: RDF.NamedNode = ex('g')): RDF.Quad => oxigraph.quad(ex(s), ex(p), ex(o), g) as unknown as RDF.Quad;

describe('RequestedFullRuns', () => {
  it('answers the typed error of the full run a batch queued before the request took (real reasoner)', async () => {
    const store = new ObservedMemoryStore();
    await store.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
    // Each data statement derives 2 triples: 3 statements exceed a budget of 4.
    const engine = new RuleEngine(store, { ruleFolder: null, budget: { maxDerivedTriples: 4 } });
    let requested: RequestedFullRuns | undefined;
    const reasoner = new IncrementalReasoner(store, engine, {
      debounceMs: 60_000, onRun: (s) => requested?.observeRun(s), onError: (e) => requested?.observeError(e),
    });
    requested = new RequestedFullRuns(reasoner);
    await reasoner.start();
    try {
      // A write into an inferred graph by someone else: the next batch is a full run, which exceeds the budget.
      const inferred = oxigraph.namedNode(REASONER_GRAPHS.inferred('graph', 'ab')) as unknown as RDF.NamedNode;
      await store.commit({ deletes: [], inserts: [q('s1', 'a', 'o'), q('s2', 'a', 'o'), q('s3', 'a', 'o'), q('x', 'b', 'y', inferred)] });
      const batch = reasoner.flush(); // queued before the request
      const request = requested.run();
      await expect(batch).rejects.toBeInstanceOf(DerivationBudgetExceededError);
      await expect(request).rejects.toBeInstanceOf(DerivationBudgetExceededError);
    } finally {
      await reasoner.stop();
    }
  });

  it('answers the error (or the statistics) reported while it waited when its own flush finds nothing left', async () => {
    const report = { limit: 'derivedTriples', budget: 4, derived: 6, iterations: 1, rule: 'ab' } as const;
    let requested: RequestedFullRuns;
    const failing = { start: async (): Promise<IncrementalRunSummary> => {
      requested.observeError(new DerivationBudgetExceededError(report)); // the batch queued before took the full run
      return undefined as unknown as IncrementalRunSummary; // the request's own flush: nothing left
    } };
    requested = new RequestedFullRuns(failing);
    await expect(requested.run()).rejects.toBeInstanceOf(DerivationBudgetExceededError);

    const stats = { run: 'urn:uuid:x' } as unknown as NonNullable<IncrementalRunSummary['full']>;
    const succeeding = { start: async (): Promise<IncrementalRunSummary> => {
      requested.observeRun({ kind: 'full', changes: 1, rulesRun: [], executions: 0, rounds: 1, added: 0, removed: 0, millis: 1, full: stats });
      return undefined as unknown as IncrementalRunSummary;
    } };
    requested = new RequestedFullRuns(succeeding);
    await expect(requested.run()).resolves.toBe(stats);

    requested = new RequestedFullRuns({ start: async () => undefined as unknown as IncrementalRunSummary });
    await expect(requested.run()).rejects.toThrow('The requested full run was not made.');
  });
});
