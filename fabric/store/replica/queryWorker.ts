/**
 * A read replica (worker_threads entry point, runs from dist/). Holds its own
 * oxigraph store, seeded from the data directory (read-only recovery) or the
 * primary's N-Quads dump, kept current by commit records, and answers
 * queries. The main thread terminates it when a query overruns its limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import oxigraph from 'oxigraph';
import type { CommitRecord, FromReplica, ReplicaSeed, ToReplica } from './protocol.js';
import { runReplicaQuery } from './replicaQuery.js';
import { applyRecord, insertNQuads } from '../durable/applyRecord.js';
import { recoverReplica } from './durableSeed.js';

const port = parentPort;
if (!port) throw new Error('queryWorker must run in a worker thread');

const seed = (workerData as { seed: ReplicaSeed }).seed;
const store = new oxigraph.Store();
let lastSeq = -1;
/** Dump-seeded replicas apply every record sent after the dump; disk-seeded ones skip records already recovered. */
const dedupBySeq = seed.kind === 'dataDir';

if (seed.kind === 'dataDir') lastSeq = recoverReplica(store, seed.dataDir).lastSeq;
else insertNQuads(store, seed.nquads);

function send(message: FromReplica): void {
  port!.postMessage(message);
}

/**
 * Apply records in order; consecutive records that only insert (NGSI-LD creates, bulk loads) go
 * in as one N-Quads load. Texts are joined with a newline: a bulk load's text may lack a final one.
 */
function applyRecords(records: readonly CommitRecord[]): void {
  let inserts: string[] = [];
  const flushInserts = (): void => {
    if (inserts.length > 0) insertNQuads(store, inserts.join('\n'));
    inserts = [];
  };
  for (const record of records) {
    if (dedupBySeq && record.seq <= lastSeq) continue;
    if (record.deletes.length === 0) inserts.push(record.inserts);
    else {
      flushInserts();
      applyRecord(store, record);
    }
    lastSeq = Math.max(lastSeq, record.seq);
  }
  flushInserts();
}

// Records and queries posted during recovery wait in the port's queue and arrive here in order.
port.on('message', (message: ToReplica) => {
  if (message.type === 'records') {
    applyRecords(message.records);
  } else {
    send(runReplicaQuery(store, message));
  }
});
send({ type: 'ready', lastSeq, quads: store.size });
