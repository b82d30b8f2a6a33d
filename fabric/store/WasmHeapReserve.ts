/**
 * Free memory kept ahead in oxigraph's WebAssembly heap, so that the heap grows in large steps.
 *
 * oxigraph's allocator (Rust's dlmalloc on wasm32) grows the WebAssembly memory by what one
 * allocation lacks, rounded to 64 KiB pages, so a store that grows a few KiB per write grows its
 * memory every few writes. V8 counts that memory as external memory, and once it passes 64 MiB
 * every `memory.grow` starts a full mark-compact of the JS heap ("external memory pressure"):
 * measured with Node 20 and oxigraph 0.5.11, a fabric node creating aerOS IEs grew its memory every
 * ≈ 6 creates, and creates fell from 1,277 to 473 per second within one bench as each grow's GC
 * got dearer (docs/benchmarks.md §4 "WebAssembly memory growth"). A pure oxigraph store loading
 * 50-quad texts: 0.1 ms per load, but 8–15 ms for every load that grew the memory past 64 MiB.
 *
 * After a write, `afterWrite` asks whether the memory grew since it was last seen (one property read,
 * OxigraphMemory). When it did, the free block is used up: one reservation of a quarter of the memory
 * (16–256 MiB) makes dlmalloc grow the memory once by that much and free it again, and the next writes
 * are served from the freed block without growing. `beforeLoad` reserves ahead of one large load, inside
 * which the memory would otherwise grow page by page. Each worker thread has its own WebAssembly instance
 * and its own reserve (module state is per thread). WebAssembly memory never shrinks, so the cost is RSS
 * ahead of use: at most a quarter of the memory or 256 MiB, or a bulk load's estimate.
 */
import { OxigraphMemory } from './OxigraphMemory.js';

const MiB = 2 ** 20;

export interface WasmHeapReservePolicy {
  /** No reservation while the memory is smaller (V8 collects on growth only past 64 MiB of external memory). */
  readonly fromBytes: number;
  /** A reservation is this share of the memory, within `minStep` and `maxStep`. */
  readonly share: number;
  readonly minStep: number;
  readonly maxStep: number;
  /** No reservation takes the memory past this (wasm32 memory ends at 4 GiB; a failed allocation aborts oxigraph). */
  readonly ceiling: number;
  /** A load of at least this many bytes of text reserves `loadFactor` times its size first (`beforeLoad`). */
  readonly bulkFrom: number;
  /**
   * The largest single reservation. One allocation of 2 GiB or more panics inside oxigraph (a Rust `Vec`'s capacity on
   * wasm32 is at most `isize::MAX`, "capacity overflow") and traps its instance; a load bigger than
   * maxSingle / loadFactor is cut into slices by its caller (applyRecord.ts `insertNQuads`, `insertNQuadsStream`).
   */
  readonly maxSingle: number;
  /** The store's growth per byte of N-Quads text loaded (≈ 2.6 for aerOS IEs, oxigraph 0.5.11; 3 leaves some over). */
  readonly loadFactor: number;
}

export const DEFAULT_RESERVE_POLICY: WasmHeapReservePolicy = {
  fromBytes: 32 * MiB,
  share: 0.25,
  minStep: 16 * MiB,
  maxStep: 256 * MiB,
  ceiling: 3.5 * 1024 * MiB,
  bulkFrom: 4 * MiB,
  loadFactor: 3,
  maxSingle: 1024 * MiB,
};

/** What the reserve needs of the memory (OxigraphMemory; a scripted one in tests). */
export type ReservableMemory = Pick<OxigraphMemory, 'grown' | 'size' | 'reserve'>;

export class WasmHeapReserve {
  private count = 0;
  /** Of the last reservation, what bulk loads have not spoken for since (other writes are not counted: growth shows them). */
  private ahead = 0;

  constructor(
    private readonly memory: ReservableMemory = new OxigraphMemory(),
    private readonly policy: WasmHeapReservePolicy = DEFAULT_RESERVE_POLICY,
  ) {}

  /** Reservations made so far (a stat for tests and benchmarks). */
  get reservations(): number {
    return this.count;
  }

  /**
   * Call before one `load` of `bytes` of text (a snapshot, a replica's seed, a bulk load): within one call the
   * allocator would grow the memory page by page (a 92 MiB N-Quads load: 71 s instead of 1.2 s).
   */
  beforeLoad(bytes: number): void {
    if (bytes < this.policy.bulkFrom) return;
    const need = Math.round(bytes * this.policy.loadFactor);
    if (this.ahead >= need && !this.memory.grown()) {
      this.ahead -= need; // the last reservation still holds it (replaying a log: one record after another)
      return;
    }
    const size = this.memory.size();
    const step = Math.min(Math.max(need, this.stepFor(size)), this.policy.ceiling - size, this.policy.maxSingle);
    if (step >= this.policy.minStep) this.reserve(step);
    this.ahead = Math.max(0, this.ahead - need);
  }

  /** Call after every write into an oxigraph store of this thread. O(1) unless the memory grew. */
  afterWrite(): void {
    if (!this.memory.grown()) return;
    const size = this.memory.size();
    if (size < this.policy.fromBytes) return;
    const step = this.stepFor(size);
    if (size + step <= this.policy.ceiling) this.reserve(step);
  }

  /** A quarter of the memory, within 16–256 MiB (the policy's share and bounds). */
  private stepFor(size: number): number {
    return Math.min(this.policy.maxStep, Math.max(this.policy.minStep, Math.round(size * this.policy.share)));
  }

  private reserve(step: number): void {
    this.memory.reserve(step);
    this.count += 1;
    this.ahead = step;
  }
}

/** This thread's reserve, shared by its stores: they share one WebAssembly instance. */
export const oxigraphHeapReserve = new WasmHeapReserve();
