/**
 * oxigraph's WebAssembly memory, as far as its npm package lets it be seen: the package does not export the
 * instance or its `WebAssembly.Memory`. One way in is left: when a `Uint8Array` is passed to `Store.load`, the
 * wasm-bindgen glue copies it into the memory with `Uint8Array.prototype.set` called on a view of the memory's
 * buffer. `capture` wraps `set` for that one synchronous call and keeps the buffer it was called on. A buffer
 * stays attached until the memory grows (`memory.grow` detaches it), so `grown()` is one property read. The same call
 * is what reserves memory (`reserve`): oxigraph allocates a block of the input's length and the load fails at its first
 * byte, so only that byte is copied — the block's pages are never written, and take no resident memory until used.
 *
 * Measuring it through `process.memoryUsage()` (external memory less ArrayBuffers) was tried first and dropped:
 * V8 takes a freed ArrayBuffer out of its external memory only at the next full GC, so that estimate rises by
 * every Buffer freed since then (measured: +64 MiB for 64 MiB freed, for seconds).
 * If a later oxigraph copies input another way, nothing is captured: `supported` is false, nothing is reserved,
 * and test/unit/store/OxigraphMemory.test.ts fails.
 */
import oxigraph from 'oxigraph';

const NQUADS = 'application/n-quads';
/** A Rust allocation on wasm32 must stay under isize::MAX bytes, or oxigraph panics ("capacity overflow") and traps. */
const MAX_ALLOCATION = 2 ** 31 - 2 ** 20;
/** The input's first byte, NUL: not N-Quads, so the scratch load stops there. */
const FIRST_BYTE = new Uint8Array(1);

export class OxigraphMemory {
  private buffer: ArrayBufferLike | undefined;
  private scratch: oxigraph.Store | undefined;
  private unsupported = false;

  /** False once a copy into oxigraph was seen without capturing its memory. */
  get supported(): boolean {
    return !this.unsupported;
  }

  /** Whether the memory grew since it was last captured (true before the first capture). O(1). */
  grown(): boolean {
    if (this.unsupported) return false;
    return this.buffer === undefined || this.buffer.byteLength === 0;
  }

  /** The memory's size in bytes now (0 when it cannot be seen). */
  size(): number {
    this.copyIn(1);
    return this.buffer?.byteLength ?? 0;
  }

  /** Makes oxigraph allocate `bytes` at once and free them again; its allocator keeps the block for later allocations. */
  reserve(bytes: number): void {
    this.copyIn(bytes);
  }

  /** An N-Quads load of `bytes` zero bytes into a scratch store: copied into the memory, then refused at byte 1. */
  private copyIn(bytes: number): void {
    if (this.unsupported) return;
    if (bytes >= MAX_ALLOCATION) throw new RangeError(`Cannot reserve ${bytes} bytes in oxigraph's memory at once (wasm32: < 2 GiB).`);
    this.scratch ??= new oxigraph.Store();
    const input = new Uint8Array(bytes);
    const proto = Uint8Array.prototype;
    const set = proto.set;
    let seen: ArrayBufferLike | undefined;
    proto.set = function capture(this: Uint8Array, ...args: Parameters<typeof set>): void {
      if (this.buffer !== input.buffer) {
        seen = this.buffer;
        // The block oxigraph allocated for the input: only its first byte (the NUL the parse refuses) is written. The rest
        // stays untouched — no copy of `bytes` zeros (≈ 10–30 ms per 64 MiB, and as much resident memory ahead of use).
        if (args[0] === input) {
          set.call(this, FIRST_BYTE, args[1]);
          return;
        }
      }
      set.apply(this, args);
    };
    try {
      this.scratch.load(input, { format: NQUADS });
    } catch (error) {
      // expected: a NUL byte is not N-Quads. A trap (RuntimeError) is not: the instance is broken, say so.
      if ((error as Error)?.name === 'RuntimeError') throw error;
    } finally {
      proto.set = set;
    }
    if (seen === undefined) {
      this.unsupported = true;
      process.emitWarning('oxigraph\'s WebAssembly memory cannot be seen (its npm glue copies input another way): no memory is reserved ahead, and writes that grow it cost a full GC each (fabric/store/OxigraphMemory.ts).');
    }
    this.buffer = seen;
  }
}
