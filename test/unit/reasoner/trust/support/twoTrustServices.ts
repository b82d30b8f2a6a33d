/**
 * Differential tests of what a trust service remembers of its own writes (WrittenTrustGraph, WrittenScores): the same
 * steps on a store with a change feed (the service remembers what it wrote) and on a MemoryGraphStore without one (it
 * reads everything from the store), and the two stores' contents compared.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import type { GraphStore } from '../../../../../fabric/store/GraphStore.js';
import { MemoryGraphStore } from '../../../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../../fabric/validation/modelFiles.js';
import { entityToQuads } from '../../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import type { AttributeInstance, Entity } from '../../../../../fabric/ngsi-ld/model/Entity.js';
import { TrustService } from '../../../../../reasoner/trust/TrustService.js';

export const AEROS = 'https://w3id.org/aerOS/continuum#';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
const prop = (value: unknown): AttributeInstance[] => [{ kind: 'Property', value, subAttributes: new Map() } as AttributeInstance];
const rel = (object: string): AttributeInstance[] => [{ kind: 'Relationship', object, subAttributes: new Map() } as AttributeInstance];
export const ie = (i: number) => `urn:ngsi-ld:InfrastructureElement:w:${i}`;
export const D = 'urn:ngsi-ld:Domain:w';

/** IE i of domain D: currentCpuUsage 10 + 7i, the other criteria differing too. */
export function ieEntity(i: number): Entity {
  const attributes = new Map<string, AttributeInstance[]>([[`${AEROS}domain`, rel(D)]]);
  for (const [p, v] of [['cpuCores', 2 + (i % 5)], ['currentCpuUsage', 10 + 7 * i], ['ramCapacity', 4096], ['availableRam', 1000 + 37 * i], ['currentRamUsage', 500 + 11 * i]] as const) {
    attributes.set(`${AEROS}${p}`, prop(v));
  }
  return { id: ie(i), types: [`${AEROS}InfrastructureElement`], attributes };
}

/** The ontology and `ies` IEs (ieEntity) in `store`. */
export async function seeded<S extends GraphStore>(store: S, ies = 12): Promise<S> {
  await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
  await store.commit({ deletes: [], inserts: Array.from({ length: ies }, (_, i) => entityToQuads(ieEntity(i))).flat() });
  return store;
}

/** One IE's currentCpuUsage replaced, as a telemetry update does. */
export async function setCpu(store: GraphStore, i: number, value: number): Promise<void> {
  const s = oxigraph.namedNode(ie(i));
  const p = oxigraph.namedNode(`${AEROS}currentCpuUsage`);
  await store.commit({ deletes: store.match(s, p, null, s), inserts: [oxigraph.quad(s, p, oxigraph.literal(String(value), oxigraph.namedNode(`${XSD}double`)), s)] });
}

/** Every quad of the store but the ontology's, as sorted N-Quads lines. */
export const contents = (store: GraphStore): string[] =>
  store.dump('application/n-quads').split('\n').filter((l) => l.length > 0 && !l.includes(GRAPHS.ontology)).sort();

export type Step = (store: GraphStore, trust: TrustService) => Promise<unknown>;

/**
 * A service on `remembering` (a store with a change feed) and one on a seeded MemoryGraphStore without a feed
 * (`reading`), on the same clock: `both(step)` runs a step on each and advances the clock by 1,010 ms (so
 * timestamps have fractions the store shortens, "…01.010Z" → "…01.01Z"); `restart()` puts new services in their
 * place. `other(store)`: a second service on that
 * store, on the same clock (another writer of the trust outputs, as a node restarted beside a running one).
 */
export async function twoServices(remembering: GraphStore, ies = 12) {
  await seeded(remembering, ies);
  const reading = await seeded(new MemoryGraphStore(), ies);
  let t = Date.parse('2026-12-04T10:00:00.000Z');
  const clock = () => { const at = new Date(t); return () => at; };
  let now = clock();
  let a = new TrustService(remembering, { now: () => now() });
  let b = new TrustService(reading, { now: () => now() });
  /** New services on both stores (a restart: nothing remembered). */
  const restart = (): void => {
    a = new TrustService(remembering, { now: () => now() });
    b = new TrustService(reading, { now: () => now() });
  };
  const both = async (step: Step): Promise<void> => {
    await step(remembering, a);
    await step(reading, b);
    t += 1_010;
    now = clock();
  };
  const others = { remembering: new TrustService(remembering, { now: () => now() }), reading: new TrustService(reading, { now: () => now() }) };
  const other = (store: GraphStore): TrustService => (store === remembering ? others.remembering : others.reading);
  return { reading, both, other, restart };
}
