/**
 * The incremental reasoner's worker thread (entry point, runs from dist/; docs/reasoner.md "Incremental
 * reasoning in a worker thread"). Seeded like a query replica (read-only recovery from the data directory,
 * or the node's N-Quads dump), kept current by the node's commit records, it runs the unchanged RuleEngine
 * and IncrementalReasoner on its replica (ReasonerReplicaStore): the delta evaluation, DRed, full runs and
 * held-elsewhere checks all happen here; the main thread only forwards records and commits the writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import oxigraph from 'oxigraph';
import { insertNQuads } from '../../fabric/store/durable/applyRecord.js';
import { recoverReplica } from '../../fabric/store/replica/durableSeed.js';
import { messageOf } from '../../fabric/store/rdfText.js';
import { RuleEngine } from '../RuleEngine.js';
import { IncrementalReasoner, type IncrementalCounters } from '../IncrementalReasoner.js';
import { ReasonerReplicaStore } from './ReasonerReplicaStore.js';
import type { FromReasoner, ReasonerWorkerData, ToReasoner } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('reasonerWorker must run in a worker thread');

const data = workerData as ReasonerWorkerData;
const send = (message: FromReasoner): void => port.postMessage(message);

const raw = new oxigraph.Store();
let lastSeq = -1;
if (data.seed.kind === 'dataDir') lastSeq = recoverReplica(raw, data.seed.dataDir).lastSeq;
else insertNQuads(raw, data.seed.nquads);

const store = new ReasonerReplicaStore(raw, { lastSeq, dedupBySeq: data.seed.kind === 'dataDir' }, (id, deletes, inserts) => send({ type: 'write', id, deletes, inserts }));
const engine = new RuleEngine(store, { ruleFolder: data.ruleFolder, ...(data.budget ? { budget: data.budget } : {}) });

function counters(): IncrementalCounters {
  const own = reasoner.stats();
  return { ...own, ignoredOwnRecords: own.ignoredOwnRecords + store.ownRecords };
}

const reasoner: IncrementalReasoner = new IncrementalReasoner(store, engine, {
  debounceMs: data.debounceMs,
  ...(data.maxBatchQuads !== undefined ? { maxBatchQuads: data.maxBatchQuads } : {}),
  onRun: (summary) => send({ type: 'run', summary, counters: counters() }),
  onError: (error) => send({ type: 'batchFailed', message: messageOf(error) }),
});

// Records and requests posted while the seed was recovered wait in the port's queue and arrive here in order.
port.on('message', (message: ToReasoner) => {
  switch (message.type) {
    case 'records': store.applyRecords(message.records); break;
    case 'written': store.written(message.id, message.seq); break;
    case 'writeFailed': store.writeFailed(message.id, message.message); break;
    case 'idle':
      // Every record received before this request is in the reasoner's batch (applied synchronously above).
      void started.then(() => reasoner.idle()).then(() => send({ type: 'idle', id: message.id, counters: counters() }));
      break;
  }
});

const started: Promise<void> = reasoner.start().then(
  (summary) => send({ type: 'started', summary, counters: counters() }),
  (error: unknown) => send({ type: 'startFailed', message: messageOf(error) }),
);
