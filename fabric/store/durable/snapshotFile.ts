/**
 * Snapshot files: written block by block to a temp file in the snapshot's
 * tick (the store cannot change meanwhile), then fsynced, renamed over the
 * target and the directory fsynced (POSIX rename(2) is atomic).
 */
import oxigraph from 'oxigraph';
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

const NQUADS = 'application/n-quads';
const BLOCK_CHARS = 4 << 20;

/**
 * N-Quads of the whole store, one graph at a time: oxigraph's `dump` of the
 * whole store builds the full text twice (in WASM memory, which never shrinks,
 * and as a JS string), ~1.1 GiB peak at 1M quads; per-graph dumps keep only one
 * graph's text at a time. A graph is dumped as N-Triples-shaped lines, so its
 * name is appended to each line: " .\n" only ends a line (N-Quads escapes
 * newlines in literals).
 */
export function* dumpByGraph(store: oxigraph.Store): Generator<string> {
  yield store.dump({ format: NQUADS, from_graph_name: oxigraph.defaultGraph() });
  const rows = store.query('SELECT DISTINCT ?g WHERE { GRAPH ?g {} }') as Map<string, oxigraph.Term>[];
  for (const row of rows) {
    const graph = row.get('g') as oxigraph.NamedNode | oxigraph.BlankNode;
    yield store.dump({ format: NQUADS, from_graph_name: graph }).replaceAll(' .\n', ` ${graph.toString()} .\n`);
  }
}

/** Write `texts` to `${path}.tmp` synchronously, in blocks of a few MiB; returns the bytes written. */
export function writeTempSync(path: string, texts: Iterable<string>): number {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  try {
    const flush = (text: string): void => {
      const buffer = Buffer.from(text, 'utf8');
      for (let at = 0; at < buffer.length;) at += writeSync(fd, buffer, at);
      bytes += buffer.length;
    };
    let block = '';
    for (const text of texts) {
      block += text;
      if (block.length >= BLOCK_CHARS) {
        flush(block);
        block = '';
      }
    }
    if (block.length > 0) flush(block);
  } catch (error) {
    closeSync(fd);
    unlinkSync(tmp);
    throw error;
  }
  closeSync(fd);
  return bytes;
}

/** fsync `${path}.tmp`, rename it to `path`, fsync the directory. */
export async function commitTemp(path: string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    const file = await open(tmp, 'r+');
    try {
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
