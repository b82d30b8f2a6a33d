/** exactChangeText: the N-Quads and DELETE DATA texts of an exact change, or undefined when it must go quad by quad. */
import oxigraph from 'oxigraph';
import { termFactory } from '../../../fabric/ngsi-ld/mapping/termFactory.js';
import { exactChangeText } from '../../../fabric/store/exactChangeText.js';

const { namedNode, literal, quad, blankNode } = termFactory;
const ex = (local: string) => namedNode(`http://example.org/${local}`);
const g = ex('g');

describe('exactChangeText', () => {
  it('writes N-Quads oxigraph parses back to the same quads, triple terms included, and drops duplicates', () => {
    const reifier = quad(ex('r'), ex('reifies'), quad(ex('s'), ex('p'), literal('1', ex('dt'))) as never, g);
    const plain = quad(ex('s'), ex('p'), literal('a "quoted"\nline', 'en'), g);
    const text = exactChangeText([reifier], [plain, plain, quad(ex('s'), ex('q'), ex('o'))])!;
    expect(text.insertCount).toBe(2);
    const inserted = oxigraph.parse(text.inserts, { format: 'application/n-quads' });
    expect(inserted).toHaveLength(2);
    expect(inserted[0].object.value).toBe('a "quoted"\nline');
    expect(inserted[1].graph.termType).toBe('DefaultGraph');
    const deleted = oxigraph.parse(text.deletes, { format: 'application/n-quads' });
    expect(deleted[0].object.termType).toBe('Quad');
  });

  it('removes exactly the deletes, in named and default graphs, with one DELETE DATA', () => {
    const store = new oxigraph.Store();
    store.load('<http://example.org/r> <http://example.org/reifies> <<( <http://example.org/s> <http://example.org/p> "1" )>> <http://example.org/g> .\n'
      + '<http://example.org/s> <http://example.org/p> "1" <http://example.org/g> .\n<http://example.org/d> <http://example.org/p> "2" .\n'
      + '<http://example.org/keep> <http://example.org/p> "3" <http://example.org/g> .\n', { format: 'application/n-quads' });
    const deletes = store.match().filter((q) => q.subject.value !== 'http://example.org/keep');
    const text = exactChangeText(deletes, [])!;
    store.update(text.deleteData);
    expect(store.match().map((q) => q.subject.value)).toEqual(['http://example.org/keep']);
    expect(text.inserts).toBe('');
  });

  it('refuses blank nodes and code-point escapes (the per-quad path takes them)', () => {
    expect(exactChangeText([], [quad(blankNode('b'), ex('p'), ex('o'), g)])).toBeUndefined();
    expect(exactChangeText([quad(ex('s'), ex('p'), blankNode('b'), g)], [])).toBeUndefined();
    expect(exactChangeText([], [quad(ex('s'), ex('p'), literal('C:\\u0041'), g)])).toBeUndefined();
    expect(exactChangeText([], [])).toEqual({ deletes: '', inserts: '', deleteData: '', insertCount: 0, deleteCount: 0 });
  });

  it("writes oxigraph's own quads (read back from a store) as the same texts as the same quads built in JS", () => {
    const terms = [
      quad(ex('s'), ex('p'), literal('a "quoted"\nline\twith\\ tab', 'en-gb'), g),
      quad(ex('s'), ex('p'), literal('5', namedNode('http://www.w3.org/2001/XMLSchema#integer')), g),
      quad(ex('s'), ex('p'), literal('plain'), g),
      quad(ex('r'), ex('reifies'), quad(ex('s'), ex('p'), literal('1', ex('dt'))) as never, g),
      quad(ex('d'), ex('p'), ex('o')),
      quad(ex('r2'), ex('reifies'), quad(ex('s'), ex('p'), ex('o')) as never),
    ];
    const store = new oxigraph.Store();
    store.load(exactChangeText([], terms)!.inserts, { format: 'application/n-quads' });
    const stored = store.match();
    expect(stored.every((q) => q instanceof oxigraph.Quad)).toBe(true);
    const fromStore = exactChangeText(stored, stored)!;
    const fromJs = exactChangeText(terms, terms)!;
    const lines = (text: string): string[] => text.split('\n').filter(Boolean).sort();
    expect(lines(fromStore.deletes)).toEqual(lines(fromJs.deletes));
    expect(lines(fromStore.inserts)).toEqual(lines(fromJs.inserts));
    expect(fromStore.deleteCount).toBe(terms.length);
    store.update(fromStore.deleteData);
    expect(store.size).toBe(0);
  });

  it("refuses oxigraph quads with a blank node or a directional literal (the per-quad path takes them)", () => {
    const store = new oxigraph.Store();
    store.load('<http://example.org/s> <http://example.org/p> _:b <http://example.org/g> .\n', { format: 'application/n-quads' });
    expect(exactChangeText(store.match(), [])).toBeUndefined();
    const directional = oxigraph.quad(oxigraph.namedNode('http://example.org/s'), oxigraph.namedNode('http://example.org/p'), oxigraph.literal('d', { language: 'en', direction: 'ltr' } as never));
    expect(exactChangeText([], [directional])).toBeUndefined();
  });
});
