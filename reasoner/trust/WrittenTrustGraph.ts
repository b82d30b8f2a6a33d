/**
 * What the trust graph holds about each IE as this service last wrote it (docs/trust.md "Cost"): its
 * cf:TrustBreakdown and its cf:untrustedByTrust marker, kept as the inputs they were written from (the result,
 * the configuration, the computation time; the quads are built again when needed, which costs no store call).
 * A run reads an IE's old breakdown from here instead of from the store (two `match` calls and ≈ 17 oxigraph
 * quads per IE, each a WASM object with a finalizer), and diffs it with the new one in JS.
 *
 * True only while no one else writes the trust graph: the store's change feed (GraphStore.onCommit) is followed,
 * and any record mentioning the trust graph's IRI that is not this service's own commit forgets everything
 * (the next run reads the store again). A commit is this service's own when its record is reported while the
 * commit call runs (stores apply and report a change before `commit` returns: DurableGraphStore, the memory
 * stores); a store that reports it later (the reasoner worker's replica) sees it as someone else's, and a
 * commit that fails, or reports more than one record, forgets everything too. Without a change feed nothing is kept.
 */
import type * as RDF from '@rdfjs/types';
import type { ChangeRecord, GraphStore } from '../../fabric/store/GraphStore.js';
import type { TrustConfiguration } from './TrustConfiguration.js';
import type { TrustResult } from './trustComputation.js';
import { TRUST_GRAPH } from './trustVocabulary.js';

/** The inputs of an IE's trust graph entries as written. */
export interface WrittenEntry {
  readonly result: TrustResult;
  readonly config: TrustConfiguration;
  readonly computedAt: string;
  /** Whether the cf:untrustedByTrust marker was written. */
  readonly marked: boolean;
}

/** The quads of an entry (breakdown and marker), built the way they were written. */
export type EntryQuads = (entry: WrittenEntry) => RDF.Quad[];

const GRAPH_TOKEN = `<${TRUST_GRAPH}>`;

/**
 * Whether a record may touch the trust graph: its IRI anywhere in the text, or a `\u` escape (an IRI could be
 * written escaped in user-loaded N-Quads, whose text a store may report as it was given).
 */
const mayTouchTrustGraph = (record: ChangeRecord): boolean =>
  [record.deletes, record.inserts].some((text) => text.includes(GRAPH_TOKEN) || text.includes('\\u') || text.includes('\\U'));

export class WrittenTrustGraph {
  private readonly entries = new Map<string, WrittenEntry>();
  private subscribed = false;
  /** Records reported during this service's own commit call; undefined outside one. */
  private ownRecords: number | undefined;

  constructor(private readonly quadsOf: EntryQuads) {}

  get size(): number {
    return this.entries.size;
  }

  /** Follow `store`'s change feed (once); before that, and on a store without one, nothing is kept. */
  watch(store: GraphStore): void {
    if (this.subscribed || !store.onCommit) return;
    this.subscribed = true;
    store.onCommit((record) => {
      if (this.ownRecords !== undefined) this.ownRecords++;
      else if (mayTouchTrustGraph(record)) this.entries.clear();
    });
  }

  /** The IE's breakdown and marker quads as the store holds them, or undefined when not known (read the store). */
  quads(ie: string): RDF.Quad[] | undefined {
    const entry = this.entries.get(ie);
    return entry ? this.quadsOf(entry) : undefined;
  }

  /**
   * Runs `commit` (a store call that applies the change and reports its record before it returns), then records
   * `written` and forgets `removed`, before any other code runs. A commit that reports no record or more than one
   * while it runs, or fails, forgets everything.
   */
  own<T>(commit: () => Promise<T>, written: ReadonlyMap<string, WrittenEntry>, removed: readonly string[]): Promise<T> {
    if (!this.subscribed) return commit();
    this.ownRecords = 0;
    let pending: Promise<T>;
    try {
      pending = commit();
    } catch (error) {
      this.ownRecords = undefined;
      this.entries.clear();
      throw error;
    }
    const records = this.ownRecords;
    this.ownRecords = undefined;
    if (records === 1) {
      for (const ie of removed) this.entries.delete(ie);
      for (const [ie, entry] of written) this.entries.set(ie, entry);
    } else {
      this.entries.clear();
    }
    return pending.catch((error: unknown) => {
      this.entries.clear();
      throw error;
    });
  }
}
