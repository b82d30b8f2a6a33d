/**
 * groundChangeText.ts and GraphStore.commitText (MemoryGraphStore.applyGroundText, DurableGraphStore,
 * ReplicatedGraphStore): an exact change given as N-Quads text is applied and recorded from its lines. Differential
 * against a commit of the parsed quads: on oxigraph's printing of random ground quads, on rdf/termSyntax's and on randomly
 * edited texts the texts are those of the parsed quads or the text is not taken; the store's content, the change feed's
 * records and the log are the same.
 */
import fc from 'fast-check';
import oxigraph from 'oxigraph';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groundChangeText } from '../../../fabric/store/groundChangeText.js';
import { exactChangeText } from '../../../fabric/store/exactChangeText.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { ReplicatedGraphStore } from '../../../fabric/store/replica/ReplicatedGraphStore.js';
import { DurableGraphStore } from '../../../fabric/store/durable/DurableGraphStore.js';
import { recoverInto } from '../../../fabric/store/durable/recoverInto.js';
import { MAX_TRIPLE_TERM_DEPTH } from '../../../fabric/store/durable/groundDeleteData.js';
import type { ChangeRecord, CommitReceipt, GraphStore, TextChangeSet } from '../../../fabric/store/GraphStore.js';
import { NQ, depth, edit, edited, oxigraphText, parse, quads, termSyntaxText } from './support/groundQuads.js';

type Feed = GraphStore & { onCommit(listener: (record: ChangeRecord) => void): () => void };

const KEEP = '<http://e.org/keep> <http://e.org/p> "k" <http://e.org/g> .\n<http://e.org/keep> <http://e.org/p> "k" .\n';
const FILL = Array.from({ length: 16 }, (_v, i) => `<http://e.org/fill/${i}> <http://e.org/p> "${i}" <http://e.org/f> .\n`).join('');
const sorted = (store: GraphStore): string[] => store.dump(NQ).split('\n').filter(Boolean).sort();
const parsedOrError = (text: string): oxigraph.Quad[] | 'error' => {
  try {
    return parse(text);
  } catch {
    return 'error';
  }
};
const simple = (qs: readonly oxigraph.Quad[]): boolean => !oxigraphText(qs).includes('\\u') && Math.max(...qs.map((q) => depth(q.object))) <= MAX_TRIPLE_TERM_DEPTH;

/** The parsed quads committed (the reference), or the text first as commitWorkerWrite does; the outcome and whether text was taken. */
async function commitBy(store: Feed, records: ChangeRecord[], change: TextChangeSet, asText: boolean): Promise<{ outcome: unknown; taken: boolean }> {
  let taken = false;
  let outcome: unknown;
  try {
    const textCommit: Promise<CommitReceipt> | undefined = asText ? store.commitText?.(change) : undefined;
    taken = textCommit !== undefined;
    const { exactAt } = change;
    await (textCommit ?? store.commit({ deletes: parse(change.deletes), inserts: parse(change.inserts), ...(exactAt !== undefined ? { exactAt } : {}) }));
    outcome = { records: records.map(({ deletes, inserts }) => ({ deletes, inserts })), content: sorted(store) };
  } catch {
    outcome = 'error';
  }
  return { outcome, taken };
}

describe('groundChangeText', () => {
  test('takes oxigraph\'s printing of ground quads and gives the texts exactChangeText gives for the parsed quads', () => {
    let taken = 0;
    fc.assert(fc.property(quads, quads, (removed, added) => {
      const deletes = oxigraphText(parse(oxigraphText(removed))); // as the store reads it back: language tags lower-cased
      const inserts = oxigraphText(parse(oxigraphText(added)));
      const text = groundChangeText(deletes + deletes, inserts); // duplicates dropped
      if (!simple(removed) || !simple(added)) {
        expect(text).toBeUndefined(); // \u00XX escapes, deep nesting: parsed
        return;
      }
      expect(text).toBeDefined();
      const reference = exactChangeText(parse(deletes), parse(inserts));
      if (reference === undefined) return; // directional literals, `_:` in a literal: the parsed path checks quad by quad
      taken++;
      expect(text).toEqual(reference);
    }), { numRuns: 400, seed: 20261205 });
    expect(taken).toBeGreaterThan(80); // not vacuous (the rest: control characters, `\\u`, direction, `_:` in literals)
  });

  test('on rdf/termSyntax\'s printing and edited texts, answers undefined or the texts of the parsed quads', () => {
    let taken = 0;
    fc.assert(fc.property(quads, fc.array(edit, { maxLength: 3 }), fc.boolean(), (written, edits, canonical) => {
      const text = edited(canonical ? oxigraphText(written) : termSyntaxText(written), edits);
      const mine = groundChangeText(text, '');
      const parsed = parsedOrError(text);
      if (mine === undefined || parsed === 'error') return; // an IRI or tag the parsers refuse: so does the store's update (below)
      taken++;
      const reference = exactChangeText(parsed as oxigraph.Quad[], []);
      if (reference !== undefined) expect(mine).toEqual(reference);
      else expect(mine.deletes).toBe(oxigraphText(parsed as oxigraph.Quad[]).split('\n').filter((l, i, all) => l && all.indexOf(l) === i).map((l) => `${l}\n`).join(''));
    }), { numRuns: 1500, seed: 20261205 });
    expect(taken).toBeGreaterThan(300);
  });

  test.each([
    ['a raw tab', '<http://e.org/s> <http://e.org/p> "a\tb" .\n'],
    ['a raw DEL', '<http://e.org/s> <http://e.org/p> "a\u007fb" .\n'],
    ['a raw U+FFFF', '<http://e.org/s> <http://e.org/p> "a\uffffb" .\n'],
    ['a lone surrogate', '<http://e.org/s> <http://e.org/p> "a\ud800b" .\n'],
    ['an upper-case language tag', '<http://e.org/s> <http://e.org/p> "a"@en-US .\n'],
    ['xsd:string', '<http://e.org/s> <http://e.org/p> "a"^^<http://www.w3.org/2001/XMLSchema#string> .\n'],
    ['a blank node', '_:b <http://e.org/p> "a" .\n'],
    ['a code-point escape', '<http://e.org/s> <http://e.org/p> "\\u0041" .\n'],
    ['a comment', '# x\n<http://e.org/s> <http://e.org/p> "a" .\n'],
  ])('leaves text with %s to the parsing path', (_name, text) => {
    expect(groundChangeText(text, '')).toBeUndefined();
    expect(groundChangeText('', text)).toBeUndefined();
  });
});

describe('DurableGraphStore.commitText', () => {
  async function durable(held: string): Promise<{ store: DurableGraphStore; records: ChangeRecord[]; dir: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'cf-commit-text-'));
    const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    await store.load(KEEP + held, { format: NQ });
    const records: ChangeRecord[] = [];
    store.onCommit((record) => records.push(record));
    return { store, records, dir };
  }

  test('exact: the same content, records and log as the parsed commit', async () => {
    let taken = 0;
    await fc.assert(fc.asyncProperty(quads, quads, fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), async (removed, added, keep) => {
      const exact = true;
      const deletes = FILL + oxigraphText(removed);
      const addedText = oxigraphText(added);
      const present = new Set(deletes.split('\n'));
      // The promise of exactAt holds: every delete present, every insert absent.
      const inserts = exact ? addedText.split('\n').filter((l) => l && !present.has(l)).filter((_l, i) => keep[i % 10]).map((l) => `${l}\n`).join('') : '';
      const pair = [await durable(deletes), await durable(deletes)];
      try {
        const outcomes = [];
        for (const [i, { store, records }] of pair.entries()) {
          const change = { deletes, inserts, ...(exact ? { exactAt: store.changeCount() } : {}) };
          const { outcome, taken: tookText } = await commitBy(store, records, change, i === 1);
          if (tookText) taken++;
          outcomes.push(outcome);
        }
        expect(outcomes[1]).toEqual(outcomes[0]);
        const recovered = new oxigraph.Store();
        recoverInto(recovered, pair[1].dir);
        expect(recovered.dump({ format: NQ }).split('\n').filter(Boolean).sort()).toEqual(sorted(pair[1].store));
      } finally {
        for (const { store, dir } of pair) {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }), { numRuns: 40, seed: 20261205 });
    expect(taken).toBeGreaterThan(25);
  });

  test('a change that is not exact is not taken (stale or no exactAt), nor by a closed store; the query-replica decorator forwards it', async () => {
    const { store, dir } = await durable(FILL + '<http://e.org/a> <http://e.org/p> "1" .\n');
    const stale = store.changeCount() - 1;
    const before = sorted(store);
    expect(store.commitText({ deletes: FILL, inserts: '' })).toBeUndefined(); // all present, but not exact: parsed
    expect(store.commitText({ deletes: '<http://e.org/a> <http://e.org/p> "1" .\n', inserts: '<http://e.org/b> <http://e.org/p> "2" .\n', exactAt: stale })).toBeUndefined();
    expect(sorted(store)).toEqual(before);
    const at = store.changeCount();
    const replicated = new ReplicatedGraphStore(store, { replicas: 0 });
    await replicated.commitText!({ deletes: '<http://e.org/a> <http://e.org/p> "1" .\n', inserts: '<http://e.org/b> <http://e.org/p> "2" .\n', exactAt: at });
    expect(store.changeCount()).toBe(at + 1);
    expect(store.size()).toBe(FILL.split('\n').length - 1 + 3);
    expect(new ReplicatedGraphStore(new MemoryGraphStore() as never, { replicas: 0 }).commitText).toBeUndefined();
    await store.close();
    expect(store.commitText({ deletes: '<http://e.org/b> <http://e.org/p> "2" .\n', inserts: '', exactAt: at + 1 })).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });
});
