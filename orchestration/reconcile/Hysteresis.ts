/**
 * Hysteresis for the reconciler: a condition (an IE Overloaded, Untrusted or unreachable) must hold for N consecutive
 * observations before it triggers; one good observation resets the count. Kept in memory on purpose: after a restart
 * the count starts again from zero, which can only delay a migration, never cause one.
 */
export class Hysteresis {
  private readonly counts = new Map<string, number>();

  constructor(readonly threshold: number) {
    if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`threshold must be a positive integer, got ${threshold}`);
  }

  /** Records one observation; true when the condition has now held for `threshold` consecutive observations. */
  observe(key: string, holds: boolean): boolean {
    if (!holds) {
      this.counts.delete(key);
      return false;
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n >= this.threshold;
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  reset(key: string): void {
    this.counts.delete(key);
  }

  /** Forgets keys not in `live` (components gone or moved). */
  retain(live: ReadonlySet<string>): void {
    for (const key of this.counts.keys()) if (!live.has(key)) this.counts.delete(key);
  }
}
