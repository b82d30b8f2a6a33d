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
});
