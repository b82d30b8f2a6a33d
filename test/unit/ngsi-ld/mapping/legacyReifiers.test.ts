/**
 * Reifiers without cf:attribute / cf:subject (since 2026-12-04, docs/ngsi-ld-mapping.md "Reifiers"): quadsToEntity
 * takes an instance's attribute and subject from the triple its reifier reifies, so reifiers written before (with
 * both, in WAL records, snapshots and loaded RDF) read exactly as the new shape does; and a reifier written by hand
 * (SPARQL Update) needs neither.
 */
import fc from 'fast-check';
import type * as RDF from '@rdfjs/types';
import N3 from 'n3';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import type { ProcessedContext } from '../../../../fabric/ngsi-ld/context/ProcessedContext.js';
import { expandEntity } from '../../../../fabric/ngsi-ld/codec/expandEntity.js';
import { compactEntity } from '../../../../fabric/ngsi-ld/codec/compactEntity.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { aerosIe, allKindsEntity, withoutContext, type Json } from '../ngsiLdTestData.js';
import { generatedEntity } from './generatedEntities.js';
import { legacyLinks, withLegacyReifierLinks } from './legacyReifierQuads.js';

let ctx: ProcessedContext;
beforeAll(async () => {
  ctx = await new ContextResolver().resolve(CONTINUUM_CONTEXT_URL);
});

async function throughStore(quads: RDF.Quad[], id: string): Promise<RDF.Quad[]> {
  const store = new MemoryGraphStore();
  await store.commit({ deletes: [], inserts: quads });
  return store.match(null, null, null, N3.DataFactory.namedNode(id));
}

describe('reifiers stored with cf:attribute / cf:subject (before 2026-12-04)', () => {
  it('entityToQuads writes neither', () => {
    const quads = entityToQuads(expandEntity(allKindsEntity(), ctx, { keepSystemAttributes: true }));
    expect(legacyLinks(quads)).toEqual([]);
    expect(legacyLinks(withLegacyReifierLinks(quads)).length).toBeGreaterThan(0);
  });

  it.each([['all kinds', allKindsEntity], ['the aerOS-like IE', aerosIe]] as const)('%s: old and new shapes read the same through the store', async (_name, make) => {
    const json = make();
    const entity = expandEntity(json, ctx, { keepSystemAttributes: true });
    const quads = entityToQuads(entity);
    const legacy = await throughStore(withLegacyReifierLinks(quads), entity.id);
    expect(legacy.length).toBeGreaterThan(quads.length);
    const fromLegacy = quadsToEntity(legacy, entity.id)!;
    expect(fromLegacy).toEqual(quadsToEntity(await throughStore(quads, entity.id), entity.id));
    if (make === aerosIe) expect(compactEntity(fromLegacy, ctx, { sysAttrs: true })).toEqual(withoutContext(json));
  });

  it('generated entities (fast-check, 300): the old shape reads as the new one', () => {
    fc.assert(fc.property(generatedEntity(), (json: Json) => {
      const quads = entityToQuads(expandEntity(json, ctx, { keepSystemAttributes: true }));
      expect(quadsToEntity(withLegacyReifierLinks(quads))).toEqual(quadsToEntity(quads));
    }), { numRuns: 300 });
  });
});

describe('a reifier written by hand', () => {
  const E = 'urn:ngsi-ld:Thing:h1';
  const EX = 'https://example.org/ns#';
  const prefixes = '@prefix cf: <https://w3id.org/continuum-fabric/ns#> . @prefix ngsi-ld: <https://uri.etsi.org/ngsi-ld/> . '
    + `@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix ex: <${EX}> . `;
  /** RDF loaded as TriG (SPARQL Update or the Graph Store Protocol would write the same quads). */
  const read = async (trig: string) => {
    const store = new MemoryGraphStore();
    await store.load(prefixes + trig, { format: 'application/trig' });
    return quadsToEntity(store.match(null, null, null, N3.DataFactory.namedNode(E)), E)!;
  };

  it('describes the attribute of the triple it reifies (no cf:subject / cf:attribute)', async () => {
    const e = await read(`<${E}> { <${E}> a ex:T ; ex:temp 21 .
      ex:r1 rdf:reifies <<( <${E}> ex:temp 21 )>> ; cf:attributeKind ngsi-ld:Property ; ngsi-ld:unitCode "CEL" }`);
    expect(e.attributes.get(`${EX}temp`)).toEqual([{ kind: 'Property', value: 21, unitCode: 'CEL', subAttributes: new Map() }]);
  });

  it('reifying triples of two attributes: an instance of each, as a SPARQL pattern on rdf:reifies sees it', async () => {
    const e = await read(`<${E}> { <${E}> a ex:T ; ex:a 1 ; ex:b 2 .
      ex:r1 rdf:reifies <<( <${E}> ex:a 1 )>>, <<( <${E}> ex:b 2 )>> ; cf:attributeKind ngsi-ld:Property ; ngsi-ld:unitCode "C62" }`);
    expect(e.attributes.get(`${EX}a`)).toEqual([{ kind: 'Property', value: 1, unitCode: 'C62', subAttributes: new Map() }]);
    expect(e.attributes.get(`${EX}b`)).toEqual([{ kind: 'Property', value: 2, unitCode: 'C62', subAttributes: new Map() }]);
  });

  it('whose triple is gone is stale, also with cf:subject / cf:attribute naming a live one', async () => {
    const e = await read(`<${E}> { <${E}> a ex:T ; ex:a 1 .
      ex:r1 rdf:reifies <<( <${E}> ex:a 2 )>> ; cf:attributeKind ngsi-ld:Property ; cf:attribute ex:a ; cf:subject <${E}> ; ngsi-ld:unitCode "C62" }`);
    expect(e.attributes.get(`${EX}a`)).toEqual([{ kind: 'Property', value: 1, subAttributes: new Map() }]);
  });
});
