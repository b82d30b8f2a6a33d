/**
 * The durable graph store: a decorator around MemoryGraphStore that logs every
 * effective change to a write-ahead log and acknowledges a write only after
 * fsync (docs/durability.md). Changes are applied in memory synchronously, so a
 * check-then-write in one tick is serializable; the promise resolves when durable.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { mkdirSync, truncateSync, openSync, fsyncSync, closeSync, unlinkSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ChangeSet, CommitReceipt, GraphStore, LoadOptions, QueryOptions, QueryResult, SerializedResult, TextChangeSet, Transaction,
} from '../GraphStore.js';
import { MemoryGraphStore } from '../MemoryGraphStore.js';
import { ChangeSetTransaction } from '../ChangeSetTransaction.js';
import { toNQuads } from '../rdfText.js';
import { exactChangeText } from '../exactChangeText.js';
import { encodeRecordChunks, type WalRecord } from './walRecord.js';
import { WriteAheadLog } from './WriteAheadLog.js';
import { recoverInto } from './recoverInto.js';
import { acquireLock } from './dataDirLock.js';
import { listDataDir, snapshotHeader, snapshotPath, walPath } from './dataDirLayout.js';
import { commitTemp, dumpByGraph, writeTempSync } from './snapshotFile.js';
import { SnapshotPolicy } from './SnapshotPolicy.js';

export interface DurableOptions {
  /**
   * Take a snapshot (and truncate the log) when the current WAL exceeds this size.
   * Default: adaptive, max(64 MiB, twice the size of the data) (SnapshotPolicy).
   */
  readonly snapshotThresholdBytes?: number;
  /** Snapshot on clean close so the next start replays nothing. Default true. */
  readonly snapshotOnClose?: boolean;
  /** Called when a log write or fsync fails. Default: log and exit the process (fail-stop). */
  readonly onFatal?: (error: Error) => void;
}

export type CommitListener = (record: WalRecord) => void;

export interface DurableStats {
  readonly quadCount: number;
  readonly walBytes: number;
  readonly lastSeq: number;
  readonly lastSnapshotTime: Date | undefined;
  readonly recordsReplayedAtOpen: number;
  /** Log write+fsync rounds since open (≤ commits, thanks to group commit). */
  readonly walFsyncs: number;
}

function failStop(error: Error): void {
  // See WriteAheadLog: after a failed fsync nothing guarantees the data is on disk; stop and recover from the log.
  console.error(`FATAL: write-ahead log write/fsync failed (${error.message}); stopping to avoid acknowledging lost writes.`);
  process.exit(70);
}

export class DurableGraphStore implements GraphStore {
  private readonly listeners = new Set<CommitListener>();
  private snapshotting: Promise<void> | undefined;
  private lastSnapshotTime: Date | undefined;
  private readonly snapshotPolicy: SnapshotPolicy;
  private closed = false;

  private constructor(
    readonly inner: MemoryGraphStore,
    readonly dataDir: string,
    private wal: WriteAheadLog,
    private generation: number,
    private lastSeq: number,
    private readonly releaseLock: () => void,
    private readonly options: DurableOptions,
    private readonly recordsReplayed: number,
  ) {
    this.snapshotPolicy = new SnapshotPolicy(options.snapshotThresholdBytes);
  }

  /** Lock the directory, recover (snapshot + log replay), cut a torn last record, and open the log for appends. */
  static async open(dataDir: string, options: DurableOptions = {}): Promise<DurableGraphStore> {
    mkdirSync(dataDir, { recursive: true });
    const release = acquireLock(dataDir);
    try {
      for (const name of readdirSync(dataDir)) if (name.endsWith('.nq.tmp')) unlinkSync(join(dataDir, name)); // unfinished snapshots
      const inner = new MemoryGraphStore();
      const recovered = recoverInto(inner.raw, dataDir); // before the first size(): counted once, when asked
      if (recovered.tornTail) {
        console.warn(`Write-ahead log ${recovered.tornTail.file}: dropped a torn last record (truncated to ${recovered.tornTail.validLength} bytes).`);
        truncateSync(recovered.tornTail.file, recovered.tornTail.validLength);
        const fd = openSync(recovered.tornTail.file, 'r+');
        fsyncSync(fd);
        closeSync(fd);
      }
      const wal = new WriteAheadLog(walPath(dataDir, recovered.walGeneration), options.onFatal ?? failStop);
      const store = new DurableGraphStore(inner, dataDir, wal, recovered.walGeneration, recovered.lastSeq, release, options, recovered.recordsReplayed);
      if (recovered.snapshotGeneration > 0) {
        store.snapshotPolicy.observed(statSync(snapshotPath(dataDir, recovered.snapshotGeneration)).size, inner.size());
      }
      return store;
    } catch (error) {
      release();
      throw error;
    }
  }

  get raw(): oxigraph.Store {
    return this.inner.raw;
  }

  /** Listen to every committed change, in commit order, right after it is applied in memory (before it is durable). */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The sequence number of the last logged change: grows with every effective change (GraphStore.changeCount). */
  changeCount(): number {
    return this.lastSeq;
  }

  stats(): DurableStats {
    return {
      quadCount: this.inner.size(), walBytes: this.wal.size, lastSeq: this.lastSeq,
      lastSnapshotTime: this.lastSnapshotTime, recordsReplayedAtOpen: this.recordsReplayed, walFsyncs: this.wal.fsyncs,
    };
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('The durable graph store is closed.');
  }

  /** Log an effective change that is already in memory; resolves once it is on stable storage. */
  private log(change: ChangeSet): Promise<CommitReceipt> {
    if (change.deletes.length === 0 && change.inserts.length === 0) return this.noChange();
    return this.logRecord(toNQuads(change.deletes), toNQuads(change.inserts));
  }

  /** A no-op may depend on earlier changes not yet durable (e.g. inserting what an unacknowledged commit inserted). */
  private noChange(): Promise<CommitReceipt> {
    const seq = this.lastSeq;
    return this.wal.barrier().then(() => ({ seq }));
  }

  /** Number, publish and append one record; `insertBytes` is `inserts` already UTF-8 encoded (bulk loads). */
  private logRecord(deletes: string, inserts: string, insertBytes?: Buffer): Promise<CommitReceipt> {
    const record: WalRecord = { seq: ++this.lastSeq, deletes, inserts };
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch (error) {
        console.error('Commit listener failed:', error);
      }
    }
    const durable = this.wal.append(encodeRecordChunks({ seq: record.seq, deletes, inserts: insertBytes ?? inserts }));
    if (!this.snapshotting && this.snapshotPolicy.due(this.wal.size, () => this.inner.size())) {
      this.snapshot().catch((error: unknown) => console.error('Snapshot failed (the log still holds every change):', error));
    }
    return durable.then(() => ({ seq: record.seq }));
  }

  private run<T>(apply: () => T, then: (applied: T) => Promise<CommitReceipt>): Promise<CommitReceipt> {
    try {
      this.ensureOpen();
      return then(apply());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  commit(change: ChangeSet): Promise<CommitReceipt> {
    if (change.exactAt !== undefined && change.exactAt === this.lastSeq && !this.closed) {
      // Nothing changed since the caller computed the change against the whole state it touches:
      // it is exactly the effective change, applied and logged as text (exactChangeText).
      const text = exactChangeText(change.deletes, change.inserts);
      if (text && this.inner.applyExactText(text, change.validated === true)) {
        return text.deletes || text.inserts ? this.logRecord(text.deletes, text.inserts) : this.noChange();
      }
    }
    return this.run(() => this.inner.applyChange(change), (effective) => this.log(effective));
  }

  /**
   * GraphStore.commitText: at the caller's exactAt, the change's own lines are applied (one DELETE DATA, one load) and
   * logged as they are (MemoryGraphStore.applyGroundText); undefined otherwise.
   */
  commitText(change: TextChangeSet): Promise<CommitReceipt> | undefined {
    if (this.closed || change.exactAt === undefined || change.exactAt !== this.lastSeq) return undefined; // `commit` checks
    const applied = this.inner.applyGroundText(change);
    if (!applied) return undefined;
    return applied.deletes || applied.inserts ? this.logRecord(applied.deletes, applied.inserts) : this.noChange();
  }

  update(sparql: string, options: { baseIri?: string } = {}): Promise<CommitReceipt> {
    return this.run(() => this.inner.applyUpdate(sparql, options.baseIri), (effective) => this.log(effective));
  }

  /**
   * Ground N-Quads / N-Triples (no blank node) take the bulk path: one
   * atomic oxigraph `load`, and the input bytes themselves become the log
   * record (MemoryGraphStore.loadGround). Anything else is parsed and only
   * the effective change is logged.
   */
  async load(data: string, options: LoadOptions): Promise<number> {
    this.ensureOpen();
    const ground = this.inner.loadGround(data, options);
    if (ground) {
      await (ground.parsed === 0 ? this.noChange() : this.logRecord('', data, ground.nquads));
      return ground.parsed;
    }
    let parsed = 0;
    await this.run(() => this.inner.loadText(data, options), (effective) => {
      parsed = effective.parsed;
      return this.log(effective);
    });
    return parsed;
  }

  transaction(): Transaction {
    return new ChangeSetTransaction(this);
  }

  /**
   * Dump the store to snapshot-<gen+1>.nq (atomically) and continue the log in
   * wal-<gen+1>.log; then delete older logs and snapshots (log truncation).
   * The dump and the log switch happen in one tick, so the snapshot holds exactly the records before the switch.
   */
  snapshot(): Promise<void> {
    if (!this.snapshotting) {
      this.snapshotting = this.takeSnapshot().finally(() => {
        this.snapshotting = undefined;
      });
    }
    return this.snapshotting;
  }

  /** Resolves once no snapshot is in flight (its files renamed and older ones deleted); never rejects. */
  async idle(): Promise<void> {
    await this.snapshotting?.catch(() => undefined);
  }

  private async takeSnapshot(): Promise<void> {
    const generation = this.generation + 1;
    const path = snapshotPath(this.dataDir, generation);
    // One tick: the temp file gets exactly the state after record lastSeq, then appends move to the new log.
    const bytes = writeTempSync(path, [snapshotHeader(this.lastSeq), ...dumpByGraph(this.inner.raw)]);
    const quads = this.inner.recount(); // the dump walked the store anyway: check the kept count
    const oldLogDurable = this.wal.rotate(walPath(this.dataDir, generation));
    this.generation = generation;
    await commitTemp(path);
    await oldLogDurable;
    const files = listDataDir(this.dataDir);
    for (const gen of files.wals) if (gen < generation) unlinkSync(walPath(this.dataDir, gen));
    for (const gen of files.snapshots) if (gen < generation) unlinkSync(snapshotPath(this.dataDir, gen));
    this.lastSnapshotTime = new Date();
    this.snapshotPolicy.observed(bytes, quads);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.snapshotting?.catch(() => undefined);
    if (this.options.snapshotOnClose ?? true) await this.snapshot();
    this.closed = true;
    await this.wal.close();
    this.releaseLock();
  }

  size(): number {
    return this.inner.size();
  }

  match(subject?: RDF.Term | null, predicate?: RDF.Term | null, object?: RDF.Term | null, graph?: RDF.Term | null): RDF.Quad[] {
    return this.inner.match(subject, predicate, object, graph);
  }

  has(quad: RDF.Quad): boolean {
    return this.inner.has(quad);
  }

  graphs(): string[] {
    return this.inner.graphs();
  }

  query(sparql: string, options?: QueryOptions): Promise<QueryResult> {
    return this.inner.query(sparql, options);
  }

  queryTo(sparql: string, mediaType: string, options?: QueryOptions): Promise<SerializedResult> {
    return this.inner.queryTo(sparql, mediaType, options);
  }

  dump(mediaType: string, graph?: string | 'default'): string {
    return this.inner.dump(mediaType, graph);
  }
}
