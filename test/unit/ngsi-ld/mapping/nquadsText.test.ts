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

it('writes each quad with its own subject and graph when runs of quads share those terms', () => {
  const { namedNode, literal, quad, defaultGraph } = oxigraph;
  const g1 = namedNode('urn:g:1');
  const g2 = namedNode('urn:g:2');
  const s = namedNode('urn:s');
  const t = namedNode('urn:t');
  const p = namedNode('urn:p');
  const quads = [
    quad(s, p, literal('a'), g1), quad(s, p, literal('b'), g1), quad(t, p, literal('c'), g1), quad(s, p, literal('d'), g1),
    quad(namedNode('urn:s'), p, literal('e'), g2), quad(s, p, literal('f'), defaultGraph()), quad(s, p, literal('g'), g1),
  ];
  const lines = quadsToNQuads(quads as never).split('\n').filter((l) => l.length > 0);
  expect(lines).toEqual(quads.map((q) => quadsToNQuads([q] as never).trimEnd()));
  expect(lines).toEqual([
    '<urn:s> <urn:p> "a" <urn:g:1> .', '<urn:s> <urn:p> "b" <urn:g:1> .', '<urn:t> <urn:p> "c" <urn:g:1> .', '<urn:s> <urn:p> "d" <urn:g:1> .',
    '<urn:s> <urn:p> "e" <urn:g:2> .', '<urn:s> <urn:p> "f" .', '<urn:s> <urn:p> "g" <urn:g:1> .',
  ]);
});
