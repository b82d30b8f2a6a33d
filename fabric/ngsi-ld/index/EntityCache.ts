/**
 * Decoded entities (the Entity model quadsToEntity returns, GS CIM 009 v1.8 §4.5) by id, bounded:
 * beyond `maxEntries` the least recently used entry goes (Map insertion order). A hit moves the entry
 * to the young end only when it is in the older half (an approximate LRU: query walks read hundreds
 * of cached entities per request, and a Map delete + set per hit was measurable).
 * Sized by entries, not bytes: an aerOS InfrastructureElement (10 attributes, ≈ 65 quads) decodes
 * to ≈ 13 KB of heap (measured on 5,000 bench IEs after GC), so the default 100,000 entries cost
 * ≈ 1.3 GB at most; lower `cachedEntities` on smaller machines.
 */
import type { Entity } from '../model/Entity.js';

export const DEFAULT_CACHED_ENTITIES = 100_000;

interface Slot {
  readonly entity: Entity;
  /** Insertion tick when the entry last moved to the young end. */
  tick: number;
}

export class EntityCache {
  private readonly entries = new Map<string, Slot>();
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

  set(id: string, entity: Entity): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(id);
    this.entries.set(id, { entity, tick: ++this.ticks });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
