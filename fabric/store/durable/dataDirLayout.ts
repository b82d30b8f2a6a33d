/**
 * Files of a durable data directory:
 *   LOCK                    pid of the node that owns the directory
 *   snapshot-<gen>.nq       N-Quads dump; first line "# lastSeq=<n>"
 *   wal-<gen>.log           records committed after snapshot <gen> was taken
 * Generation numbers are zero-padded so names sort in order.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const SNAPSHOT = /^snapshot-(\d{12})\.nq$/;
const WAL = /^wal-(\d{12})\.log$/;

export const lockPath = (dir: string): string => join(dir, 'LOCK');
const pad = (gen: number): string => String(gen).padStart(12, '0');
export const snapshotPath = (dir: string, gen: number): string => join(dir, `snapshot-${pad(gen)}.nq`);
export const walPath = (dir: string, gen: number): string => join(dir, `wal-${pad(gen)}.log`);

export interface DataDirFiles {
  /** Snapshot generations, ascending. */
  readonly snapshots: number[];
  /** WAL generations, ascending. */
  readonly wals: number[];
}

export function listDataDir(dir: string): DataDirFiles {
  const snapshots: number[] = [];
  const wals: number[] = [];
  for (const name of readdirSync(dir)) {
    const s = SNAPSHOT.exec(name);
    if (s) snapshots.push(Number(s[1]));
    const w = WAL.exec(name);
    if (w) wals.push(Number(w[1]));
  }
  return { snapshots: snapshots.sort((a, b) => a - b), wals: wals.sort((a, b) => a - b) };
}

export const SNAPSHOT_HEADER = /^# lastSeq=(\d+)\n/;
export const snapshotHeader = (lastSeq: number): string => `# lastSeq=${lastSeq}\n`;
