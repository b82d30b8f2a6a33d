/**
 * The trust inputs held in memory (docs/trust.md "Recomputation on change"): per IE its row
 * (domain, statuses, TOPSIS criteria, marker), per domain its members, per IE its events and their
 * summary (security, reputation, health events). Filled by a full run's two SPARQL reads and kept
 * up to date by the runs on change, which re-read only the changed IEs; a domain is then ranked
 * from here without reading it back out of the store.
 */
import type { TrustConfiguration } from './TrustConfiguration.js';
import { summarizeEvents, type EventSummary } from './trustComputation.js';
import type { EventInput, IeInput } from './trustInputs.js';

export class TrustInputsCache {
  private readonly ies = new Map<string, IeInput>();
  private readonly byDomain = new Map<string, Set<string>>();
  private readonly events = new Map<string, readonly EventInput[]>();
  private readonly summaries = new Map<string, EventSummary>();
  /** Per domain its members as an array (built on first use; a row whose domain stays is replaced in place, a new
   * member appended; a member leaving drops the list, rebuilt on next use). */
  private readonly lists = new Map<string, IeInput[]>();
  private readonly positions = new Map<string, number>();

  constructor(readonly config: TrustConfiguration, ies: readonly IeInput[], events: ReadonlyMap<string, readonly EventInput[]>) {
    for (const ie of ies) this.put(ie);
    for (const [ie, list] of events) this.events.set(ie, list);
  }

  get size(): number {
    return this.ies.size;
  }

  get(ie: string): IeInput | undefined {
    return this.ies.get(ie);
  }

  /** The IEs of a domain. The array is kept and updated in place: do not modify it. */
  members(domain: string): IeInput[] {
    let list = this.lists.get(domain);
    if (!list) {
      list = [];
      for (const ie of this.byDomain.get(domain) ?? []) {
        this.positions.set(ie, list.length);
        list.push(this.ies.get(ie)!);
      }
      this.lists.set(domain, list);
    }
    return list;
  }

  /** The summary of the IE's events (the same object while its events do not change). */
  eventSummary(ie: string): EventSummary {
    let summary = this.summaries.get(ie);
    if (!summary) {
      summary = summarizeEvents(this.events.get(ie), this.config);
      this.summaries.set(ie, summary);
    }
    return summary;
  }

  /** Replace the inputs of the `changed` IEs by what was read again (an IE missing from `fresh` is no IE any more). */
  update(changed: readonly string[], fresh: readonly IeInput[], freshEvents: ReadonlyMap<string, readonly EventInput[]>): void {
    const read = new Set(fresh.map((i) => i.ie));
    for (const ie of changed) {
      if (!read.has(ie)) this.remove(ie);
      this.events.delete(ie);
      this.summaries.delete(ie);
    }
    for (const ie of fresh) this.put(ie);
    for (const [ie, list] of freshEvents) this.events.set(ie, list);
  }

  /** Record a status the trust service wrote. */
  setStatus(ie: string, status: string, untrustedByTrust: boolean): void {
    const row = this.ies.get(ie);
    if (row) this.put({ ...row, statuses: [status], untrustedByTrust });
  }

  private put(ie: IeInput): void {
    const old = this.ies.get(ie.ie);
    if (old && old.domain === ie.domain) {
      this.ies.set(ie.ie, ie);
      const list = ie.domain === undefined ? undefined : this.lists.get(ie.domain);
      const at = this.positions.get(ie.ie);
      if (list && at !== undefined && list[at]?.ie === ie.ie) list[at] = ie;
      return;
    }
    this.remove(ie.ie);
    this.ies.set(ie.ie, ie);
    if (ie.domain === undefined) return;
    let set = this.byDomain.get(ie.domain);
    if (!set) this.byDomain.set(ie.domain, (set = new Set()));
    set.add(ie.ie);
    // A member joining (an NGSI-LD create) goes last, as in the set: the list is the one a rebuild would give, in the
    // same order (TOPSIS sums in it), without walking the domain again on every create.
    const list = this.lists.get(ie.domain);
    if (list) {
      this.positions.set(ie.ie, list.length);
      list.push(ie);
    }
  }

  private remove(ie: string): void {
    const old = this.ies.get(ie);
    if (!old) return;
    this.ies.delete(ie);
    this.positions.delete(ie);
    if (old.domain !== undefined) {
      this.byDomain.get(old.domain)?.delete(ie);
      this.lists.delete(old.domain);
    }
  }
}
