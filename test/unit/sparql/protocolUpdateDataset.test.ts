import oxigraph from 'oxigraph';
import { InvalidRequestError } from '../../../fabric/errors/FabricError.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { withProtocolDataset } from '../../../sparql/protocolUpdateDataset.js';

const EX = 'http://example.org/';
const DATA = `<${EX}g1> { <${EX}a> <${EX}p> 1 }
<${EX}g2> { <${EX}b> <${EX}p> 2 }
<${EX}a> <${EX}p> 1 .
`;

async function storeWithData(): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  await store.load(DATA, { format: 'application/trig' });
  return store;
}

const copied = (store: MemoryGraphStore) =>
  store.match(null, oxigraph.namedNode(`${EX}copied`), null, oxigraph.namedNode(`${EX}out`)).map((q) => q.subject.value).sort();

describe('withProtocolDataset (SPARQL 1.1 Protocol §2.2.3 using-graph-uri / using-named-graph-uri)', () => {
  const copy = `INSERT { GRAPH <${EX}out> { ?s <${EX}copied> true } } WHERE { ?s <${EX}p> ?o }`;

  it('leaves the request untouched without dataset parameters', () => {
    expect(withProtocolDataset(copy, { usingGraphs: [], usingNamedGraphs: [] })).toBe(copy);
  });

  it('using-graph-uri makes those graphs the default graph of the WHERE clause', async () => {
    const store = await storeWithData();
    await store.update(withProtocolDataset(copy, { usingGraphs: [`${EX}g2`], usingNamedGraphs: [] }));
    expect(copied(store)).toEqual([`${EX}b`]);
  });

  it('using-named-graph-uri alone gives GRAPH ?g those graphs and an empty default graph', async () => {
    const store = await storeWithData();
    const update = `INSERT { GRAPH <${EX}out> { ?s <${EX}copied> ?g } } WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }`;
    await store.update(withProtocolDataset(update, { usingGraphs: [], usingNamedGraphs: [`${EX}g1`] }));
    expect(copied(store)).toEqual([`${EX}a`]);
  });

  it('applies to DELETE WHERE (written out as DELETE … USING … WHERE): the template still deletes from the store default graph', async () => {
    const store = await storeWithData();
    await store.update(withProtocolDataset(`DELETE WHERE { ?s <${EX}p> ?o }`, { usingGraphs: [`${EX}g1`], usingNamedGraphs: [] }));
    expect(store.match(null, null, null, oxigraph.defaultGraph())).toHaveLength(0); // <a> p 1 matched in g1, removed from the default graph
    expect(store.size()).toBe(2); // g1 and g2 untouched
  });

  it('leaves INSERT DATA and graph management operations as they are', async () => {
    const store = await storeWithData();
    const update = `CLEAR GRAPH <${EX}g2> ; INSERT DATA { <${EX}c> <${EX}p> 3 } ; INSERT { GRAPH <${EX}out> { ?s <${EX}copied> 1 } } WHERE { ?s ?p ?o }`;
    await store.update(withProtocolDataset(update, { usingGraphs: [`${EX}g1`], usingNamedGraphs: [] }));
    expect(copied(store)).toEqual([`${EX}a`]);
    expect(store.match(null, null, null, oxigraph.namedNode(`${EX}g2`))).toHaveLength(0);
    expect(store.match(oxigraph.namedNode(`${EX}c`))).toHaveLength(1);
  });

  it.each([
    ['WITH', `WITH <${EX}g1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }`],
    ['USING', `DELETE { ?s ?p ?o } USING <${EX}g1> WHERE { ?s ?p ?o }`],
    ['USING NAMED', `DELETE { ?s ?p ?o } USING NAMED <${EX}g1> WHERE { GRAPH ?g { ?s ?p ?o } }`],
  ])('refuses a request that also has %s (400)', (_clause, update) => {
    expect(() => withProtocolDataset(update, { usingGraphs: [], usingNamedGraphs: [`${EX}g2`] })).toThrow(InvalidRequestError);
  });

  it('resolves relative IRIs against the base before rewriting', () => {
    const text = withProtocolDataset('INSERT { <s> <p> ?o } WHERE { ?x <q> ?o }', { usingGraphs: [`${EX}g1`], usingNamedGraphs: [] }, `${EX}base/`);
    expect(text).toContain(`<${EX}base/s>`);
    expect(text).toContain(`USING <${EX}g1>`);
  });
});
