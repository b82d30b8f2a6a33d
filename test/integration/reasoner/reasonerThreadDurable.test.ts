/**
 * Incremental reasoning in a worker thread over a real durable store (issue 4, docs/reasoner.md
 * "Incremental reasoning in a worker thread"), wired as FabricNode wires it: the worker seeds itself by
 * read-only recovery from the data directory after a durability barrier, then follows the WAL records
 * forwarded by the main thread, built-in rules (shapes/rules/) over the demo continuum + ontology.
 * Commits made while the worker recovers must be neither lost nor applied twice, and after every batch
 * the inferred triples in the node's store equal a from-scratch RuleEngine.run over the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { DurableGraphStore } from '../../../fabric/store/durable/DurableGraphStore.js';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import type { GraphStore } from '../../../fabric/store/GraphStore.js';
import { seedFreshStore } from '../../../fabric/node/seedFreshStore.js';
import { packageRoot } from '../../../fabric/validation/modelFiles.js';
import { AEROS, RDF as RDF_NS } from '../../../fabric/rdf/namespaces.js';
import { RuleEngine } from '../../../reasoner/RuleEngine.js';
import { ReasonerThread } from '../../../reasoner/worker/ReasonerThread.js';
import { REASONER_GRAPHS } from '../../../reasoner/vocabulary.js';
import { builtReasonerWorker } from '../../unit/reasoner/worker/builtReasonerWorker.js';

const NQUADS = 'application/n-quads';
const n = oxigraph.namedNode;
const SDM_IE = 'https://smartdatamodels.org/dataModel.IT/InfrastructureElement';

/** Inferred triples (rule graphs, provenance left out) as "s p o" keys: graph assignment may differ (docs/reasoner.md). */
function inferredTriples(store: GraphStore): string[] {
  return store.match(null, null, null, null)
    .filter((q) => q.graph.value.startsWith(REASONER_GRAPHS.prefix) && q.graph.value !== REASONER_GRAPHS.provenance)
    .map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`)
    .sort();
}

async function fromScratch(store: GraphStore): Promise<string[]> {
  const copy = new ObservedMemoryStore();
  const data = store.dump(NQUADS).split('\n').filter((l) => l && !l.includes(`<${REASONER_GRAPHS.prefix}`)).join('\n');
  await copy.commit({ deletes: [], inserts: oxigraph.parse(`${data}\n`, { format: NQUADS }) as unknown as RDF.Quad[] });
  await new RuleEngine(copy).run();
  return [...new Set(inferredTriples(copy))];
}

const ieQuads = (i: number): RDF.Quad[] => {
  const ie = n(`urn:ngsi-ld:InfrastructureElement:worker:${i}`);
  const graph = n(`urn:ngsi-ld:InfrastructureElement:worker:${i}`);
  return [oxigraph.quad(ie, n(`${RDF_NS}type`), n(`${AEROS}InfrastructureElement`), graph)] as unknown as RDF.Quad[];
};

describe('ReasonerThread over a durable store, seeded from its data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-reasoner-worker-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('follows commits made during and after its recovery, and matches a from-scratch run', async () => {
    const store = await DurableGraphStore.open(dataDir);
    let thread: ReasonerThread | undefined;
    try {
      await seedFreshStore(store, { packageRoot: packageRoot(), demo: true, demoIes: 6, demoSeed: 3 });
      thread = new ReasonerThread(store, {
        script: builtReasonerWorker(),
        debounceMs: 20,
        seed: async () => {
          await store.commit({ deletes: [], inserts: [] });
          return { kind: 'dataDir', dataDir };
        },
      });
      const started = thread.start();
      await store.commit({ deletes: [], inserts: ieQuads(1) }); // while the worker recovers
      expect((await started).kind).toBe('full');
      await store.commit({ deletes: [], inserts: ieQuads(2) });
      await thread.idle();
      const typed = (i: number): boolean => store.match(n(`urn:ngsi-ld:InfrastructureElement:worker:${i}`), n(`${RDF_NS}type`), n(SDM_IE), null)
        .some((q) => q.graph.value.startsWith(REASONER_GRAPHS.prefix));
      expect([typed(1), typed(2)]).toEqual([true, true]);
      expect([...new Set(inferredTriples(store))]).toEqual(await fromScratch(store));

      await store.commit({ deletes: ieQuads(1), inserts: ieQuads(3) });
      await thread.idle();
      expect([typed(1), typed(3)]).toEqual([false, true]);
      expect([...new Set(inferredTriples(store))]).toEqual(await fromScratch(store));
      expect(thread.stats()).toMatchObject({ fullRuns: 1, crashes: 0 });
    } finally {
      await thread?.stop();
      await store.close();
    }
  });
});
