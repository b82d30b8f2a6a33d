/**
 * What the trust service last wrote per IE (docs/trust.md "Precision and minimal writes"): the stored
 * (rounded) score and the inputs its breakdown records. A run writes an IE only when one of them
 * differs; the full-precision reliability is not compared, so a re-ranking of a domain that moves an
 * IE's score below the stored precision writes nothing for it (its breakdown still explains the stored
 * score). Compared without allocating, as on change every member of a domain is looked at.
 */
import type { DomainRanking, EventSummary } from './trustComputation.js';

interface Entry {
  readonly score: number;
  readonly domain: string | undefined;
  readonly domainSize: number;
  readonly used: string;
  readonly values: Float64Array;
  readonly events: EventSummary;
  readonly configKey: string;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function sameEvents(a: EventSummary, b: EventSummary): boolean {
  return a === b || (a.security === b.security && a.reputation === b.reputation && a.healthEvents === b.healthEvents
    && sameList(a.securityAlerts, b.securityAlerts) && sameList(a.selfSecurityEvents, b.selfSecurityEvents) && sameList(a.healthEventIds, b.healthEventIds));
}

/** Everything a member's breakdown records except the full-precision components. */
export interface Candidate {
  readonly ranking: DomainRanking;
  /** ranking.used joined, computed once per ranking. */
  readonly used: string;
  readonly index: number;
  readonly score: number;
  readonly events: EventSummary;
  readonly configKey: string;
}

export class WrittenTrust {
  private readonly entries = new Map<string, Entry>();

  get size(): number {
    return this.entries.size;
  }

  ies(): IterableIterator<string> {
    return this.entries.keys();
  }

  /**
   * True when the IE's stored score and breakdown inputs are what `c` would write. With `bystander`
   * (a member re-ranked only because others in its domain changed), the domain's size is not
   * compared: every member joining or leaving a domain would otherwise rewrite the whole domain
   * (docs/trust.md "Recomputation on change"); its breakdown keeps the size it was computed with.
   */
  same(ie: string, c: Candidate, bystander = false): boolean {
    const e = this.entries.get(ie);
    if (!e) return false;
    const member = c.ranking.members[c.index];
    const domainSize = member.domain ? c.ranking.members.length : 1;
    if (e.score !== c.score || e.domain !== member.domain || (!bystander && e.domainSize !== domainSize) || e.used !== c.used || e.configKey !== c.configKey) return false;
    const n = c.ranking.used.length;
    for (let k = 0; k < n; k++) if (e.values[k] !== c.ranking.values[c.index * n + k]) return false;
    return sameEvents(e.events, c.events);
  }

  record(ie: string, c: Candidate): void {
    const member = c.ranking.members[c.index];
    const n = c.ranking.used.length;
    this.entries.set(ie, {
      score: c.score, domain: member.domain, domainSize: member.domain ? c.ranking.members.length : 1, used: c.used,
      values: c.ranking.values.slice(c.index * n, c.index * n + n), events: c.events, configKey: c.configKey,
    });
  }

  forget(ie: string): void {
    this.entries.delete(ie);
  }
}
