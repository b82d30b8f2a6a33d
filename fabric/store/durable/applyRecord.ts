/**
 * Apply logged or snapshotted N-Quads to an oxigraph store WITHOUT renaming
 * blank nodes. oxigraph's Store.load renames blank nodes on every call, so only
 * lines that cannot contain a blank node (no "_:" anywhere) take the fast bulk
 * `load`; the others are parsed with oxigraph.parse (which keeps labels) and
 * added or deleted one by one. N-Quads escapes newlines in literals, so a line is a quad.
 *
 * The text here was validated when it was first written (a live load or
 * commit, or an oxigraph dump) and is CRC-checked in the log, so it is loaded
 * with `lenient` (no IRI / language-tag re-validation) and, for log records,
 * `no_transaction` (oxigraph's bulk loader).
 */
import oxigraph from 'oxigraph';
import type { RawWalRecord } from './walRecord.js';
import { oxigraphHeapReserve } from '../WasmHeapReserve.js';

const NQUADS = 'application/n-quads';
const BLANK = '_:';
/** Large strings go to oxigraph as UTF-8 bytes: passing a JS string of many MiB into WASM is several times slower. */
const BYTES_ABOVE = 1 << 20;

type Text = string | Buffer;

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

export function insertNQuads(store: oxigraph.Store, text: Text): void {
  let ground: Text = text;
  let labelled = '';
  if (text.includes(BLANK)) ({ ground, labelled } = split(text.toString()));
  if (ground.length > 0) {
    const input = typeof ground === 'string' && ground.length > BYTES_ABOVE ? Buffer.from(ground, 'utf8') : ground;
    oxigraphHeapReserve.beforeLoad(input.length);
    store.load(input, { format: NQUADS, no_transaction: true, lenient: true });
  }
  addLabelled(store, labelled);
  oxigraphHeapReserve.afterWrite();
}

/**
 * Insert a stream of N-Quads bytes (a snapshot read in blocks) with ONE `load`
 * call, so neither the whole text nor a copy of it is ever held in memory.
 * Blocks are cut at line ends; lines with blank nodes are set aside and added
 * (labels kept) after the load. One transaction: measured at 1M quads it needs
 * less memory than the bulk loader and is as fast on dump-ordered input.
 */
export function insertNQuadsStream(store: oxigraph.Store, blocks: Iterable<Buffer>): void {
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
  store.load(groundBlocks(), { format: NQUADS, lenient: true });
  for (const text of labelled) addLabelled(store, text);
  oxigraphHeapReserve.afterWrite();
}

/** SPARQL / N-Triples syntax of a parsed term; triple terms as `<<( s p o )>>` (oxigraph prints them without the brackets). */
function termText(term: oxigraph.Term): string {
  if (term.termType === 'Quad') return `<<( ${termText(term.subject)} ${termText(term.predicate)} ${termText(term.object)} )>>`;
  return term.toString();
}

/**
 * Remove the quads of N-Quads text. Without blank nodes (not allowed in DELETE DATA) or code-point
 * escapes (SPARQL would unescape them) this is ONE SPARQL `DELETE DATA`: per-quad `delete` of NGSI-LD
 * reifier quads (triple terms) costs tens of µs each with oxigraph 0.5.11, and a telemetry batch logs
 * hundreds of them. Deleting an absent quad is a no-op either way.
 */
export function deleteNQuads(store: oxigraph.Store, text: Text): void {
  if (text.length === 0) return;
  const source = text.toString();
  const quads = oxigraph.parse(source, { format: NQUADS });
  if (quads.length > 1 && !source.includes(BLANK) && !source.includes('\\u') && !source.includes('\\U')) {
    const byGraph = new Map<string, string>();
    for (const q of quads) {
      const graph = q.graph.termType === 'DefaultGraph' ? '' : termText(q.graph);
      byGraph.set(graph, `${byGraph.get(graph) ?? ''}${termText(q.subject)} ${termText(q.predicate)} ${termText(q.object)} .\n`);
    }
    let update = 'DELETE DATA {\n';
    for (const [graph, triples] of byGraph) update += graph ? `GRAPH ${graph} {\n${triples}}\n` : triples;
    try {
      store.update(`${update}}`);
      return;
    } catch {
      // one update is one transaction: nothing was removed; delete quad by quad below
    }
  }
  for (const quad of quads) store.delete(quad);
}

/** Replay one WAL record: deletes first, then inserts (the ChangeSet order). */
export function applyRecord(store: oxigraph.Store, record: Pick<RawWalRecord, 'deletes' | 'inserts'>): void {
  deleteNQuads(store, record.deletes);
  insertNQuads(store, record.inserts);
}
