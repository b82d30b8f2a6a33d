/**
 * reasoner/trust/trustWrites.ts attributeQuads, through a TrustService run: the reifiers of cf:trustScore that no natural
 * triple of the entity graph leads to (docs/ngsi-ld-mapping.md "Reifiers") are replaced with the rest. A stale
 * datasetId reifier (its natural triple removed by SPARQL) must not come back to life when trust writes that same value
 * again; a reifier in another graph than its natural triple's is part of the attribute too. After a run the store holds
 * the score trust wrote and nothing else of the attribute, on a memory store and on a durable one (whose commit takes
 * the exact text path, ChangeSet.exactAt).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { memoryAndDurableStores } from './support/memoryAndDurableStores.js';
import type { GraphStore } from '../../../../fabric/store/GraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { reifierIri } from '../../../../fabric/ngsi-ld/mapping/reifierIri.js';
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { TrustService } from '../../../../reasoner/trust/TrustService.js';
import { TRUST } from '../../../../reasoner/trust/trustVocabulary.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const NGSI_LD = 'https://uri.etsi.org/ngsi-ld/';
const SCORE = TRUST.trustScore;
const CF_ATTRIBUTE_KIND = 'https://w3id.org/continuum-fabric/ns#attributeKind';
const D = 'urn:ngsi-ld:Domain:stale';
const DATASET = 'urn:ngsi-ld:Dataset:someone-else';
const OTHER_GRAPH = 'urn:test:loaded-by-sparql';
const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
const ie = (i: number): string => `urn:ngsi-ld:InfrastructureElement:stale:${i}`;
const prop = (value: unknown, extra: Partial<AttributeInstance> = {}): AttributeInstance => ({ kind: 'Property', value, subAttributes: new Map(), ...extra } as AttributeInstance);
const at = (iso: string) => () => new Date(iso);

function ieEntity(i: number): Entity {
  const attributes = new Map<string, AttributeInstance[]>([[`${AEROS}domain`, [{ kind: 'Relationship', object: D, subAttributes: new Map() } as AttributeInstance]]]);
  for (const [p, v] of [['cpuCores', 2 + i], ['currentCpuUsage', 10 + 25 * i], ['ramCapacity', 4096], ['availableRam', 1000 + 300 * i], ['currentRamUsage', 500 + 50 * i]] as const) {
    attributes.set(`${AEROS}${p}`, [prop(v)]);
  }
  return { id: ie(i), types: [`${AEROS}InfrastructureElement`], attributes };
}

/** The quads of a cf:trustScore instance of another writer's dataset, as the NGSI-LD API writes them. */
const datasetScore = (i: number, value: number): RDF.Quad[] =>
  entityToQuads({ id: ie(i), types: [], attributes: new Map([[SCORE, [prop(value, { datasetId: DATASET })]]]) });

/** A priority-5 security alert about IE i: its score drops. */
function alertQuads(i: number): RDF.Quad[] {
  const e = oxigraph.namedNode(`urn:test:alert:${i}`);
  const g = oxigraph.namedNode('urn:test:alerts');
  return [
    oxigraph.quad(e, oxigraph.namedNode(`${RDF_NS}type`), oxigraph.namedNode(TRUST.SecurityAlert), g),
    oxigraph.quad(e, oxigraph.namedNode(TRUST.aboutInfrastructureElement), oxigraph.namedNode(ie(i)), g),
    oxigraph.quad(e, oxigraph.namedNode(TRUST.priority), oxigraph.literal('5', oxigraph.namedNode(`${XSD}integer`)), g),
  ];
}

/** Every reifier of a `<<( ie cf:trustScore ?o )>>` triple in any graph, and every natural triple, as text. */
async function scoreEverywhere(store: GraphStore, id: string): Promise<{ reifiers: string[]; naturals: string[] }> {
  const rows = await store.query(`SELECT ?r ?g ?o WHERE { GRAPH ?g { ?r <${RDF_NS}reifies> <<( <${id}> <${SCORE}> ?o )>> } }`);
  if (rows.kind !== 'bindings') throw new Error('bindings expected');
  return {
    reifiers: rows.rows.map((r) => `${r.get('r')!.value} in ${r.get('g')!.value}`).sort(),
    naturals: store.match(oxigraph.namedNode(id), oxigraph.namedNode(SCORE), null, null).map((q) => `${Number(q.object.value)} in ${q.graph.value}`).sort(),
  };
}

/** What a run leaves of the attribute: its one default instance, in the entity graph, and nothing else anywhere. */
async function expectOnlyTrustsScore(store: GraphStore, id: string, score: number, computedAt: string): Promise<void> {
  expect(quadsToEntity(readEntityGraph(store, id), id)!.attributes.get(SCORE)).toEqual([prop(score, { observedAt: computedAt })]);
  expect(await scoreEverywhere(store, id)).toEqual({ reifiers: [`${reifierIri(id, SCORE, undefined)} in ${id}`], naturals: [`${score} in ${id}`] });
  expect(store.match(oxigraph.namedNode(reifierIri(id, SCORE, DATASET)), null, null, null)).toEqual([]);
}

const stores = memoryAndDurableStores('trust-writes-');

describe.each(stores)('trust replaces every reifier of cf:trustScore, on %s', (_, open) => {
  let store: GraphStore;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, close } = await open());
    await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
    await store.commit({ deletes: [], inserts: [0, 1, 2].flatMap((i) => entityToQuads(ieEntity(i))) });
  });
  afterEach(() => close());

  it('a stale datasetId reifier whose value trust then writes is removed, not read back as a live instance', async () => {
    // The score the run will write, from a copy of the same data.
    const copy = new ObservedMemoryStore();
    await copy.load(store.dump('application/n-quads'), { format: 'application/n-quads' });
    const expected = (await new TrustService(copy, { now: at('2026-12-05T01:00:00Z') }).recompute()).results.find((r) => r.ie === ie(1))!.storedScore;
    // Another writer's instance of that value; then its natural triple is removed by SPARQL: the reifier is stale.
    await store.commit({ deletes: [], inserts: datasetScore(1, expected) });
    await store.update(`DELETE WHERE { GRAPH <${ie(1)}> { <${ie(1)}> <${SCORE}> ?v } }`);
    expect((await scoreEverywhere(store, ie(1))).reifiers).toEqual([`${reifierIri(ie(1), SCORE, DATASET)} in ${ie(1)}`]);
    const run = await new TrustService(store, { now: at('2026-12-05T01:00:00Z') }).recompute();
    expect(run.results.find((r) => r.ie === ie(1))!.storedScore).toBe(expected);
    await expectOnlyTrustsScore(store, ie(1), expected, '2026-12-05T01:00:00.000Z');
  });

  it('stale datasetId reifiers of other values go with the next write, whatever their IRI; other attributes\' instances stay', async () => {
    const n = oxigraph.namedNode;
    const own = n(ie(2));
    const cpu = { kind: 'Property', value: 42, datasetId: DATASET, subAttributes: new Map() } as AttributeInstance;
    await store.commit({ deletes: [], inserts: [
      ...datasetScore(2, 0.123),
      // Written by hand, with an IRI of its own; its natural triple was never there.
      oxigraph.quad(n('urn:test:hand'), n(`${RDF_NS}reifies`), oxigraph.quad(own, n(SCORE), oxigraph.literal('0.456', n(`${XSD}double`))), own),
      oxigraph.quad(n('urn:test:hand'), n(`${NGSI_LD}datasetId`), n('urn:ngsi-ld:Dataset:by-hand'), own),
      // Another attribute's datasetId instance: not trust's to touch.
      ...entityToQuads({ id: ie(2), types: [], attributes: new Map([[`${AEROS}currentCpuUsage`, [cpu]]]) }),
    ] });
    await store.update(`DELETE DATA { GRAPH <${ie(2)}> { <${ie(2)}> <${SCORE}> 0.123e0 } }`);
    const run = await new TrustService(store, { now: at('2026-12-05T01:00:00Z') }).recompute();
    await expectOnlyTrustsScore(store, ie(2), run.results.find((r) => r.ie === ie(2))!.storedScore, '2026-12-05T01:00:00.000Z');
    expect(store.match(n('urn:test:hand'), null, null, null)).toEqual([]);
    expect(quadsToEntity(readEntityGraph(store, ie(2)), ie(2))!.attributes.get(`${AEROS}currentCpuUsage`)).toContainEqual(cpu);
  });

  it('a reifier in another graph than its natural triple, either way round, is replaced with it', async () => {
    const trust = new TrustService(store, { now: at('2026-12-05T01:00:00Z') });
    const first = (await trust.recompute()).results.find((r) => r.ie === ie(0))!.storedScore;
    // IE 0: trust's natural triple in its entity graph, reified by someone's reifier in a graph loaded by SPARQL.
    // IE 2: someone's natural triple in that graph, reified by a datasetId reifier in the entity graph.
    const n = oxigraph.namedNode;
    const other = n(OTHER_GRAPH);
    const hand = (r: string, triple: oxigraph.Quad, g: oxigraph.NamedNode): RDF.Quad[] => [
      oxigraph.quad(n(r), n(`${RDF_NS}reifies`), triple, g),
      oxigraph.quad(n(r), n(`${NGSI_LD}datasetId`), n(DATASET), g),
      oxigraph.quad(n(r), n(CF_ATTRIBUTE_KIND), n(`${NGSI_LD}Property`), g),
    ];
    const double = (x: number) => oxigraph.literal(String(x), n(`${XSD}double`));
    const elsewhere = oxigraph.quad(n(ie(2)), n(SCORE), double(0.99));
    await store.commit({ deletes: [], inserts: [
      ...hand('urn:test:reifier', oxigraph.quad(n(ie(0)), n(SCORE), double(first)), other),
      oxigraph.quad(elsewhere.subject, elsewhere.predicate, elsewhere.object, other),
      ...hand(reifierIri(ie(2), SCORE, DATASET), elsewhere, n(ie(2))),
    ] });
    expect((await scoreEverywhere(store, ie(0))).reifiers).toHaveLength(2);
    await store.commit({ deletes: [], inserts: [...alertQuads(0), ...alertQuads(2)] }); // both scores change
    const run = await new TrustService(store, { now: at('2026-12-05T01:10:00Z') }).recompute();
    for (const i of [0, 2]) {
      const score = run.results.find((r) => r.ie === ie(i))!.storedScore;
      await expectOnlyTrustsScore(store, ie(i), score, '2026-12-05T01:10:00.000Z');
    }
    expect(store.match(oxigraph.namedNode('urn:test:reifier'), null, null, null)).toEqual([]);
  });
});
