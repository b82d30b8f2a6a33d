import oxigraph from 'oxigraph';
import { runReplicaQuery } from '../../../../fabric/store/replica/replicaQuery.js';
import { decodeQueryResult } from '../../../../fabric/store/replica/resultDecoding.js';
import type { QueryReply, QueryRequest } from '../../../../fabric/store/replica/protocol.js';

const EX = 'http://example.org/';

function storeWith(nquads: string): oxigraph.Store {
  const store = new oxigraph.Store();
  for (const quad of oxigraph.parse(nquads, { format: 'application/n-quads' })) store.add(quad);
  return store;
}

const data = storeWith([
  `<${EX}a> <${EX}p> _:node1 <${EX}g1> .`,
  `_:node1 <${EX}q> "x"@en <${EX}g1> .`,
  `<${EX}b> <${EX}p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> <${EX}g2> .`,
].join('\n'));

function request(sparql: string, mediaType: string | null = null, options = {}): QueryRequest {
  return { type: 'query', id: 7, sparql, mediaType, options };
}

function ok(reply: ReturnType<typeof runReplicaQuery>): QueryReply {
  if (reply.type !== 'result') throw new Error(`expected a result, got ${JSON.stringify(reply)}`);
  return reply;
}

describe('runReplicaQuery', () => {
  it('answers SELECT over the union of all graphs and decodes terms (blank-node labels kept)', () => {
    const reply = ok(runReplicaQuery(data, request(`SELECT ?o ?l WHERE { <${EX}a> <${EX}p> ?o . ?o <${EX}q> ?l }`)));
    expect(reply.kind).toBe('bindings');
    const result = decodeQueryResult(reply);
    if (result.kind !== 'bindings') throw new Error('bindings expected');
    expect(result.variables).toEqual(['o', 'l']);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0].get('o')).toMatchObject({ termType: 'BlankNode', value: 'node1' });
    expect(result.rows[0].get('l')).toMatchObject({ termType: 'Literal', value: 'x', language: 'en' });
  });

  it('keeps the variable list of an empty result', () => {
    const result = decodeQueryResult(ok(runReplicaQuery(data, request(`SELECT ?nothing WHERE { ?nothing <${EX}none> ?x }`))));
    expect(result).toEqual({ kind: 'bindings', variables: ['nothing'], rows: [] });
  });

  it('answers ASK as a boolean and CONSTRUCT as quads', () => {
    expect(decodeQueryResult(ok(runReplicaQuery(data, request(`ASK { <${EX}b> ?p ?o }`))))).toEqual({ kind: 'boolean', value: true });
    expect(decodeQueryResult(ok(runReplicaQuery(data, request(`ASK { <${EX}zzz> ?p ?o }`))))).toEqual({ kind: 'boolean', value: false });
    const graph = decodeQueryResult(ok(runReplicaQuery(data, request(`CONSTRUCT { ?s <${EX}r> ?o } WHERE { ?s <${EX}p> ?o }`))));
    if (graph.kind !== 'quads') throw new Error('quads expected');
    expect(graph.quads.map((q) => `${q.subject.value} ${q.object.value}`).sort()).toEqual([`${EX}a node1`, `${EX}b 2`]);
  });

  it('honours default-graph-uri (SPARQL Protocol dataset)', () => {
    const reply = ok(runReplicaQuery(data, request('SELECT ?s WHERE { ?s ?p ?o }', null, { defaultGraphs: [`${EX}g2`] })));
    const result = decodeQueryResult(reply);
    if (result.kind !== 'bindings') throw new Error('bindings expected');
    expect(result.rows.map((r) => r.get('s')!.value)).toEqual([`${EX}b`]);
  });

  it('serializes to the requested media type with the kind of the query form', () => {
    const csv = ok(runReplicaQuery(data, request('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', 'text/csv')));
    expect(csv).toMatchObject({ kind: 'bindings', mediaType: 'text/csv', body: 'n\r\n3\r\n' });
    const ask = ok(runReplicaQuery(data, request('ASK { ?s ?p ?o }', 'application/sparql-results+json')));
    expect(ask.kind).toBe('boolean');
    const ttl = ok(runReplicaQuery(data, request(`CONSTRUCT WHERE { <${EX}b> ?p ?o }`, 'text/turtle')));
    expect(ttl.kind).toBe('quads');
    expect(ttl.body).toContain(`<${EX}b>`);
  });

  it('reports a syntax error with line and column, not a crash', () => {
    const reply = runReplicaQuery(data, request('SELECT * WHERE {\n  ?s ?p }'));
    expect(reply).toMatchObject({ type: 'error', id: 7, reason: 'syntax', line: 2 });
    expect(reply.type === 'error' && typeof reply.column).toBe('number');
    expect(runReplicaQuery(data, request('INSERT DATA { <a:b> <a:c> <a:d> }'))).toMatchObject({ type: 'error', reason: 'syntax' });
  });

  it('reports a media type that does not fit the query form as a format error', () => {
    expect(runReplicaQuery(data, request('SELECT * WHERE { ?s ?p ?o }', 'text/turtle'))).toMatchObject({ type: 'error', reason: 'format' });
  });
});
