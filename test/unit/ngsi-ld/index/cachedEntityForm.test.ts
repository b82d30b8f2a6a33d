/**
 * The entity cache's small form (index/cachedEntityForm.ts) is the same entity (GS CIM 009 v1.8
 * §4.5 model): equal member by member to the decoded one, whatever it holds (sub-attributes, JSON
 * values, language maps, geometries, datasetIds, strings outside the BMP and lone surrogates); the
 * string pool stays bounded; and the form holds no reference into the graph text it was parsed from
 * (heap per entity measured with --expose-gc in docs/benchmarks.md §4, not here: GC timing is not a test).
 */
import { cachedEntityForm, StringPool } from '../../../../fabric/ngsi-ld/index/cachedEntityForm.js';
import { EntityCache } from '../../../../fabric/ngsi-ld/index/EntityCache.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToEntity } from '../../../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { ENTITIES, EX } from '../query/queryFixtures.js';

const prop = (value: AttributeInstance['value'], extra: Partial<AttributeInstance> = {}): AttributeInstance => ({ kind: 'Property', value, subAttributes: new Map(), ...extra });

const UNUSUAL: Entity = {
  id: 'urn:ngsi-ld:Thing:😀-a-long-enough-id',
  types: [`${EX}Thing`],
  scope: ['/Madrid/Gardens'],
  createdAt: '2026-12-01T09:00:00Z',
  modifiedAt: '2026-12-01T10:00:00Z',
  attributes: new Map<string, AttributeInstance[]>([
    [`${EX}text`, [prop('a string longer than thirteen characters \uD800 lone surrogate, 😀 emoji'), prop('x', { datasetId: 'urn:ds:1', observedAt: '2026-12-01T10:00:00Z' })]],
    [`${EX}label`, [{ kind: 'LanguageProperty', languageMap: { en: 'Hello there, long text', es: ['Hola', 'Buenas tardes a todos'] }, subAttributes: new Map() }]],
    [`${EX}json`, [{ kind: 'JsonProperty', value: { nested: [1, 'two', { three: null, four: true }] }, subAttributes: new Map() }]],
    [`${EX}status`, [{ kind: 'VocabProperty', vocab: [`${EX}On`, `${EX}Ready`], subAttributes: new Map() }]],
    [`${EX}list`, [{ kind: 'ListRelationship', object: ['urn:a:1', 'urn:a:2'], objectType: `${EX}A`, subAttributes: new Map() }]],
    [`${EX}typed`, [prop({ '@type': 'https://uri.etsi.org/ngsi-ld/DateTime', '@value': '2026-12-01T09:00:00Z' }, {
      unitCode: 'CEL', createdAt: '2026-12-01T09:00:00Z', modifiedAt: '2026-12-01T09:00:00Z',
      subAttributes: new Map([[`${EX}accuracy`, [prop(0.5, { subAttributes: new Map([[`${EX}deeper`, [prop('d')]]]) })]]]),
    })]],
  ]),
};

describe('cachedEntityForm', () => {
  test.each([...ENTITIES, UNUSUAL].map((e) => [e.id, e] as const))('%s: the cached form equals the entity', (_id, entity) => {
    const form = cachedEntityForm(entity, new StringPool());
    expect(form).toEqual(entity);
    expect([...form.attributes.keys()]).toEqual([...entity.attributes.keys()]); // same order
    expect(form).not.toBe(entity);
  });

  test('an entity decoded from its graph text equals its cached form (what the index caches)', () => {
    const store = new MemoryGraphStore();
    store.applyChange({ deletes: [], inserts: [...ENTITIES, UNUSUAL].flatMap((e) => entityToQuads(e)) });
    const pool = new StringPool();
    for (const { id } of [...ENTITIES, UNUSUAL]) {
      const decoded = quadsToEntity(readEntityGraph(store, id), id)!;
      expect(cachedEntityForm(decoded, pool)).toEqual(decoded);
    }
    expect(pool.size).toBeGreaterThan(0);
  });

  test('the pool stops sharing at its limit (strings are still copied, entities still equal)', () => {
    const pool = new StringPool(3);
    for (const e of ENTITIES) expect(cachedEntityForm(e, pool)).toEqual(e);
    expect(pool.size).toBe(3);
  });

  test('EntityCache keeps and hands out the cached form', () => {
    const cache = new EntityCache(10);
    const kept = cache.set(UNUSUAL.id, UNUSUAL);
    expect(cache.get(UNUSUAL.id)).toBe(kept);
    expect(kept).toEqual(UNUSUAL);
    expect(new EntityCache(0).set(UNUSUAL.id, UNUSUAL)).toBe(UNUSUAL); // no cache: nothing rebuilt
  });
});
