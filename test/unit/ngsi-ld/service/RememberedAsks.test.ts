/**
 * RememberedAsks: an ASK's answer is asked of the store once per store state (GraphStore.changeCount, here a
 * DurableGraphStore's), again after a write; a store without a change counter is asked every time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { jest } from '@jest/globals';
import { RememberedAsks } from '../../../../fabric/ngsi-ld/service/RememberedAsks.js';

const ASK = 'ASK { GRAPH ?g { ?s <urn:p> ?o } }';

test('answers from the store, remembers while unchanged, asks again after a write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'remembered-asks-'));
  const store = await DurableGraphStore.open(dir);
  const query = jest.spyOn(store, 'query');
  const asks = new RememberedAsks(store);
  expect(await asks.holds(ASK)).toBe(false);
  expect(await asks.holds(ASK)).toBe(false);
  expect(query).toHaveBeenCalledTimes(1);
  await store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> 1 } }');
  expect(await asks.holds(ASK)).toBe(true);
  expect(await asks.holds(ASK)).toBe(true);
  expect(query).toHaveBeenCalledTimes(2);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('without a change counter every ASK goes to the store', async () => {
  const store = new MemoryGraphStore();
  const query = jest.spyOn(store, 'query');
  const asks = new RememberedAsks(store);
  await asks.holds(ASK);
  await asks.holds(ASK);
  expect(query).toHaveBeenCalledTimes(2);
});
