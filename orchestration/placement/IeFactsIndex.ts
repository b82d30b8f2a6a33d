/**
 * The IE facts placement needs (IeFacts), kept in memory and maintained incrementally (docs/orchestration.md
 * "How placement reads the continuum"):
 * - first use: one full read — every aeros:InfrastructureElement with the attributes placement reads (one ?ie ?p ?o
 *   scan restricted by VALUES ?p, in TSV) and the attributes of the power sources / low-level orchestrators IEs
 *   link to (cf:greenEnergyRatio, aeros:orchestrationType);
 * - then, on every use, only the resources whose facts the store's changes touched since the previous use
 *   (StoreChangeTracker on GraphStore.onCommit) are re-read, with VALUES ?ie / ?x; an IE is re-derived when it or
 *   a resource it links to changed. Too large or unattributable changes → a full read at the next use.
 * Stores without a change feed are read in full whenever their change counter moved (or on every use without one).
 * Uses are serialized: a plan sees every change committed before it asked.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import {
  deriveFacts, groupRows, ieFactsQuery, IE_PREDICATES, INFRASTRUCTURE_ELEMENT, LINKED_PREDICATES, linkedFactsQuery,
  type IeFacts, type RawFacts,
} from './candidateQuery.js';
import { selectValues } from './tsvRows.js';
import { StoreChangeTracker, type TrackerLimits } from './StoreChangeTracker.js';

const byIri = (a: IeFacts, b: IeFacts) => (a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0);
const LINKS = [IE_PREDICATES.powerSource, IE_PREDICATES.managedBy];

export interface IeFactsIndexStats {
  readonly fullReads: number;
  readonly partialReads: number;
  /** Resources re-read by the partial reads, in total. */
  readonly resourcesReread: number;
}

export class IeFactsIndex {
  private readonly tracker: StoreChangeTracker;
  /** IE → its attribute values. */
  private raw = new Map<string, RawFacts>();
  /** Power source / LLO (any resource with a linked attribute) → its values. */
  private linked = new Map<string, RawFacts>();
  /** Linked resource → IEs linking to it (also before the resource exists). */
  private dependents = new Map<string, Set<string>>();
  /** Every IE, sorted by IRI; replaced (never changed in place) when something changes. */
  private list: IeFacts[] = [];
  private position = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();
  private counts = { fullReads: 0, partialReads: 0, resourcesReread: 0 };

  constructor(private readonly store: GraphStore, limits?: TrackerLimits) {
    this.tracker = new StoreChangeTracker(store, {
      predicates: new Set([...Object.values(IE_PREDICATES), ...Object.values(LINKED_PREDICATES)]),
      types: new Set([INFRASTRUCTURE_ELEMENT]),
    }, this, limits);
  }

  get stats(): IeFactsIndexStats {
    return { ...this.counts };
  }

  /** Every IE of the store as of this call, sorted by IRI. Do not modify the array or its elements. */
  current(): Promise<readonly IeFacts[]> {
    const run = this.queue.then(() => this.refresh());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async refresh(): Promise<readonly IeFacts[]> {
    await this.tracker.refresh({ all: () => this.readAll(), subjects: (s) => this.reread(s) });
    return this.list;
  }

  private async readAll(): Promise<void> {
    const [ieRows, linkedRows] = await Promise.all([selectValues(this.store, ieFactsQuery()), selectValues(this.store, linkedFactsQuery())]);
    this.raw = groupRows(ieRows);
    this.linked = groupRows(linkedRows);
    this.dependents = new Map();
    for (const [iri, raw] of this.raw) this.link(iri, raw);
    this.list = [...this.raw].map(([iri, raw]) => deriveFacts(iri, raw, this.linked)).sort(byIri);
    this.position = new Map(this.list.map((ie, i) => [ie.iri, i]));
    this.counts.fullReads++;
  }

  /** Re-reads these resources (as IEs and as linked resources) and re-derives the IEs they concern. */
  private async reread(subjects: ReadonlySet<string>): Promise<void> {
    const [ieRows, linkedRows] = await Promise.all([selectValues(this.store, ieFactsQuery(subjects)), selectValues(this.store, linkedFactsQuery(subjects))]);
    const ies = groupRows(ieRows);
    const linked = groupRows(linkedRows);
    const affected = new Set<string>();
    for (const s of subjects) {
      const before = this.raw.get(s);
      if (before) { this.unlink(s, before); this.raw.delete(s); affected.add(s); }
      const after = ies.get(s);
      if (after) { this.raw.set(s, after); this.link(s, after); affected.add(s); }
      const values = linked.get(s);
      if (values) this.linked.set(s, values); else this.linked.delete(s);
      for (const ie of this.dependents.get(s) ?? []) affected.add(ie);
    }
    this.counts.partialReads++;
    this.counts.resourcesReread += subjects.size;
    if (affected.size > 0) this.rederive(affected);
  }

  private rederive(affected: ReadonlySet<string>): void {
    const list = this.list.slice();
    let membershipChanged = false;
    for (const iri of affected) {
      const raw = this.raw.get(iri);
      const at = this.position.get(iri);
      if (raw && at !== undefined) list[at] = deriveFacts(iri, raw, this.linked);
      else if (raw) { list.push(deriveFacts(iri, raw, this.linked)); membershipChanged = true; }
      else if (at !== undefined) { list[at] = undefined as unknown as IeFacts; membershipChanged = true; }
    }
    this.list = membershipChanged ? list.filter((ie) => ie !== undefined).sort(byIri) : list;
    if (membershipChanged) this.position = new Map(this.list.map((ie, i) => [ie.iri, i]));
  }

  private link(ie: string, raw: RawFacts): void {
    for (const p of LINKS) for (const target of raw.get(p) ?? []) {
      let set = this.dependents.get(target);
      if (!set) { set = new Set(); this.dependents.set(target, set); }
      set.add(ie);
    }
  }

  private unlink(ie: string, raw: RawFacts): void {
    for (const p of LINKS) for (const target of raw.get(p) ?? []) {
      const set = this.dependents.get(target);
      set?.delete(ie);
      if (set?.size === 0) this.dependents.delete(target);
    }
  }
}
