/**
 * What a trust service remembers per IE of what it wrote itself, kept only across its own commits (docs/trust.md
 * "Cost"): the store's change feed (GraphStore.onCommit) is followed, a record reported while the service's own
 * commit call runs is its own, and any other record (someone else's) is shown to `foreign`, which forgets what that
 * record may have changed. A commit is the service's own when exactly one record is reported while the commit call
 * runs (stores apply and report a change before `commit` / `load` returns: DurableGraphStore, the memory stores); a
 * store that reports it later (the reasoner worker's replica) sees it as someone else's, and a commit that fails, or
 * reports no record or more than one, forgets everything. Without a change feed nothing is kept.
 * The breakdowns (WrittenTrustGraph) and the score attributes (WrittenScores) are two such memories.
 */
import type { ChangeRecord, GraphStore } from '../../fabric/store/GraphStore.js';

/** Whether a text holds a `\u` / `\U` escape: an IRI could be written escaped in N-Quads a store reports as given. */
export const hasCodepointEscape = (text: string): boolean => text.includes('\\u') || text.includes('\\U');

export abstract class OwnCommitMemory<E> {
  private readonly entries = new Map<string, E>();
  private subscribed = false;
  /** Records reported during this service's own commit call; undefined outside one. */
  private ownRecords: number | undefined;

  get size(): number {
    return this.entries.size;
  }

  /** Follow `store`'s change feed (once); before that, and on a store without one, nothing is kept. */
  watch(store: GraphStore): void {
    if (this.subscribed || !store.onCommit) return;
    this.subscribed = true;
    store.onCommit((record) => {
      if (this.ownRecords !== undefined) this.ownRecords++;
      else if (this.entries.size > 0) this.foreign(record);
    });
  }

  /**
   * Runs `commit` (a store call that applies the change and reports its record before it returns), then records
   * `written` and forgets `removed`, before any other code runs. A commit that reports no record or more than one
   * while it runs, or fails, forgets everything.
   */
  own<T>(commit: () => Promise<T>, written: ReadonlyMap<string, E | undefined>, removed: readonly string[]): Promise<T> {
    if (!this.subscribed) return commit();
    this.ownRecords = 0;
    let pending: Promise<T>;
    try {
      pending = commit();
    } catch (error) {
      this.ownRecords = undefined;
      this.clear();
      throw error;
    }
    const records = this.ownRecords;
    this.ownRecords = undefined;
    if (records === 1) {
      for (const ie of removed) this.delete(ie);
      for (const [ie, entry] of written) {
        if (entry === undefined) this.delete(ie);
        else this.set(ie, entry);
      }
    } else {
      this.clear();
    }
    return pending.catch((error: unknown) => {
      this.clear();
      throw error;
    });
  }

  /** The entry of an IE, or undefined when not known (read the store). */
  protected entry(ie: string): E | undefined {
    return this.entries.get(ie);
  }

  /** Someone else's record: forget (delete / clear) what it may have changed. Called only while something is kept. */
  protected abstract foreign(record: ChangeRecord): void;

  protected set(ie: string, entry: E): void {
    this.entries.set(ie, entry);
  }

  protected delete(ie: string): void {
    this.entries.delete(ie);
  }

  protected clear(): void {
    this.entries.clear();
  }
}
