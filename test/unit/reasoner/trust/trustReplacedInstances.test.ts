/**
 * reasoner/trust/trustWrites.ts attributeQuads, through a TrustService run: what a score / status write replaces is the
 * attribute's instances and nothing else (GS CIM 009 §5.6.3: an existing attribute instance is replaced whole).
 * - A reifier that also reifies a triple of another attribute (written by hand: docs/ngsi-ld-mapping.md "Reifiers")
 *   keeps that triple term and its metadata: it is still that attribute's instance; only the cf:trustScore triple
 *   term goes.
 * - A sub-attribute of a replaced instance goes with its own reifier (and so on down), not only its
 *   natural triple: its reifier would be left behind stale.
 * - A stale reifier of the value written (its natural triple removed by SPARQL) goes, whatever graph holds it and
 *   whether or not it has the default IRI or a datasetId: it would read as a live instance once the value is written.
 * On a memory store and on a durable one (whose commit takes the exact text path, ChangeSet.exactAt).
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
import { IE as IE_TERMS, TRUST } from '../../../../reasoner/trust/trustVocabulary.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const NGSI_LD = 'https://uri.etsi.org/ngsi-ld/';
const SCORE = TRUST.trustScore;
const CPU = `${AEROS}currentCpuUsage`;
const KIND = 'https://w3id.org/continuum-fabric/ns#attributeKind';
const CONFIDENCE = 'urn:test:confidence';
const SOURCE = 'urn:test:source';
const D = 'urn:ngsi-ld:Domain:instances';
const DATASET = 'urn:ngsi-ld:Dataset:someone-else';
const OTHER_GRAPH = 'urn:test:loaded-by-sparql';
const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
const n = oxigraph.namedNode;
const ie = (i: number): string => `urn:ngsi-ld:InfrastructureElement:instances:${i}`;
const prop = (value: unknown, extra: Partial<AttributeInstance> = {}): AttributeInstance => ({ kind: 'Property', value, subAttributes: new Map(), ...extra } as AttributeInstance);
const double = (x: number): oxigraph.Literal => oxigraph.literal(String(x), n(`${XSD}double`));
const at = (iso: string) => () => new Date(iso);
const NOW = '2026-12-05T03:00:00Z';

function ieEntity(i: number): Entity {
  const attributes = new Map<string, AttributeInstance[]>([[`${AEROS}domain`, [{ kind: 'Relationship', object: D, subAttributes: new Map() } as AttributeInstance]]]);
  for (const [p, v] of [['cpuCores', 2 + i], ['currentCpuUsage', 10 + 25 * i], ['ramCapacity', 4096], ['availableRam', 1000 + 300 * i], ['currentRamUsage', 500 + 50 * i]] as const) {
    attributes.set(`${AEROS}${p}`, [prop(v)]);
  }
  return { id: ie(i), types: [`${AEROS}InfrastructureElement`], attributes };
}

/** A priority-5 security alert about IE i: its score drops below the Untrusted threshold. */
function alertQuads(i: number): RDF.Quad[] {
  const e = n(`urn:test:alert:${i}`);
  const g = n('urn:test:alerts');
  return [
    oxigraph.quad(e, n(`${RDF_NS}type`), n(TRUST.SecurityAlert), g),
    oxigraph.quad(e, n(TRUST.aboutInfrastructureElement), n(ie(i)), g),
    oxigraph.quad(e, n(TRUST.priority), oxigraph.literal('5', n(`${XSD}integer`)), g),
  ];
}

/** A reifier written by hand: `r rdf:reifies` each triple, cf:attributeKind Property, and `extra` (predicate, object) pairs. */
function handReifier(r: string, triples: oxigraph.Quad[], graph: string, extra: Array<[string, oxigraph.Term]> = []): RDF.Quad[] {
  const g = n(graph);
  return [
    ...triples.map((t) => oxigraph.quad(n(r), n(`${RDF_NS}reifies`), t, g)),
    oxigraph.quad(n(r), n(KIND), n(`${NGSI_LD}Property`), g),
    ...extra.map(([p, o]) => oxigraph.quad(n(r), n(p), o as oxigraph.NamedNode, g)),
  ];
}

/** Every quad whose subject is `subject`, in any graph, as text. */
const quadsAbout = (store: GraphStore, subject: string): string[] => store.match(n(subject), null, null, null).map((q) => q.toString()).sort();

/** The score a run at NOW writes for IE i, from a copy of the store. */
async function scoreOnCopy(store: GraphStore, i: number): Promise<number> {
  const copy = new ObservedMemoryStore();
  await copy.load(store.dump('application/n-quads'), { format: 'application/n-quads' });
  return (await new TrustService(copy, { now: at(NOW) }).recompute()).results.find((r) => r.ie === ie(i))!.storedScore;
}

/** What a run leaves of cf:trustScore on the NGSI-LD side: the one default instance trust wrote. */
function expectTrustsScoreOnly(store: GraphStore, i: number, score: number): void {
  expect(quadsToEntity(readEntityGraph(store, ie(i)), ie(i))!.attributes.get(SCORE)).toEqual([prop(score, { observedAt: '2026-12-05T03:00:00.000Z' })]);
}

const stores = memoryAndDurableStores('trust-instances-');

describe.each(stores)('trust replaces the attribute instance and nothing else, on %s', (_, open) => {
  let store: GraphStore;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, close } = await open());
    await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
    await store.commit({ deletes: [], inserts: [0, 1, 2].flatMap((i) => entityToQuads(ieEntity(i))) });
  });
  afterEach(() => close());

  it('a reifier that also reifies another attribute\'s triple keeps it, with its metadata: only the score\'s triple term goes', async () => {
    const own = ie(1);
    const cpu = oxigraph.quad(n(own), n(CPU), oxigraph.literal('35', n(`${XSD}integer`)));
    const score = oxigraph.quad(n(own), n(SCORE), double(0.321));
    await store.commit({ deletes: [], inserts: [
      oxigraph.quad(score.subject, score.predicate, score.object, n(own)),
      ...handReifier('urn:test:both', [score, cpu], own, [[`${NGSI_LD}unitCode`, oxigraph.literal('P1')]]),
    ] });
    const before = quadsToEntity(readEntityGraph(store, own), own)!.attributes.get(CPU)!;
    expect(before.some((i) => i.unitCode === 'P1')).toBe(true); // the hand reifier is an instance of currentCpuUsage
    const written = (await new TrustService(store, { now: at(NOW) }).recompute()).results.find((r) => r.ie === own)!.storedScore;
    expectTrustsScoreOnly(store, 1, written);
    expect(quadsToEntity(readEntityGraph(store, own), own)!.attributes.get(CPU)).toEqual(before);
    expect(quadsAbout(store, 'urn:test:both')).toEqual([
      `<urn:test:both> <${KIND}> <${NGSI_LD}Property> <${own}>`,
      `<urn:test:both> <${NGSI_LD}unitCode> "P1" <${own}>`,
      `<urn:test:both> <${RDF_NS}reifies> <<( <${own}> <${CPU}> "35"^^<${XSD}integer> )>> <${own}>`,
    ].sort());
  });

  it('the default instance\'s reifier, written by hand to reify another attribute too, is rewritten keeping that triple term; the change stays exact', async () => {
    const own = ie(0);
    const cpu = oxigraph.quad(n(own), n(CPU), oxigraph.literal('10', n(`${XSD}integer`)));
    const score = oxigraph.quad(n(own), n(SCORE), double(0.321));
    const defaultReifier = reifierIri(own, SCORE, undefined);
    await store.commit({ deletes: [], inserts: [
      oxigraph.quad(score.subject, score.predicate, score.object, n(own)),
      ...handReifier(defaultReifier, [score, cpu], own, [[`${NGSI_LD}unitCode`, oxigraph.literal('P1')]]),
    ] });
    const before = new Set(store.dump('application/n-quads').split('\n'));
    const inserted: string[] = [];
    store.onCommit!((record) => inserted.push(...record.inserts.split('\n').filter((l) => l.length > 0)));
    const written = (await new TrustService(store, { now: at(NOW) }).recompute()).results.find((r) => r.ie === own)!.storedScore;
    expect(inserted.filter((l) => before.has(l))).toEqual([]); // every insert was absent
    expectTrustsScoreOnly(store, 0, written);
    expect(quadsAbout(store, defaultReifier).filter((q) => q.includes(CPU) || q.includes('unitCode'))).toEqual([
      `<${defaultReifier}> <${RDF_NS}reifies> <<( <${own}> <${CPU}> "10"^^<${XSD}integer> )>> <${own}>`,
    ]);
  });

  it('a sub-attribute of a replaced instance goes with its reifier, and the sub-attribute\'s own sub-attribute too', async () => {
    const own = ie(2);
    const source = prop('sensor', { subAttributes: new Map([[SOURCE, [prop('vendor')]]]) });
    const withSubs = prop(0.5, { datasetId: DATASET, subAttributes: new Map([[CONFIDENCE, [source]]]) });
    await store.commit({ deletes: [], inserts: entityToQuads({ id: own, types: [], attributes: new Map([[SCORE, [withSubs]]]) }) });
    const instance = reifierIri(own, SCORE, DATASET);
    const confidence = reifierIri(instance, CONFIDENCE, undefined);
    const vendor = reifierIri(confidence, SOURCE, undefined);
    for (const r of [instance, confidence, vendor]) expect(quadsAbout(store, r)).not.toEqual([]);
    const written = (await new TrustService(store, { now: at(NOW) }).recompute()).results.find((r) => r.ie === own)!.storedScore;
    expectTrustsScoreOnly(store, 2, written);
    for (const r of [instance, confidence, vendor]) expect(quadsAbout(store, r)).toEqual([]);
    const left = await store.query(`SELECT ?r WHERE { ?r <${RDF_NS}reifies> ?t . FILTER(isTRIPLE(?t) && STRSTARTS(STR(SUBJECT(?t)), "${instance}")) }`);
    expect(left.kind === 'bindings' && left.rows.length).toBe(0);
  });

  it('a stale reifier of the value written, in another graph or with neither the default IRI nor a datasetId, is removed', async () => {
    const own = ie(0);
    const expected = await scoreOnCopy(store, 0);
    const triple = oxigraph.quad(n(own), n(SCORE), double(expected));
    // Stale from the start: no natural triple of this value anywhere.
    await store.commit({ deletes: [], inserts: [
      ...handReifier('urn:test:elsewhere', [triple], OTHER_GRAPH),
      ...handReifier('urn:test:no-dataset', [triple], own, [[`${NGSI_LD}observedAt`, oxigraph.literal('2026-01-01T00:00:00Z', n(`${XSD}dateTime`))]]),
    ] });
    const run = await new TrustService(store, { now: at(NOW) }).recompute();
    expect(run.results.find((r) => r.ie === own)!.storedScore).toBe(expected);
    expectTrustsScoreOnly(store, 0, expected);
    expect(quadsAbout(store, 'urn:test:elsewhere')).toEqual([]);
    expect(quadsAbout(store, 'urn:test:no-dataset')).toEqual([]);
    const reifiers = await store.query(`SELECT ?r WHERE { GRAPH ?g { ?r <${RDF_NS}reifies> <<( <${own}> <${SCORE}> ?o )>> } }`);
    expect(reifiers.kind === 'bindings' && reifiers.rows.map((r) => r.get('r')!.value)).toEqual([reifierIri(own, SCORE, undefined)]);
  });

  it('the status write too: a stale hand-written reifier of Untrusted goes, one reifying the status and another attribute keeps the other', async () => {
    const own = ie(1);
    const untrusted = oxigraph.quad(n(own), n(IE_TERMS.status), n(IE_TERMS.Untrusted));
    const ready = oxigraph.quad(n(own), n(IE_TERMS.status), n(IE_TERMS.Ready));
    const cpu = oxigraph.quad(n(own), n(CPU), oxigraph.literal('35', n(`${XSD}integer`)));
    await store.commit({ deletes: [], inserts: [
      oxigraph.quad(ready.subject, ready.predicate, ready.object, n(own)),
      ...handReifier('urn:test:stale-untrusted', [untrusted], OTHER_GRAPH),
      ...handReifier('urn:test:status-and-cpu', [ready, cpu], own),
      ...alertQuads(1),
    ] });
    const run = await new TrustService(store, { now: at(NOW) }).recompute();
    expect(run.untrusted).toContain(own);
    expect(quadsToEntity(readEntityGraph(store, own), own)!.attributes.get(IE_TERMS.status)).toEqual([prop('Untrusted', { observedAt: '2026-12-05T03:00:00.000Z' })]);
    expect(quadsAbout(store, 'urn:test:stale-untrusted')).toEqual([]);
    expect(quadsAbout(store, 'urn:test:status-and-cpu')).toEqual([
      `<urn:test:status-and-cpu> <${KIND}> <${NGSI_LD}Property> <${own}>`,
      `<urn:test:status-and-cpu> <${RDF_NS}reifies> <<( <${own}> <${CPU}> "35"^^<${XSD}integer> )>> <${own}>`,
    ].sort());
  });
});
