import oxigraph from 'oxigraph';
import { applyRecord, insertNQuadsStream } from '../../../../fabric/store/durable/applyRecord.js';

const NQ = 'application/n-quads';
const text = [
  '# lastSeq=7',
  '<http://e/s> <http://e/p> "ünïcödé ✓ . x" <http://e/g> .',
  '_:b1 <http://e/p> _:b2 <http://e/g> .',
  '<http://e/t> <http://e/p> "plain" .',
  '_:b2 <http://e/q> "in blank graph" _:g1 .',
  '<http://e/u> <http://e/p> <http://e/o> <http://e/h> .',
  '',
].join('\n');
const sorted = (store: oxigraph.Store) => store.dump({ format: NQ }).split('\n').filter(Boolean).sort();

describe('applying logged N-Quads without renaming blank nodes', () => {
  it('streams blocks cut anywhere (mid-line, mid-character) into the same quads, labels kept', () => {
    const expected = new oxigraph.Store(oxigraph.parse(text, { format: NQ }));
    const bytes = Buffer.from(text, 'utf8');
    for (const blockSize of [1, 5, 17, 64, bytes.length]) {
      const blocks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += blockSize) blocks.push(bytes.subarray(at, at + blockSize));
      const store = new oxigraph.Store();
      insertNQuadsStream(store, blocks);
      expect(sorted(store)).toEqual(sorted(expected));
    }
  });

  it('replays records given as bytes or strings: deletes first, then inserts', () => {
    const store = new oxigraph.Store();
    applyRecord(store, { deletes: '', inserts: Buffer.from(text, 'utf8') });
    expect(store.size).toBe(5);
    applyRecord(store, { deletes: Buffer.from('_:b1 <http://e/p> _:b2 <http://e/g> .\n'), inserts: '<http://e/t> <http://e/p> "plain" .\n' });
    expect(store.size).toBe(4);
    expect(store.has(oxigraph.quad(oxigraph.blankNode('b2'), oxigraph.namedNode('http://e/q'), oxigraph.literal('in blank graph'), oxigraph.blankNode('g1')))).toBe(true);
  });
});
