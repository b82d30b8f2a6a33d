/**
 * Lossless round trip JSON → Entity → quads → Entity → JSON (issue 3 "Data model
 * fidelity"), in memory and through the oxigraph store (which canonicalizes timestamps and
 * language tags), for every attribute kind and member, the Smart Data Models examples, the
 * aerOS-like IE, and generated entities (fast-check).
 * RDF keeps no order for types, scopes and the instances of a multi-attribute: those come
 * back sorted (default instance first, then by datasetId) and are compared so.
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
import { aerosIe, allKindsEntity, repairUpstreamDefects, sdmExamples, withoutContext, type Json } from '../ngsiLdTestData.js';
import { generatedEntity } from './generatedEntities.js';

const resolver = new ContextResolver();
let ctx: ProcessedContext;
beforeAll(async () => {
  ctx = await resolver.resolve(CONTINUUM_CONTEXT_URL);
});

/** Sorts what RDF does not order: types, scopes, instances of multi-attributes (by datasetId, default first). */
function orderless(json: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(json)) {
    if ((k === 'type' || k === 'scope') && Array.isArray(v)) out[k] = [...v].sort();
    else if (Array.isArray(v) && v.every((i) => i && typeof i === 'object' && 'type' in i)) out[k] = [...v].sort(byDataset).map(orderlessAttr);
    else if (v && typeof v === 'object' && !Array.isArray(v) && k !== '@context') out[k] = orderlessAttr(v as Json);
    else out[k] = v;
  }
  return out;
}
const orderlessAttr = (a: Json): Json => {
  const { type, ...rest } = a;
  return { type, ...orderless(rest) };
};
const byDataset = (a: Json, b: Json): number => {
  const [x, y] = [a.datasetId as string | undefined, b.datasetId as string | undefined];
  return x === y ? 0 : x === undefined ? -1 : y === undefined ? 1 : x < y ? -1 : 1;
};

async function throughStore(quads: RDF.Quad[], id: string): Promise<RDF.Quad[]> {
  const store = new MemoryGraphStore();
  await store.commit({ deletes: [], inserts: quads });
  return store.match(null, null, null, N3.DataFactory.namedNode(id));
}

async function roundTrip(json: Json, context: ProcessedContext, viaStore: boolean): Promise<Json> {
  const entity = expandEntity(json, context, { keepSystemAttributes: true });
  const quads = entityToQuads(entity);
  const back = quadsToEntity(viaStore ? await throughStore(quads, entity.id) : quads)!;
  return compactEntity(back, context, { sysAttrs: true });
}

describe.each([['in memory', false], ['through the oxigraph store', true]] as const)('round trip %s', (_name, viaStore) => {
  it('every attribute kind, observedAt, unitCode, datasetIds, sub-attributes at depth 3, scope, createdAt/modifiedAt', async () => {
    const json = allKindsEntity();
    expect(orderless(await roundTrip(json, ctx, viaStore))).toEqual(orderless(json));
  });

  it('language tags and timestamps the store canonicalizes come back as written', async () => {
    const json = {
      id: 'urn:x:lexical', type: 'T',
      street: { type: 'LanguageProperty', languageMap: { 'en-GB': 'High Street', 'zh-Hant': ['街'] } },
      seen: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-01-01T10:00:00.100+00:00' }, observedAt: '2026-01-01T10:00:00.500Z' },
      at: { type: 'Property', value: { '@type': 'Time', '@value': '10:00:00.0' } },
    };
    expect(await roundTrip(json, ctx, viaStore)).toEqual(json);
  });

  it.each(sdmExamples().map((e) => [e.file, e.json] as const))('Smart Data Models %s', async (_file, published) => {
    const { json } = repairUpstreamDefects(published);
    const context = await resolver.resolve(json['@context']);
    // Concise input (ServiceComponent's "unit": "Cores") comes back normalized; compare normalized forms.
    const expected = compactEntity(expandEntity(json, context), context);
    expect(orderless(await roundTrip(json, context, viaStore))).toEqual(orderless(expected));
  });

  it('the aerOS-like IE', async () => {
    const json = aerosIe();
    expect(await roundTrip(json, ctx, viaStore)).toEqual(withoutContext(json));
  });
});

describe('round trip of generated entities (fast-check)', () => {
  it('in memory: 300 entities', () => {
    fc.assert(fc.property(generatedEntity(), (json) => {
      const entity = expandEntity(json, ctx, { keepSystemAttributes: true });
      const back = quadsToEntity(entityToQuads(entity))!;
      expect(orderless(compactEntity(back, ctx, { sysAttrs: true }))).toEqual(orderless(json));
    }), { numRuns: 300 });
  });

  it('through the oxigraph store: 60 entities', async () => {
    await fc.assert(fc.asyncProperty(generatedEntity(), async (json) => {
      expect(orderless(await roundTrip(json, ctx, true))).toEqual(orderless(json));
    }), { numRuns: 60 });
  });
});
