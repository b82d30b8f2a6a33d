/**
 * Decoded entities (the Entity model quadsToEntity returns, GS CIM 009 v1.8 §4.5) by id, bounded:
 * beyond `maxEntries` the least recently used entry goes (Map insertion order). A hit moves the entry
 * to the young end only when it is in the older half (an approximate LRU: query walks read hundreds
 * of cached entities per request, and a Map delete + set per hit was measurable).
 * Entities are kept in a small form (cachedEntityForm.ts: strings copied out of the graph text they
 * were parsed from, repeating strings shared): an aerOS InfrastructureElement (10 attributes, ≈ 65
 * quads) costs ≈ 18 KB of heap as decoded and ≈ 1.9 KB in this form (10,000 bench IEs, after GC, cache
 * entry included), so the default 100,000 entries cost ≈ 0.2 GB. Sized by entries, not bytes.
 */
import type { Entity } from '../model/Entity.js';
import { cachedEntityForm, StringPool } from './cachedEntityForm.js';

export const DEFAULT_CACHED_ENTITIES = 100_000;

interface Slot {
  readonly entity: Entity;
  /** Insertion tick when the entry last moved to the young end. */
  tick: number;
}

export class EntityCache {
  private readonly entries = new Map<string, Slot>();
  /** Strings shared by the cached entities (cachedEntityForm). */
  private readonly pool = new StringPool();
  private ticks = 0;

  constructor(readonly maxEntries: number = DEFAULT_CACHED_ENTITIES) {}

  get(id: string): Entity | undefined {
    const slot = this.entries.get(id);
    if (slot === undefined) return undefined;
    if (this.ticks - slot.tick >= this.maxEntries / 2) {
      this.entries.delete(id);
      slot.tick = ++this.ticks;
      this.entries.set(id, slot);
    }
    return slot.entity;
  }

  /** Whether `id` is cached, without refreshing it. */
  peek(id: string): boolean {
    return this.entries.has(id);
  }

  /** Caches `entity` in its small form (cachedEntityForm, equal to it) and returns that form. */
  set(id: string, entity: Entity): Entity {
    if (this.maxEntries <= 0) return entity;
    const kept = cachedEntityForm(entity, this.pool);
    this.entries.delete(id);
    this.entries.set(id, { entity: kept, tick: ++this.ticks });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return kept;
  }

  /** Drops `id`; whether it was cached. */
  delete(id: string): boolean {
    return this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
