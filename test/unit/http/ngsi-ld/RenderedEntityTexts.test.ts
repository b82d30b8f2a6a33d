/**
 * RenderedEntityTexts: a rendered entity's JSON text is reused only for the same entity object, the
 * same processed @context and the same rendering (format, sysAttrs, "@context" member); renderings
 * with projections, language selection or an inline @context are never kept.
 */
import { compactEntity } from '../../../../fabric/ngsi-ld/codec/compactEntity.js';
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import type { ProcessedContext } from '../../../../fabric/ngsi-ld/context/ProcessedContext.js';
import type { Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { cacheableRendering, RenderedEntityTexts, type RenderingKey } from '../../../../fabric/http/ngsi-ld/RenderedEntityTexts.js';

const SPEED = 'https://uri.etsi.org/ngsi-ld/default-context/speed';

function vehicle(speed: number): Entity {
  return {
    id: 'urn:ngsi-ld:Vehicle:V1', types: ['https://uri.etsi.org/ngsi-ld/default-context/Vehicle'],
    attributes: new Map([[SPEED, [{ kind: 'Property', value: speed, subAttributes: new Map() }]]]),
    createdAt: '2026-01-01T00:00:00Z', modifiedAt: '2026-01-02T00:00:00Z',
  } as Entity;
}

describe('RenderedEntityTexts', () => {
  let core: ProcessedContext;
  let other: ProcessedContext;
  beforeAll(async () => {
    const resolver = new ContextResolver();
    core = await resolver.core();
    other = await resolver.resolve({ velocity: SPEED });
  });

  /** Renders through the cache, counting the renderings actually computed. */
  function renderer(texts: RenderedEntityTexts): { text: (e: Entity, ctx: ProcessedContext, key: RenderingKey) => string; computed: () => number } {
    let computed = 0;
    return {
      text: (e, ctx, key) => texts.text(e, ctx, key, () => {
        computed++;
        return compactEntity(e, ctx, key);
      }),
      computed: () => computed,
    };
  }

  it('gives the text of a fresh rendering, computed once per entity object, context and rendering', () => {
    const texts = new RenderedEntityTexts();
    const r = renderer(texts);
    const v = vehicle(10);
    const key: RenderingKey = { format: 'normalized', sysAttrs: false };
    expect(r.text(v, core, key)).toBe(JSON.stringify(compactEntity(v, core, key)));
    expect(r.text(v, core, key)).toBe(JSON.stringify(compactEntity(v, core, key)));
    expect(r.computed()).toBe(1);
    expect(texts.stats()).toEqual({ hits: 1, misses: 1 });

    expect(JSON.parse(r.text(v, other, key))).toHaveProperty('velocity');
    expect(JSON.parse(r.text(v, core, { format: 'keyValues', sysAttrs: false }))).toMatchObject({ speed: 10 });
    expect(JSON.parse(r.text(v, core, { format: 'normalized', sysAttrs: true }))).toHaveProperty('createdAt');
    expect(r.computed()).toBe(4);
    // 'simplified' is 'keyValues' (§4.5.4): the same rendering.
    expect(JSON.parse(r.text(v, core, { format: 'simplified', sysAttrs: false }))).toMatchObject({ speed: 10 });
    expect(r.computed()).toBe(4);
  });

  it('never gives the text of another entity object, even with the same id', () => {
    const r = renderer(new RenderedEntityTexts());
    const key: RenderingKey = { format: 'keyValues', sysAttrs: false };
    expect(JSON.parse(r.text(vehicle(10), core, key))).toMatchObject({ speed: 10 });
    expect(JSON.parse(r.text(vehicle(20), core, key))).toMatchObject({ speed: 20 });
    expect(r.computed()).toBe(2);
  });

  it('keeps the "@context" member apart', () => {
    const r = renderer(new RenderedEntityTexts());
    const v = vehicle(10);
    expect(JSON.parse(r.text(v, core, { format: 'keyValues', sysAttrs: false, context: 'https://example.org/a.jsonld' }))['@context']).toBe('https://example.org/a.jsonld');
    expect(JSON.parse(r.text(v, core, { format: 'keyValues', sysAttrs: false, context: 'https://example.org/b.jsonld' }))['@context']).toBe('https://example.org/b.jsonld');
    expect(JSON.parse(r.text(v, core, { format: 'keyValues', sysAttrs: false }))).not.toHaveProperty('@context');
    expect(r.computed()).toBe(3);
  });

  it('keeps the most recent renderings of an entity only', () => {
    const r = renderer(new RenderedEntityTexts());
    const v = vehicle(10);
    const contexts = ['a', 'b', 'c', 'd', 'e'].map((x) => `https://example.org/${x}.jsonld`);
    for (const context of contexts) r.text(v, core, { format: 'normalized', sysAttrs: false, context });
    expect(r.computed()).toBe(5);
    r.text(v, core, { format: 'normalized', sysAttrs: false, context: contexts[4] }); // kept
    expect(r.computed()).toBe(5);
    r.text(v, core, { format: 'normalized', sysAttrs: false, context: contexts[0] }); // the oldest went
    expect(r.computed()).toBe(6);
  });
});

describe('cacheableRendering', () => {
  it('keys format, sysAttrs and a @context URL; leaves out projections, datasetIds, lang and inline contexts', () => {
    expect(cacheableRendering({})).toEqual({ format: 'normalized', sysAttrs: false });
    expect(cacheableRendering({ format: 'concise', sysAttrs: true, context: 'https://example.org/c.jsonld' }))
      .toEqual({ format: 'concise', sysAttrs: true, context: 'https://example.org/c.jsonld' });
    expect(cacheableRendering({ pick: new Set(['id']) })).toBeUndefined();
    expect(cacheableRendering({ omit: new Set(['id']) })).toBeUndefined();
    expect(cacheableRendering({ lang: 'en' })).toBeUndefined();
    expect(cacheableRendering({ datasetIds: new Set(['@none']) })).toBeUndefined(); // §4.5.5: a projection of instances
    expect(cacheableRendering({ context: { a: 'https://example.org/a' } })).toBeUndefined();
  });
});
