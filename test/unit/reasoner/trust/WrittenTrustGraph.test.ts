/**
 * reasoner/trust/WrittenTrustGraph.ts: what a trust service remembers of the trust graph it wrote. On its own,
 * against a store's change feed (kept only across its own commits); and in TrustService, where a run after its own
 * writes reads no breakdown from the store and writes exactly what a service reading them writes, on each store a node
 * gives it (in memory, durable, durable behind a query replica), and where every way someone else can write the trust
 * graph makes it read the store again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { ReplicatedGraphStore } from '../../../../fabric/store/replica/ReplicatedGraphStore.js';
import { requireBuiltWorker } from '../../store/replica/replicaTestSupport.js';
import type { ChangeRecord, GraphStore } from '../../../../fabric/store/GraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import type { TrustService } from '../../../../reasoner/trust/TrustService.js';
import { WrittenTrustGraph, type WrittenEntry } from '../../../../reasoner/trust/WrittenTrustGraph.js';
import { DEFAULT_TRUST_CONFIGURATION } from '../../../../reasoner/trust/TrustConfiguration.js';
import type { TrustResult } from '../../../../reasoner/trust/trustComputation.js';
import { breakdownIri, TRUST, TRUST_GRAPH } from '../../../../reasoner/trust/trustVocabulary.js';
import { contents, D, ie, setCpu, twoServices as twoServicesOn, XSD } from './support/twoTrustServices.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const ALERT_GRAPH = 'urn:test:alerts';

/** A priority-5 security alert about IE i: its score drops below the threshold (Untrusted, marked by trust). */
function alertQuads(i: number): RDF.Quad[] {
  const e = oxigraph.namedNode(`urn:test:alert:${i}`);
  const g = oxigraph.namedNode(ALERT_GRAPH);
  return [
    oxigraph.quad(e, oxigraph.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), oxigraph.namedNode(TRUST.SecurityAlert), g),
    oxigraph.quad(e, oxigraph.namedNode(TRUST.aboutInfrastructureElement), oxigraph.namedNode(ie(i)), g),
    oxigraph.quad(e, oxigraph.namedNode(TRUST.priority), oxigraph.literal('5', oxigraph.namedNode(`${XSD}integer`)), g),
  ];
}

/** Counts the store's `match` calls about breakdowns (reads of the trust graph by subject), and the IEs read. */
function countBreakdownReads(store: GraphStore): { count: number; ies: Set<string> } {
  const counter = { count: 0, ies: new Set<string>() };
  const match = store.match.bind(store);
  store.match = (s, p, o, g) => {
    if (s && s.value.startsWith(breakdownIri(''))) {
      counter.count++;
      counter.ies.add(decodeURIComponent(s.value.slice(breakdownIri('').length)));
    }
    return match(s, p, o, g);
  };
  return counter;
}

/** A store with a change feed for the remembering service, and how to close it. */
interface Remembering {
  readonly store: GraphStore;
  close(): Promise<void>;
}

function durableIn(dir: string): Promise<DurableGraphStore> {
  return DurableGraphStore.open(dir, { snapshotOnClose: false });
}

/**
 * The stores a node's trust service writes to: in memory with a feed, durable (its commits take the exact text path,
 * ChangeSet.exactAt, with the old breakdowns from memory), and durable behind query replicas, as FabricNode wires it
 * (SPARQL reads of the inputs go to the replica, commits and `match` to the durable store).
 */
const rememberingStores: Array<[string, () => Promise<Remembering>]> = [
  ['an ObservedMemoryStore', async () => ({ store: new ObservedMemoryStore(), close: async () => undefined })],
  ['a DurableGraphStore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'written-trust-'));
    const store = await durableIn(dir);
    return { store, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
  }],
  ['a ReplicatedGraphStore over a DurableGraphStore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'written-trust-replicated-'));
    const store = new ReplicatedGraphStore(await durableIn(dir), { replicas: 1, dataDir: dir, workerScript: requireBuiltWorker() });
    await store.ready();
    return { store, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
  }],
];

describe.each(rememberingStores)('TrustService with what it wrote to the trust graph, on %s', (_, open) => {
  let remembering: GraphStore;
  let close: () => Promise<void>;
  beforeEach(async () => { ({ store: remembering, close } = await open()); });
  afterEach(() => close());

  /** The same steps on the store with a change feed (remembers) and on one without (reads every breakdown). */
  const twoServices = (ies = 12) => twoServicesOn(remembering, ies);

  it('a run after its own writes reads no breakdown from the store, and writes what a service reading them writes', async () => {
    const { reading, both } = await twoServices();
    await both((_, trust) => trust.recompute());
    const reads = countBreakdownReads(remembering);
    const readsWithoutFeed = countBreakdownReads(reading);
    await both(async (store, trust) => { await setCpu(store, 3, 95); return trust.recomputeChanged({ domains: [D] }, [ie(3)]); });
    // IE 5 becomes Untrusted (and marked), then recovers: the marker comes and goes.
    await both(async (store, trust) => { await store.commit({ deletes: [], inserts: alertQuads(5) }); return trust.recomputeChanged({ domains: [D] }, [ie(5)]); });
    expect(reading.match(oxigraph.namedNode(ie(5)), oxigraph.namedNode(TRUST.untrustedByTrust), null, oxigraph.namedNode(TRUST_GRAPH))).toHaveLength(1);
    await both(async (store, trust) => { await store.commit({ deletes: alertQuads(5), inserts: [] }); return trust.recomputeChanged({ domains: [D] }, [ie(5)]); });
    await both((_, trust) => trust.recompute());
    expect(reads.count).toBe(0);
    expect(readsWithoutFeed.count).toBeGreaterThan(0);
    expect(contents(remembering)).toEqual(contents(reading));
    expect(reading.match(oxigraph.namedNode(ie(5)), oxigraph.namedNode(TRUST.untrustedByTrust), null, null)).toHaveLength(0);
  });

  it('remembers a first run written as N-Quads text (the store\'s bulk load) too', async () => {
    const { reading, both } = await twoServices(300); // ≈ 6,000 quads: above the text threshold
    const loads: string[] = [];
    const load = remembering.load.bind(remembering);
    remembering.load = async (data, options) => { loads.push(options.format); return load(data, options); };
    await both((_, trust) => trust.recompute());
    expect(loads).toEqual(['application/n-quads']);
    const reads = countBreakdownReads(remembering);
    await both(async (store, trust) => { await setCpu(store, 7, 99); return trust.recomputeChanged({ domains: [D] }, [ie(7)]); });
    expect(reads.count).toBe(0);
    expect(contents(remembering)).toEqual(contents(reading));
  });

  const note = (i: number) => `<${breakdownIri(ie(i))}> <urn:test:note> "by hand"`;
  const typeOf = (store: GraphStore, i: number) => store.match(oxigraph.namedNode(breakdownIri(ie(i))), oxigraph.namedNode(RDF_TYPE), null, null);
  /** Someone else's writes to IE 2's breakdown (each a quad a rewrite leaves alone when it trusts its memory), by every way in. */
  const writers: Array<[string, (store: GraphStore, other: TrustService) => Promise<unknown>]> = [
    ['SPARQL Update', (store) => store.update(`INSERT DATA { GRAPH <${TRUST_GRAPH}> { ${note(2)} } } ;
      DELETE WHERE { GRAPH <${TRUST_GRAPH}> { <${breakdownIri(ie(2))}> <${RDF_TYPE}> ?t } }`)],
    ['N-Quads loaded as they are (a durable store logs the text given)', (store) => store.load(`${note(2)} <${TRUST_GRAPH}> .\n`, { format: 'application/n-quads' })],
    ['N-Triples loaded into the trust graph', (store) => store.load(`${note(2)} .\n`, { format: 'application/n-triples', graph: TRUST_GRAPH })],
    ['a transaction deleting a quad', async (store) => {
      const tx = store.transaction();
      for (const q of typeOf(store, 2)) tx.delete(q);
      await tx.commit();
    }],
    ['a commit deleting a quad', (store) => store.commit({ deletes: typeOf(store, 2), inserts: [] })],
    ['another trust service', async (store, other) => {
      await store.update(`DELETE WHERE { GRAPH <${TRUST_GRAPH}> { <${breakdownIri(ie(2))}> <${RDF_TYPE}> ?t } }`);
      await other.recompute(); // rewrites every breakdown it finds changed (all: it remembers none), the type put back
      await store.update(`INSERT DATA { GRAPH <${TRUST_GRAPH}> { ${note(2)} } }`);
    }],
  ];

  it.each(writers)('reads the store again after someone else wrote the trust graph (%s), and replaces what is there', async (_, write) => {
    const { reading, both, other } = await twoServices();
    await both((_, trust) => trust.recompute());
    const reads = countBreakdownReads(remembering);
    await both((store) => write(store, other(store)));
    await both(async (store, trust) => { await setCpu(store, 2, 93); return trust.recomputeChanged({ domains: [D] }, [ie(2)]); });
    expect(reads.ies.has(ie(2))).toBe(true);
    expect(contents(remembering)).toEqual(contents(reading));
    expect(remembering.match(oxigraph.namedNode(breakdownIri(ie(2))), oxigraph.namedNode('urn:test:note'), null, null)).toHaveLength(0);
    expect(typeOf(remembering, 2)).toHaveLength(1);
    // Its own runs after that read no breakdown again.
    const afterOthers = reads.count;
    await both(async (store, trust) => { await setCpu(store, 2, 12); return trust.recomputeChanged({ domains: [D] }, [ie(2)]); });
    await both(async (store, trust) => { await setCpu(store, 8, 12); return trust.recomputeChanged({ domains: [D] }, [ie(8)]); });
    expect(reads.count).toBe(afterOthers);
    expect(contents(remembering)).toEqual(contents(reading));
  });
});

describe('WrittenTrustGraph', () => {
  const result = { ie: ie(1) } as TrustResult;
  const entry: WrittenEntry = { result, config: DEFAULT_TRUST_CONFIGURATION, computedAt: '2026-12-04T10:00:00.000Z', marked: false };
  const quadsOf = (e: WrittenEntry): RDF.Quad[] => [oxigraph.quad(oxigraph.namedNode(breakdownIri(e.result.ie)), oxigraph.namedNode(TRUST.computedAt), oxigraph.literal(e.computedAt), oxigraph.namedNode(TRUST_GRAPH))];
  const written = new Map([[ie(1), entry]]);
  const trustLine = `<${breakdownIri(ie(1))}> <${TRUST.computedAt}> "x" <${TRUST_GRAPH}> .\n`;

  /** A store whose commits report `records` records while they run. */
  function feed() {
    const listeners: Array<(r: ChangeRecord) => void> = [];
    const emit = (text = trustLine) => { for (const l of listeners) l({ seq: 0, deletes: '', inserts: text }); };
    const store = { onCommit: (l: (r: ChangeRecord) => void) => { listeners.push(l); return () => undefined; } } as unknown as GraphStore;
    const graph = new WrittenTrustGraph(quadsOf);
    graph.watch(store);
    return { graph, emit };
  }

  it('keeps an entry across its own commit, and forgets it when someone else writes the trust graph', async () => {
    const { graph, emit } = feed();
    await graph.own(async () => { emit(); }, written, []);
    expect(graph.quads(ie(1))).toHaveLength(1);
    emit(`<urn:a> <urn:b> <urn:c> <${GRAPHS.entity(ie(1))}> .\n`); // another graph: kept
    expect(graph.size).toBe(1);
    emit(); // the trust graph, not during an own commit
    expect(graph.quads(ie(1))).toBeUndefined();
  });

  it('keeps nothing for a commit that reports no record, or two, while it runs, or that fails', async () => {
    const { graph, emit } = feed();
    await graph.own(async () => undefined, written, []); // reported later, or not at all
    expect(graph.size).toBe(0);
    await graph.own(async () => { emit(); emit(); }, written, []);
    expect(graph.size).toBe(0);
    await graph.own(async () => { emit(); }, written, []);
    await expect(graph.own(() => { emit(); return Promise.reject(new Error('log write failed')); }, written, [])).rejects.toThrow('log write failed');
    expect(graph.size).toBe(0);
    await graph.own(async () => { emit(); }, written, []);
    expect(() => graph.own(() => { throw new Error('refused'); }, written, [])).toThrow('refused');
    expect(graph.size).toBe(0);
  });

  it('forgets the removed IEs of its own commit; on a store without a change feed it keeps nothing', async () => {
    const { graph, emit } = feed();
    await graph.own(async () => { emit(); }, written, []);
    await graph.own(async () => { emit(); }, new Map(), [ie(1)]);
    expect(graph.size).toBe(0);
    const blind = new WrittenTrustGraph(quadsOf);
    blind.watch({} as GraphStore);
    await blind.own(async () => undefined, written, []);
    expect(blind.quads(ie(1))).toBeUndefined();
  });
});
