/**
 * A set of entity ids kept in the order of SPARQL `ORDER BY ?id` on IRIs (oxigraph compares IRI
 * strings byte-wise in UTF-8, i.e. by Unicode code point), so a page walked from it equals the
 * page the SPARQL compiler (EntityQueryCompiler) returns (GS CIM 009 v1.8 §6.3.10 paging).
 * Changes are buffered and merged into the sorted array on the next read: a few by binary-search
 * insertion, many (a bulk load) by one merge.
 */
import { compareIds } from './idOrder.js';

/** Index of `id` in `sorted`, or -(insertion point) - 1. */
export function searchId(sorted: readonly string[], id: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareIds(sorted[mid], id);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/** Generations are unique across lists, so a list built anew never repeats one (NumericColumns keys on them). */
let lastGeneration = 0;

/** Pending changes up to this many are spliced in one by one; more are merged in one pass. */
const SPLICE_LIMIT = 32;

export class SortedIdList {
  private sorted: string[] = [];
  /** Ids to add, none of them in `sorted`. */
  private readonly adds = new Set<string>();
  /** Ids to remove, all of them in `sorted`. */
  private readonly removes = new Set<string>();
  private currentGeneration = ++lastGeneration;

  /** Replaces the content (ids in any order, duplicates allowed). */
  reset(ids: Iterable<string>): void {
    this.sorted = [...new Set(ids)].sort(compareIds);
    this.adds.clear();
    this.removes.clear();
    this.currentGeneration = ++lastGeneration;
  }

  add(id: string): void {
    if (this.removes.delete(id) || this.adds.has(id)) return;
    if (searchId(this.sorted, id) < 0) this.adds.add(id);
  }

  remove(id: string): void {
    if (this.adds.delete(id)) return;
    if (searchId(this.sorted, id) >= 0) this.removes.add(id);
  }

  get size(): number {
    return this.sorted.length + this.adds.size - this.removes.size;
  }

  /**
   * Changes whenever the array `ids()` returns changes (read it after `ids()`): a position in that
   * array names the same id for as long as the generation stays the same.
   */
  get generation(): number {
    return this.currentGeneration;
  }

  /** The ids in order. The array is shared: do not modify it, and read it before the next change. */
  ids(): readonly string[] {
    if (this.adds.size + this.removes.size > 0) this.flush();
    return this.sorted;
  }

  private flush(): void {
    this.currentGeneration = ++lastGeneration;
    if (this.adds.size + this.removes.size <= SPLICE_LIMIT) {
      for (const id of this.removes) this.sorted.splice(searchId(this.sorted, id), 1);
      for (const id of this.adds) this.sorted.splice(-searchId(this.sorted, id) - 1, 0, id);
    } else {
      const kept = this.removes.size > 0 ? this.sorted.filter((id) => !this.removes.has(id)) : this.sorted;
      this.sorted = mergeSorted(kept, [...this.adds].sort(compareIds));
    }
    this.adds.clear();
    this.removes.clear();
  }
}

/** Merge of two sorted id arrays without common ids. */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return a as string[];
  const out: string[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compareIds(a[i], b[j]) <= 0 ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
