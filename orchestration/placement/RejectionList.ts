/**
 * The rejected candidates of one component (group) as placement finds them, worded only when first read (issue 5):
 * at 10k IEs a component rejects ~5k of them, and wording every reason ("free CPU: 0.4 cores, needs 1") at once was
 * about half of a plan. An IE rejected by the requirement filters is kept as its inputs — the IeFacts and the capacity
 * taken on it at that moment (both are replaced, never changed, by the indexes and the engine) plus any anti-affinity /
 * avoided reasons worded at once — and worded by rejectionReasons on first read: the very text of wording it at once.
 * Order: as added; after sortByIe() (policy rejections sorted in, PlacementEngine.firstAllowed) by IE IRI.
 * As a RejectionView it answers counts, samples and per-criterion counts wording only the entries it returns.
 */
import type { ComponentRequirements } from '../request/ServiceRequest.js';
import type { RejectedCandidate, RejectionView } from './PlacementDecision.js';
import type { IeFacts } from './candidateQuery.js';
import { rejectionCriteria, rejectionReasons, type Need, type Taken } from './candidateFilters.js';
import { criteriaOfReason, recordedOrder } from './rejectionView.js';

export interface FilterContext {
  readonly requirements: ComponentRequirements;
  readonly need: Need;
  readonly inArea?: (location: unknown) => boolean;
}

export class RejectionList implements RejectionView {
  /** Per entry: either a worded candidate, or the inputs of a filter rejection (ie, taken, extra reasons). */
  private readonly worded: Array<RejectedCandidate | undefined> = [];
  private readonly ies: Array<IeFacts | undefined> = [];
  private readonly taken: Array<Taken | undefined> = [];
  private readonly extra: Array<string[] | undefined> = [];
  private sorted = false;
  private cache?: RejectedCandidate[];
  private indexOrder?: number[];

  constructor(private readonly filter?: FilterContext) {}

  get length(): number {
    return this.worded.length;
  }

  get count(): number {
    return this.worded.length;
  }

  /** An IE the requirement filters rejected (filter context of the constructor), with `extra` reasons after theirs. */
  addFiltered(ie: IeFacts, taken: Taken, extra?: string[]): void {
    this.worded.push(undefined);
    this.ies.push(ie);
    this.taken.push(taken);
    this.extra.push(extra);
    this.forget();
  }

  add(candidate: RejectedCandidate): void {
    this.worded.push(candidate);
    this.ies.push(undefined);
    this.taken.push(undefined);
    this.extra.push(undefined);
    this.forget();
  }

  /** From now on listed by IE IRI (a stable sort of the entries as added). */
  sortByIe(): void {
    this.sorted = true;
    this.forget();
  }

  /** Every rejected candidate, worded (once; the same array on every call until something is added). */
  list(): RejectedCandidate[] {
    if (this.cache) return this.cache;
    const out: RejectedCandidate[] = new Array(this.worded.length);
    for (let i = 0; i < this.worded.length; i++) out[i] = this.worded[i] ?? this.word(i);
    if (this.sorted) out.sort((a, b) => (a.ie < b.ie ? -1 : a.ie > b.ie ? 1 : 0));
    this.cache = out;
    return out;
  }

  head(n: number): RejectedCandidate[] {
    return this.cache ? this.cache.slice(0, n) : this.order().slice(0, n).map((i) => this.entry(i));
  }

  recordedSample(n: number): RejectedCandidate[] {
    if (this.length <= n) return this.head(n);
    const key = (i: number) => ({ ie: this.ieOf(i), policy: this.worded[i]?.policy });
    return this.order().map((i) => ({ i, k: key(i) })).sort((a, b) => recordedOrder(a.k, b.k)).slice(0, n).map(({ i }) => this.entry(i));
  }

  criterionCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    const scratch: string[] = [];
    for (let i = 0; i < this.length; i++) {
      let criteria: Set<string>;
      const worded = this.worded[i];
      if (worded) criteria = criteriaOfReason(worded.reason);
      else {
        const f = this.filter!;
        scratch.length = 0;
        criteria = new Set(rejectionCriteria(this.ies[i]!, f.requirements, f.need, this.taken[i]!, f.inArea, scratch));
        for (const reason of this.extra[i] ?? []) for (const k of criteriaOfReason(reason)) criteria.add(k);
      }
      for (const k of criteria) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  }

  policies(): string[] {
    const out = new Set<string>();
    for (const i of this.order()) {
      const policy = this.worded[i]?.policy;
      if (policy) out.add(policy);
    }
    return [...out];
  }

  private forget(): void {
    this.cache = undefined;
    this.indexOrder = undefined;
  }

  private ieOf(i: number): string {
    return this.worded[i]?.ie ?? this.ies[i]!.iri;
  }

  private entry(i: number): RejectedCandidate {
    return this.worded[i] ?? this.word(i);
  }

  /** Entry indices in list order (as added; after sortByIe by IE IRI, stably). */
  private order(): number[] {
    if (this.indexOrder) return this.indexOrder;
    const indices = Array.from({ length: this.length }, (_, i) => i);
    if (this.sorted) {
      const iri = indices.map((i) => this.ieOf(i));
      indices.sort((a, b) => (iri[a] < iri[b] ? -1 : iri[a] > iri[b] ? 1 : a - b));
    }
    this.indexOrder = indices;
    return indices;
  }

  private word(i: number): RejectedCandidate {
    const f = this.filter!;
    const reasons = rejectionReasons(this.ies[i]!, f.requirements, f.need, this.taken[i]!, f.inArea);
    const extra = this.extra[i];
    if (extra) reasons.push(...extra);
    const worded = { ie: this.ies[i]!.iri, reason: reasons.length === 1 ? reasons[0] : reasons.join('; ') };
    this.worded[i] = worded;
    return worded;
  }
}
