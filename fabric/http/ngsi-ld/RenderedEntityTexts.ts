/**
 * The JSON text of entities as Retrieve Entity (GS CIM 009 v1.8 §6.5.3.1) and Query Entities
 * (§6.4.3.2) render them, kept per entity object: the read index hands out one object per entity
 * while the entity is unchanged and a new object after any change (index/EntityIndex.ts: a change
 * drops the cached entity; entities are never modified in place), so the object itself is the
 * version. A write, a delete, a replace or a SPARQL Update of the entity's graph gives a new object,
 * and the old text is never found again; tenants have their own indexes, so their entities are
 * different objects. Texts live in a WeakMap: they go when the entity leaves the entity cache.
 *
 * A text depends on the entity and on the rendering: the processed @context (compactIri: one
 * ProcessedContext object per @context while it is unchanged, ContextResolver), the representation
 * (§4.5: normalized / concise / keyValues; sysAttrs §4.8) and the "@context" member of
 * application/ld+json bodies (§6.3.4). Requests with anything else (pick / omit §4.21, lang §4.15, datasetId §4.5.5,
 * geometryProperty and application/geo+json §4.5.16, an inline @context object) are rendered each
 * time. Each entity keeps the texts of at most MAX_VARIANTS renderings (the most recent ones).
 *
 * Memory: one text per cached entity and rendering in use (≈ 1 KB for an aerOS IE in normalized
 * form with the continuum context), on top of the entity cache's ≈ 1.9 KB per IE.
 */
import type { ProcessedContext } from '../../ngsi-ld/context/ProcessedContext.js';
import type { CompactOptions, EntityFormat } from '../../ngsi-ld/codec/compactEntity.js';
import type { Entity } from '../../ngsi-ld/model/Entity.js';

/** Renderings remembered per entity (formats × sysAttrs × @context a client mixes). */
const MAX_VARIANTS = 4;
/** Distinct renderings numbered per processed @context; beyond, texts are not kept. */
const MAX_RENDERINGS_PER_CONTEXT = 64;

/** What a cacheable rendering depends on besides the entity and the processed @context. */
export interface RenderingKey {
  readonly format: EntityFormat;
  readonly sysAttrs: boolean;
  /** The "@context" member of application/ld+json bodies (a URL); undefined = none. */
  readonly context?: string;
}

/** The entity's texts, newest last; `renderings[i]` names the rendering of `texts[i]`. */
interface Slot {
  readonly renderings: number[];
  readonly texts: string[];
}

export class RenderedEntityTexts {
  private readonly byEntity = new WeakMap<Entity, Slot>();
  private readonly renderingIds = new WeakMap<ProcessedContext, Map<string, number>>();
  private nextRendering = 1;
  private hits = 0;
  private misses = 0;

  /** The JSON text of `entity` rendered by `render` (JSON.stringify of its result), from the cache when known. */
  text(entity: Entity, ctx: ProcessedContext, key: RenderingKey, render: () => unknown): string {
    const rendering = this.renderingOf(ctx, key);
    if (rendering === undefined) return JSON.stringify(render());
    const slot = this.byEntity.get(entity);
    if (slot !== undefined) {
      const at = slot.renderings.indexOf(rendering);
      if (at >= 0) {
        this.hits++;
        return slot.texts[at]!;
      }
    }
    this.misses++;
    const text = JSON.stringify(render());
    if (slot === undefined) {
      this.byEntity.set(entity, { renderings: [rendering], texts: [text] });
    } else {
      if (slot.renderings.length >= MAX_VARIANTS) {
        slot.renderings.shift();
        slot.texts.shift();
      }
      slot.renderings.push(rendering);
      slot.texts.push(text);
    }
    return text;
  }

  stats(): { hits: number; misses: number } {
    return { hits: this.hits, misses: this.misses };
  }

  /** A number for (ctx, key), or undefined when this context already has too many renderings. */
  private renderingOf(ctx: ProcessedContext, key: RenderingKey): number | undefined {
    let ids = this.renderingIds.get(ctx);
    if (ids === undefined) {
      ids = new Map();
      this.renderingIds.set(ctx, ids);
    }
    const name = `${key.format === 'simplified' ? 'keyValues' : key.format}|${key.sysAttrs ? 1 : 0}|${key.context ?? ''}`;
    let id = ids.get(name);
    if (id === undefined) {
      if (ids.size >= MAX_RENDERINGS_PER_CONTEXT) return undefined;
      id = this.nextRendering++;
      ids.set(name, id);
    }
    return id;
  }
}

/**
 * The rendering key of `options` when texts under it may be cached: only format, sysAttrs and a
 * "@context" URL (or none); undefined for projections, datasetIds, language selection and inline contexts.
 */
export function cacheableRendering(options: CompactOptions): RenderingKey | undefined {
  if (options.pick !== undefined || options.omit !== undefined || options.lang !== undefined || options.datasetIds !== undefined) return undefined;
  if (options.context !== undefined && typeof options.context !== 'string') return undefined;
  return {
    format: options.format ?? 'normalized', sysAttrs: options.sysAttrs === true,
    ...(options.context !== undefined ? { context: options.context } : {}),
  };
}
