/**
 * A query that makes oxigraph fail inside its WebAssembly (a stack overflow through its frames: ≈ 1,000 triple patterns
 * in one group) on the main thread's store — a node without query replicas, or a named tenant's store — answers 422
 * TooComplexQuery with the engine's message instead of 500 (docs/query-replicas.md "Queries that break the engine").
 * What it does not fix: on the main thread the failure can leave the thread's oxigraph instance broken (the next query
 * here fails too); only a query replica is replaced. Keeping such queries from the engine is open work.
 */
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';

const EX = 'http://example.org/';

describe('/sparql: a query too complex for the engine', () => {
  it('answers 422 TooComplexQuery naming the engine failure, not 500', async () => {
    const store = new MemoryGraphStore();
    await store.load(`<${EX}a> <${EX}p> "one" .`, { format: 'text/turtle', graph: `${EX}g1` });
    const app = buildHttpApp({ store, config: { bodyLimitBytes: 1_000_000, queryTimeoutMs: 5000 } });
    const patterns = Array.from({ length: 3000 }, (_, i) => `<${EX}s${i}> <${EX}p> "v${i}" .`).join(' ');
    const res = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query' }, payload: `ASK { ${patterns} }` });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({
      type: 'https://uri.etsi.org/ngsi-ld/errors/TooComplexQuery', title: 'Query too complex for the engine',
      engineMessage: expect.stringMatching(/call stack|memory access/i),
    });
    expect(res.json().detail).not.toMatch(/replica/);
    await app.close();
  });
});
