/**
 * Trust scores of the continuum's IEs (issue 4, docs/trust.md): reproduces the aerOS Trust
 * Manager, TS = 0.3·reliability + 0.5·security + 0.2·reputation − 0.01·health events (floored
 * at 0; weights from the cf:TrustConfiguration in the store). A full run reads the inputs of all
 * IEs set-based (two SPARQL queries) into memory (TrustInputsCache), ranks each domain by TOPSIS
 * in TypeScript and writes cf:trustScore (rounded to the stored precision) into the entity graph
 * of every IE whose stored score or breakdown changes, flips statuses Untrusted / Ready and keeps
 * the breakdowns in the trust graph (trustWrites.ts). A run on change (TrustOnChange) re-reads only
 * the changed IEs and ranks their domains from memory. Runs are serialized.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { quadsToNQuads } from '../../fabric/ngsi-ld/mapping/nquadsText.js';
import { readTrustConfiguration, type TrustConfiguration } from './TrustConfiguration.js';
import {
  DEFAULT_SCORE_DECIMALS, groupByDomain, groupEventsByIe, rankDomain, resultOf, scoreOf, storedScore, type DomainRanking, type TrustResult,
} from './trustComputation.js';
import { readEventInputs, readIeInputs, type InputScope, type IeInput } from './trustInputs.js';
import { trustChange, writtenQuads, type IeState } from './trustWrites.js';
import { readTrustBreakdown, type TrustBreakdownView } from './trustBreakdown.js';
import { TrustInputsCache } from './TrustInputsCache.js';
import { WrittenTrust, type Candidate } from './WrittenTrust.js';
import { WrittenTrustGraph, type WrittenEntry } from './WrittenTrustGraph.js';
import { WrittenScores } from './WrittenScores.js';
import { IE, TRUST, TRUST_GRAPH } from './trustVocabulary.js';

export interface TrustServiceOptions {
  /** IRI of the cf:TrustConfiguration to use (default cf:DefaultTrustConfiguration). */
  readonly configuration?: string;
  /** Clock (tests; the reputation window ends now). */
  readonly now?: () => Date;
  /** Decimals of the stored cf:trustScore (default 4): an IE is written only when its score changes at this precision. */
  readonly scoreDecimals?: number;
  /**
   * Where recompute() runs instead of here: the trust service in the reasoner's worker thread, which also keeps the
   * scores on change (FabricNode with incremental reasoning; docs/trust.md "In the reasoner's worker thread"), so
   * one service writes the scores. The breakdown is still read here, from this service's store.
   */
  readonly recomputeIn?: { recomputeTrust(scope: InputScope): Promise<TrustRunSummary> };
}

export interface TrustRunSummary {
  /** IEs scored (for a run on change: the members of the recomputed domains). */
  readonly ies: number;
  /** IEs whose score, breakdown or status was written (only IEs whose stored result changed are). */
  readonly written: number;
  readonly untrusted: readonly string[];
  readonly recovered: readonly string[];
  readonly computedAt: string;
  readonly millis: number;
  /** Where the time went: reading configuration and inputs (SPARQL), TOPSIS and formula, building and committing the change. */
  readonly phases: { readonly readMs: number; readonly computeMs: number; readonly writeMs: number };
  /** A full or scoped run: every IE scored. A run on change: the changed IEs and the IEs written. */
  readonly results: readonly TrustResult[];
}

/** Above this many quads inserted (or IEs written), the inserts go to the store as N-Quads text (its bulk load path). */
const TEXT_INSERT_QUADS = 5_000;
const CHUNK_IES = 400;
const NQUADS = 'application/n-quads';

interface Scored extends Candidate { readonly ie: string }

export class TrustService {
  private readonly store: GraphStore;
  private readonly configurationIri: string;
  private readonly now: () => Date;
  private readonly decimals: number;
  private queue: Promise<unknown> = Promise.resolve();
  /** Inputs as of the last full run, kept up to date by the runs on change. */
  private cache: TrustInputsCache | undefined;
  private readonly written = new WrittenTrust();
  /** The breakdowns and markers as written, while no one else writes the trust graph: not read back from the store. */
  private readonly trustGraph = new WrittenTrustGraph(writtenQuads);
  /** The cf:trustScore instances as written, while no one else writes them: a rewrite does not read them back. */
  private readonly scores = new WrittenScores();
  private readonly recomputeIn: TrustServiceOptions['recomputeIn'];

  constructor(store: GraphStore, options: TrustServiceOptions = {}) {
    this.store = store;
    this.configurationIri = options.configuration ?? TRUST.DefaultTrustConfiguration;
    this.now = options.now ?? (() => new Date());
    this.decimals = options.scoreDecimals ?? DEFAULT_SCORE_DECIMALS;
    this.recomputeIn = options.recomputeIn;
  }

  /** Whether a full run has filled the inputs in memory (runs on change then re-read only the changed IEs). */
  get hasInputsInMemory(): boolean {
    return this.cache !== undefined;
  }

  configuration(): Promise<TrustConfiguration> {
    return readTrustConfiguration(this.store, this.configurationIri);
  }

  /**
   * Recomputes the scores of every IE, or of the IEs of the given domains (TOPSIS ranks within
   * a domain, so a domain is the smallest unit a score can be recomputed in).
   */
  recompute(scope: InputScope = {}): Promise<TrustRunSummary> {
    if (this.recomputeIn) return this.recomputeIn.recomputeTrust(scope);
    return this.enqueue(() => this.run(scope));
  }

  breakdown(ieId: string): Promise<TrustBreakdownView | undefined> {
    return readTrustBreakdown(this.store, ieId);
  }

  /**
   * Recompute after a data change (TrustOnChange): the domains in `scope` (and the domain-less IEs
   * in scope.ies, each alone), where only the inputs of `changedIes` are read again; the other IEs'
   * inputs come from memory. The changed IEs are written first, in their own commit (their new
   * scores visible at once), then the other members whose stored score or breakdown changed, except in
   * the domains of `changedOnlyIn` (their re-ranking is deferred by TrustOnChange: only their changed IEs
   * are written). Without a full run first (nothing in memory) this is recompute(scope).
   */
  recomputeChanged(scope: InputScope, changedIes: readonly string[], changedOnlyIn: readonly string[] = []): Promise<TrustRunSummary> {
    return this.enqueue(() => (this.cache ? this.runChanged(scope, changedIes, new Set(changedOnlyIn)) : this.run(scope)));
  }

  private enqueue(job: () => Promise<TrustRunSummary>): Promise<TrustRunSummary> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Scores the members of a ranking that `pick` selects (numbers only, no result objects). */
  private score(ranking: DomainRanking, cache: TrustInputsCache, configKey: string, out: Scored[], pick?: (ie: string) => boolean): void {
    const used = ranking.used.join(',');
    for (let i = 0; i < ranking.members.length; i++) {
      const ie = ranking.members[i].ie;
      if (pick && !pick(ie)) continue;
      const events = cache.eventSummary(ie);
      out.push({ ie, ranking, used, index: i, score: storedScore(scoreOf(ranking, i, events, cache.config), this.decimals), events, configKey });
    }
  }

  private result(s: Scored, config: TrustConfiguration): TrustResult {
    return resultOf(s.ranking, s.index, s.events, config, this.decimals);
  }

  /**
   * Write the scored IEs whose stored result differs (and drop `vanished` IEs' entries); `bystanders`:
   * members whose own inputs did not change (WrittenTrust.same). One commit per CHUNK_IES IEs, each
   * computed and committed in one tick against the store's change count, so the store applies it as
   * text (ChangeSet.exactAt) instead of quad by quad.
   */
  private async write(scored: readonly Scored[], config: TrustConfiguration, computedAt: string, vanished: readonly string[] = [], bystanders = false): Promise<{ written: TrustResult[]; untrusted: string[]; recovered: string[] }> {
    const changed = scored.filter((s) => !this.written.same(s.ie, s, bystanders));
    if (changed.length === 0 && vanished.length === 0) return { written: [], untrusted: [], recovered: [] };
    const results = changed.map((s) => this.result(s, config));
    const states = new Map<string, IeState>();
    for (const s of changed) {
      const m = s.ranking.members[s.index];
      states.set(s.ie, { statuses: m.statuses, untrustedByTrust: m.untrustedByTrust });
    }
    const untrusted: string[] = [];
    const recovered: string[] = [];
    this.trustGraph.watch(this.store);
    this.scores.watch(this.store);
    for (let i = 0; i === 0 || i < results.length; i += CHUNK_IES) {
      const chunk = results.slice(i, i + CHUNK_IES);
      const gone = i === 0 ? vanished : [];
      const basis = this.store.changeCount?.();
      const change = trustChange(this.store, chunk, states, config, computedAt, gone, (ie) => this.trustGraph.quads(ie), (ie) => this.scores.instance(ie));
      const entries = new Map<string, WrittenEntry>(chunk.map((r) => [r.ie, { result: r, config, computedAt, marked: change.marked.has(r.ie) }]));
      /** The commit, as this service's own for both memories (each follows the change feed). */
      const own = <T>(commit: () => Promise<T>): Promise<T> => this.trustGraph.own(() => this.scores.own(commit, change.scores, gone), entries, gone);
      if (change.deletes.length === 0 && (results.length > CHUNK_IES || change.inserts.length > TEXT_INSERT_QUADS)) {
        // New scores in bulk (a first run): N-Quads text, no JS object per quad in the store, in slices of whole IEs
        // (measured at 10k IEs under load: one oxigraph `load` of all 220k quads 22 s, 10k-quad slices 5.7 s in all).
        await own(() => this.store.load(quadsToNQuads(change.inserts), { format: NQUADS }));
      } else {
        // A replacement stays atomic per IE; exact: every delete was read from the store in this tick (or is known to be
        // there, WrittenTrustGraph, WrittenScores), every insert is new.
        const exact = basis !== undefined ? { exactAt: basis } : {};
        await own(() => this.store.commit({ deletes: change.deletes, inserts: change.inserts, ...exact }));
      }
      untrusted.push(...change.untrusted);
      recovered.push(...change.recovered);
    }
    for (const s of changed) this.written.record(s.ie, s);
    for (const ie of vanished) this.written.forget(ie);
    for (const ie of untrusted) this.cache?.setStatus(ie, IE.Untrusted, true);
    for (const ie of recovered) this.cache?.setStatus(ie, IE.Ready, false);
    return { written: results, untrusted, recovered };
  }

  /** IEs that have a breakdown (written by this service, or found in the trust graph before its first full run). */
  private async known(): Promise<string[]> {
    if (this.written.size > 0) return [...this.written.ies()];
    const rows = await this.store.query(`SELECT DISTINCT ?ie WHERE { GRAPH <${TRUST_GRAPH}> { ?b <${TRUST.aboutInfrastructureElement}> ?ie } }`);
    return rows.kind === 'bindings' ? rows.rows.map((r) => r.get('ie')!.value) : [];
  }

  private async run(scope: InputScope): Promise<TrustRunSummary> {
    const started = performance.now();
    const now = this.now();
    const computedAt = now.toISOString();
    const config = await this.configuration();
    const ies = await readIeInputs(this.store, config, scope);
    const events = groupEventsByIe(await readEventInputs(this.store, config, now));
    const full = scope.domains === undefined && scope.ies === undefined;
    const configKey = JSON.stringify(config);
    if (!full && this.cache && JSON.stringify(this.cache.config) !== configKey) this.cache = undefined; // stale: the next change reads all
    const cache = full || !this.cache ? new TrustInputsCache(config, ies, events) : this.cache;
    if (full) this.cache = cache;
    else if (cache === this.cache) {
      const scoped = new Set(ies.map((i) => i.ie));
      cache.update([...scoped], ies, new Map([...events].filter(([ie]) => scoped.has(ie))));
    }
    const vanished = full ? (await this.known()).filter((ie) => !cache.get(ie)) : [];
    const read = performance.now();
    const scored: Scored[] = [];
    for (const members of groupByDomain(ies)) this.score(rankDomain(members, config), cache, configKey, scored);
    const results = scored.map((s) => this.result(s, config));
    const computed = performance.now();
    const { written, untrusted, recovered } = await this.write(scored, config, computedAt, vanished);
    return {
      phases: { readMs: read - started, computeMs: computed - read, writeMs: performance.now() - computed },
      ies: results.length, written: written.length, untrusted, recovered, computedAt, millis: performance.now() - started, results,
    };
  }

  private async runChanged(scope: InputScope, changedIes: readonly string[], changedOnlyIn: ReadonlySet<string>): Promise<TrustRunSummary> {
    const started = performance.now();
    const now = this.now();
    const computedAt = now.toISOString();
    const cache = this.cache!;
    const config = cache.config; // a change of the configuration is a full run (TrustOnChange)
    if (changedIes.length > 0) {
      const fresh = await readIeInputs(this.store, config, { ies: changedIes });
      const freshEvents = groupEventsByIe(await readEventInputs(this.store, config, now, changedIes));
      cache.update(changedIes, fresh, freshEvents);
      // An IE that is no longer one (e.g. its entity deleted) is forgotten: if it comes back with the same inputs, its
      // score is written again (its old one went with its entity graph).
      for (const ie of changedIes) if (!cache.get(ie)) this.written.forget(ie);
    }
    const read = performance.now();
    const configKey = JSON.stringify(config);
    const rankings: DomainRanking[] = [];
    /** Rankings whose other members are written too (not deferred). */
    const reranked = new Set<DomainRanking>();
    for (const domain of scope.domains ?? []) {
      const members = cache.members(domain);
      if (members.length === 0) continue;
      const ranking = rankDomain(members, config);
      rankings.push(ranking);
      if (!changedOnlyIn.has(domain)) reranked.add(ranking);
    }
    for (const ie of scope.ies ?? []) {
      const row: IeInput | undefined = cache.get(ie);
      if (row) rankings.push(rankDomain([row], config));
    }
    const changed = new Set(changedIes);
    const scoredFirst: Scored[] = [];
    for (const ranking of rankings) this.score(ranking, cache, configKey, scoredFirst, (ie) => changed.has(ie));
    const computed = performance.now();
    // The IEs whose inputs changed first (their new scores visible at once), then the rest of their domains.
    const first = await this.write(scoredFirst, config, computedAt);
    const scored: Scored[] = [];
    for (const ranking of reranked) this.score(ranking, cache, configKey, scored, (ie) => !changed.has(ie));
    const rest = await this.write(scored, config, computedAt, [], true);
    const writtenIes = new Set([...first.written, ...rest.written].map((r) => r.ie));
    const results = [...first.written, ...rest.written, ...scoredFirst.filter((s) => !writtenIes.has(s.ie)).map((s) => this.result(s, config))];
    return {
      phases: { readMs: read - started, computeMs: computed - read, writeMs: performance.now() - computed },
      ies: scoredFirst.length + scored.length, written: writtenIes.size, untrusted: [...first.untrusted, ...rest.untrusted],
      recovered: [...first.recovered, ...rest.recovered], computedAt, millis: performance.now() - started, results,
    };
  }
}
