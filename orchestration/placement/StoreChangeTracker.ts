/**
 * Which subjects the store's changes touched since an in-memory view of the graph last looked, so that the view
 * (IeFactsIndex, ReservationIndex) re-reads only those. Follows the change feed (GraphStore.onCommit): every
 * record's N-Quads text is scanned line by line for quads whose predicate the view reads (or whose rdf:type is
 * one of its classes); their subjects become "dirty". A view reads facts by subject over the union of all graphs,
 * so the subjects of the changed quads are exactly the resources whose facts may have changed.
 * A change that cannot be attributed (a relevant quad about a blank node), one too large to scan cheaply, or more
 * dirty subjects than a re-read by VALUES is worth, mark the view stale: it is read in full at its next use.
 * Without a change feed: stale whenever GraphStore.changeCount moved, and always without a change counter.
 */
import type { ChangeRecord, GraphStore } from '../../fabric/store/GraphStore.js';
import { RDF } from '../../fabric/rdf/namespaces.js';

const RDF_TYPE = `${RDF}type`;

export interface ChangeRelevance {
  /** Predicate IRIs whose quads the view reads. */
  readonly predicates: ReadonlySet<string>;
  /** Classes: an rdf:type quad matters when its object is one of these. */
  readonly types: ReadonlySet<string>;
}

export interface TrackerLimits {
  /** More dirty subjects than this → read in full (default 2000). */
  readonly maxSubjects?: number;
  /** A record whose N-Quads text is longer than this (characters) → read in full without scanning (default 4 MB). */
  readonly maxRecordChars?: number;
}

/** What changed since the last take(): everything (read in full) or these subjects. */
export type PendingChanges = { readonly full: true } | { readonly full: false; readonly subjects: ReadonlySet<string> };

/** Unsubscribes a tracker from the change feed once the view owning it is garbage-collected. */
const unsubscribeWhenCollected = new FinalizationRegistry<() => void>((unsubscribe) => unsubscribe());

export class StoreChangeTracker {
  private dirty = new Set<string>();
  private full = true;
  private lastCount: number | undefined;
  private readonly followsFeed: boolean;
  private readonly maxSubjects: number;
  private readonly maxRecordChars: number;

  /** `owner`: the view; when it is collected the tracker leaves the change feed. */
  constructor(private readonly store: GraphStore, private readonly relevance: ChangeRelevance, owner: object, limits: TrackerLimits = {}) {
    this.maxSubjects = limits.maxSubjects ?? 2000;
    this.maxRecordChars = limits.maxRecordChars ?? 4 * 1024 * 1024;
    this.followsFeed = typeof store.onCommit === 'function';
    if (this.followsFeed) {
      // The listener holds the tracker only (a set of IRIs), not the view, so the view can be collected.
      const unsubscribe = store.onCommit!(trackerListener(new WeakRef(this)));
      unsubscribeWhenCollected.register(owner, unsubscribe);
    }
  }

  /** Whether the view is kept fresh from the change feed (false: it is re-read on every change count, or always). */
  get incremental(): boolean {
    return this.followsFeed;
  }

  /** The changes since the previous call, and forget them (the caller re-reads them now). */
  take(): PendingChanges {
    if (!this.followsFeed) {
      const count = this.store.changeCount?.();
      const full = this.full || count === undefined || count !== this.lastCount;
      this.full = false;
      this.lastCount = count;
      return full ? { full: true } : { full: false, subjects: new Set() };
    }
    if (this.full) {
      this.full = false;
      this.dirty = new Set();
      return { full: true };
    }
    const subjects = this.dirty;
    this.dirty = new Set();
    return { full: false, subjects };
  }

  /**
   * Brings an index up to date: what changed since the last take() is read through `read` (all, or the changed
   * subjects); a failed read invalidates, so that the next refresh reads everything.
   */
  async refresh(read: { readonly all: () => Promise<void>; readonly subjects: (subjects: ReadonlySet<string>) => Promise<void> }): Promise<void> {
    const pending = this.take();
    try {
      if (pending.full) await read.all();
      else if (pending.subjects.size > 0) await read.subjects(pending.subjects);
    } catch (error) {
      this.invalidate();
      throw error;
    }
  }

  /** Forget what was taken: the next take() asks for a full read (after a failed re-read). */
  invalidate(): void {
    this.full = true;
    this.dirty = new Set();
  }

  /** @internal Called by the change feed listener. */
  observe(record: ChangeRecord): void {
    if (this.full) return;
    for (const text of [record.deletes, record.inserts]) {
      if (text.length > this.maxRecordChars || !this.scan(text)) {
        this.invalidate();
        return;
      }
    }
  }

  /** Adds the subjects of the relevant quads of N-Quads `text`; false when the view must be read in full. */
  private scan(text: string): boolean {
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const verdict = this.line(text, start, end);
      if (verdict === 'unattributable') return false;
      if (verdict !== undefined) {
        this.dirty.add(verdict);
        if (this.dirty.size > this.maxSubjects) return false;
      }
      start = end + 1;
    }
    return true;
  }

  /** The subject of one N-Quads statement if it is relevant, 'unattributable', or undefined (not relevant). */
  private line(text: string, from: number, to: number): string | 'unattributable' | undefined {
    let i = skipSpace(text, from, to);
    if (i >= to || text[i] === '#') return undefined;
    let subject: string | undefined;
    if (text[i] === '<' && text[i + 1] !== '<') {
      const close = text.indexOf('>', i + 1);
      if (close < 0 || close >= to) return 'unattributable';
      subject = text.slice(i + 1, close);
      i = close + 1;
    } else {
      const space = text.indexOf(' ', i);
      i = space < 0 || space > to ? to : space; // blank node (or anything else): relevant → unattributable
    }
    i = skipSpace(text, i, to);
    if (text[i] !== '<') return 'unattributable';
    const close = text.indexOf('>', i + 1);
    if (close < 0 || close >= to) return 'unattributable';
    const predicate = text.slice(i + 1, close);
    let relevant = this.relevance.predicates.has(predicate);
    if (!relevant && predicate === RDF_TYPE && this.relevance.types.size > 0) {
      const o = skipSpace(text, close + 1, to);
      const oClose = text[o] === '<' ? text.indexOf('>', o + 1) : -1;
      relevant = oClose > o && oClose < to && this.relevance.types.has(text.slice(o + 1, oClose));
    }
    if (!relevant) return undefined;
    return subject ?? 'unattributable';
  }
}

function skipSpace(text: string, i: number, to: number): number {
  while (i < to && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
  return i;
}

function trackerListener(ref: WeakRef<StoreChangeTracker>): (record: ChangeRecord) => void {
  return (record) => ref.deref()?.observe(record);
}
