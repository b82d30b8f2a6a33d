/**
 * The reasoner's worker thread (entry point, runs from dist/; docs/reasoner.md "Incremental reasoning in a
 * worker thread" and "POST /reasoner/run in a worker thread"). Seeded like a query replica (read-only recovery
 * from the data directory, or the node's N-Quads dump), it runs the unchanged RuleEngine on its replica
 * (ReasonerReplicaStore), whose writes go to the main thread. Two modes (ReasonerWorkerData.mode):
 * - 'incremental' (ReasonerThread): kept current by the node's commit records, the IncrementalReasoner's delta
 *   evaluation, DRed, full runs and held-elsewhere checks all happen here; a 'run' request is a full run
 *   through the IncrementalReasoner, so it is serialized with the batches and leaves its mirror current
 *   (requestedFullRun.ts); with `trust`, trust on change runs here too (trustInWorker.ts);
 * - 'run' (OneShotRunThread): one RuleEngine.run per 'run' request over the seed; the thread is then ended.
 */
import { parentPort, workerData } from 'node:worker_threads';
import oxigraph from 'oxigraph';
import { insertNQuads } from '../../fabric/store/durable/applyRecord.js';
import { recoverReplica } from '../../fabric/store/replica/durableSeed.js';
import { messageOf } from '../../fabric/store/rdfText.js';
import { RuleEngine, type RunStats } from '../RuleEngine.js';
import { IncrementalReasoner, type IncrementalCounters } from '../IncrementalReasoner.js';
import { ReasonerReplicaStore } from './ReasonerReplicaStore.js';
import { RequestedFullRuns } from './requestedFullRun.js';
import { startTrustInWorker } from './trustInWorker.js';
import { transferError } from './transferredError.js';
import { loadingWithoutMetadata } from './replicaWithoutMetadata.js';
import { ReifierMetadataNeeded, withoutReifierMetadata } from '../reifierMetadata.js';
import type { FromReasoner, ReasonerWorkerData, ToReasoner } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('reasonerWorker must run in a worker thread');

const data = workerData as ReasonerWorkerData;
const send = (message: FromReasoner): void => port.postMessage(message);

const raw = new oxigraph.Store();
const leaveOut = data.mode === 'incremental' && data.leaveOutReifierMetadata === true && !data.trust;
const seeded = leaveOut ? loadingWithoutMetadata(raw) : raw;
let lastSeq = -1;
if (data.seed.kind === 'dataDir') lastSeq = recoverReplica(seeded, data.seed.dataDir).lastSeq;
else insertNQuads(seeded, data.seed.nquads);

const store = new ReasonerReplicaStore(raw, { lastSeq, dedupBySeq: data.seed.kind === 'dataDir' }, (id, deletes, inserts, trust) => send({ type: 'write', id, deletes, inserts, ...(trust ? { trust } : {}) }),
  leaveOut ? (text) => withoutReifierMetadata(text) : undefined);
const engine = new RuleEngine(store, { ruleFolder: data.ruleFolder, ...(data.budget ? { budget: data.budget } : {}) });

/** Answer a 'run' request once `run` settles (its write is committed: the replica's writes resolve after the main thread's commit). */
function answerRun(id: number, run: Promise<RunStats>): void {
  run.then((stats) => send({ type: 'ran', id, stats }), (error: unknown) => send({ type: 'runFailed', id, error: transferError(error) }));
}

if (data.mode === 'run') {
  port.on('message', (message: ToReasoner) => {
    switch (message.type) {
      case 'written': store.written(message.id, message.seq); break;
      case 'writeFailed': store.writeFailed(message.id, message.message); break;
      case 'run': answerRun(message.id, engine.run()); break;
      default: break; // no records are forwarded in this mode: the run sees the seed
    }
  });
} else {
  followChanges();
}

function followChanges(): void {
  const counters = (): IncrementalCounters => {
    const own = reasoner.stats();
    return { ...own, ignoredOwnRecords: own.ignoredOwnRecords + store.ownRecords };
  };
  const reasoner: IncrementalReasoner = new IncrementalReasoner(store, engine, {
    debounceMs: data.debounceMs,
    ...(data.maxBatchQuads !== undefined ? { maxBatchQuads: data.maxBatchQuads } : {}),
    storeLacksReifierMetadata: leaveOut,
    onRun: (summary) => {
      requested.observeRun(summary);
      send({ type: 'run', summary, counters: counters() });
    },
    onError: (error) => {
      if (error instanceof ReifierMetadataNeeded) { send({ type: 'needsReifierMetadata', reason: error.reason }); return; }
      requested.observeError(error);
      send({ type: 'batchFailed', message: messageOf(error) });
    },
  });
  const requested = new RequestedFullRuns(reasoner);
  const trust = data.trust ? startTrustInWorker(store, data.trust, send) : undefined;

  // Records and requests posted while the seed was recovered wait in the port's queue and arrive here in order.
  port!.on('message', (message: ToReasoner) => {
    switch (message.type) {
      case 'records': store.applyRecords(message.records); break;
      case 'written': store.written(message.id, message.seq); break;
      case 'writeFailed': store.writeFailed(message.id, message.message); break;
      case 'idle':
        // Every record received before this request is in the reasoner's batch (applied synchronously above).
        void started.then(() => reasoner.idle()).then(() => send({ type: 'idle', id: message.id, counters: counters() }));
        break;
      case 'run': answerRun(message.id, started.then(() => requested.run())); break;
      default: trust?.(message); break; // trust requests
    }
  });

  const started: Promise<void> = reasoner.start().then(
    (summary) => send({ type: 'started', summary, counters: counters() }),
    (error: unknown) => { if (!(error instanceof ReifierMetadataNeeded)) send({ type: 'startFailed', message: messageOf(error) }); }, // else: told by onError
  );
}
