/**
 * durable/groundDeleteData.ts: the DELETE DATA of ground N-Quads written as text. Differential against the parsing
 * path (applyRecord.deleteParsedNQuads, which parses the text into oxigraph terms and prints them again): on
 * oxigraph's printing of random quads (every kind of ground term, escapes, unicode, language tags with direction,
 * datatypes, nested RDF 1.2 triple terms, default and named graphs) the update text is the one the parsing path
 * builds; on the store's other printing (rdf/termSyntax) and on randomly edited texts, deleteNQuads leaves the
 * store exactly as the parsing path does, or throws where it throws.
 */
import { jest } from '@jest/globals';
import fc from 'fast-check';
import oxigraph from 'oxigraph';
import { MAX_TRIPLE_TERM_DEPTH, groundDeleteData } from '../../../../fabric/store/durable/groundDeleteData.js';
import { deleteDataOfQuads, deleteNQuads, deleteParsedNQuads } from '../../../../fabric/store/durable/applyRecord.js';
import { NQ, depth, edit, edited, oxigraphText, parse, quads, termSyntaxText } from '../support/groundQuads.js';

const KEEP = '<http://e.org/keep> <http://e.org/p> "k" <http://e.org/g> .\n<http://e.org/keep> <http://e.org/p> "k" .\n';

/** The store (holding KEEP, `held` and whatever of `text` parses) after `remove`, as sorted N-Quads, or 'error' if it threw. */
function after(remove: (store: oxigraph.Store, text: string) => void, held: string, text: string): string[] | 'error' {
  const store = new oxigraph.Store(parse(KEEP + held));
  try {
    for (const q of parse(text)) store.add(q);
  } catch {
    // the edited text does not parse: the store holds the rest
  }
  try {
    remove(store, text);
  } catch {
    return 'error';
  }
  return store.dump({ format: NQ }).split('\n').filter(Boolean).sort();
}

describe('groundDeleteData', () => {
  test('writes the update the parsing path builds, for oxigraph\'s printing of any ground quads', () => {
    let taken = 0;
    fc.assert(fc.property(quads, (written) => {
      const text = oxigraphText(parse(oxigraphText(written))); // as the store reads it back: language tags lower-cased
      const update = groundDeleteData(text);
      if (text.includes('\\u') || Math.max(...written.map((q) => depth(q.object))) > MAX_TRIPLE_TERM_DEPTH) {
        expect(update).toBeUndefined(); // control characters oxigraph prints as \u00XX, deep nesting: the parsing path
        return;
      }
      taken++;
      expect(update).toBe(deleteDataOfQuads(parse(text)));
    }), { numRuns: 400, seed: 20261205 });
    expect(taken).toBeGreaterThan(200);
  });

  test('deletes what the parsing path deletes for the store\'s other printing (rdf/termSyntax)', () => {
    fc.assert(fc.property(quads, (written) => {
      const text = termSyntaxText(written);
      if (!text.includes('\\u')) expect(groundDeleteData(text)).toBeDefined();
      const mine = after(deleteNQuads, '', text);
      expect(mine).toEqual(after(deleteParsedNQuads, '', text));
      expect(mine).toEqual(KEEP.split('\n').filter(Boolean).sort());
    }), { numRuns: 300, seed: 20261205 });
  });

  test('on an edited text it answers undefined or deletes what the parsing path deletes, never less, never more, errors alike', () => {
    let taken = 0;
    fc.assert(fc.property(quads, fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean(), (written, edits, canonical) => {
      const held = canonical ? oxigraphText(written) : termSyntaxText(written);
      const text = edited(held, edits);
      if (groundDeleteData(text) !== undefined) taken++;
      expect(after(deleteNQuads, held, text)).toEqual(after(deleteParsedNQuads, held, text));
    }), { numRuns: 1500, seed: 20261205 });
    expect(taken).toBeGreaterThan(150); // not vacuous: many edited texts still took the text path
  });

  test('moves each graph term into a GRAPH block, default-graph triples outside, graphs in order of first appearance', () => {
    const text = [
      '<http://e.org/s> <http://e.org/p> "a > b <c> \\"d\\" # e . f" <http://e.org/g1> .',
      '<http://e.org/s> <http://e.org/p> "x . y"@en--rtl .',
      '<http://e.org/r> <http://e.org/reifies> <<( <http://e.org/s> <http://e.org/p> <<( <http://e.org/a> <http://e.org/b> "1"^^<http://www.w3.org/2001/XMLSchema#integer> )>> )>> <http://e.org/g2> .',
      '<http://e.org/t> <http://e.org/p> <http://e.org/o> <http://e.org/g1> .',
      '',
      '<http://e.org/t> <http://e.org/p> "ends with a dot ."',
    ].join('\n');
    expect(groundDeleteData(`${text} .`)).toBe([
      'DELETE DATA {',
      'GRAPH <http://e.org/g1> {',
      '<http://e.org/s> <http://e.org/p> "a > b <c> \\"d\\" # e . f" .',
      '<http://e.org/t> <http://e.org/p> <http://e.org/o> .',
      '}',
      '<http://e.org/s> <http://e.org/p> "x . y"@en--rtl .',
      '<http://e.org/t> <http://e.org/p> "ends with a dot ." .',
      'GRAPH <http://e.org/g2> {',
      '<http://e.org/r> <http://e.org/reifies> <<( <http://e.org/s> <http://e.org/p> <<( <http://e.org/a> <http://e.org/b> "1"^^<http://www.w3.org/2001/XMLSchema#integer> )>> )>> .',
      '}',
      '}',
    ].join('\n'));
    expect(groundDeleteData('')).toBe('');
    expect(groundDeleteData('\n\n')).toBe('');
  });

  test.each([
    ['a blank node', '_:b <http://e.org/p> "x" .\n'],
    ['a blank graph', '<http://e.org/s> <http://e.org/p> "x" _:g .\n'],
    ['a code-point escape', '<http://e.org/s> <http://e.org/p> "\\u0041" .\n'],
    ['a code-point escape after an escaped backslash', '<http://e.org/s> <http://e.org/p> "\\\\u0041" .\n'],
    ['a comment line', '# lastSeq=7\n<http://e.org/s> <http://e.org/p> "x" .\n'],
    ['a comment after the dot', '<http://e.org/s> <http://e.org/p> "x" . # note\n'],
    ['a CR line end', '<http://e.org/s> <http://e.org/p> "x" .\r\n'],
    ['two spaces', '<http://e.org/s>  <http://e.org/p> "x" .\n'],
    ['no space before the dot', '<http://e.org/s> <http://e.org/p> "x".\n'],
    ['a single-quote escape', '<http://e.org/s> <http://e.org/p> "it\\\'s" .\n'],
    ['a relative IRI', '<s> <http://e.org/p> "x" .\n'],
    ['a triple term as subject', '<<( <http://e.org/a> <http://e.org/b> <http://e.org/c> )>> <http://e.org/p> "x" .\n'],
    ['rdf:langString as datatype', '<http://e.org/s> <http://e.org/p> "x"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .\n'],
    ['triple terms nested too deep', `<http://e.org/s> <http://e.org/p> ${'<<( <http://e.org/a> <http://e.org/b> '.repeat(MAX_TRIPLE_TERM_DEPTH + 1)}"x"${' )>>'.repeat(MAX_TRIPLE_TERM_DEPTH + 1)} .\n`],
    ['a prefixed name', '<http://e.org/s> <http://e.org/p> ex:o .\n'],
  ])('leaves a text with %s to the parsing path', (_name, text) => {
    expect(groundDeleteData(text)).toBeUndefined();
    expect(after(deleteNQuads, '', text)).toEqual(after(deleteParsedNQuads, '', text));
  });

  test('deleteNQuads writes no oxigraph terms for the store\'s records: no parse, one update', () => {
    const store = new oxigraph.Store();
    const text = '<http://e.org/s> <http://e.org/p> "1" <http://e.org/g> .\n<http://e.org/s> <http://e.org/q> <<( <http://e.org/s> <http://e.org/p> "1" )>> .\n';
    store.load(text + KEEP, { format: NQ });
    const parseSpy = jest.spyOn(oxigraph, 'parse');
    const removeOne = jest.spyOn(store, 'delete');
    try {
      deleteNQuads(store, Buffer.from(text));
      expect(parseSpy).not.toHaveBeenCalled();
      expect(removeOne).not.toHaveBeenCalled();
    } finally {
      parseSpy.mockRestore();
    }
    expect(store.size).toBe(2);
  });
});
