/**
 * Append-only write-ahead log with group commit. Appends arriving while a
 * write+fsync is in flight are batched into the next one, so N concurrent
 * commits cost one fsync, not N. Groups are flushed strictly in order, so
 * acknowledgements follow commit order, and a later log generation is never
 * written before an earlier one is durable.
 *
 * A failed write or fsync is FATAL (onFatal): after a failed fsync the kernel
 * may already have dropped the dirty pages and cleared the error, so a retry
 * can "succeed" without the data on disk (the 2018 PostgreSQL "fsyncgate"),
 * and the in-memory store already holds a change that readers may have seen.
 * The only safe continuation is to stop and recover from the log.
 */
import { openSync, closeSync, fstatSync, writev, fdatasync } from 'node:fs';
import { promisify } from 'node:util';

const writevAsync = promisify(writev);
const fdatasyncAsync = promisify(fdatasync);

interface Group {
  readonly fd: number;
  readonly chunks: Buffer[];
  readonly waiters: Array<{ resolve: () => void; reject: (error: Error) => void }>;
  /** Close fd after this group (the log moved to a new generation). */
  closeAfter: boolean;
  /** Being written: later appends go to a new group. */
  sealed: boolean;
}

export class WriteAheadLog {
  private fd: number;
  private bytes: number;
  private readonly queue: Group[] = [];
  private flushing = false;
  private failed: Error | undefined;
  /** Number of write+fsync rounds so far (group commit makes this smaller than the number of appends). */
  fsyncs = 0;

  constructor(path: string, private readonly onFatal: (error: Error) => void) {
    this.fd = openSync(path, 'a');
    this.bytes = fstatSync(this.fd).size;
  }

  /** Bytes in the current log file, including appends not yet flushed. */
  get size(): number {
    return this.bytes;
  }

  private openGroup(): Group {
    const last = this.queue.at(-1);
    if (last && last.fd === this.fd && !last.closeAfter && !last.sealed) return last;
    const group: Group = { fd: this.fd, chunks: [], waiters: [], closeAfter: false, sealed: false };
    this.queue.push(group);
    return group;
  }

  /** Queue a framed record (one buffer, or buffers written back to back); resolves once it is on stable storage. */
  append(frame: Buffer | readonly Buffer[]): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const group = this.openGroup();
    for (const chunk of Buffer.isBuffer(frame) ? [frame] : frame) {
      this.bytes += chunk.length;
      group.chunks.push(chunk);
    }
    return this.barrierOn(group);
  }

  /** Resolves once everything appended so far is durable (for no-op commits that depend on earlier ones). */
  barrier(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.queue.length === 0 && !this.flushing) return Promise.resolve();
    return this.barrierOn(this.openGroup());
  }

  /** Continue in a new file; earlier groups still go to (and then close) the old one. */
  rotate(path: string): Promise<void> {
    const done = this.barrierOn(this.openGroup());
    this.queue.at(-1)!.closeAfter = true;
    this.fd = openSync(path, 'a');
    this.bytes = 0;
    return done;
  }

  private barrierOn(group: Group): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      group.waiters.push({ resolve, reject });
      this.kick();
    });
  }

  async close(): Promise<void> {
    await this.barrier();
    closeSync(this.fd);
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => void this.flushLoop());
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue[0];
        group.sealed = true;
        if (group.chunks.length > 0) {
          let written = 0;
          const total = group.chunks.reduce((n, c) => n + c.length, 0);
          let chunks = group.chunks;
          while (written < total) {
            const n = (await writevAsync(group.fd, chunks)).bytesWritten;
            written += n;
            if (written < total) chunks = [Buffer.concat(group.chunks).subarray(written)];
          }
          await fdatasyncAsync(group.fd);
          this.fsyncs++;
        }
        this.queue.shift();
        if (group.closeAfter) closeSync(group.fd);
        for (const waiter of group.waiters) waiter.resolve();
      }
    } catch (error) {
      this.failed = error instanceof Error ? error : new Error(String(error));
      for (const group of this.queue.splice(0)) for (const waiter of group.waiters) waiter.reject(this.failed);
      this.onFatal(this.failed);
    } finally {
      this.flushing = false;
    }
  }
}
