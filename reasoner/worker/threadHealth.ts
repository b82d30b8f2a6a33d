/**
 * What the reasoner's worker thread is doing, for GET /reasoner/status (docs/reasoner.md "HTTP API"): starting (seeded,
 * making its first full run), running, restarting after its worker died, given up (three failed starts with a
 * WebAssembly trap: docs/reasoner.md "Limits"), or stopped — with the last failure (a worker's death, a failed start or
 * batch) and when it happened, so a status never says `running` for a thread that no longer reasons.
 */

export interface ReasonerFailure {
  readonly message: string;
  /** When it happened (ms since the epoch). */
  readonly at: number;
}

export interface ReasonerThreadHealth {
  /**
   * new: not started; starting: a worker is being seeded or makes its first (full) run; running: the worker made its
   * first run and follows the commits; restarting: the worker died or failed to start, a new one is due (with a full
   * run); gaveUp: respawning stopped (`failure` says why, `since` when) until the node restarts; stopped: stop() was
   * called.
   */
  readonly state: 'new' | 'starting' | 'running' | 'restarting' | 'gaveUp' | 'stopped';
  /** Failed starts in a row (reset by a worker's first run). */
  readonly failedStarts: number;
  /** The last failure: a worker's death, a failed start or a failed batch (reasoning goes on after a failed batch). */
  readonly lastFailure?: ReasonerFailure;
  /** gaveUp: since when (ms since the epoch). */
  readonly since?: number;
}

/** Kept by ReasonerThread as its worker comes and goes. */
export class ThreadHealth {
  private state: ReasonerThreadHealth['state'] = 'new';
  private failedStarts = 0;
  private lastFailure: ReasonerFailure | undefined;
  private since: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** A worker is being seeded. */
  spawning(): void {
    if (this.state === 'new' || this.state === 'restarting') this.state = 'starting';
  }

  /** The worker made its first run. */
  started(): void {
    this.failedStarts = 0;
    if (this.state === 'starting') this.state = 'running';
  }

  /** A batch was processed: a worker whose first run failed reasons again (its next batch made a full run). */
  ran(): void {
    if (this.state === 'starting') this.state = 'running';
  }

  /** A failed start or batch: the worker goes on (a failed first run is retried by its next batch). */
  failed(message: string): void {
    this.lastFailure = { message, at: this.now() };
  }

  /** The worker died; `startFailed`: before its first run. A new one is due. */
  crashed(message: string, startFailed: boolean): void {
    this.failed(message);
    if (startFailed) this.failedStarts++;
    if (this.state !== 'stopped' && this.state !== 'gaveUp') this.state = 'restarting';
  }

  /** Respawning stopped for good (until the node restarts). */
  gaveUp(message: string): void {
    this.failed(message);
    this.state = 'gaveUp';
    this.since = this.lastFailure!.at;
  }

  stopped(): void {
    if (this.state !== 'gaveUp') this.state = 'stopped';
  }

  /** Why respawning stopped; undefined unless it did. */
  gaveUpBecause(): string | undefined {
    return this.state === 'gaveUp' ? this.lastFailure?.message : undefined;
  }

  get failedStartCount(): number {
    return this.failedStarts;
  }

  view(): ReasonerThreadHealth {
    return {
      state: this.state, failedStarts: this.failedStarts,
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}), ...(this.since !== undefined ? { since: this.since } : {}),
    };
  }
}
