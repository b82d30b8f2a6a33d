/**
 * The capacity current placement decisions hold (candidateQuery.ts currentReservations), kept in memory like
 * IeFactsIndex: one full read of the cf:PlacementDecision resources at first use, then only the components whose
 * decisions (or whose aeros:serviceComponentStatus) the store's changes touched are re-read — every decision of
 * such a component, since its latest one decides. Decisions accumulate (history is kept), so a plan must not scan
 * them all.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { AEROS } from '../../fabric/rdf/namespaces.js';
import { currentReservations, readDecisionRows, type DecisionRow, type Reservation } from './candidateQuery.js';
import { PLACEMENT } from './placementVocabulary.js';
import { selectValues } from './tsvRows.js';
import { StoreChangeTracker, type TrackerLimits } from './StoreChangeTracker.js';

const P = PLACEMENT;

export class ReservationIndex {
  private readonly tracker: StoreChangeTracker;
  /** Component → its decisions. */
  private rows = new Map<string, DecisionRow[]>();
  /** Decision → its component(s). */
  private componentsOf = new Map<string, Set<string>>();
  private reservations = new Map<string, Reservation>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: GraphStore, limits?: TrackerLimits) {
    this.tracker = new StoreChangeTracker(store, {
      predicates: new Set([P.forComponent, P.decidedAt, P.placedOn, P.reservedCpu, P.reservedRam, P.reservedDisk, P.forService, P.releasedAt, `${AEROS}serviceComponentStatus`]),
      types: new Set([P.PlacementDecision]),
    }, this, limits);
  }

  /** The reservations of current decisions as of this call (one per component holding capacity). */
  current(): Promise<Reservation[]> {
    const run = this.queue.then(() => this.refresh());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async refresh(): Promise<Reservation[]> {
    await this.tracker.refresh({ all: () => this.readAll(), subjects: (s) => this.reread(s) });
    return [...this.reservations.values()];
  }

  private async readAll(): Promise<void> {
    this.rows = new Map();
    this.componentsOf = new Map();
    this.add(await readDecisionRows(this.store));
    this.reservations = new Map(currentReservations([...this.rows.values()].flat()).map((r) => [r.component, r]));
  }

  /** `subjects` are decisions or components: every decision of the components concerned is read again. */
  private async reread(subjects: ReadonlySet<string>): Promise<void> {
    const components = new Set<string>();
    for (const s of subjects) {
      if (this.rows.has(s)) components.add(s);
      for (const c of this.componentsOf.get(s) ?? []) components.add(c);
    }
    const values = [...subjects].map((s) => `<${s}>`).join(' ');
    for (const [c] of await selectValues(this.store, `SELECT ?c WHERE { VALUES ?d { ${values} } ?d <${P.forComponent}> ?c }`)) components.add(c);
    if (components.size === 0) return;
    for (const c of components) {
      for (const row of this.rows.get(c) ?? []) {
        const set = this.componentsOf.get(row.decision);
        set?.delete(c);
        if (set?.size === 0) this.componentsOf.delete(row.decision);
      }
      this.rows.delete(c);
      this.reservations.delete(c);
    }
    this.add(await readDecisionRows(this.store, components));
    for (const r of currentReservations([...components].flatMap((c) => this.rows.get(c) ?? []))) this.reservations.set(r.component, r);
  }

  private add(rows: readonly DecisionRow[]): void {
    for (const row of rows) {
      const list = this.rows.get(row.component);
      if (list) list.push(row); else this.rows.set(row.component, [row]);
      const set = this.componentsOf.get(row.decision);
      if (set) set.add(row.component); else this.componentsOf.set(row.decision, new Set([row.component]));
    }
  }
}
