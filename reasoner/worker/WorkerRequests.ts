/**
 * Requests the main thread made of the reasoner worker and not answered yet (docs/reasoner.md "POST
 * /reasoner/run in a worker thread"; docs/trust.md "In the reasoner's worker thread"): idle waits, full runs,
 * trust recomputes and trust flushes. Each has an id the worker's answer names. A request made while the worker is
 * being respawned waits and is posted to the next one (`repost`); a worker's death fails the runs and recomputes
 * whose answer it took with it (`fail`: the new worker starts with full runs of its own).
 */
import type { RunStats } from '../RuleEngine.js';
import type { TrustRunSummary } from '../trust/TrustService.js';
import type { InputScope } from '../trust/trustInputs.js';
import { receivedError } from './transferredError.js';
import type { FromReasoner, ToReasoner, TrustRunReport } from './protocol.js';

/** Requests of one kind by id. */
class Pending<T> {
  readonly waiting = new Map<number, { resolve: (value: T) => void; reject: (error: Error) => void; message: ToReasoner }>();

  constructor(private readonly ids: { next: number }) {}

  add(message: (id: number) => ToReasoner, post: (message: ToReasoner) => void): Promise<T> {
    const id = this.ids.next++;
    const request = message(id);
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, message: request });
      post(request);
    });
  }

  resolve(id: number, value: T): void {
    this.waiting.get(id)?.resolve(value);
    this.waiting.delete(id);
  }

  reject(id: number, error: Error): void {
    this.waiting.get(id)?.reject(error);
    this.waiting.delete(id);
  }

  settleAll(settle: (request: { resolve: (value: T) => void; reject: (error: Error) => void }) => void): void {
    for (const request of this.waiting.values()) settle(request);
    this.waiting.clear();
  }
}

export class WorkerRequests {
  private readonly ids = { next: 1 };
  private readonly idles = new Pending<void>(this.ids);
  private readonly runs = new Pending<RunStats>(this.ids);
  private readonly recomputes = new Pending<TrustRunSummary>(this.ids);
  private readonly flushes = new Pending<TrustRunReport | undefined>(this.ids);

  /** `post` sends to the current worker (or nowhere while it is respawned: `repost` then sends to the next). */
  constructor(private readonly post: (message: ToReasoner) => void) {}

  idle(): Promise<void> {
    return this.idles.add((id) => ({ type: 'idle', id }), this.post);
  }

  run(): Promise<RunStats> {
    return this.runs.add((id) => ({ type: 'run', id }), this.post);
  }

  recomputeTrust(scope: InputScope): Promise<TrustRunSummary> {
    return this.recomputes.add((id) => ({ type: 'trustRecompute', id, ...(scope.domains ? { domains: scope.domains } : {}) }), this.post);
  }

  flushTrust(): Promise<TrustRunReport | undefined> {
    return this.flushes.add((id) => ({ type: 'trustFlush', id }), this.post);
  }

  /** Settles the request `message` answers; false for a message that answers none. */
  answer(message: FromReasoner): boolean {
    switch (message.type) {
      case 'idle': this.idles.resolve(message.id); return true;
      case 'ran': this.runs.resolve(message.id, message.stats); return true;
      case 'runFailed': this.runs.reject(message.id, receivedError(message.error)); return true;
      case 'trustRecomputed': this.recomputes.resolve(message.id, message.summary); return true;
      case 'trustRecomputeFailed': this.recomputes.reject(message.id, receivedError(message.error)); return true;
      case 'trustFlushed': this.flushes.resolve(message.id, message.report); return true;
      default: return false;
    }
  }

  /** Sends every waiting request to a new worker, in the order they were made. */
  repost(send: (message: ToReasoner) => void): void {
    const waiting = [this.idles, this.runs, this.recomputes, this.flushes].flatMap((p) => [...p.waiting.entries()] as Array<[number, { message: ToReasoner }]>);
    for (const [, request] of waiting.sort(([a], [b]) => a - b)) send(request.message);
  }

  /**
   * The worker died (or the thread stopped): runs and recomputes fail with `error`; trust flushes resolve with
   * nothing (the next worker starts trust with a full recompute); idle waits stay for the next worker, unless `stopped`.
   */
  fail(error: Error, stopped = false): void {
    this.runs.settleAll((r) => r.reject(error));
    this.recomputes.settleAll((r) => r.reject(error));
    this.flushes.settleAll((r) => r.resolve(undefined));
    if (stopped) this.idles.settleAll((r) => r.resolve());
  }
}
