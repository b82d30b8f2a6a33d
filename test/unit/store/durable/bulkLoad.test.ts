import oxigraph from 'oxigraph';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { recoverInto } from '../../../../fabric/store/durable/recoverInto.js';
import type { WalRecord } from '../../../../fabric/store/durable/walRecord.js';
import { RdfSyntaxError } from '../../../../fabric/errors/FabricError.js';

const NQ = 'application/n-quads';
const freshDir = () => mkdtempSync(join(tmpdir(), 'cf-bulk-'));
const sorted = (text: string) => text.split('\n').filter(Boolean).sort();
const dumpOf = (store: { dump(m: string): string }) => sorted(store.dump(NQ));
const walBytes = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('wal-')).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
const line = (s: string, o: string, g = 'http://example.org/g') => `<http://example.org/${s}> <http://example.org/p> "${o}" <${g}> .\n`;

describe('DurableGraphStore bulk load (ground N-Quads / N-Triples)', () => {
  it('logs the input itself as one record and recovers it exactly, duplicates and comments included', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    const seen: WalRecord[] = [];
    store.onCommit((record) => seen.push(record));
    const text = `# a comment\n${line('a', '1')}\n${line('b', 'x y . z')}${line('a', '1')}   \n${line('c', 'é ✓')}`;
    expect(await store.load(text, { format: NQ })).toBe(4); // statements parsed, the duplicate included
    expect(store.size()).toBe(3);
    expect(seen).toEqual([{ seq: 1, deletes: '', inserts: text }]);
    // Loading quads already present is logged too (a no-op on replay) and changes nothing.
    expect(await store.load(line('a', '1'), { format: NQ })).toBe(1);
    expect(store.size()).toBe(3);
    expect(store.stats().lastSeq).toBe(2);
    const crashed = new oxigraph.Store();
    expect(recoverInto(crashed, dir)).toMatchObject({ lastSeq: 2, recordsReplayed: 2 });
    expect(dumpOf({ dump: (format) => crashed.dump({ format }) })).toEqual(dumpOf(store));
    await store.close();
  });

  it('loads ground N-Triples into the default graph on the bulk path', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    const seen: WalRecord[] = [];
    store.onCommit((record) => seen.push(record));
    const nt = '<http://example.org/s> <http://example.org/p> "o" .\n';
    expect(await store.load(nt, { format: 'application/n-triples' })).toBe(1);
    expect(seen[0].inserts).toBe(nt);
    expect(store.match(null, null, null, oxigraph.defaultGraph())).toHaveLength(1);
    // With a target graph the input is parsed (the N-Triples text is not the N-Quads to log).
    await store.load(nt, { format: 'application/n-triples', graph: 'http://example.org/g2' });
    expect(seen[1].inserts.trim()).toBe('<http://example.org/s> <http://example.org/p> "o" <http://example.org/g2> .');
    await store.close();
  });

  it('malformed ground input answers RdfSyntaxError with line and column, and changes and logs nothing', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    await store.load(line('a', '1'), { format: NQ });
    const before = { dump: dumpOf(store), wal: walBytes(dir), seq: store.stats().lastSeq };
    const bad = `${line('b', '2')}${line('c', '3')}<http://example.org/d> <http://example.org/p> oops .\n${line('e', '5')}`;
    const error = await store.load(bad, { format: NQ }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RdfSyntaxError);
    expect(error).toMatchObject({ line: 3, column: 47 }); // "oops" starts after 46 characters
    // a quad statement is not N-Triples
    await expect(store.load(line('f', '6'), { format: 'application/n-triples' })).rejects.toBeInstanceOf(RdfSyntaxError);
    expect(dumpOf(store)).toEqual(before.dump);
    expect(store.stats().lastSeq).toBe(before.seq);
    await store.close();
    expect(walBytes(dir)).toBe(before.wal);
    const reopened = await DurableGraphStore.open(dir);
    expect(dumpOf(reopened)).toEqual(before.dump);
    await reopened.close();
  });

  it('input with blank nodes keeps the parse path: fresh labels per load, the same labels after recovery', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    const text = `_:a <http://example.org/p> "1" <http://example.org/g> .\n_:a <http://example.org/q> _:b <http://example.org/g> .\n${line('s', 'ground')}`;
    expect(await store.load(text, { format: NQ })).toBe(3);
    expect(await store.load(text, { format: NQ })).toBe(3);
    const blanks = new Set(store.match().flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'BlankNode').map((t) => t.value));
    expect(blanks.size).toBe(4); // _:a and _:b of two documents: never merged (RDF 1.1 Concepts §3.4)
    expect(blanks.has('a')).toBe(false);
    expect(store.size()).toBe(5); // the ground quad is the same in both documents
    const expected = dumpOf(store);
    const crashed = new oxigraph.Store();
    recoverInto(crashed, dir);
    expect(sorted(crashed.dump({ format: NQ }))).toEqual(expected); // labels included
    await store.snapshot();
    await store.close();
    const reopened = await DurableGraphStore.open(dir);
    expect(dumpOf(reopened)).toEqual(expected);
    await reopened.close();
  });

  it('a snapshot (dumped graph by graph) and its streamed recovery reproduce every graph, labels included', async () => {
    const dir = freshDir();
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    await store.load(`${line('a', 'in default . graph')}`.replace(' <http://example.org/g> .', ' .'), { format: NQ });
    await store.load(`${line('b', 'x')}${line('c', 'y', 'http://example.org/h')}`, { format: NQ });
    await store.load('_:n <http://example.org/p> "blank graph" _:g .\n<http://example.org/d> <http://example.org/p> _:n .\n', { format: NQ });
    await store.update('INSERT DATA { <http://example.org/e> <http://example.org/p> "line1\\nline2 ." }');
    const expected = dumpOf(store);
    await store.snapshot();
    const snapshot = readdirSync(dir).filter((f) => f.startsWith('snapshot-'));
    expect(snapshot).toHaveLength(1);
    await store.close();
    const reopened = await DurableGraphStore.open(dir);
    expect(reopened.stats()).toMatchObject({ recordsReplayedAtOpen: 0, lastSeq: 4 });
    expect(dumpOf(reopened)).toEqual(expected);
    await reopened.close();
  });
});
