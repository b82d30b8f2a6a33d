/**
 * OxigraphMemory against the installed oxigraph: it sees the WebAssembly memory through the glue's copy of a
 * Uint8Array, notices every growth, and a reservation is kept by oxigraph's allocator for later writes without its
 * pages being written. If an
 * oxigraph upgrade copies input another way, or frees the block to nowhere, these fail.
 */
import oxigraph from 'oxigraph';
import { OxigraphMemory } from '../../../fabric/store/OxigraphMemory.js';

const MiB = 2 ** 20;

/** Adds entity-like quads until the memory grows (or `limit` quads): how many it took. */
function addUntilGrown(memory: OxigraphMemory, store: oxigraph.Store, prefix: string, limit: number): number {
  let n = 0;
  while (!memory.grown() && n < limit) {
    store.add(oxigraph.quad(oxigraph.namedNode(`urn:${prefix}:${n}`), oxigraph.namedNode('urn:p'), oxigraph.literal(`value ${n}`)));
    n += 1;
  }
  return n;
}

describe('OxigraphMemory (the installed oxigraph)', () => {
  it('sees the memory, and notices when writes grow it', () => {
    const memory = new OxigraphMemory();
    expect(memory.grown()).toBe(true); // not seen yet
    const before = memory.size();
    expect(memory.supported).toBe(true);
    expect(before).toBeGreaterThan(0);
    expect(before % 65536).toBe(0); // whole WebAssembly pages
    expect(memory.grown()).toBe(false);
    const added = addUntilGrown(memory, new oxigraph.Store(), 'a', 2_000_000);
    expect(memory.grown()).toBe(true);
    expect(added).toBeLessThan(2_000_000);
    expect(memory.size()).toBeGreaterThan(before);
  });

  it('grows the memory once by a reservation, and later writes are served from it', () => {
    const memory = new OxigraphMemory();
    const store = new oxigraph.Store();
    addUntilGrown(memory, store, 'warm', 2_000_000);
    const withoutReserve = addUntilGrown(memory, store, 'b', 2_000_000); // from one growth to the next
    const before = memory.size();
    memory.reserve(64 * MiB);
    expect(memory.size() - before).toBeGreaterThanOrEqual(64 * MiB);
    const withReserve = addUntilGrown(memory, store, 'c', 2_000_000);
    expect(withReserve).toBeGreaterThan(20 * withoutReserve);
    expect(withReserve).toBeGreaterThan(20_000);
  });

  it('reserves without writing the block: resident memory does not grow by the reservation, and the store works after', () => {
    const memory = new OxigraphMemory();
    const before = memory.size();
    const rss = process.memoryUsage().rss;
    memory.reserve(256 * MiB);
    expect(memory.size() - before).toBeGreaterThanOrEqual(256 * MiB);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * MiB); // a copy of the 256 MiB would make them resident
    const store = new oxigraph.Store();
    store.load('<urn:a> <urn:p> "v" .\n<urn:b> <urn:p> "w" .\n', { format: 'application/n-quads' });
    expect(store.size).toBe(2);
  });

  it('refuses a reservation of 2 GiB or more (oxigraph would panic: "capacity overflow") and stays usable', () => {
    const memory = new OxigraphMemory();
    expect(() => memory.reserve(2 ** 31)).toThrow(RangeError);
    const store = new oxigraph.Store();
    store.load('<urn:a> <urn:p> "v" .\n', { format: 'application/n-quads' });
    expect(store.size).toBe(1);
    expect(memory.size()).toBeGreaterThan(0);
  });
});
