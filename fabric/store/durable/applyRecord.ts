/**
 * Apply logged or snapshotted N-Quads to an oxigraph store WITHOUT renaming
 * blank nodes. oxigraph's Store.load renames blank nodes on every call, so only
 * lines that cannot contain a blank node (no "_:" anywhere) take the fast bulk
 * `load`; the others are parsed with oxigraph.parse (which keeps labels) and
 * added or deleted one by one. N-Quads escapes newlines in literals, so a line is a quad.
 *
 * The text here was validated when it was first written (a live load or
 * commit, or an oxigraph dump) and is CRC-checked in the log, so it is loaded
 * with `lenient` (no IRI / language-tag re-validation), in one transaction: oxigraph's
 * bulk loader (`no_transaction`) was no faster for log records of NGSI-LD IEs (58, 812,
 * 11.6k and 81k quads into a store of 10k / 40k IEs: 0.76–1.32× the transaction's time,
 * slower in 6 of 8; docs/benchmarks.md §4 "oxigraph costs re-measured with the heap reserve").
 */
import oxigraph from 'oxigraph';
import type { RawWalRecord } from './walRecord.js';
import { oxigraphHeapReserve } from '../WasmHeapReserve.js';
import { deleteDataText, groundDeleteData } from './groundDeleteData.js';

const NQUADS = 'application/n-quads';
const BLANK = '_:';

type Text = string | Buffer;

/**
 * Ground N-Quads go to oxigraph in loads of at most this many bytes, cut at line ends, the heap reserve told before
 * each (WasmHeapReserve): one reservation must stay under 2 GiB, and a load past its reservation grows oxigraph's
 * memory page by page (a full GC each). A recovered snapshot or a replica's seed is several loads, not one transaction.
 */
const SLICE_BYTES = 64 * 1024 * 1024;

/** `text` cut at line ends into pieces of at most `maxBytes` (a longer line is a piece of its own). */
export function* lineSlices(text: Text, maxBytes = SLICE_BYTES): Generator<Text> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + maxBytes);
    if (end < text.length) {
      const lineEnd = text.lastIndexOf('\n', end - 1);
      end = lineEnd >= start ? lineEnd + 1 : text.indexOf('\n', end) + 1 || text.length;
    }
    yield typeof text === 'string' ? text.slice(start, end) : text.subarray(start, end);
    start = end;
  }
}

/** One load of ground N-Quads (bytes or text, or an iterable of them), with the heap reserve told before and after. */
function loadGround(store: oxigraph.Store, input: Text | Iterable<Text>, bytes: number): void {
  oxigraphHeapReserve.beforeLoad(bytes);
  store.load(input, { format: NQUADS, lenient: true });
  oxigraphHeapReserve.afterWrite();
}

function split(text: string): { ground: string; labelled: string } {
  if (!text.includes(BLANK)) return { ground: text, labelled: '' };
  let ground = '';
  let labelled = '';
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    if (line.includes(BLANK)) labelled += `${line}\n`;
    else ground += `${line}\n`;
  }
  return { ground, labelled };
}

function addLabelled(store: oxigraph.Store, labelled: string): void {
  if (labelled.length > 0) for (const quad of oxigraph.parse(labelled, { format: NQUADS })) store.add(quad);
}

export function insertNQuads(store: oxigraph.Store, text: Text, sliceBytes = SLICE_BYTES): void {
  let ground: Text = text;
  let labelled = '';
  if (text.includes(BLANK)) ({ ground, labelled } = split(text.toString()));
  if (ground.length > 0) {
    // As UTF-8 bytes: the glue copies a JS string into WASM by a JS loop over its characters (a 58-quad IE ≈ 0.1 ms
    // more than its bytes, `Buffer.from` included; a string of many MiB several times slower).
    const input = typeof ground === 'string' ? Buffer.from(ground, 'utf8') : ground;
    for (const slice of lineSlices(input, sliceBytes)) loadGround(store, slice, slice.length);
  }
  addLabelled(store, labelled);
  oxigraphHeapReserve.afterWrite();
}

/**
 * Insert a stream of N-Quads bytes (a snapshot read in blocks): one `load` call per
 * SLICE_BYTES of blocks, so neither the whole text nor a copy of it is ever held in
 * memory. Blocks are cut at line ends; lines with blank nodes are set aside and added
 * (labels kept) after the loads. Transactions, not the bulk loader: measured at 1M quads
 * it needs less memory and is as fast on dump-ordered input.
 */
export function insertNQuadsStream(store: oxigraph.Store, blocks: Iterable<Buffer>, sliceBytes = SLICE_BYTES): void {
  const labelled: string[] = [];
  function* groundBlocks(): Generator<Buffer | string> {
    let carry: Buffer = Buffer.alloc(0);
    for (const block of blocks) {
      const data = carry.length > 0 ? Buffer.concat([carry, block]) : block;
      const cut = data.lastIndexOf(0x0a) + 1;
      carry = Buffer.from(data.subarray(cut));
      yield* groundOf(data.subarray(0, cut));
    }
    if (carry.length > 0) yield* groundOf(carry);
  }
  function* groundOf(lines: Buffer): Generator<Buffer | string> {
    if (!lines.includes(BLANK)) {
      if (lines.length > 0) yield lines;
      return;
    }
    const { ground, labelled: withBlanks } = split(lines.toString('utf8'));
    labelled.push(withBlanks);
    if (ground.length > 0) yield ground;
  }
  let slice: Array<Buffer | string> = [];
  let bytes = 0;
  const flush = (): void => {
    if (bytes > 0) loadGround(store, slice.values(), bytes);
    slice = [];
    bytes = 0;
  };
  for (const block of groundBlocks()) {
    if (bytes + block.length > sliceBytes) flush();
    slice.push(block);
    bytes += block.length;
  }
  flush();
  for (const text of labelled) addLabelled(store, text);
  oxigraphHeapReserve.afterWrite();
}

/** SPARQL / N-Triples syntax of a parsed term; triple terms as `<<( s p o )>>` (oxigraph prints them without the brackets). */
function termText(term: oxigraph.Term): string {
  if (term.termType === 'Quad') return `<<( ${termText(term.subject)} ${termText(term.predicate)} ${termText(term.object)} )>>`;
  return term.toString();
}

/** The DELETE DATA removing parsed ground quads, printed term by term (the graphs' blocks in order of first appearance). */
export function deleteDataOfQuads(quads: readonly oxigraph.Quad[]): string {
  const byGraph = new Map<string, string>();
  for (const q of quads) {
    const graph = q.graph.termType === 'DefaultGraph' ? '' : termText(q.graph);
    byGraph.set(graph, `${byGraph.get(graph) ?? ''}${termText(q.subject)} ${termText(q.predicate)} ${termText(q.object)} .\n`);
  }
  return deleteDataText(byGraph);
}

/**
 * Remove the quads of N-Quads text by parsing it into oxigraph terms: any N-Quads (blank nodes keep their labels),
 * parse errors thrown. Without blank nodes or code-point escapes (SPARQL would unescape them) the terms are printed
 * into one DELETE DATA, else (or if oxigraph refuses that update) deleted quad by quad.
 */
export function deleteParsedNQuads(store: oxigraph.Store, source: string): void {
  const quads = oxigraph.parse(source, { format: NQUADS });
  if (quads.length > 1 && !source.includes(BLANK) && !source.includes('\\u') && !source.includes('\\U')) {
    try {
      store.update(deleteDataOfQuads(quads));
      return;
    } catch {
      // one update is one transaction: nothing was removed; delete quad by quad below
    }
  }
  for (const quad of quads) store.delete(quad);
}

/**
 * Remove the quads of N-Quads text in ONE SPARQL `DELETE DATA` where it can: per-quad `delete` costs
 * 11–30 µs a quad with oxigraph 0.5.11 (a reifier quad with its triple term the most), and a telemetry batch
 * logs hundreds of them; one DELETE DATA of an IE's 58 quads ≈ 1.0–1.1 ms vs 1.4–1.9 ms quad by quad
 * (docs/benchmarks.md §4 "oxigraph costs re-measured with the heap reserve"). Deleting an absent quad is a no-op either way.
 * Text of the shape the store prints its records in (groundDeleteData.ts: the records of every ground change) is
 * rewritten into the DELETE DATA as text, with no parse into terms and no printing of them again (≈ 20 µs a quad;
 * docs/benchmarks.md §4 "The query replica's deletes as text"); any other text takes `deleteParsedNQuads`.
 */
export function deleteNQuads(store: oxigraph.Store, text: Text): void {
  if (text.length === 0) return;
  const source = text.toString();
  const rewritten = groundDeleteData(source);
  if (rewritten === '') return;
  if (rewritten !== undefined) {
    try {
      store.update(rewritten);
      return;
    } catch {
      // one update is one transaction, nothing was removed: the parsing path reports what oxigraph refuses
    }
  }
  deleteParsedNQuads(store, source);
}

/** Replay one WAL record: deletes first, then inserts (the ChangeSet order). */
export function applyRecord(store: oxigraph.Store, record: Pick<RawWalRecord, 'deletes' | 'inserts'>): void {
  deleteNQuads(store, record.deletes);
  insertNQuads(store, record.inserts);
}
