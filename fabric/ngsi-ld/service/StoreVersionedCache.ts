/**
 * A bounded read cache that is valid for exactly one state of a store: every entry is dropped
 * as soon as the store's change counter (GraphStore.changeCount) moves, whatever wrote
 * (NGSI-LD, SPARQL Update, the Graph Store Protocol, a bulk load). So a cached read can never be
 * staler than an uncached one; the price is that a write, any write, empties the cache.
 * Stores without a change counter get no cache (`get` always misses, `set` does nothing).
 * Eviction beyond `maxEntries`: least recently used (Map insertion order, refreshed on hit).
 */
import type { GraphStore } from '../../store/GraphStore.js';

export class StoreVersionedCache<V> {
  private readonly entries = new Map<string, V>();
  private version = -1;

  constructor(private readonly store: GraphStore, private readonly maxEntries: number) {}

  /** Whether the store can tell when it changed (otherwise nothing is ever cached). */
  get enabled(): boolean {
    return typeof this.store.changeCount === 'function' && this.maxEntries > 0;
  }

  /** The store's current change count (undefined without one): stamp a value computed from this state. */
  currentVersion(): number | undefined {
    return this.store.changeCount?.();
  }

  get(key: string): V | undefined {
    if (!this.sync()) return undefined;
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Caches `value`, computed from the store at `version` (currentVersion() before computing it); ignored if the store moved since. */
  set(key: string, value: V, version: number | undefined): void {
    if (version === undefined || !this.sync() || version !== this.version) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops everything when the store changed; false when the store has no change counter. */
  private sync(): boolean {
    if (!this.enabled) return false;
    const now = this.store.changeCount!();
    if (now !== this.version) {
      this.entries.clear();
      this.version = now;
    }
    return true;
  }
}
