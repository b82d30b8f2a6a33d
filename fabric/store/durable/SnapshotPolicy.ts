/**
 * When the durable store takes a snapshot (docs/durability.md). Unless a fixed threshold is given:
 * when the log since the last snapshot is over 64 MiB AND over twice the size of the data
 * (estimated: quads × N-Quads bytes per quad of the last snapshot). A snapshot costs a dump of the
 * whole store while replaying the log costs about as much per quad as loading a snapshot, so a
 * snapshot pays off only once the log holds much more than the data (updates, deletes, reloads);
 * a pure bulk load never triggers one. Recovery then reads at most one snapshot plus about twice
 * its size of log, and each logged byte is dumped O(1) times on average.
 */
const MIN_LOG_BYTES = 64 * 1024 * 1024;

export class SnapshotPolicy {
  /** N-Quads bytes per quad in the last snapshot; a guess until one was seen. */
  private bytesPerQuad = 200;
  /** Log size below which the data need not be counted again (see due). */
  private nextCheck = 0;

  /** `fixedThresholdBytes`: snapshot whenever the log exceeds it (DurableOptions.snapshotThresholdBytes). */
  constructor(private readonly fixedThresholdBytes?: number) {}

  /** A snapshot of `bytes` holding `quads` quads was written (or recovered from at open). */
  observed(bytes: number, quads: number): void {
    if (quads > 0) this.bytesPerQuad = bytes / quads;
  }

  /**
   * Whether a log of `logBytes` calls for a snapshot of data holding `quads()` quads. Counting may
   * walk the store (after a bulk load, MemoryGraphStore.size), so it is asked rarely: the data cannot
   * grow faster than the log, so a threshold computed once is a lower bound until the log reaches it.
   */
  due(logBytes: number, quads: () => number): boolean {
    if (this.fixedThresholdBytes !== undefined) return logBytes > this.fixedThresholdBytes;
    if (logBytes <= this.nextCheck) return false;
    const threshold = Math.max(MIN_LOG_BYTES, 2 * quads() * this.bytesPerQuad);
    this.nextCheck = logBytes > threshold ? 0 : threshold;
    return logBytes > threshold;
  }
}
