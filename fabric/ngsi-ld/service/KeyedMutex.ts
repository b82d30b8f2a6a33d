/**
 * One writer at a time per key (an entity id). The in-memory stores apply a commit
 * synchronously, so a read-modify-write is serializable as long as nothing awaits between
 * the read and the commit call; SHACL validation does await, so writes of one entity hold
 * this lock from their read until their change is applied (with coalesced commits, until the
 * commit of their turn is made: CommitCoalescer), not until durability: the log keeps order.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Resolves with the release function once every earlier holder of `key` released it. */
  async lock(key: string): Promise<() => void> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous ? previous.then(() => current) : current;
    this.tails.set(key, tail);
    if (previous) await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Number of keys with a holder or waiters (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
