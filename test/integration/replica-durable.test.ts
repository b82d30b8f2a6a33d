/**
 * Replicas of a durable store seed themselves from the data directory
 * (read-only recovery) and de-duplicate the commit stream by seq.
 */
import oxigraph from 'oxigraph';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableGraphStore } from '../../fabric/store/durable/DurableGraphStore.js';
import { ReplicatedGraphStore } from '../../fabric/store/replica/ReplicatedGraphStore.js';
import { QueryTimeoutError } from '../../fabric/errors/FabricError.js';
import { requireBuiltWorker } from '../unit/store/replica/replicaTestSupport.js';

const EX = 'http://example.org/';
const quad = (s: string, p: string, o: string) =>
  oxigraph.quad(oxigraph.namedNode(EX + s), oxigraph.namedNode(EX + p), oxigraph.literal(o), oxigraph.namedNode(`${EX}g`));

async function count(store: ReplicatedGraphStore, predicate: string): Promise<number> {
  const result = await store.query(`SELECT (COUNT(*) AS ?c) WHERE { ?s <${EX}${predicate}> ?o }`);
  if (result.kind !== 'bindings') throw new Error('bindings expected');
  return Number(result.rows[0].get('c')!.value);
}

describe('replicas of a DurableGraphStore', () => {
  let dir: string;
  let store: ReplicatedGraphStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cf-replica-'));
  });

  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recovers from snapshot + WAL, keeps blank nodes, and follows unacknowledged writes', async () => {
    const first = await DurableGraphStore.open(dir);
    await first.load(`<${EX}owner> <${EX}has> [ <${EX}name> "inner" ] .`, { format: 'text/turtle', graph: `${EX}g` });
    for (let i = 0; i < 20; i++) await first.commit({ deletes: [], inserts: [quad(`a${i}`, 'old', String(i))] });
    await first.close(); // snapshot
    const durable = await DurableGraphStore.open(dir);
    for (let i = 0; i < 10; i++) await durable.commit({ deletes: [], inserts: [quad(`b${i}`, 'logged', String(i))] }); // WAL only

    store = new ReplicatedGraphStore(durable, { replicas: 2, dataDir: dir, workerScript: requireBuiltWorker() });
    // Writes racing with the replicas' recovery: not awaited, so not yet on disk when seeding starts.
    const racing = Array.from({ length: 30 }, (_, i) => store.commit({ deletes: [], inserts: [quad(`c${i}`, 'racing', String(i))] }));
    await store.ready();
    await Promise.all(racing);

    expect(await count(store, 'old')).toBe(20);
    expect(await count(store, 'logged')).toBe(10);
    // Two concurrent queries: the least-loaded pick sends them to different replicas.
    expect(await Promise.all([count(store, 'racing'), count(store, 'racing')])).toEqual([30, 30]);
    const total = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
    const bodies = await Promise.all([store.queryTo(total, 'text/csv'), store.queryTo(total, 'text/csv')]);
    expect(bodies.map((b) => b.body)).toEqual([`n\r\n${durable.size()}\r\n`, `n\r\n${durable.size()}\r\n`]);

    const [owned] = store.match(oxigraph.namedNode(`${EX}owner`), oxigraph.namedNode(`${EX}has`), null, null);
    const result = await store.query(`SELECT ?b WHERE { ?b <${EX}name> "inner" }`);
    if (result.kind !== 'bindings') throw new Error('bindings expected');
    expect(result.rows[0].get('b')!.equals(owned.object)).toBe(true);
  });

  it('re-seeds from disk after a timeout and sees the writes made meanwhile', async () => {
    const durable = await DurableGraphStore.open(dir);
    let nquads = '';
    for (let i = 0; i < 3000; i++) nquads += `<${EX}s${i}> <${EX}p> "${i}" <${EX}g> .\n`;
    await durable.load(nquads, { format: 'application/n-quads' });
    store = new ReplicatedGraphStore(durable, { replicas: 1, dataDir: dir, workerScript: requireBuiltWorker() });
    await store.ready();
    await expect(store.query('SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }', { timeoutMs: 300 }))
      .rejects.toBeInstanceOf(QueryTimeoutError);
    const writes = Array.from({ length: 40 }, (_, i) => store.commit({ deletes: [], inserts: [quad(`d${i}`, 'meanwhile', String(i))] }));
    expect(await count(store, 'meanwhile')).toBe(40);
    await Promise.all(writes);
    expect(await count(store, 'p')).toBe(3000);
    expect(store.stats()).toMatchObject({ restarts: 1, timeouts: 1, ready: 1 });
  });
});
