/**
 * A full run requested of the incremental reasoner (POST /reasoner/run in the reasoner's worker thread;
 * docs/reasoner.md "POST /reasoner/run in a worker thread"). IncrementalReasoner.start() marks a full run due and
 * flushes, so the run takes its turn in the engine's exclusive queue after the batches queued before it. A batch
 * queued before the request may take the full run itself: the request's own flush then finds nothing left and
 * resolves undefined, and the request answers with that batch's run — its statistics, or its error (typed, e.g.
 * DerivationBudgetExceededError, so the HTTP answer is the run's 422, not a 500). Each request watches the runs
 * reported while it waits (`observeRun` / `observeError`, from the reasoner's onRun / onError).
 */
import type { IncrementalReasoner, IncrementalRunSummary } from '../IncrementalReasoner.js';
import type { RunStats } from '../RuleEngine.js';

interface Watch {
  full?: RunStats;
  error?: unknown;
}

export class RequestedFullRuns {
  private readonly watching = new Set<Watch>();

  constructor(private readonly reasoner: Pick<IncrementalReasoner, 'start'>) {}

  /** The reasoner's onRun: a full run reported while a request waits may be the request's. */
  observeRun(summary: IncrementalRunSummary): void {
    if (summary.kind !== 'full' || !summary.full) return;
    for (const watch of this.watching) {
      watch.full = summary.full;
      delete watch.error;
    }
  }

  /** The reasoner's onError: a failed batch reported while a request waits may have been the request's full run. */
  observeError(error: unknown): void {
    for (const watch of this.watching) {
      watch.error = error;
      delete watch.full;
    }
  }

  /** Resolves with the statistics of the full run covering every record received before the call. */
  async run(): Promise<RunStats> {
    const watch: Watch = {};
    this.watching.add(watch);
    let summary: IncrementalRunSummary | undefined;
    try {
      summary = await this.reasoner.start();
    } finally {
      this.watching.delete(watch);
    }
    if (summary?.full) return summary.full;
    if (watch.full) return watch.full;
    if (watch.error !== undefined) throw watch.error;
    throw new Error('The requested full run was not made.');
  }
}
