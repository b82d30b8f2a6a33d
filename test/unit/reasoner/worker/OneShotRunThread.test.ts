/**
 * POST /reasoner/run in a worker thread with incremental reasoning off (docs/reasoner.md "POST /reasoner/run in a
 * worker thread"): OneShotRunThread runs RuleEngine.run in a fresh worker per run, seeded from the store; the main
 * thread commits the write. Compared with the in-process run over the same data. Compiled worker: builtReasonerWorker.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import type { GraphStore } from '../../../../fabric/store/GraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { DerivationBudgetExceededError } from '../../../../fabric/errors/ReasonerError.js';
import { RuleEngine } from '../../../../reasoner/RuleEngine.js';
import { OneShotRunThread } from '../../../../reasoner/worker/OneShotRunThread.js';
import { REASONER_GRAPHS } from '../../../../reasoner/vocabulary.js';
import { builtReasonerWorker } from './builtReasonerWorker.js';

const RULES = `@prefix cf: <https://w3id.org/continuum-fabric/ns#> .
<http://example.org/ab> a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/b> ?y } WHERE { ?x <http://example.org/a> ?y }" .
<http://example.org/bc> a cf:Rule ; cf:construct "CONSTRUCT { ?x <http://example.org/c> ?y } WHERE { ?x <http://example.org/b> ?y }" .
`;
const NQUADS = 'application/n-quads';
const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
const statement = (s: string, p: string, o: string): RDF.Quad => oxigraph.quad(ex(s), ex(p), ex(o), ex('g')) as unknown as RDF.Quad;

/** Every quad of the inferred graphs but the provenance graph (run IRIs and times differ), sorted. */
function inferredLines(store: GraphStore): string[] {
  return store.dump(NQUADS).split('\n').filter((l) => l.includes(`<${REASONER_GRAPHS.prefix}`) && !l.endsWith(`<${REASONER_GRAPHS.provenance}> .`)).sort();
}

async function storeWith(data: readonly RDF.Quad[], into: GraphStore = new ObservedMemoryStore()): Promise<GraphStore> {
  await into.load(RULES, { format: 'text/turtle', graph: GRAPHS.rules });
  await into.commit({ deletes: [], inserts: [...data] });
  return into;
}

describe('OneShotRunThread (a full run in a worker thread of its own)', () => {
  const script = builtReasonerWorker();
  const data = [statement('s', 'a', 'o'), statement('t', 'a', 'o')];

  it('writes what an in-process run writes, and answers its statistics once the write is visible', async () => {
    const store = await storeWith(data);
    let loads = 0;
    const load = store.load.bind(store);
    store.load = (text, options) => { loads++; return load(text, options); };
    const runner = new OneShotRunThread(store, { script, ruleFolder: null, sliceLines: 3 });
    const stats = await runner.run();
    expect(loads).toBeGreaterThan(1); // a first run's inserts, committed in slices of 3 lines
    const reference = await storeWith(data);
    const expected = await new RuleEngine(reference, { ruleFolder: null }).run();
    expect(inferredLines(store)).toEqual(inferredLines(reference));
    expect(inferredLines(store).length).toBe(4);
    expect({ rules: stats.rules, derived: stats.triplesDerived, added: stats.added, removed: stats.removed, iterations: stats.iterations })
      .toEqual({ rules: expected.rules, derived: expected.triplesDerived, added: expected.added, removed: expected.removed, iterations: expected.iterations });
    // The run's provenance record is in the store when the answer arrives.
    expect(store.match(oxigraph.namedNode(stats.run), null, null, oxigraph.namedNode(REASONER_GRAPHS.provenance)).length).toBeGreaterThan(0);
    expect(stats.phases.copyMs).toBeGreaterThanOrEqual(0);
    await runner.stop();
  });

  it('serializes runs: the second sees the first one\'s write and the data committed before it was requested', async () => {
    const store = await storeWith(data);
    const runner = new OneShotRunThread(store, { script, ruleFolder: null });
    const first = runner.run();
    await new Promise((resolve) => setImmediate(resolve)); // the first run's seed (the dump) is taken
    await store.commit({ deletes: [statement('t', 'a', 'o')], inserts: [statement('u', 'a', 'o')] });
    const second = runner.run();
    const [a, b] = await Promise.all([first, second]);
    expect(runner.runs).toBe(2);
    // The first run derived t's triples (4 + provenance); the second retracts them and derives u's.
    expect(a.added).toBeGreaterThan(4);
    expect(b.removed).toBeGreaterThanOrEqual(2);
    const provenance = oxigraph.namedNode(REASONER_GRAPHS.provenance);
    expect(store.match(oxigraph.namedNode(b.run), null, null, provenance).length).toBeGreaterThan(0);
    expect(store.match(oxigraph.namedNode(a.run), null, null, provenance).length).toBe(0);
    const reference = await storeWith([statement('s', 'a', 'o'), statement('u', 'a', 'o')]);
    await new RuleEngine(reference, { ruleFolder: null }).run();
    expect(inferredLines(store)).toEqual(inferredLines(reference));
    await runner.stop();
  });

  it('answers the budget error typed, and writes nothing', async () => {
    const store = await storeWith(data);
    const before = store.dump(NQUADS);
    const runner = new OneShotRunThread(store, { script, ruleFolder: null, budget: { maxDerivedTriples: 1 } });
    const failure = await runner.run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DerivationBudgetExceededError);
    expect((failure as DerivationBudgetExceededError).report.limit).toBe('derivedTriples');
    expect(store.dump(NQUADS)).toBe(before);
    await runner.stop();
  });

  it('seeds from a durable store\'s data directory after a durability barrier', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cf-one-shot-'));
    const store = await storeWith(data, await DurableGraphStore.open(dataDir));
    try {
      const runner = new OneShotRunThread(store, {
        script, ruleFolder: null,
        seed: async () => {
          await store.commit({ deletes: [], inserts: [] });
          return { kind: 'dataDir', dataDir };
        },
      });
      await store.commit({ deletes: [], inserts: [statement('v', 'a', 'o')] }); // committed, maybe not yet on disk when run() is called
      await runner.run();
      expect(store.has(oxigraph.quad(ex('v'), ex('c'), ex('o'), oxigraph.namedNode(REASONER_GRAPHS.inferred('graph', 'bc'))) as unknown as RDF.Quad)).toBe(true);
      await runner.stop();
      await expect(runner.run()).rejects.toThrow('stopped');
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
