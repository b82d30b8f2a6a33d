import oxigraph from 'oxigraph';
import { mkdtempSync, readdirSync, statSync, appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { recoverInto } from '../../../../fabric/store/durable/recoverInto.js';
import { encodeRecord } from '../../../../fabric/store/durable/walRecord.js';
import type { WalRecord } from '../../../../fabric/store/durable/walRecord.js';

const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
const g = ex('g');
const q = (s: string, o: string) => oxigraph.quad(ex(s), ex('p'), oxigraph.literal(o), g);
const freshDir = () => mkdtempSync(join(tmpdir(), 'cf-durable-'));
const sortedDump = (store: { dump(m: string): string }) => store.dump('application/n-quads').split('\n').filter(Boolean).sort();

describe('DurableGraphStore', () => {
  it('acknowledges commits with increasing seq and recovers them from the log after a crash', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    expect((await store.commit({ deletes: [], inserts: [q('a', '1'), q('b', '2')] })).seq).toBe(1);
    expect((await store.commit({ deletes: [q('a', '1')], inserts: [] })).seq).toBe(2);
    await store.update('INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/c> <http://example.org/p> "3" } }');
    const expected = sortedDump(store);
    // Simulate a crash: read the directory without closing (recoverInto is read-only).
    const replica = new oxigraph.Store();
    expect(recoverInto(replica, dir).lastSeq).toBe(3);
    expect(replica.dump({ format: 'application/n-quads' }).split('\n').filter(Boolean).sort()).toEqual(expected);
    await store.close();
  });

  it('batches concurrent commits into one group and acks all in order', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir);
    const acks: number[] = [];
    const receipts = await Promise.all(Array.from({ length: 200 }, (_, i) => store.commit({ deletes: [], inserts: [q(`s${i}`, `${i}`)] }).then((r) => {
      acks.push(r.seq);
      return r;
    })));
    expect(receipts.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(acks).toEqual([...acks].sort((a, b) => a - b));
    expect(store.stats().walFsyncs).toBeLessThan(20); // 200 concurrent commits, a handful of group fsyncs
    // a no-op commit still returns the last seq, once the earlier commits are durable
    expect((await store.commit({ deletes: [], inserts: [q('s0', '0')] })).seq).toBe(200);
    await store.close();
  });

  it('keeps blank-node labels through the log, snapshots and recovery', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    await store.load('@prefix ex: <http://example.org/> . _:x ex:p "in log" ; ex:q [ ex:r "nested" ] .', { format: 'text/turtle', graph: g.value });
    await store.snapshot();
    await store.load('_:y <http://example.org/p> "after snapshot" .', { format: 'application/n-triples', graph: g.value });
    const labelled = store.match(null, null, null, g).filter((quad) => quad.subject.termType === 'BlankNode');
    expect(labelled).toHaveLength(4);
    const expected = sortedDump(store);
    await store.close();
    const reopened = await DurableGraphStore.open(dir);
    expect(sortedDump(reopened)).toEqual(expected);
    for (const quad of labelled) expect(reopened.has(quad)).toBe(true);
    await reopened.close();
  });

  it('snapshots past the size threshold, truncates the log and recovers from snapshot + log', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir, { snapshotThresholdBytes: 4096, snapshotOnClose: false });
    for (let i = 0; i < 300; i++) await store.commit({ deletes: i % 3 === 0 && i > 0 ? [q(`s${i - 1}`, `${i - 1}`)] : [], inserts: [q(`s${i}`, `${i}`)] });
    await store.idle(); // a snapshot triggered by the last commits may still be deleting the files it replaces
    const files = readdirSync(dir);
    expect(files.filter((f) => f.startsWith('snapshot-'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('wal-')).length).toBeLessThanOrEqual(2);
    expect(store.stats().lastSnapshotTime).toBeInstanceOf(Date);
    expect(store.stats().walBytes).toBeLessThan(4096 + 512);
    const expected = sortedDump(store);
    await store.close();
    const reopened = await DurableGraphStore.open(dir);
    expect(sortedDump(reopened)).toEqual(expected);
    expect(reopened.stats().lastSeq).toBe(300);
    await reopened.close();
  });

  it('a clean close snapshots, so the next open replays nothing', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir);
    await store.commit({ deletes: [], inserts: [q('a', '1')] });
    await store.close();
    const reopened = await DurableGraphStore.open(dir);
    expect(reopened.stats()).toMatchObject({ recordsReplayedAtOpen: 0, lastSeq: 1, quadCount: 1 });
    expect((await reopened.commit({ deletes: [], inserts: [q('b', '2')] })).seq).toBe(2);
    await reopened.close();
  });

  it('drops and truncates a torn last record on open; refuses a corrupt middle record', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    await store.commit({ deletes: [], inserts: [q('a', '1')] });
    await store.close();
    const wal = join(dir, readdirSync(dir).find((f) => f.startsWith('wal-'))!);
    const goodSize = statSync(wal).size;
    const torn: WalRecord = { seq: 2, deletes: '', inserts: '<http://example.org/t> <http://example.org/p> "torn" <http://example.org/g> .\n' };
    appendFileSync(wal, encodeRecord(torn).subarray(0, 20));
    const reopened = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    expect(reopened.size()).toBe(1);
    expect(statSync(wal).size).toBe(goodSize);
    await reopened.close();

    const bytes = readFileSync(wal);
    bytes[10] ^= 0xff; // inside the first (only) record ...
    writeFileSync(wal, Buffer.concat([bytes, encodeRecord(torn)])); // ... which is now followed by a valid one
    await expect(DurableGraphStore.open(dir)).rejects.toThrow(/corrupt at byte 0/);
  });

  it('locks the data directory against a second node', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir);
    await expect(DurableGraphStore.open(dir)).rejects.toThrow(/in use by another Continuum Fabric node \(pid \d+\)/);
    await store.close();
    writeFileSync(join(dir, 'LOCK'), '999999999\n'); // stale lock of a dead process
    const again = await DurableGraphStore.open(dir);
    expect(again.size()).toBe(0);
    await again.close();
  });

  it('notifies commit listeners in order with the effective change', async () => {
    const store = await DurableGraphStore.open(freshDir());
    const seen: WalRecord[] = [];
    store.onCommit((record) => seen.push(record));
    const pending = [store.commit({ deletes: [], inserts: [q('a', '1'), q('a', '1')] }), store.commit({ deletes: [q('a', '1'), q('zz', '0')], inserts: [] })];
    expect(seen.map((r) => r.seq)).toEqual([1, 2]); // synchronously, before durability
    await Promise.all(pending);
    expect(seen[0].inserts.trim().split('\n')).toHaveLength(1);
    expect(seen[1].deletes.trim()).toBe('<http://example.org/a> <http://example.org/p> "1" <http://example.org/g> .');
    await store.close();
  });

  it('fails stop when the log cannot be written', async () => {
    const fatal: Error[] = [];
    const store = await DurableGraphStore.open(freshDir(), { onFatal: (e) => fatal.push(e), snapshotOnClose: false });
    // Close the log's file descriptor behind its back so the next write fails with EBADF.
    const fd = (store as unknown as { wal: { fd: number } }).wal.fd;
    (await import('node:fs')).closeSync(fd);
    await expect(store.commit({ deletes: [], inserts: [q('a', '1')] })).rejects.toThrow(/EBADF/);
    expect(fatal).toHaveLength(1);
  });
});
