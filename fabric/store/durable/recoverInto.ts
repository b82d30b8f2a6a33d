/**
 * Recovery (read-only): load the newest complete snapshot, then replay the
 * write-ahead logs of that generation and later, skipping records the
 * snapshot already contains. Never modifies files, so query replicas may call
 * it from worker threads while the node runs; DurableGraphStore.open repairs
 * a torn tail afterwards.
 */
import type oxigraph from 'oxigraph';
import { existsSync, readFileSync } from 'node:fs';
import { applyRecord, insertNQuads } from './applyRecord.js';
import { listDataDir, SNAPSHOT_HEADER, snapshotPath, walPath } from './dataDirLayout.js';
import { CorruptWalError, decodeLog } from './walRecord.js';

export interface RecoveryResult {
  readonly lastSeq: number;
  /** Generation of the snapshot loaded (0 when none). */
  readonly snapshotGeneration: number;
  /** Generation of the newest WAL (the one to append to). */
  readonly walGeneration: number;
  /** When the newest WAL ends in a torn record: its valid length, to truncate to. */
  readonly tornTail?: { readonly file: string; readonly validLength: number };
  readonly recordsReplayed: number;
}

export function recoverInto(store: oxigraph.Store, dataDir: string): RecoveryResult {
  if (!existsSync(dataDir)) return { lastSeq: 0, snapshotGeneration: 0, walGeneration: 0, recordsReplayed: 0 };
  const files = listDataDir(dataDir);
  const snapshotGeneration = files.snapshots.at(-1) ?? 0;
  let lastSeq = 0;
  if (files.snapshots.length > 0) {
    const text = readFileSync(snapshotPath(dataDir, snapshotGeneration), 'utf8');
    const header = SNAPSHOT_HEADER.exec(text);
    if (!header) throw new Error(`Snapshot ${snapshotPath(dataDir, snapshotGeneration)} has no "# lastSeq=" header; it is not a Continuum Fabric snapshot.`);
    lastSeq = Number(header[1]);
    insertNQuads(store, text.slice(header[0].length));
  }
  const wals = files.wals.filter((gen) => gen >= snapshotGeneration);
  let tornTail: RecoveryResult['tornTail'];
  let recordsReplayed = 0;
  for (const gen of wals) {
    const file = walPath(dataDir, gen);
    const log = decodeLog(readFileSync(file), file);
    if (tornTail) {
      // Logs are flushed strictly in order: a torn record can only be followed by records never acknowledged.
      if (log.records.length > 0) throw new CorruptWalError(tornTail.file, tornTail.validLength, 'torn record followed by a newer log');
    }
    for (const record of log.records) {
      if (record.seq <= lastSeq) continue; // already in the snapshot
      applyRecord(store, record);
      lastSeq = record.seq;
      recordsReplayed++;
    }
    if (log.tornTail) tornTail = { file, validLength: log.validLength };
  }
  return { lastSeq, snapshotGeneration, walGeneration: wals.at(-1) ?? snapshotGeneration, tornTail, recordsReplayed };
}
