/**
 * Which predicates have rdf:JSON values (an array or object value, whose elements GS CIM 009 §4.9
 * q compares; docs/ngsi-ld-mapping.md "q on the retrieved entity"), kept from the store's change
 * feed. It answers, without querying the store, the question the compiled query's ASK `probe`
 * asks (EntityQueryCompiler `jsonValues`): is there, in any named graph, a statement `?s ?p ?j`
 * with ?p one of the given predicates and ?j a literal of datatype rdf:JSON?
 *
 * Per predicate, a tally: a count, first asked of the store (one COUNT SELECT the first time the
 * predicate is asked about), then moved by each change record (jsonValueScan.ts: +1 per inserted
 * JSON-valued statement, −1 per deleted one). The count never falls below the true number, so a
 * zero is always true ("no JSON value": the exact SELECT is right) and a stale positive only costs
 * the widened SELECT and the q post-filter, never a wrong answer:
 * - records list effective changes, except that a ground bulk load may list quads already present
 *   (GraphStore.ChangeRecord): such an insert counts +1 too, so the count may be high;
 * - while the COUNT runs, its answer may reflect any state from the moment it was asked to the moment
 *   it answers: inserts meanwhile are added to it, deletes meanwhile are not subtracted.
 * A count that may be high (changes during its COUNT, or an insert in a record without deletes,
 * as every bulk load is) is asked again when it answers "yes" and was last counted at least
 * `recountIntervalMs` ago (in the background; the answer meanwhile stays "yes").
 * A record the scan cannot read for sure forgets every tally (they are asked again).
 * Owned by the tenant's EntityIndex (one store, one feed); stores without a feed keep the ASK.
 */
import type { GraphStore } from '../../store/GraphStore.js';
import { scanJsonValues, type JsonValueChange } from './jsonValueScan.js';

const RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON';
/** Predicates tallied at most (each tally is a few numbers); beyond, all are forgotten and asked again. */
const MAX_TALLIES = 4_096;
/** Default least time (ms) between two COUNTs of a predicate whose count may be high. */
const DEFAULT_RECOUNT_INTERVAL_MS = 10_000;
/** What an IRIREF may not hold (SPARQL 1.1 [139]): such a predicate is not counted (the caller asks the store). */
const NOT_IN_IRIREF = /[\u0000-\u0020<>"{}|^`\\]/;

interface Count {
  /** Inserts of the predicate's JSON values seen since the COUNT was asked. */
  inserts: number;
  /** Whether any JSON value of the predicate changed since the COUNT was asked. */
  touched: boolean;
}

interface Tally {
  /** ≥ the number of JSON-valued statements of the predicate in named graphs; undefined until first counted. */
  count: number | undefined;
  /** The count may be above the true number (see the file comment). */
  mayBeHigh: boolean;
  /** When it was last counted (performance.now()). */
  countedAt: number;
  /** The COUNT in flight, if any. */
  counting: Count | undefined;
}

export interface JsonValuedPredicatesOptions {
  /** Least time (ms) between two COUNTs of a predicate whose count may be high. Default 10,000. */
  readonly recountIntervalMs?: number;
}

export class JsonValuedPredicates {
  private tallies = new Map<string, Tally>();
  private readonly recountIntervalMs: number;
  private stopped = false;
  /** COUNTs in flight (whenCounted). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly store: GraphStore, options: JsonValuedPredicatesOptions = {}) {
    this.recountIntervalMs = options.recountIntervalMs ?? DEFAULT_RECOUNT_INTERVAL_MS;
  }

  /**
   * Whether some of `predicates` (expanded IRIs) may have an rdf:JSON value in a named graph: false
   * only when none has one; undefined when not known yet (the COUNTs are then started: ask the store
   * meanwhile).
   */
  mayHold(predicates: readonly string[]): boolean | undefined {
    if (this.stopped) return undefined;
    let unknown: string[] | undefined;
    for (const predicate of predicates) {
      if (NOT_IN_IRIREF.test(predicate)) return undefined;
      const tally = this.tallies.get(predicate);
      if (tally?.count === undefined) {
        if (!tally?.counting) (unknown ??= []).push(predicate);
        else unknown ??= [];
        continue;
      }
      if (tally.count > 0) {
        if (tally.mayBeHigh && !tally.counting && performance.now() - tally.countedAt >= this.recountIntervalMs) this.count([predicate]);
        return true;
      }
    }
    if (!unknown) return false;
    if (unknown.length > 0) this.count(unknown);
    return undefined;
  }

  /** One change record of the store's feed (deletes apply first); cheap when no JSON value is in it. */
  follow(deletes: string, inserts: string): void {
    if (this.tallies.size === 0 || this.stopped) return;
    const { changes, unsure } = scanJsonValues(deletes, inserts);
    if (unsure) {
      this.tallies = new Map(); // a COUNT in flight then lands in the old map: dropped
      return;
    }
    const bulkLike = deletes.length === 0;
    for (const change of changes) this.apply(change, bulkLike);
  }

  /** The tallies' state, for tests and stats: predicate → count (undefined while not counted yet). */
  counts(): Map<string, number | undefined> {
    return new Map([...this.tallies].map(([p, t]) => [p, t.count]));
  }

  /** Resolves when the COUNTs started so far have answered (or failed). */
  async whenCounted(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /** Stops answering (the index detached: no more changes arrive). */
  stop(): void {
    this.stopped = true;
    this.tallies = new Map();
  }

  private apply({ predicate, added }: JsonValueChange, bulkLike: boolean): void {
    const tally = this.tallies.get(predicate);
    if (!tally) return;
    if (tally.counting) {
      tally.counting.touched = true;
      if (added) tally.counting.inserts++;
    }
    if (tally.count === undefined) return;
    tally.count += added ? 1 : -1;
    if (added && bulkLike) tally.mayBeHigh = true;
    // Cannot happen (deletes are effective): the count was wrong, so it is asked again.
    if (tally.count < 0) tally.count = undefined;
  }

  /** Starts one COUNT SELECT for `predicates` (none has a COUNT in flight). */
  private count(predicates: readonly string[]): void {
    if (this.tallies.size + predicates.length > MAX_TALLIES) this.tallies = new Map();
    const tallies = this.tallies;
    for (const predicate of predicates) {
      let tally = tallies.get(predicate);
      if (!tally) tallies.set(predicate, (tally = { count: undefined, mayBeHigh: false, countedAt: 0, counting: undefined }));
      tally.counting = { inserts: 0, touched: false };
    }
    const values = predicates.map((p) => `<${p}>`).join(' ');
    const select = `SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { VALUES ?p { ${values} } ?s ?p ?j FILTER(DATATYPE(?j) = <${RDF_JSON}>) } } GROUP BY ?p`;
    const counting = this.store.query(select).then((result) => {
      if (result.kind !== 'bindings') throw new Error('The JSON-value COUNT returned no bindings.');
      const found = new Map<string, number>();
      for (const row of result.rows) found.set(row.get('p')!.value, Number(row.get('n')!.value));
      for (const predicate of predicates) {
        const tally = tallies.get(predicate);
        if (!tally?.counting || tallies !== this.tallies) continue; // forgotten meanwhile
        tally.count = (found.get(predicate) ?? 0) + tally.counting.inserts;
        tally.mayBeHigh = tally.counting.touched;
        tally.countedAt = performance.now();
        tally.counting = undefined;
      }
    }).catch((error: unknown) => {
      for (const predicate of predicates) {
        const tally = tallies.get(predicate);
        if (tally) tally.counting = undefined; // asked again next time; the ASK answers meanwhile
      }
      console.warn('NGSI-LD read index: counting rdf:JSON values failed:', error);
    }).finally(() => this.inFlight.delete(counting));
    this.inFlight.add(counting);
  }
}
