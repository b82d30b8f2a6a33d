/**
 * fabric/store/selectRows.ts: a SELECT's solutions read from SPARQL JSON results as N3 terms are the solutions
 * GraphStore.query gives (IRIs, blank nodes, plain / language-tagged / typed literals, unbound variables).
 */
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';
import { termKey } from '../../../reasoner/rdfTerms.js';
import { selectRows } from '../../../fabric/store/selectRows.js';

const keys = (rows: ReadonlyArray<ReadonlyMap<string, { termType: string }>>) =>
  rows.map((row) => [...row].map(([name, term]) => `${name}=${term.termType === 'BlankNode' ? '_:b' : termKey(term as never)}`).sort().join(' ')).sort();

test('gives the same solutions as GraphStore.query', async () => {
  const store = new MemoryGraphStore();
  await store.load(`<urn:g> { <urn:a> <urn:p> "x" , "y"@de , "2"^^<http://www.w3.org/2001/XMLSchema#integer> , _:b , <urn:b> .
    <urn:b> <urn:p> "z" . }`, { format: 'application/trig' });
  const query = 'SELECT ?s ?o ?q WHERE { ?s <urn:p> ?o OPTIONAL { ?o <urn:p> ?q } }';
  const expected = await store.query(query);
  if (expected.kind !== 'bindings') throw new Error('not bindings');
  const got = await selectRows(store, query);
  expect(got).toHaveLength(6);
  expect(keys(got)).toEqual(keys(expected.rows));
});
