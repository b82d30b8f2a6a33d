/**
 * Recovery (read-only): load the newest complete snapshot, then replay the
 * write-ahead logs of that generation and later, skipping records the
 * snapshot already contains. Never modifies files, so query replicas may call
 * it from worker threads while the node runs; DurableGraphStore.open repairs
 * a torn tail afterwards.
 *
 * The snapshot is streamed from disk in blocks into one oxigraph `load`
 * (its "# lastSeq=" header line is an N-Quads comment), so recovery never holds
 * the snapshot text in memory; log records are applied one at a time.
 */
import type oxigraph from 'oxigraph';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { applyRecord, insertNQuadsStream } from './applyRecord.js';
import { listDataDir, SNAPSHOT_HEADER, snapshotPath, walPath } from './dataDirLayout.js';
import { CorruptWalError, readLog } from './walRecord.js';

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

const BLOCK_BYTES = 4 << 20;

/** A file's bytes in blocks of BLOCK_BYTES (each block a fresh buffer: oxigraph may still hold the previous one). */
function* fileBlocks(fd: number): Generator<Buffer> {
  for (;;) {
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    const n = readSync(fd, block, 0, BLOCK_BYTES, null);
    if (n === 0) return;
    yield block.subarray(0, n);
  }
}

/** Read the "# lastSeq=" header, then stream the whole file (header included, a comment) into the store. */
function loadSnapshot(store: oxigraph.Store, file: string): number {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const header = SNAPSHOT_HEADER.exec(head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('latin1'));
    if (!header) throw new Error(`Snapshot ${file} has no "# lastSeq=" header; it is not a Continuum Fabric snapshot.`);
    insertNQuadsStream(store, fileBlocks(fd));
    return Number(header[1]);
  } finally {
    closeSync(fd);
  }
}

export function recoverInto(store: oxigraph.Store, dataDir: string): RecoveryResult {
  if (!existsSync(dataDir)) return { lastSeq: 0, snapshotGeneration: 0, walGeneration: 0, recordsReplayed: 0 };
  const files = listDataDir(dataDir);
  const snapshotGeneration = files.snapshots.at(-1) ?? 0;
  let lastSeq = 0;
  if (files.snapshots.length > 0) lastSeq = loadSnapshot(store, snapshotPath(dataDir, snapshotGeneration));
  const wals = files.wals.filter((gen) => gen >= snapshotGeneration);
  let tornTail: RecoveryResult['tornTail'];
  let recordsReplayed = 0;
  for (const gen of wals) {
    const file = walPath(dataDir, gen);
    const reader = readLog(readFileSync(file), file);
    for (let next = reader.next(); ; next = reader.next()) {
      if (next.done) {
        if (next.value.tornTail) tornTail = { file, validLength: next.value.validLength };
        break;
      }
      // Logs are flushed strictly in order: a torn record can only be followed by records never acknowledged.
      if (tornTail) throw new CorruptWalError(tornTail.file, tornTail.validLength, 'torn record followed by a newer log');
      const record = next.value;
      if (record.seq <= lastSeq) continue; // already in the snapshot
      applyRecord(store, record);
      lastSeq = record.seq;
      recordsReplayed++;
    }
  }
  return { lastSeq, snapshotGeneration, walGeneration: wals.at(-1) ?? snapshotGeneration, tornTail, recordsReplayed };
}
