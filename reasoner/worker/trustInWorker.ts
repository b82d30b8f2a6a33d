/**
 * Trust on change inside the reasoner's worker thread (docs/trust.md "In the reasoner's worker thread"): a
 * TrustService and its TrustOnChange on the worker's replica (TrustReplicaStore), so the recomputation of scores
 * on data change — reading the changed IEs, ranking their domains, building the exact change — no longer runs on
 * the node's event loop; its writes are committed by the main thread (not as the reasoner's own). Also answers
 * POST /trust/recompute ('trustRecompute': one trust service writes the scores, and its inputs in memory are
 * refreshed by the full run) and flush requests (tests, benchmarks).
 */
import { messageOf } from '../../fabric/store/rdfText.js';
import { TrustOnChange, type TrustChangeRun } from '../trust/TrustOnChange.js';
import { TrustService } from '../trust/TrustService.js';
import type { ReasonerReplicaStore } from './ReasonerReplicaStore.js';
import { TrustReplicaStore } from './TrustReplicaStore.js';
import { transferError } from './transferredError.js';
import type { FromReasoner, ToReasoner, TrustRunReport, WorkerTrustOptions } from './protocol.js';

function reportOf(run: TrustChangeRun): TrustRunReport {
  return { changedIes: run.changedIes.length, domains: run.domains?.length ?? 0, written: run.summary.written, millis: run.summary.millis };
}

/** Starts trust on change on the replica; returns the handler of the trust requests (false: not a trust request). */
export function startTrustInWorker(replica: ReasonerReplicaStore, options: WorkerTrustOptions, send: (message: FromReasoner) => void): (message: ToReasoner) => boolean {
  const store = new TrustReplicaStore(replica);
  const service = new TrustService(store);
  const onChange = new TrustOnChange(store, service, {
    debounceMs: options.debounceMs,
    minRerankIntervalMs: options.minRerankIntervalMs,
    onRun: (run) => send({ type: 'trustRun', report: reportOf(run) }),
    onError: (error) => send({ type: 'trustFailed', message: messageOf(error) }),
  });
  const started = onChange.start().then(
    () => send({ type: 'trustStarted' }),
    (error: unknown) => send({ type: 'trustStartFailed', message: messageOf(error) }),
  );
  return (message) => {
    switch (message.type) {
      case 'trustRecompute':
        void started.then(() => service.recompute(message.domains ? { domains: [...message.domains] } : {})).then(
          (summary) => send({ type: 'trustRecomputed', id: message.id, summary }),
          (error: unknown) => send({ type: 'trustRecomputeFailed', id: message.id, error: transferError(error) }),
        );
        return true;
      case 'trustFlush':
        void started.then(() => onChange.flush()).then(
          (run) => send({ type: 'trustFlushed', id: message.id, ...(run ? { report: reportOf(run) } : {}) }),
          () => send({ type: 'trustFlushed', id: message.id }), // the failure was reported through onError
        );
        return true;
      default:
        return false;
    }
  };
}
