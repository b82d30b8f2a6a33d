import { jest } from '@jest/globals';
import oxigraph from 'oxigraph';
import { deleteNQuads, applyRecord, insertNQuads, insertNQuadsStream, lineSlices } from '../../../../fabric/store/durable/applyRecord.js';

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
      for (const sliceBytes of [1, 40, 1 << 26]) { // loads of blocks up to sliceBytes (one block at least)
        const store = new oxigraph.Store();
        insertNQuadsStream(store, blocks, sliceBytes);
        expect(sorted(store)).toEqual(sorted(expected));
      }
    }
  });

  it('cuts text into slices at line ends, each within the limit unless one line is longer; together the input', () => {
    const lines = ['<http://e/a> <http://e/p> "1" .', '<http://e/b> <http://e/p> "a much longer literal than the limit" .', '<http://e/c> <http://e/p> "ü" .', ''].join('\n');
    for (const input of [lines, Buffer.from(lines, 'utf8')]) {
      for (const max of [1, 10, 40, 80, 1000]) {
        const slices = [...lineSlices(input, max)];
        expect(slices.map(String).join('')).toBe(lines);
        for (const slice of slices) {
          const text = String(slice);
          expect(text.endsWith('\n') || slice === slices.at(-1)).toBe(true);
          if (slice.length > max) expect(text.indexOf('\n')).toBe(text.length - 1); // one line, longer than the limit
        }
      }
    }
  });

  it('inserts a text in slices as one load would', () => {
    const ground = text.split('\n').filter((l) => !l.includes('_:')).join('\n');
    const expected = new oxigraph.Store(oxigraph.parse(text, { format: NQ }));
    for (const sliceBytes of [1, 30, 1 << 26]) {
      const store = new oxigraph.Store();
      insertNQuads(store, text, sliceBytes);
      expect(sorted(store)).toEqual(sorted(expected));
      const groundOnly = new oxigraph.Store();
      insertNQuads(groundOnly, Buffer.from(ground, 'utf8'), sliceBytes);
      expect(groundOnly.size).toBe(3);
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

  it('deletes many quads at once, triple terms, literals and several graphs included; absent ones are no-ops', () => {
    const store = new oxigraph.Store();
    const lines = [
      '<http://e/r> <http://e/reifies> <<( <http://e/s> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> )>> <http://e/g> .',
      '<http://e/s> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <http://e/g> .',
      '<http://e/s> <http://e/label> "a \\"quoted\\"\\nline"@en <http://e/h> .',
      '<http://e/d> <http://e/p> <http://e/o> .',
    ];
    store.load(`${lines.join('\n')}\n<http://e/keep> <http://e/p> "k" <http://e/g> .\n`, { format: NQ });
    expect(store.size).toBe(5);
    const removeOne = jest.spyOn(store, 'delete');
    deleteNQuads(store, `${lines.join('\n')}\n<http://e/absent> <http://e/p> "x" <http://e/g> .\n`);
    expect(sorted(store)).toEqual(['<http://e/keep> <http://e/p> "k" <http://e/g> .']);
    expect(removeOne).not.toHaveBeenCalled(); // one DELETE DATA, not quad by quad
  });
});
