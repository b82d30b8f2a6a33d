/**
 * commitWorkerWrite (reasoner/worker/commitWorkerWrite.ts): the main thread's half of a reasoner worker's write.
 * A reasoner write with deletes and ground inserts is a commit of the deletes and a load of the inserts, both in the
 * caller's tick (no reader between them); trust writes and anything with a blank node stay one exact commit. Ground
 * text goes to the store as text (GraphStore.commitText) when the store can record it exactly; parsed otherwise.
 */
import { jest } from '@jest/globals';
import oxigraph from 'oxigraph';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitWorkerWrite } from '../../../../reasoner/worker/commitWorkerWrite.js';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import type { ChangeRecord, GraphStore } from '../../../../fabric/store/GraphStore.js';

const G = 'https://w3id.org/continuum-fabric/graph/inferred/rdfs-owl/subproperty-statement';
const line = (s: number, o: string, g = G): string => `<urn:x:${s}> <https://smartdatamodels.org/dataModel.IT/cpuCores> "${o}"^^<http://www.w3.org/2001/XMLSchema#integer> <${g}> .\n`;

async function withStores(run: (store: GraphStore & { onCommit(l: (r: ChangeRecord) => void): () => void }) => Promise<void>): Promise<void> {
  await run(new ObservedMemoryStore());
  const dir = mkdtempSync(join(tmpdir(), 'cf-commit-worker-write-'));
  const durable = await DurableGraphStore.open(dir);
  try {
    await run(durable);
  } finally {
    await durable.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every record the change feed reports while `call` runs synchronously, and the records reported later. */
function recorded(store: { onCommit(l: (r: ChangeRecord) => void): () => void }, call: () => Promise<unknown>): { inTick: ChangeRecord[]; done: Promise<ChangeRecord[]> } {
  const all: ChangeRecord[] = [];
  const stop = store.onCommit((record) => all.push(record));
  const done = call();
  const inTick = [...all];
  return { inTick, done: done.then(() => { stop(); return all; }) };
}

describe('commitWorkerWrite', () => {
  it('a reasoner write with deletes and ground inserts: deletes committed and inserts loaded in the same tick', async () => {
    await withStores(async (store) => {
      await store.load(line(1, '1') + line(2, '2'), { format: 'application/n-quads' });
      const inside: string[] = [];
      const wrap = <T>(call: () => T): T => { inside.push('call'); return call(); };
      const { inTick, done } = recorded(store, () => commitWorkerWrite(store, line(1, '1') + line(9, '9'), line(3, '3') + line(2, '2'), wrap, { derivedOnly: true }));
      // Both records before the call returned: no reader can see the retraction without the additions.
      expect(inTick).toHaveLength(2);
      expect(inside).toHaveLength(2);
      expect(inTick[0].deletes).toBe(line(1, '1')); // only what was present is recorded as deleted
      expect(inTick[0].inserts).toBe('');
      expect(inTick[1].deletes).toBe('');
      expect(inTick[1].inserts).toContain('<urn:x:3>'); // as given: a load's record lists its input
      await done;
      const objects = (await store.match(null, null, null, null)).map((q) => q.subject.value).sort();
      expect(objects).toEqual(['urn:x:2', 'urn:x:3']);
    });
  });

  it('a write with a blank node, or a trust write with deletes, stays ONE commit (deletes before inserts, labels kept)', async () => {
    await withStores(async (store) => {
      await store.load(line(1, '1'), { format: 'application/n-quads' });
      const blank = `_:b1 <urn:p> "v" <${G}> .\n`;
      const first = recorded(store, () => commitWorkerWrite(store, line(1, '1'), blank, undefined, { derivedOnly: true }));
      expect(first.inTick).toHaveLength(1);
      expect(first.inTick[0].inserts).toContain('_:b1 ');
      await first.done;
      const trust = recorded(store, () => commitWorkerWrite(store, blank, line(4, '4', 'urn:ngsi-ld:InfrastructureElement:4')));
      expect(trust.inTick).toHaveLength(1);
      expect(trust.inTick[0].deletes).toContain('_:b1 ');
      expect(trust.inTick[0].inserts).toContain('<urn:x:4>');
      await trust.done;
      expect((await store.match(null, null, null, null)).map((q) => q.subject.value)).toEqual(['urn:x:4']);
    });
  });

  it('inserts only are loaded in slices, one after the other', async () => {
    await withStores(async (store) => {
      const text = [1, 2, 3, 4, 5].map((n) => line(n, String(n))).join('');
      const { inTick, done } = recorded(store, () => commitWorkerWrite(store, '', text, undefined, { derivedOnly: true, sliceLines: 2 }));
      expect(inTick).toHaveLength(1); // the first slice now, the next ones after it
      expect((await done).map((r) => r.inserts.split('\n').filter(Boolean).length)).toEqual([2, 2, 1]);
      expect(await store.match(null, null, null, null)).toHaveLength(5);
    });
  });

  it('an exact trust write is committed as text (no parse); a reasoner write\'s deletes are parsed; the same records', async () => {
    await withStores(async (store) => {
      const many = Array.from({ length: 16 }, (_v, i) => line(100 + i, String(i))).join('');
      await store.load(many + line(1, '1') + line(2, '2') + line(5, '5', 'urn:ngsi-ld:InfrastructureElement:5'), { format: 'application/n-quads' });
      const parse = jest.spyOn(oxigraph, 'parse');
      try {
        const few = recorded(store, () => commitWorkerWrite(store, line(1, '1'), '', undefined, { derivedOnly: true }));
        expect(few.inTick.map((r) => r.deletes)).toEqual([line(1, '1')]);
        await few.done;
        expect(parse).toHaveBeenCalledTimes(1); // not exact: parsed, as before
        parse.mockClear();
        const derived = recorded(store, () => commitWorkerWrite(store, many + many, line(3, '3'), undefined, { derivedOnly: true }));
        expect(derived.inTick.map((r) => [r.deletes, r.inserts])).toEqual([[many, ''], ['', line(3, '3')]]);
        await derived.done;
        expect(parse.mock.calls.filter(([text]) => String(text).includes('<urn:x:100>'))).toHaveLength(1); // not exact: parsed
        parse.mockClear();
        const exactAt = store.changeCount?.();
        const trustEntity = 'urn:ngsi-ld:InfrastructureElement:5';
        const trust = recorded(store, () => commitWorkerWrite(store, line(5, '5', trustEntity), line(6, '6', trustEntity), undefined, exactAt === undefined ? {} : { exactAt }));
        await trust.done;
        if (exactAt !== undefined) expect(parse).not.toHaveBeenCalled(); // the durable store: exact at the count
        expect(trust.inTick.map((r) => [r.deletes, r.inserts])).toEqual([[line(5, '5', trustEntity), line(6, '6', trustEntity)]]);
      } finally {
        parse.mockRestore();
      }
      expect((await store.match(null, null, null, null)).map((q) => q.subject.value).sort()).toEqual(['urn:x:2', 'urn:x:3', 'urn:x:6']);
    });
  });
});
