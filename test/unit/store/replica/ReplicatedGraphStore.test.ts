import oxigraph from 'oxigraph';
import { ReplicatedGraphStore } from '../../../../fabric/store/replica/ReplicatedGraphStore.js';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { InternalError, NotAcceptableError, QueryEngineFailureError, SparqlSyntaxError } from '../../../../fabric/errors/FabricError.js';
import type { QueryResult } from '../../../../fabric/store/GraphStore.js';
import { requireBuiltWorker } from './replicaTestSupport.js';

const EX = 'http://example.org/';
const n = (iri: string) => oxigraph.namedNode(EX + iri);

describe('ReplicatedGraphStore', () => {
  let store: ReplicatedGraphStore;
  let inner: ObservedMemoryStore;

  beforeEach(async () => {
    inner = new ObservedMemoryStore();
    await inner.load(`<${EX}seed> <${EX}p> "before replicas" .`, { format: 'application/n-triples' });
    store = new ReplicatedGraphStore(inner, { replicas: 2, workerScript: requireBuiltWorker() });
    await store.ready();
  });

  afterEach(async () => {
    await store.close();
  });

  it('seeds replicas with the data present at start', async () => {
    expect(await store.query(`ASK { <${EX}seed> <${EX}p> "before replicas" }`)).toEqual({ kind: 'boolean', value: true });
    expect(store.stats()).toMatchObject({ replicas: 2, ready: 2, timeouts: 0 });
  });

  it('answers a query that breaks the engine (1,000 patterns in one group) with 422 TooComplexQuery, and replaces that replica', async () => {
    // oxigraph overflows its stack on it and its WebAssembly state is broken after: every later query there would fail.
    const patterns = Array.from({ length: 1000 }, (_, i) => `<${EX}s${i}> <${EX}p> "v${i}" .`).join(' ');
    const failure = await store.query(`ASK { ${patterns} }`).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryEngineFailureError);
    expect(failure).toMatchObject({ status: 422 });
    expect(store.stats()).toMatchObject({ crashes: 1 });
    // Both replicas answer again: two at once go to different replicas (least loaded first).
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([0, 1].map(() => store.query(`ASK { <${EX}seed> <${EX}p> "before replicas" }`)));
      expect(answers).toEqual([{ kind: 'boolean', value: true }, { kind: 'boolean', value: true }]);
    }
    // 500 patterns stay within the engine's limits.
    const fewer = Array.from({ length: 500 }, (_, i) => `<${EX}s${i}> <${EX}p> "v${i}" .`).join(' ');
    expect(await store.query(`ASK { ${fewer} }`)).toEqual({ kind: 'boolean', value: false });
  });

  it('reads its own writes: a query right after each commit sees it (both replicas, many times)', async () => {
    for (let i = 0; i < 60; i++) {
      await store.commit({ deletes: [], inserts: [oxigraph.quad(n(`s${i}`), n('value'), oxigraph.literal(String(i)), n('g'))] });
      // Two at once: the least-loaded pick sends them to different replicas.
      const counts = await Promise.all([0, 1].map(async () => {
        const result = await store.query(`SELECT (COUNT(*) AS ?c) WHERE { ?s <${EX}value> ?v }`);
        if (result.kind !== 'bindings') throw new Error('bindings expected');
        return Number(result.rows[0].get('c')!.value);
      }));
      expect(counts).toEqual([i + 1, i + 1]);
    }
    const deleted = oxigraph.quad(n('s0'), n('value'), oxigraph.literal('0'), n('g'));
    await store.commit({ deletes: [deleted], inserts: [] });
    expect(await store.query(`ASK { <${EX}s0> ?p ?o }`)).toEqual({ kind: 'boolean', value: false });
  });

  it('sees SPARQL updates and loads made through the decorator', async () => {
    await store.update(`INSERT DATA { GRAPH <${EX}g> { <${EX}u> <${EX}p> 1 } }`);
    expect(await store.query(`ASK { <${EX}u> <${EX}p> 1 }`)).toEqual({ kind: 'boolean', value: true });
    await store.load(`<${EX}l> <${EX}p> "loaded" .`, { format: 'text/turtle', graph: `${EX}g` });
    const serialized = await store.queryTo(`SELECT ?o WHERE { <${EX}l> ?p ?o }`, 'text/csv');
    expect(serialized).toEqual({ kind: 'bindings', mediaType: 'text/csv', body: 'o\r\nloaded\r\n' });
  });

  it('names blank nodes as the primary does', async () => {
    await store.load(`<${EX}owner> <${EX}has> [ <${EX}name> "inner" ] .`, { format: 'text/turtle', graph: `${EX}g` });
    const [primary] = store.match(n('owner'), n('has'), null, null);
    expect(primary.object.termType).toBe('BlankNode');
    const result = await store.query(`SELECT ?b ?name WHERE { <${EX}owner> <${EX}has> ?b . ?b <${EX}name> ?name }`);
    if (result.kind !== 'bindings') throw new Error('bindings expected');
    expect(result.rows[0].get('b')!.equals(primary.object)).toBe(true);
    const graph = await store.query(`CONSTRUCT WHERE { ?b <${EX}name> ?name }`);
    if (graph.kind !== 'quads') throw new Error('quads expected');
    expect(graph.quads[0].subject.equals(primary.object)).toBe(true);
    // a primary lookup by the replica's term finds the node
    expect(store.match(graph.quads[0].subject, n('name'), null, null)).toHaveLength(1);
  });

  it('maps a syntax error to SparqlSyntaxError with its position', async () => {
    const error = await store.query('SELECT ?s WHERE {\n ?s ?p }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SparqlSyntaxError);
    expect((error as SparqlSyntaxError).line).toBe(2);
    expect(typeof (error as SparqlSyntaxError).column).toBe('number');
    await expect(store.queryTo('SELECT * WHERE { ?s ?p ?o }', 'text/turtle')).rejects.toBeInstanceOf(NotAcceptableError);
    // the replicas are still fine afterwards
    expect(await store.query('ASK { ?s ?p ?o }')).toEqual({ kind: 'boolean', value: true });
    expect(store.stats().restarts).toBe(0);
  });

  it('agrees with the primary on results', async () => {
    await store.load(`<${EX}x> <${EX}p> "a", "b"@en, 3 .`, { format: 'text/turtle', graph: `${EX}g` });
    const sparql = `SELECT ?o WHERE { <${EX}x> <${EX}p> ?o } ORDER BY STR(?o)`;
    const rows = (result: QueryResult) => {
      if (result.kind !== 'bindings') throw new Error('bindings expected');
      return result.rows.map((row) => [...row].map(([name, term]) => `${name}=${oxigraph.fromTerm(term)!.toString()}`));
    };
    const replica = rows(await store.query(sparql));
    expect(replica).toHaveLength(3);
    expect(replica).toEqual(rows(await inner.query(sparql)));
  });
});

describe('ReplicatedGraphStore without replicas', () => {
  it('runs queries on the inner store in the main thread', async () => {
    const inner = new ObservedMemoryStore();
    const store = new ReplicatedGraphStore(inner, { replicas: 0 });
    await store.ready();
    await store.commit({ deletes: [], inserts: [oxigraph.quad(n('a'), n('p'), n('b'), n('g'))] });
    expect(await store.query(`ASK { <${EX}a> <${EX}p> <${EX}b> }`)).toEqual({ kind: 'boolean', value: true });
    expect(store.stats()).toMatchObject({ replicas: 0 });
    await store.close();
  });
});

describe('ReplicatedGraphStore with a replica that cannot start', () => {
  it('retries, then fails waiting queries instead of holding them forever', async () => {
    const store = new ReplicatedGraphStore(new ObservedMemoryStore(), {
      replicas: 1, workerScript: '/nonexistent/queryWorker.js', crashRespawnDelayMs: 10,
    });
    await expect(store.query('ASK { ?s ?p ?o }')).rejects.toBeInstanceOf(InternalError);
    expect(store.stats()).toMatchObject({ ready: 0 });
    expect(store.stats().crashes).toBeGreaterThanOrEqual(3);
    await store.close();
  });
});
