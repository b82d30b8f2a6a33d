import oxigraph from 'oxigraph';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { RdfSyntaxError, SparqlSyntaxError, NotAcceptableError } from '../../../fabric/errors/FabricError.js';

const ex = (local: string) => oxigraph.namedNode(`http://example.org/${local}`);
const g1 = ex('g1');
const g2 = ex('g2');

describe('MemoryGraphStore', () => {
  it('commit applies deletes before inserts and reports only the effective change', async () => {
    const store = new MemoryGraphStore();
    const a = oxigraph.quad(ex('s'), ex('p'), oxigraph.literal('a'), g1);
    const b = oxigraph.quad(ex('s'), ex('p'), oxigraph.literal('b'), g1);
    expect(await store.commit({ deletes: [], inserts: [a] })).toEqual({ seq: 0 });
    const effective = store.applyChange({ deletes: [a, b], inserts: [a, b, b] });
    expect(effective.deletes.map(String)).toEqual([a.toString()]);
    expect(effective.inserts.map(String).sort()).toEqual([a.toString(), b.toString()].sort());
    expect(store.size()).toBe(2);
    const none = store.applyChange({ deletes: [], inserts: [a] });
    expect(none.inserts).toHaveLength(0);
  });

  it('reports the effective change exactly for quads with a triple term (NGSI-LD reifiers)', () => {
    const store = new MemoryGraphStore();
    const reifies = (value: string) => oxigraph.quad(ex('r'), oxigraph.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies'),
      oxigraph.triple(ex('s'), ex('p'), oxigraph.literal(value)), g1);
    expect(store.applyChange({ deletes: [], inserts: [reifies('1')] }).inserts).toHaveLength(1);
    expect(store.applyChange({ deletes: [], inserts: [reifies('1')] }).inserts).toHaveLength(0);
    expect(store.applyChange({ deletes: [reifies('2')], inserts: [] }).deletes).toHaveLength(0);
    expect(store.applyChange({ deletes: [reifies('1')], inserts: [reifies('2')] })).toMatchObject({ deletes: [expect.anything()], inserts: [expect.anything()] });
    expect(store.has(reifies('2'))).toBe(true);
    expect(store.has(reifies('1'))).toBe(false);
  });

  it('bulk inserts of ground quads take the load path and stay exact', () => {
    const store = new MemoryGraphStore();
    const quads = Array.from({ length: 1000 }, (_, i) => oxigraph.quad(ex(`s${i % 700}`), ex('p'), oxigraph.literal(`v${i % 700}`), g1));
    const effective = store.applyChange({ deletes: [], inserts: quads });
    expect(effective.inserts).toHaveLength(700);
    expect(store.size()).toBe(700);
  });

  it('stays exact whether a graph getting many inserts is new, already holds some of them, or is cleared by the same change', () => {
    const store = new MemoryGraphStore();
    const q = (i: number, g: oxigraph.NamedNode) => oxigraph.quad(ex(`s${i}`), ex('p'), oxigraph.literal(`v${i}`), g);
    const range = (n: number, g: oxigraph.NamedNode) => Array.from({ length: n }, (_, i) => q(i, g));
    // New graph g1 (duplicates in the change), existing g2 holding 3 of its 10, a default-graph insert.
    store.applyChange({ deletes: [], inserts: range(3, g2) });
    const dflt = oxigraph.quad(ex('s'), ex('p'), ex('o'), oxigraph.defaultGraph());
    const first = store.applyChange({ deletes: [], inserts: [...range(10, g1), ...range(10, g1), ...range(10, g2), dflt] });
    expect(first.inserts).toHaveLength(10 + 7 + 1);
    expect(store.size()).toBe(21);
    // Cleared and refilled by one change: deletes first, then every insert counts again.
    const refill = store.applyChange({ deletes: range(10, g1), inserts: range(12, g1) });
    expect([refill.deletes.length, refill.inserts.length, store.size()]).toEqual([10, 12, 23]);
    // Nothing new: no insert reported.
    expect(store.applyChange({ deletes: [], inserts: [...range(12, g1), ...range(10, g2)] }).inserts).toHaveLength(0);
    expect(store.size()).toBe(23);
  });

  it('loads Turtle into a graph with fresh blank-node labels kept in the store', async () => {
    const store = new MemoryGraphStore();
    const ttl = '@prefix ex: <http://example.org/> .\n_:a ex:p ex:o .\n';
    const first = store.loadText(ttl, { format: 'text/turtle', graph: g1.value });
    store.loadText(ttl, { format: 'text/turtle; charset=utf-8', graph: g1.value });
    expect(store.size()).toBe(2); // two documents' _:a are different nodes
    const label = first.inserts[0].subject.value;
    expect(label).not.toBe('a');
    expect(store.has(oxigraph.quad(oxigraph.blankNode(label), ex('p'), ex('o'), g1))).toBe(true);
    expect(await store.load('<http://example.org/x> <http://example.org/p> "1" <http://example.org/g2> .', { format: 'application/n-quads' })).toBe(1);
    expect(store.graphs().sort()).toEqual([g1.value, g2.value].sort());
  });

  it('malformed RDF throws RdfSyntaxError with a position and changes nothing', () => {
    const store = new MemoryGraphStore();
    const bad = '<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n<http://example.org/a> <http://example.org/b> "x';
    let error: unknown;
    try {
      store.loadText(bad, { format: 'application/n-triples' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RdfSyntaxError);
    expect((error as RdfSyntaxError).line).toBe(2);
    expect(store.size()).toBe(0);
  });

  it('loads JSON-LD with an inline context', () => {
    const store = new MemoryGraphStore();
    store.loadText('{"@context":{"p":"http://example.org/p"},"@id":"http://example.org/s","p":"v"}', { format: 'application/ld+json', graph: g2.value });
    expect(store.has(oxigraph.quad(ex('s'), ex('p'), oxigraph.literal('v'), g2))).toBe(true);
  });

  it('queries the union of graphs by default and the requested dataset otherwise', async () => {
    const store = new MemoryGraphStore();
    store.applyChange({ deletes: [], inserts: [oxigraph.quad(ex('a'), ex('p'), ex('b'), g1), oxigraph.quad(ex('c'), ex('p'), ex('d'), g2)] });
    const all = await store.query('PREFIX ex: <http://example.org/> # comment <x>\nSELECT ?s ?unbound WHERE { ?s ex:p ?o }');
    expect(all.kind).toBe('bindings');
    if (all.kind !== 'bindings') return;
    expect(all.variables).toEqual(['s', 'unbound']);
    expect(all.rows.map((r) => r.get('s')!.value).sort()).toEqual([ex('a').value, ex('c').value]);
    const one = await store.query('SELECT ?s WHERE { ?s ?p ?o }', { defaultGraphs: [g1.value] });
    expect(one.kind === 'bindings' && one.rows.map((r) => r.get('s')!.value)).toEqual([ex('a').value]);
    expect(await store.query('ASK { <http://example.org/c> ?p ?o }', { defaultGraphs: [g1.value] })).toEqual({ kind: 'boolean', value: false });
    const constructed = await store.query('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }');
    expect(constructed.kind === 'quads' && constructed.quads.length).toBe(2);
  });

  it('serializes results in the requested media type and maps errors', async () => {
    const store = new MemoryGraphStore();
    store.applyChange({ deletes: [], inserts: [oxigraph.quad(ex('a'), ex('p'), ex('b'), g1)] });
    const tsv = await store.queryTo('SELECT ?s WHERE { ?s ?p ?o }', 'text/tab-separated-values');
    expect(tsv).toEqual({ kind: 'bindings', mediaType: 'text/tab-separated-values', body: '?s\n<http://example.org/a>\n' });
    const xml = await store.queryTo('ASK {}', 'application/sparql-results+xml');
    expect(xml.kind).toBe('boolean');
    expect(xml.body).toContain('<boolean>true</boolean>');
    const nt = await store.queryTo('CONSTRUCT WHERE { ?s ?p ?o }', 'application/n-triples');
    expect(nt.body.trim()).toBe('<http://example.org/a> <http://example.org/p> <http://example.org/b> .');
    await expect(store.queryTo('SELECT * WHERE { ?s ?p ?o }', 'text/turtle')).rejects.toBeInstanceOf(NotAcceptableError);
    await expect(store.query('SELECT * WHERE { ?s ?p }')).rejects.toMatchObject({ constructor: SparqlSyntaxError, line: 1, column: 25 });
    await expect(store.query('INSERT DATA {}')).rejects.toBeInstanceOf(SparqlSyntaxError);
  });

  it('update returns the effective change; transactions clear graphs', async () => {
    const store = new MemoryGraphStore();
    const change = store.applyUpdate('INSERT DATA { GRAPH <http://example.org/g1> { <http://example.org/a> <http://example.org/p> 1, 2 } }');
    expect(change.inserts).toHaveLength(2);
    const tx = store.transaction();
    tx.add(oxigraph.quad(ex('x'), ex('p'), ex('y'), g1));
    tx.clearGraph(g1.value);
    tx.add(oxigraph.quad(ex('z'), ex('p'), ex('y'), g1));
    await tx.commit();
    expect(store.match(null, null, null, g1).map((q) => q.subject.value)).toEqual([ex('z').value]);
    expect(store.dump('application/n-quads')).toBe('<http://example.org/z> <http://example.org/p> <http://example.org/y> <http://example.org/g1> .\n');
    expect(store.dump('text/turtle', g1.value)).toContain('<http://example.org/z>');
  });

  it("inserts oxigraph's own parsed quads (a reasoner worker's write) exactly: blank nodes keep their labels, `_:` in an IRI is no blank node", () => {
    const store = new MemoryGraphStore();
    const text = '<http://example.org/s> <http://example.org/p> "old" <http://example.org/g1> .\n';
    store.load(text, { format: 'application/n-quads' });
    const parsed = oxigraph.parse(`${text}<http://example.org/s> <http://example.org/p> "new" <http://example.org/g1> .\n`
      + '<http://example.org/s> <http://example.org/p> _:kept <http://example.org/g1> .\n'
      + '<http://example.org/a_:b> <http://example.org/p> "x\\u0041\\n" <http://example.org/g1> .\n', { format: 'application/n-quads' });
    const effective = store.applyChange({ deletes: [], inserts: parsed });
    expect(effective.inserts.map(String).sort()).toEqual(parsed.slice(1).map(String).sort());
    expect(store.size()).toBe(4);
    expect(store.raw.match(null, null, oxigraph.blankNode('kept'), g1)).toHaveLength(1);
    expect(store.raw.match(ex('a_:b'), null, oxigraph.literal('xA\n'), g1)).toHaveLength(1);
    expect(store.applyChange({ deletes: [], inserts: parsed }).inserts).toHaveLength(0);
  });
});
