import oxigraph from 'oxigraph';
import {
  AlreadyExistsError, OperationNotSupportedError, ResourceNotFoundError, SparqlSyntaxError,
} from '../../../../fabric/errors/FabricError.js';
import { executeUpdate } from '../../../../fabric/store/update/UpdatePlanner.js';
import { EX, dumpLines, nquads, storeFrom } from './helpers.js';

const P = `PREFIX ex: <${EX}> `;

describe('executeUpdate: data operations (SPARQL 1.1 Update §3.1.1-2)', () => {
  it('INSERT DATA adds default-graph and GRAPH quads and reports them', () => {
    const store = new oxigraph.Store();
    const change = executeUpdate(store, P + 'INSERT DATA { ex:a ex:p "x"@en . GRAPH ex:g { ex:a ex:q 1 } }');
    expect(nquads(change.inserts)).toEqual([
      `<${EX}a> <${EX}p> "x"@en .`,
      `<${EX}a> <${EX}q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <${EX}g> .`,
    ]);
    expect(change.deletes).toEqual([]);
    expect(dumpLines(store)).toEqual(nquads(change.inserts));
  });

  it('INSERT DATA of a quad already present is no effective change', () => {
    const store = storeFrom('ex:a ex:p ex:b .');
    expect(executeUpdate(store, P + 'INSERT DATA { ex:a ex:p ex:b }')).toEqual({ deletes: [], inserts: [] });
  });

  it('DELETE DATA removes only existing quads', () => {
    const store = storeFrom('ex:a ex:p ex:b . ex:g { ex:a ex:p ex:c }');
    const change = executeUpdate(store, P + 'DELETE DATA { ex:a ex:p ex:b . ex:a ex:p ex:zzz . GRAPH ex:g { ex:a ex:p ex:c } }');
    expect(nquads(change.deletes)).toEqual([`<${EX}a> <${EX}p> <${EX}b> .`, `<${EX}a> <${EX}p> <${EX}c> <${EX}g> .`]);
    expect(store.size).toBe(0);
  });

  it('INSERT DATA blank nodes are fresh and concrete in the change set', () => {
    const store = new oxigraph.Store();
    const first = executeUpdate(store, P + 'INSERT DATA { _:b ex:p 1 }');
    const second = executeUpdate(store, P + 'INSERT DATA { _:b ex:p 1 }');
    expect(first.inserts[0].subject.termType).toBe('BlankNode');
    expect(first.inserts[0].subject.value).not.toBe(second.inserts[0].subject.value);
    expect(store.size).toBe(2);
  });
});

describe('executeUpdate: pattern operations (§3.1.3)', () => {
  it('DELETE/INSERT WHERE deletes before inserting and rewrites values', () => {
    const store = storeFrom('ex:a ex:age 1 . ex:b ex:age 2 .');
    const change = executeUpdate(store, P + 'DELETE { ?s ex:age ?o } INSERT { ?s ex:age ?n } WHERE { ?s ex:age ?o BIND(?o + 10 AS ?n) }');
    expect(nquads(change.deletes)).toHaveLength(2);
    expect(dumpLines(store)).toEqual([
      `<${EX}a> <${EX}age> "11"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
      `<${EX}b> <${EX}age> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
    ]);
  });

  it('WHERE sees the union of all graphs, templates write the real default graph', () => {
    const store = storeFrom('ex:g { ex:a ex:p ex:b }');
    const change = executeUpdate(store, P + 'INSERT { ?s ex:seen true } WHERE { ?s ex:p ?o }');
    expect(nquads(change.inserts)).toEqual([`<${EX}a> <${EX}seen> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .`]);
  });

  it('with unionDefaultGraph false WHERE sees only the real default graph', () => {
    const store = storeFrom('ex:g { ex:a ex:p ex:b }');
    const change = executeUpdate(store, P + 'INSERT { ?s ex:seen true } WHERE { ?s ex:p ?o }', undefined, { unionDefaultGraph: false });
    expect(change.inserts).toHaveLength(0);
  });

  it('WITH sets the WHERE default graph and the template graph', () => {
    const store = storeFrom('ex:a ex:p 0 . ex:g { ex:a ex:p 1 }');
    const change = executeUpdate(store, P + 'WITH ex:g DELETE { ?s ex:p ?o } INSERT { ?s ex:q ?o } WHERE { ?s ex:p ?o }');
    expect(dumpLines(store)).toEqual([
      `<${EX}a> <${EX}p> "0"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
      `<${EX}a> <${EX}q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <${EX}g> .`,
    ]);
    expect(change.deletes).toHaveLength(1);
  });

  it('USING and USING NAMED define the WHERE dataset, overriding WITH', () => {
    const store = storeFrom('ex:g1 { ex:a ex:p 1 } ex:g2 { ex:a ex:p 2 } ex:g3 { ex:a ex:p 3 }');
    const change = executeUpdate(store, P +
      'WITH ex:g3 INSERT { ?s ex:from ?o . GRAPH ?g { ?s ex:named ?o2 } } USING ex:g1 USING NAMED ex:g2 ' +
      'WHERE { ?s ex:p ?o OPTIONAL { GRAPH ?g { ?s ex:p ?o2 } } }');
    expect(nquads(change.inserts)).toEqual([
      `<${EX}a> <${EX}from> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <${EX}g3> .`,
      `<${EX}a> <${EX}named> "2"^^<http://www.w3.org/2001/XMLSchema#integer> <${EX}g2> .`,
    ]);
  });

  it('DELETE WHERE deletes the matched quads', () => {
    const store = storeFrom('ex:a ex:p 1 . ex:a ex:q 2 . ex:g { ex:a ex:p 3 }');
    const change = executeUpdate(store, P + 'DELETE WHERE { GRAPH ex:g { ?s ex:p ?o } }');
    expect(nquads(change.deletes)).toEqual([`<${EX}a> <${EX}p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <${EX}g> .`]);
    expect(store.size).toBe(2);
  });

  it('skips ill-formed instantiations: unbound variables and literal subjects', () => {
    const store = storeFrom('ex:a ex:p "lit" .');
    const change = executeUpdate(store, P + 'INSERT { ?o ex:q ?s . ?s ex:r ?unbound . ?s ex:ok ?o } WHERE { ?s ex:p ?o }');
    expect(nquads(change.inserts)).toEqual([`<${EX}a> <${EX}ok> "lit" .`]);
  });

  it('mints fresh blank nodes per solution for INSERT template blank nodes', () => {
    const store = storeFrom('ex:a ex:p 1 . ex:b ex:p 2 .');
    const change = executeUpdate(store, P + 'INSERT { ?s ex:node _:n . _:n ex:v ?o } WHERE { ?s ex:p ?o }');
    const nodes = new Set(change.inserts.filter((q) => q.predicate.value === `${EX}node`).map((q) => q.object.value));
    expect(nodes.size).toBe(2);
    expect(change.inserts).toHaveLength(4);
  });

  it('NOW(), UUID() and BNODE() are concrete values in the change set, equal to what was stored', () => {
    const store = storeFrom('ex:a ex:p 1 .');
    const change = executeUpdate(store, P + 'INSERT { ?s ex:at ?now ; ex:id ?id ; ex:b ?b } WHERE { ?s ex:p ?o BIND(NOW() AS ?now) BIND(UUID() AS ?id) BIND(BNODE() AS ?b) }');
    const byPredicate = new Map(change.inserts.map((q) => [q.predicate.value, q.object]));
    expect(byPredicate.get(`${EX}at`)?.termType).toBe('Literal');
    expect(byPredicate.get(`${EX}id`)?.value).toMatch(/^urn:uuid:/);
    expect(byPredicate.get(`${EX}b`)?.termType).toBe('BlankNode');
    for (const q of change.inserts) expect(store.has(q as oxigraph.Quad)).toBe(true);
  });
});

describe('executeUpdate: requests of several operations (§3)', () => {
  it('each operation sees the effects of the earlier ones', () => {
    const store = new oxigraph.Store();
    const change = executeUpdate(store, P + 'INSERT DATA { ex:a ex:p 1 } ; INSERT { ?s ex:q ?o } WHERE { ?s ex:p ?o }');
    expect(change.inserts).toHaveLength(2);
  });

  it('returns the net change: insert then delete of the same quad is empty', () => {
    const store = new oxigraph.Store();
    expect(executeUpdate(store, P + 'INSERT DATA { ex:a ex:p 1 } ; DELETE DATA { ex:a ex:p 1 }')).toEqual({ deletes: [], inserts: [] });
    const seeded = storeFrom('ex:a ex:p 1 .');
    expect(executeUpdate(seeded, P + 'DELETE DATA { ex:a ex:p 1 } ; INSERT DATA { ex:a ex:p 1 }')).toEqual({ deletes: [], inserts: [] });
    expect(seeded.size).toBe(1);
  });

  it('is atomic: a failing second operation undoes the first and throws', () => {
    const store = storeFrom('ex:a ex:p 1 . ex:g { ex:x ex:y ex:z }');
    const before = dumpLines(store);
    expect(() => executeUpdate(store, P + 'DELETE DATA { ex:a ex:p 1 } ; INSERT DATA { ex:b ex:p 2 } ; DROP GRAPH ex:g ; CLEAR GRAPH ex:missing'))
      .toThrow(ResourceNotFoundError);
    expect(dumpLines(store)).toEqual(before);
  });

  it('rejects malformed requests with a positioned SparqlSyntaxError and changes nothing', () => {
    const store = new oxigraph.Store();
    let error: unknown;
    try { executeUpdate(store, 'INSERT DATA { <http://a> <http://b> <http://c> } ;\nINSERT DATA { <http://a> <http://b> }'); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(SparqlSyntaxError);
    expect((error as SparqlSyntaxError).line).toBe(2);
    expect(store.size).toBe(0);
    expect(() => executeUpdate(store, 'SELECT * WHERE { ?s ?p ?o }')).toThrow(SparqlSyntaxError);
  });

  it('resolves relative IRIs against the base IRI', () => {
    const store = new oxigraph.Store();
    const change = executeUpdate(store, 'INSERT DATA { <a> <b> <c> }', 'http://base.example/');
    expect(change.inserts[0].subject.value).toBe('http://base.example/a');
  });

  it('refuses LOAD with OperationNotSupportedError; LOAD SILENT succeeds without change (§3.1.4)', () => {
    const store = storeFrom('ex:a ex:p 1 .');
    expect(() => executeUpdate(store, P + 'INSERT DATA { ex:b ex:p 2 } ; LOAD <http://example.org/data.ttl>')).toThrow(OperationNotSupportedError);
    expect(store.size).toBe(1);
    expect(executeUpdate(store, 'LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <http://example.org/g>')).toEqual({ deletes: [], inserts: [] });
  });

  it('refuses SERVICE in WHERE (no HTTP client) unless SILENT, and changes nothing', () => {
    const store = new oxigraph.Store();
    expect(() => executeUpdate(store, P + 'INSERT DATA { ex:a ex:p 1 } ; INSERT { ?s ?p ?o } WHERE { SERVICE <http://x.example/sparql> { ?s ?p ?o } }'))
      .toThrow(OperationNotSupportedError);
    expect(store.size).toBe(0);
    expect(executeUpdate(store, 'INSERT { ?s ?p ?o } WHERE { SERVICE SILENT <http://x.example/sparql> { ?s ?p ?o } }')).toEqual({ deletes: [], inserts: [] });
  });

  it('accepts a request that is only a prologue and comments (grammar: Update ::= Prologue …)', () => {
    const store = storeFrom('ex:a ex:p 1 .');
    expect(executeUpdate(store, '# nothing\nBASE <http://example/#x>\nPREFIX : <http://example/> # none')).toEqual({ deletes: [], inserts: [] });
    expect(() => executeUpdate(store, 'PREFIX : <http://example/> CLEAR')).toThrow(SparqlSyntaxError);
  });
});

describe('executeUpdate: graph management (§3.2)', () => {
  const seed = (): oxigraph.Store => storeFrom('ex:d ex:p 0 . ex:g1 { ex:a ex:p 1 } ex:g2 { ex:a ex:p 2 }');
  const graphsOf = (store: oxigraph.Store): string[] =>
    [...new Set(store.match().map((q) => q.graph.value))].sort();

  it.each([
    ['CLEAR GRAPH ex:g1', ['', `${EX}g2`]],
    ['DROP GRAPH ex:g1', ['', `${EX}g2`]],
    ['CLEAR DEFAULT', [`${EX}g1`, `${EX}g2`]],
    ['DROP NAMED', ['']],
    ['CLEAR ALL', []],
  ])('%s', (op, graphs) => {
    const store = seed();
    const change = executeUpdate(store, P + op);
    expect(graphsOf(store)).toEqual(graphs);
    expect(change.deletes.length).toBe(3 - store.size);
  });

  it('CLEAR/DROP of a missing graph fails unless SILENT', () => {
    expect(() => executeUpdate(seed(), P + 'DROP GRAPH ex:nope')).toThrow(ResourceNotFoundError);
    expect(executeUpdate(seed(), P + 'DROP SILENT GRAPH ex:nope ; CLEAR SILENT GRAPH ex:nope')).toEqual({ deletes: [], inserts: [] });
  });

  it('CREATE is a no-op for a new graph, an error for an existing one unless SILENT', () => {
    expect(executeUpdate(seed(), P + 'CREATE GRAPH ex:new ; DROP GRAPH ex:new')).toEqual({ deletes: [], inserts: [] });
    expect(() => executeUpdate(seed(), P + 'CREATE GRAPH ex:g1')).toThrow(AlreadyExistsError);
    expect(executeUpdate(seed(), P + 'CREATE SILENT GRAPH ex:g1')).toEqual({ deletes: [], inserts: [] });
  });

  it('ADD merges the source into the destination', () => {
    const store = seed();
    executeUpdate(store, P + 'ADD ex:g1 TO ex:g2');
    expect(store.match(null, null, null, oxigraph.namedNode(`${EX}g2`))).toHaveLength(2);
    expect(store.match(null, null, null, oxigraph.namedNode(`${EX}g1`))).toHaveLength(1);
  });

  it('COPY replaces the destination, MOVE also empties the source', () => {
    const copied = seed();
    executeUpdate(copied, P + 'COPY DEFAULT TO ex:g2');
    expect(copied.match(null, null, null, oxigraph.namedNode(`${EX}g2`)).map((q) => q.object.value)).toEqual(['0']);
    expect(copied.size).toBe(3);
    const moved = seed();
    const change = executeUpdate(moved, P + 'MOVE ex:g1 TO DEFAULT');
    expect(moved.match(null, null, null, oxigraph.defaultGraph()).map((q) => q.object.value)).toEqual(['1']);
    expect(nquads(change.deletes)).toHaveLength(2);
    expect(nquads(change.inserts)).toHaveLength(1);
  });

  it('ADD/COPY/MOVE of a graph onto itself change nothing; a missing source fails unless SILENT, then reads as empty', () => {
    expect(executeUpdate(seed(), P + 'ADD ex:g1 TO ex:g1 ; COPY ex:g1 TO ex:g1 ; MOVE ex:g1 TO ex:g1')).toEqual({ deletes: [], inserts: [] });
    expect(() => executeUpdate(seed(), P + 'COPY ex:nope TO ex:g1')).toThrow(ResourceNotFoundError);
    expect(executeUpdate(seed(), P + 'ADD SILENT ex:nope TO ex:g1')).toEqual({ deletes: [], inserts: [] });
    expect(nquads(executeUpdate(seed(), P + 'MOVE SILENT ex:nope TO ex:g1').deletes)).toEqual([
      `<${EX}a> <${EX}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <${EX}g1> .`,
    ]);
  });
});
