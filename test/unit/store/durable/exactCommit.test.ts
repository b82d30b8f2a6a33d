/**
 * DurableGraphStore.commit of a change marked exact (ChangeSet.exactAt): applied as text when the
 * store's change count still equals exactAt, checked quad by quad otherwise; in both cases the
 * log record and the change feed carry exactly the effective change, and recovery gives the same state.
 */
import { jest } from '@jest/globals';
import oxigraph from 'oxigraph';
import { termFactory } from '../../../../fabric/ngsi-ld/mapping/termFactory.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { recoverInto } from '../../../../fabric/store/durable/recoverInto.js';
import type { ChangeRecord } from '../../../../fabric/store/GraphStore.js';

const { namedNode, literal, quad, blankNode } = termFactory;
const ex = (local: string) => namedNode(`http://example.org/${local}`);
const g = ex('g');
const value = (v: string) => quad(ex('s'), ex('p'), literal(v), g);
const reifier = (v: string) => quad(ex('r'), ex('reifies'), quad(ex('s'), ex('p'), literal(v)) as never, g);
const sorted = (text: string) => text.split('\n').filter(Boolean).sort();
const lines = (store: { dump(m: string): string }) => sorted(store.dump('application/n-quads'));

async function opened() {
  const dir = mkdtempSync(join(tmpdir(), 'cf-exact-'));
  const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
  const records: ChangeRecord[] = [];
  store.onCommit((r) => records.push(r));
  return { dir, store, records };
}

describe('DurableGraphStore exact commits', () => {
  it('applies and logs an exact change at the current count, triple terms included, and recovers it', async () => {
    const { dir, store, records } = await opened();
    await store.commit({ deletes: [], inserts: [value('1'), reifier('1'), quad(ex('s'), ex('q'), ex('keep'), g)] });
    const at = store.changeCount();
    const checked = jest.spyOn(store.inner, 'applyChange');
    await store.commit({ deletes: [value('1'), reifier('1')], inserts: [value('2'), reifier('2')], exactAt: at });
    expect(checked).not.toHaveBeenCalled(); // the text path
    expect(store.changeCount()).toBe(at + 1);
    expect(store.has(reifier('1'))).toBe(false);
    expect(store.has(reifier('2'))).toBe(true);
    expect(store.size()).toBe(3);
    const last = records.at(-1)!;
    expect(oxigraph.parse(last.deletes, { format: 'application/n-quads' })).toHaveLength(2);
    expect(oxigraph.parse(last.inserts, { format: 'application/n-quads' })).toHaveLength(2);
    const replica = new oxigraph.Store();
    recoverInto(replica, dir);
    expect(sorted(replica.dump({ format: 'application/n-quads' }))).toEqual(lines(store));
    await store.close();
  });

  it('ignores a stale exactAt and logs only the effective change', async () => {
    const { store, records } = await opened();
    await store.commit({ deletes: [], inserts: [value('1')] });
    const stale = store.changeCount();
    await store.commit({ deletes: [value('1')], inserts: [value('2')] }); // the store moved on
    // Claimed exact at `stale`, but value('1') is gone and value('2') is there: nothing is effective.
    const checked = jest.spyOn(store.inner, 'applyChange');
    await store.commit({ deletes: [value('1')], inserts: [value('2'), value('3')], exactAt: stale });
    expect(checked).toHaveBeenCalledTimes(1);
    expect(records.at(-1)).toMatchObject({ deletes: '' });
    expect(sorted(records.at(-1)!.inserts)).toHaveLength(1);
    expect(lines(store)).toHaveLength(2);
    await store.close();
  });

  it('takes the per-quad path for blank nodes, keeping their labels', async () => {
    const { store, records } = await opened();
    const withBlank = quad(ex('s'), ex('part'), blankNode('b1'), g);
    await store.commit({ deletes: [], inserts: [value('1')] });
    await store.commit({ deletes: [value('1')], inserts: [withBlank], exactAt: store.changeCount() });
    expect(records.at(-1)!.inserts).toContain('_:b1');
    expect(store.size()).toBe(1);
    await store.close();
  });

  it('changes nothing when the inserts do not parse, and falls back to the checked path', async () => {
    const { store } = await opened();
    await store.commit({ deletes: [], inserts: [value('1')] });
    const bad = quad(ex('s'), ex('p'), namedNode('not an iri'), g);
    await expect(store.commit({ deletes: [value('1')], inserts: [bad], exactAt: store.changeCount() })).rejects.toThrow();
    expect(store.has(value('1'))).toBe(true);
    await store.close();
  });
});
