/**
 * The shape of the RDF mapping (docs/ngsi-ld-mapping.md, the NGSI-LD plan's contract):
 * natural triples, deterministic RDF 1.2 reifiers, cf:jsonValue only where needed,
 * enumeration individuals, sub-attributes on reifiers — and one consistent view with
 * SPARQL: triples written by SPARQL Update are attributes, stale reifiers are ignored.
 */
import { createHash } from 'node:crypto';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import type { ProcessedContext } from '../../../../fabric/ngsi-ld/context/ProcessedContext.js';
import { expandEntity } from '../../../../fabric/ngsi-ld/codec/expandEntity.js';
import { compactEntity } from '../../../../fabric/ngsi-ld/codec/compactEntity.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { reifierIri } from '../../../../fabric/ngsi-ld/mapping/reifierIri.js';
import type { AttributeInstance } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { aerosIe } from '../ngsiLdTestData.js';

const AEROS = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const NGSI = 'https://uri.etsi.org/ngsi-ld/';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const ID = 'urn:ngsi-ld:InfrastructureElement:Domain01:worker-7a';
const { namedNode } = N3.DataFactory;

let ctx: ProcessedContext;
let quads: RDF.Quad[];
beforeAll(async () => {
  ctx = await new ContextResolver().resolve(CONTINUUM_CONTEXT_URL);
  quads = entityToQuads(expandEntity(aerosIe(), ctx));
});

const objectsOf = (s: string, p: string): RDF.Term[] => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
const lex = (t: RDF.Term): string => (t.termType === 'Literal' ? `${t.value}^^${(t as RDF.Literal).datatype.value}` : t.value);

describe('entityToQuads', () => {
  it('puts every quad in the graph named by the entity id, rdf:type first', () => {
    expect(new Set(quads.map((q) => q.graph.value))).toEqual(new Set([ID]));
    expect(quads[0].predicate.value).toBe(`${RDF_NS}type`);
    expect(quads[0].object.value).toBe(`${AEROS}InfrastructureElement`);
  });

  it('writes natural triples with plain literals and IRIs', () => {
    expect(objectsOf(ID, `${AEROS}cpuCores`).map(lex)).toEqual([`8^^${XSD}integer`]);
    expect(objectsOf(ID, `${AEROS}currentCpuUsage`).map(lex)).toEqual([`37.5^^${XSD}double`]);
    expect(objectsOf(ID, `${AEROS}realTimeCapable`).map(lex)).toEqual([`false^^${XSD}boolean`]);
    expect(objectsOf(ID, `${CF}hostname`).map(lex)).toEqual([`worker-7a^^${XSD}string`]);
    expect(objectsOf(ID, `${AEROS}domain`).map(lex)).toEqual(['urn:ngsi-ld:Domain:Domain01']);
    expect(objectsOf(ID, `${NGSI}location`).map(lex)).toEqual([`{"coordinates":[-0.3411,39.481],"type":"Point"}^^http://www.opengis.net/ont/geosparql#geoJSONLiteral`]);
  });

  it('writes enumeration codes as the ontology individual and keeps the code on the reifier', () => {
    expect(objectsOf(ID, `${AEROS}infrastructureElementStatus`).map(lex)).toEqual([`${AEROS}ReadyInfrastructureElement`]);
    const r = reifierIri(ID, `${AEROS}infrastructureElementStatus`, undefined);
    expect(objectsOf(r, `${CF}jsonValue`).map(lex)).toEqual([`"Ready"^^${RDF_NS}JSON`]);
    expect(objectsOf(reifierIri(ID, `${AEROS}cpuCores`, undefined), `${CF}jsonValue`)).toEqual([]);
  });

  it('reifier IRIs follow the documented formula and reify the natural triple (RDF 1.2)', () => {
    const expected = `https://w3id.org/continuum-fabric/.well-known/genid/attr/${createHash('sha256')
      .update(`${ID}\n${CF}trustScore\nurn:ngsi-ld:Dataset:trust-manager:self-security`).digest('base64url').slice(0, 27)}`;
    expect(reifierIri(ID, `${CF}trustScore`, 'urn:ngsi-ld:Dataset:trust-manager:self-security')).toBe(expected);
    const [reified] = objectsOf(expected, `${RDF_NS}reifies`) as RDF.Quad[];
    expect(reified.termType).toBe('Quad');
    expect([reified.subject.value, reified.predicate.value, lex(reified.object)]).toEqual([ID, `${CF}trustScore`, `0.82^^${XSD}double`]);
    expect(objectsOf(expected, `${CF}attributeKind`).map(lex)).toEqual([`${NGSI}Property`]);
    // The attribute and its subject are the reified triple's: no cf:attribute / cf:subject (written before 2026-12-04).
    expect(objectsOf(expected, `${CF}attribute`)).toEqual([]);
    expect(objectsOf(expected, `${CF}subject`)).toEqual([]);
    expect(objectsOf(expected, `${NGSI}datasetId`).map(lex)).toEqual(['urn:ngsi-ld:Dataset:trust-manager:self-security']);
  });

  it('keeps observedAt and unitCode on the reifier', () => {
    const r = reifierIri(ID, `${AEROS}currentCpuUsage`, undefined);
    expect(objectsOf(r, `${NGSI}observedAt`).map(lex)).toEqual([`2026-11-20T10:15:00.000Z^^${XSD}dateTime`]);
    expect(objectsOf(r, `${NGSI}unitCode`).map(lex)).toEqual([`P1^^${XSD}string`]);
    // ".000Z" is printed "Z" by the store: the written form is kept beside it.
    expect(objectsOf(r, `${CF}lexicalForms`).map(lex)).toEqual([`{"observedAt":"2026-11-20T10:15:00.000Z"}^^${RDF_NS}JSON`]);
  });

  it('writes sub-attributes as natural triples on the reifier, reified in turn', async () => {
    const e = expandEntity({ id: 'urn:x:1', type: 'T', speed: { type: 'Property', value: 3, accuracy: { type: 'Property', value: 0.1 } } }, ctx);
    const q = entityToQuads(e);
    const speed = 'https://uri.etsi.org/ngsi-ld/default-context/speed';
    const accuracy = 'https://uri.etsi.org/ngsi-ld/default-context/accuracy';
    const r = reifierIri('urn:x:1', speed, undefined);
    const sub = q.filter((x) => x.subject.value === r && x.predicate.value === accuracy);
    expect(sub.map((x) => lex(x.object))).toEqual([`0.1^^${XSD}double`]);
    const r2 = reifierIri(r, accuracy, undefined);
    const reified = q.find((x) => x.subject.value === r2 && x.predicate.value === `${RDF_NS}reifies`)!.object as RDF.Quad;
    expect(reified.subject.value).toBe(r);
  });

  it('two instances with equal values share one natural triple, each reifier reifies it', () => {
    const e = expandEntity({ id: 'urn:x:1', type: 'T', p: [{ type: 'Property', value: 1 }, { type: 'Property', value: 1, datasetId: 'urn:d' }] }, ctx);
    const q = entityToQuads(e);
    const p = 'https://uri.etsi.org/ngsi-ld/default-context/p';
    expect(q.filter((x) => x.subject.value === 'urn:x:1' && x.predicate.value === p)).toHaveLength(1);
    expect(q.filter((x) => x.predicate.value === `${RDF_NS}reifies`)).toHaveLength(2);
    expect(quadsToEntity(q)!.attributes.get(p)!.map((i) => i.datasetId)).toEqual([undefined, 'urn:d']);
  });
});

describe('one view with SPARQL (quadsToEntity over what SPARQL Update left)', () => {
  async function storeWithIe(): Promise<MemoryGraphStore> {
    const store = new MemoryGraphStore();
    await store.commit({ deletes: [], inserts: quads });
    return store;
  }
  const read = (store: MemoryGraphStore) => compactEntity(quadsToEntity(store.match(null, null, null, namedNode(ID)))!, ctx);

  it('a value changed by SPARQL Update is read back as a plain Property; the stale reifier is ignored', async () => {
    const store = await storeWithIe();
    await store.update(`DELETE { GRAPH ?g { ?e <${AEROS}cpuCores> ?v } } INSERT { GRAPH ?g { ?e <${AEROS}cpuCores> 16 } } WHERE { GRAPH ?g { ?e <${AEROS}cpuCores> ?v } }`);
    expect(read(store).cpuCores).toEqual({ type: 'Property', value: 16 });
  });

  it('a triple inserted by SPARQL is an attribute (IRI → Relationship, literal → Property)', async () => {
    const store = await storeWithIe();
    await store.update(`INSERT DATA { GRAPH <${ID}> { <${ID}> <${AEROS}owner> <urn:ngsi-ld:Organization:UPV> ; <${AEROS}webPage> "https://upv.es" } }`);
    const out = read(store);
    expect(out.owner).toEqual({ type: 'Relationship', object: 'urn:ngsi-ld:Organization:UPV' });
    expect(out.webPage).toEqual({ type: 'Property', value: 'https://upv.es' });
  });

  it('an enumeration changed by SPARQL gives the new individual\'s code, not the stale one', async () => {
    const store = await storeWithIe();
    await store.update(`DELETE DATA { GRAPH <${ID}> { <${ID}> <${AEROS}infrastructureElementStatus> <${AEROS}ReadyInfrastructureElement> } } ;
      INSERT DATA { GRAPH <${ID}> { <${ID}> <${AEROS}infrastructureElementStatus> <${AEROS}OverloadInfrastructureElement> } }`);
    expect(read(store).infrastructureElementStatus).toEqual({ type: 'Property', value: 'Overloaded' });
  });

  it('an enumeration individual written as plain RDF reads as its canonical code; other IRIs stay Relationships', async () => {
    const store = await storeWithIe();
    await store.update(`DELETE WHERE { GRAPH ?g { ?e <${AEROS}infrastructureElementStatus> ?s } } ;
      DELETE WHERE { GRAPH ?g { ?e <${AEROS}infrastructureElementTier> ?t } } ;
      INSERT DATA { GRAPH <${ID}> { <${ID}> <${AEROS}infrastructureElementStatus> <${AEROS}UntrustedInfrastructureElement> ;
        <${AEROS}infrastructureElementTier> <urn:ngsi-ld:Something:not-an-individual> } }`);
    expect(read(store).infrastructureElementStatus).toEqual({ type: 'Property', value: 'Untrusted' });
    expect(read(store).infrastructureElementTier).toEqual({ type: 'Relationship', object: 'urn:ngsi-ld:Something:not-an-individual' });
  });

  it('a triple deleted by SPARQL removes the attribute', async () => {
    const store = await storeWithIe();
    await store.update(`DELETE WHERE { GRAPH ?g { ?e <${AEROS}domain> ?d } }`);
    expect(read(store).domain).toBeUndefined();
    expect(read(store).hostname).toEqual({ type: 'Property', value: 'worker-7a' });
  });

  it('SPARQL 1.2 reads metadata through the reifier: `?e P ?v ~ ?r . ?r ngsi-ld:observedAt ?t`', async () => {
    const store = await storeWithIe();
    const result = await store.query(`SELECT ?v ?t WHERE { ?e <${AEROS}currentCpuUsage> ?v ~ ?r . ?r <${NGSI}observedAt> ?t }`);
    if (result.kind !== 'bindings') throw new Error('expected bindings');
    expect(result.rows.map((row) => [row.get('v')!.value, row.get('t')!.value])).toEqual([['37.5', '2026-11-20T10:15:00Z']]);
  });
});

describe('a bare object (SPARQL Update) next to a reified default instance of another shape (docs/ngsi-ld-mapping.md, Reading back)', () => {
  const EX = 'https://example.org/ns#';
  const E = 'urn:x:mixed';
  async function readAfter(attribute: string, instance: Record<string, unknown>, bare: string): Promise<Record<string, unknown> | undefined> {
    const store = new MemoryGraphStore();
    const entity = { id: E, types: [`${EX}T`], attributes: new Map([[`${EX}${attribute}`, [{ subAttributes: new Map(), ...instance } as unknown as AttributeInstance]]]) };
    await store.commit({ deletes: [], inserts: entityToQuads(entity) });
    await store.update(`INSERT DATA { GRAPH <${E}> { <${E}> <${EX}${attribute}> ${bare} } }`);
    const [read] = quadsToEntity(store.match(null, null, null, namedNode(E)))!.attributes.get(`${EX}${attribute}`)!;
    return read as unknown as Record<string, unknown>;
  }

  it('a value the instance\'s kind can hold joins it: an array value and a number give the array of both', async () => {
    expect(await readAfter('temperature', { kind: 'Property', value: [-2], unitCode: 'CEL' }, '1'))
      .toMatchObject({ kind: 'Property', value: [1, [-2]], unitCode: 'CEL' });
    expect(await readAfter('owner', { kind: 'Relationship', object: 'urn:x:a' }, '<urn:x:b>'))
      .toMatchObject({ kind: 'Relationship', object: ['urn:x:a', 'urn:x:b'] });
  });

  it('a literal next to a Relationship, a number next to a LanguageProperty: the natural triples win, as a Property (metadata kept)', async () => {
    expect(await readAfter('owner', { kind: 'Relationship', object: 'urn:x:a', observedAt: '2026-01-01T00:00:00Z' }, '1'))
      .toEqual({ kind: 'Property', value: [1, 'urn:x:a'], observedAt: '2026-01-01T00:00:00Z', subAttributes: new Map() });
    expect(await readAfter('name', { kind: 'LanguageProperty', languageMap: { en: 'Alpha' } }, '7'))
      .toEqual({ kind: 'Property', value: [7, 'Alpha'], subAttributes: new Map() });
    expect(await readAfter('name', { kind: 'LanguageProperty', languageMap: { en: 'Alpha' } }, '"Beta"@fr'))
      .toEqual({ kind: 'LanguageProperty', languageMap: { en: 'Alpha', fr: 'Beta' }, subAttributes: new Map() });
  });
});
