/**
 * WasmHeapReserve keeps free memory ahead in oxigraph's WebAssembly heap so the heap grows in large steps
 * (each `memory.grow` past 64 MiB of external memory costs a full V8 mark-compact). The policy, with a
 * scripted memory; OxigraphMemory.test.ts checks the real one.
 */
import { WasmHeapReserve, type ReservableMemory, type WasmHeapReservePolicy } from '../../../fabric/store/WasmHeapReserve.js';

const MiB = 2 ** 20;
const policy: WasmHeapReservePolicy = { fromBytes: 32 * MiB, share: 0.25, minStep: 16 * MiB, maxStep: 256 * MiB, ceiling: 3584 * MiB, bulkFrom: 4 * MiB, loadFactor: 4, maxSingle: 1024 * MiB };

/** A memory the test grows; a reservation grows it by its size (the allocator's block was used up). */
class ScriptedMemory implements ReservableMemory {
  private seen = -1;
  measures = 0;
  readonly reserved: number[] = [];
  constructor(public bytes: number) {}
  grown(): boolean {
    return this.bytes !== this.seen;
  }
  size(): number {
    this.measures += 1;
    this.seen = this.bytes;
    return this.bytes;
  }
  reserve(bytes: number): void {
    this.reserved.push(bytes);
    this.bytes += bytes;
    this.seen = this.bytes;
  }
}

describe('WasmHeapReserve', () => {
  it('reserves nothing while the memory is under fromBytes', () => {
    const memory = new ScriptedMemory(1 * MiB);
    const reserve = new WasmHeapReserve(memory, policy);
    for (let i = 0; i < 100; i++) {
      memory.bytes += 256 * 1024;
      reserve.afterWrite();
    }
    expect(memory.bytes).toBeLessThan(32 * MiB);
    expect(memory.reserved).toEqual([]);
  });

  it('reserves a quarter of the memory (16–256 MiB) each time the memory grew past the last reservation', () => {
    const memory = new ScriptedMemory(100 * MiB);
    const reserve = new WasmHeapReserve(memory, policy);
    reserve.afterWrite();
    expect(memory.reserved).toEqual([25 * MiB]);
    for (let i = 0; i < 50; i++) reserve.afterWrite(); // writes served from the freed block: the memory does not move
    expect(memory.reserved).toHaveLength(1);
    expect(memory.measures).toBe(1); // and is not measured
    memory.bytes += 64 * 1024; // one page: used up
    reserve.afterWrite();
    expect(memory.reserved).toEqual([25 * MiB, Math.round((125 * MiB + 64 * 1024) / 4)]);
    expect(reserve.reservations).toBe(2);
    memory.bytes = 2048 * MiB;
    reserve.afterWrite();
    expect(memory.reserved.at(-1)).toBe(256 * MiB); // the cap
    const small = new ScriptedMemory(33 * MiB);
    new WasmHeapReserve(small, policy).afterWrite();
    expect(small.reserved).toEqual([16 * MiB]); // the floor
  });

  it('reserves loadFactor times a bulk load\'s size before it (at least a normal step, within the ceiling), nothing for small loads', () => {
    const memory = new ScriptedMemory(10 * MiB);
    const reserve = new WasmHeapReserve(memory, policy);
    reserve.beforeLoad(3 * MiB);
    expect(memory.reserved).toEqual([]);
    expect(memory.measures).toBe(0);
    reserve.beforeLoad(100 * MiB);
    expect(memory.reserved).toEqual([400 * MiB]);
    reserve.beforeLoad(8 * MiB); // one log record after another: a normal step, a quarter of the memory
    expect(memory.reserved).toEqual([400 * MiB, Math.round(410 * MiB / 4)]);
    for (let i = 0; i < 2; i++) reserve.beforeLoad(8 * MiB); // within what the step left: 102.5 - 32 = 70.5 MiB, two more
    expect(memory.reserved).toHaveLength(2);
    reserve.beforeLoad(8 * MiB); // used up
    expect(memory.reserved).toHaveLength(3);
    reserve.beforeLoad(4 * MiB);
    memory.bytes += 64 * 1024; // the memory grew: what was left is gone
    reserve.beforeLoad(4 * MiB);
    expect(memory.reserved).toHaveLength(4);
    memory.bytes = 3400 * MiB;
    reserve.beforeLoad(500 * MiB);
    expect(memory.reserved.at(-1)).toBe(184 * MiB); // up to the ceiling
    memory.bytes = 3580 * MiB;
    reserve.beforeLoad(500 * MiB); // less than minStep left under the ceiling
    expect(memory.reserved).toHaveLength(5);
    const big = new ScriptedMemory(10 * MiB);
    new WasmHeapReserve(big, policy).beforeLoad(600 * MiB);
    expect(big.reserved).toEqual([1024 * MiB]); // maxSingle: one allocation of 2 GiB would abort oxigraph
  });

  it('never reserves past the ceiling (a failed allocation would abort oxigraph)', () => {
    const memory = new ScriptedMemory(3400 * MiB);
    const reserve = new WasmHeapReserve(memory, policy);
    reserve.afterWrite();
    memory.bytes += MiB;
    reserve.afterWrite();
    expect(memory.reserved).toEqual([]);
  });
});
