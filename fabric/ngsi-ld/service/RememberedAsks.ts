/**
 * Answers of SPARQL ASK queries, remembered while the store is unchanged (StoreVersionedCache):
 * EntityQueryService asks whether a q's compared attributes hold rdf:JSON values (§4.9 arrays)
 * before choosing the exact or the widened SELECT, once per store state rather than per query.
 * Used where the read index cannot answer from the change feed (index/JsonValuedPredicates.ts):
 * stores without a feed, and predicates the index has not counted yet.
 */
import type { GraphStore } from '../../store/GraphStore.js';
import { StoreVersionedCache } from './StoreVersionedCache.js';

export class RememberedAsks {
  private readonly answers: StoreVersionedCache<boolean>;

  constructor(private readonly store: GraphStore, maxEntries = 64) {
    this.answers = new StoreVersionedCache(store, maxEntries);
  }

  /** Whether the ASK holds in the store's current state. */
  async holds(ask: string): Promise<boolean> {
    const known = this.answers.get(ask);
    if (known !== undefined) return known;
    const version = this.answers.currentVersion();
    const result = await this.store.query(ask);
    const holds = result.kind === 'boolean' && result.value;
    this.answers.set(ask, holds, version);
    return holds;
  }
}
