/**
 * reasoner/trust/WrittenTrustGraph.ts: what a trust service remembers of the trust graph it wrote. On its own,
 * against a store's change feed (kept only across its own commits); and in TrustService, where a run after its own
 * writes reads no breakdown from the store and writes exactly what a service reading them writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import type { ChangeRecord, GraphStore } from '../../../../fabric/store/GraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { TrustService } from '../../../../reasoner/trust/TrustService.js';
import { WrittenTrustGraph, type WrittenEntry } from '../../../../reasoner/trust/WrittenTrustGraph.js';
import { DEFAULT_TRUST_CONFIGURATION } from '../../../../reasoner/trust/TrustConfiguration.js';
import type { TrustResult } from '../../../../reasoner/trust/trustComputation.js';
import { breakdownIri, TRUST, TRUST_GRAPH } from '../../../../reasoner/trust/trustVocabulary.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
const prop = (value: unknown): AttributeInstance[] => [{ kind: 'Property', value, subAttributes: new Map() } as AttributeInstance];
const rel = (object: string): AttributeInstance[] => [{ kind: 'Relationship', object, subAttributes: new Map() } as AttributeInstance];
const ie = (i: number) => `urn:ngsi-ld:InfrastructureElement:w:${i}`;
const D = 'urn:ngsi-ld:Domain:w';
const ALERT_GRAPH = 'urn:test:alerts';

function ieEntity(i: number): Entity {
  const attributes = new Map<string, AttributeInstance[]>([[`${AEROS}domain`, rel(D)]]);
  for (const [p, v] of [['cpuCores', 2 + (i % 5)], ['currentCpuUsage', 10 + 7 * i], ['ramCapacity', 4096], ['availableRam', 1000 + 37 * i], ['currentRamUsage', 500 + 11 * i]] as const) {
    attributes.set(`${AEROS}${p}`, prop(v));
  }
  return { id: ie(i), types: [`${AEROS}InfrastructureElement`], attributes };
}

async function seeded<S extends GraphStore>(store: S): Promise<S> {
  await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
  await store.commit({ deletes: [], inserts: Array.from({ length: 12 }, (_, i) => entityToQuads(ieEntity(i))).flat() });
  return store;
}

/** One IE's currentCpuUsage replaced, as a telemetry update does. */
async function setCpu(store: GraphStore, i: number, value: number): Promise<void> {
  const s = oxigraph.namedNode(ie(i));
  const p = oxigraph.namedNode(`${AEROS}currentCpuUsage`);
  await store.commit({ deletes: store.match(s, p, null, s), inserts: [oxigraph.quad(s, p, oxigraph.literal(String(value), oxigraph.namedNode(`${XSD}double`)), s)] });
}

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

/** Every quad of the store but the ontology's, as sorted N-Quads lines. */
const contents = (store: GraphStore): string[] =>
  store.dump('application/n-quads').split('\n').filter((l) => l.length > 0 && !l.includes(GRAPHS.ontology)).sort();

/** Counts the store's `match` calls about breakdowns (reads of the trust graph by subject). */
function countBreakdownReads(store: GraphStore): { count: number } {
  const counter = { count: 0 };
  const match = store.match.bind(store);
  store.match = (s, p, o, g) => {
    if (s && s.value.startsWith(breakdownIri(''))) counter.count++;
    return match(s, p, o, g);
  };
  return counter;
}

describe('TrustService with what it wrote to the trust graph', () => {
  /** The same steps on a store with a change feed (remembers) and one without (reads every breakdown). */
  async function twoServices() {
    const remembering = await seeded(new ObservedMemoryStore());
    const reading = await seeded(new MemoryGraphStore());
    let t = Date.parse('2026-12-04T10:00:00.000Z');
    const clock = () => { const at = new Date(t); return () => at; };
    const services = (() => {
      let now = clock();
      const a = new TrustService(remembering, { now: () => now() });
      const b = new TrustService(reading, { now: () => now() });
      return { a, b, tick: () => { t += 1_010; now = clock(); } };
    })();
    const both = async (step: (store: GraphStore, trust: TrustService) => Promise<unknown>): Promise<void> => {
      await step(remembering, services.a);
      await step(reading, services.b);
      services.tick();
    };
    return { remembering, reading, both };
  }

  it('a run after its own writes reads no breakdown from the store, and writes what a service reading them writes', async () => {
    const { remembering, reading, both } = await twoServices();
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

  it('reads the store again after someone else wrote the trust graph, and replaces what is there', async () => {
    const { remembering, reading, both } = await twoServices();
    await both((_, trust) => trust.recompute());
    const reads = countBreakdownReads(remembering);
    // Someone else: a quad added to IE 0's breakdown, one removed from IE 1's.
    await both((store) => store.update(`INSERT DATA { GRAPH <${TRUST_GRAPH}> { <${breakdownIri(ie(0))}> <urn:test:note> "by hand" } } ;
      DELETE WHERE { GRAPH <${TRUST_GRAPH}> { <${breakdownIri(ie(1))}> <${TRUST.computedAt}> ?t } }`));
    await both(async (store, trust) => { await setCpu(store, 0, 90); await setCpu(store, 1, 3); return trust.recomputeChanged({ domains: [D] }, [ie(0), ie(1)]); });
    expect(reads.count).toBeGreaterThan(0);
    expect(contents(remembering)).toEqual(contents(reading));
    expect(remembering.match(oxigraph.namedNode(breakdownIri(ie(0))), oxigraph.namedNode('urn:test:note'), null, null)).toHaveLength(0);
    expect(remembering.match(oxigraph.namedNode(breakdownIri(ie(1))), oxigraph.namedNode(TRUST.computedAt), null, null)).toHaveLength(1);
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
