/** The stores trust's write tests run on: an observed memory store and a durable store in a temporary directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphStore } from '../../../../../fabric/store/GraphStore.js';
import { ObservedMemoryStore } from '../../../../../fabric/store/replica/ObservedMemoryStore.js';
import { DurableGraphStore } from '../../../../../fabric/store/durable/DurableGraphStore.js';

export type OpenedStore = { store: GraphStore; close: () => Promise<void> };

/** `describe.each` rows: a name and an opener; the durable store's directory is named after `prefix`. */
export function memoryAndDurableStores(prefix: string): Array<[string, () => Promise<OpenedStore>]> {
  return [
    ['a memory store', async () => ({ store: new ObservedMemoryStore(), close: async () => undefined })],
    ['a durable store', async () => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
      return { store, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
    }],
  ];
}
