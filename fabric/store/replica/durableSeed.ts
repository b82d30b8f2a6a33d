/**
 * Read-only recovery of a replica from the durable store's data directory
 * (snapshot + WAL, fabric/store/durable/recoverInto.ts). Safe while the
 * primary runs: recovery never modifies files. A torn last record is skipped
 * here; the primary forwards that commit as a record anyway, and records with
 * seq <= lastSeq are dropped, so the race between disk and stream is harmless.
 */
import type oxigraph from 'oxigraph';
import { recoverInto } from '../durable/recoverInto.js';

export function recoverReplica(store: oxigraph.Store, dataDir: string): { lastSeq: number } {
  return { lastSeq: recoverInto(store, dataDir).lastSeq };
}
