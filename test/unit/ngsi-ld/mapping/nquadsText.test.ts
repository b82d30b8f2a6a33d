/**
 * N-Quads in and out of the store (RDF 1.2 N-Quads with triple terms): entityToQuads →
 * quadsToNQuads → store.load → store dump of the entity graph → parseNQuads → quadsToEntity
 * gives the entity back; the text parses in oxigraph unchanged.
 */
import oxigraph from 'oxigraph';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import { expandEntity } from '../../../../fabric/ngsi-ld/codec/expandEntity.js';
import { compactEntity } from '../../../../fabric/ngsi-ld/codec/compactEntity.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { parseNQuads, quadsToNQuads } from '../../../../fabric/ngsi-ld/mapping/nquadsText.js';
import { allKindsEntity } from '../ngsiLdTestData.js';

it('round trips an entity through N-Quads text and the store', async () => {
  const ctx = await new ContextResolver().resolve(CONTINUUM_CONTEXT_URL);
  const json = { ...allKindsEntity(), note: { type: 'Property', value: 'line1\nline2 "quoted" \\ back\\slash é 😀' } };
  const entity = expandEntity(json, ctx, { keepSystemAttributes: true });
  const quads = entityToQuads(entity);
  const text = quadsToNQuads(quads);
  expect(oxigraph.parse(text, { format: 'application/n-quads' })).toHaveLength(quads.length);
  expect(parseNQuads(text)).toHaveLength(quads.length);
  const store = new MemoryGraphStore();
  await store.load(text, { format: 'application/n-quads' });
  const dumped = store.raw.dump({ format: 'application/n-quads', from_graph_name: oxigraph.namedNode(entity.id) });
  const back = quadsToEntity(parseNQuads(dumped), entity.id)!;
  expect(compactEntity(back, ctx, { sysAttrs: true })).toEqual(compactEntity(quadsToEntity(quads)!, ctx, { sysAttrs: true }));
  expect((compactEntity(back, ctx).note as { value: string }).value).toBe(json.note.value);
});
