/**
 * Replaces the store's inferred graphs with those computed in the scratch
 * store, writing only the difference, through the GraphStore interface: the
 * graphs are compared as N-Quads text (no JS object per unchanged derived
 * triple), and the retractions and additions go to the store as ONE `commit`
 * (one atomic change, one log record; blank-node labels kept: oxigraph.parse
 * keeps them), so a reader never sees a run's retractions without its additions (additions only, as a first
 * run writes them, go in as slices: below).
 * `scope` limits the graphs considered (the incremental reasoner replaces only
 * the graphs of the rules it re-ran, and the provenance graph).
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { CommitReceipt, GraphStore } from '../fabric/store/GraphStore.js';
import { inferredGraphs } from './scratchCopy.js';
import { toNQuads } from '../fabric/store/rdfText.js';
import { changedText, type ChangedQuad } from './derivedChanges.js';

const NQUADS = 'application/n-quads';

export interface Delta {
  readonly added: number;
  readonly removed: number;
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

/** "s p o ." of a graph dump → "s p o <g> .". */
function inGraph(line: string, graph: string): string {
  return `${line.slice(0, line.lastIndexOf(' .'))} <${graph}> .\n`;
}

/** A whole graph dump ("s p o ." lines; N-Triples escapes line breaks inside literals) → N-Quads in `graph`. */
function textInGraph(text: string, graph: string): string {
  return text.replaceAll(' .\n', ` <${graph}> .\n`);
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Derived lines per `load` of a first run's write (below): a bound on the text copied into WASM memory at once. The cost
 * per line does not depend on it (10k / 50k / 200k / 400k-line slices at 10k IEs, heap reserve: 2.7 / 3.0 / 3.0 / 2.9 µs a
 * line; docs/benchmarks.md §4 "oxigraph costs re-measured with the heap reserve"); one slice holds the thread ≈ 0.6 s.
 */
const LOAD_SLICE_LINES = 200_000;

/** The text in pieces of at most `lines` whole lines. */
export function* lineSlices(text: string, lines: number): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = start;
    for (let n = 0; n < lines && end < text.length; n++) {
      const next = text.indexOf('\n', end);
      end = next < 0 ? text.length : next + 1;
    }
    yield text.slice(start, end);
    start = end;
  }
}

/** Texts of whole lines regrouped into pieces of at most `lines` lines (a text longer than that is cut). */
export function* regroupLines(texts: Iterable<string>, lines: number): Generator<string> {
  let batch: string[] = [];
  let held = 0;
  for (const text of texts) {
    for (const piece of lineSlices(text, lines)) {
      const n = lineCount(piece);
      if (held + n > lines && batch.length > 0) {
        yield batch.join('');
        batch = [];
        held = 0;
      }
      batch.push(piece);
      held += n;
    }
  }
  if (batch.length > 0) yield batch.join('');
}

export async function replaceInferredGraphs(store: GraphStore, scratch: oxigraph.Store, graphs: readonly string[], scope?: readonly string[]): Promise<Delta> {
  const inScope = scope ? new Set(scope) : undefined;
  const existing = new Set(inferredGraphs(store).filter((g) => !inScope || inScope.has(g)));
  const wanted = new Set(graphs);
  let deleteText = '';
  /** N-Quads texts to add: whole graphs the store does not have yet, and lines missing from the graphs it has. */
  const insertTexts: string[] = [];
  let added = 0;
  let removed = 0;
  for (const graph of new Set([...existing, ...wanted])) {
    const wantText = wanted.has(graph) ? scratch.dump({ format: NQUADS, from_graph_name: oxigraph.namedNode(graph) }) : '';
    if (!existing.has(graph)) {
      // A graph the store does not have (e.g. every rule graph in a first run): all of it is added, as text —
      // no line strings and no sets (1.9M derived triples at 100k IEs kept V8's garbage collector busy).
      if (wantText) { insertTexts.push(textInGraph(wantText, graph)); added += lineCount(wantText); }
      continue;
    }
    const have = lines(store.dump(NQUADS, graph));
    const want = lines(wantText);
    const haveSet = new Set(have);
    const wantSet = new Set(want);
    for (const line of have) {
      if (!wantSet.has(line)) { deleteText += inGraph(line, graph); removed++; }
    }
    let insertText = '';
    for (const line of want) {
      if (!haveSet.has(line)) { insertText += inGraph(line, graph); added++; }
    }
    if (insertText) insertTexts.push(insertText);
  }
  if (!deleteText && insertTexts.length > 0 && !insertTexts.some((t) => t.includes('_:'))) {
    // Additions only, without blank nodes (e.g. a first run): N-Quads `load`s, the store's bulk path — no JS object per
    // derived triple (190k of them took ≈ 54 s through `commit` at 10k IEs vs seconds). In slices of LOAD_SLICE_LINES
    // lines, one commit each: the text is copied into oxigraph's WASM memory, which the store and the scratch store
    // share (4 GiB), and one text of the 1.9M derived quads of 100k IEs beside them exhausted it. A crash between slices
    // leaves part of the derived triples, which the next run completes (it compares the graphs).
    for (const slice of regroupLines(insertTexts, LOAD_SLICE_LINES)) await store.load(slice, { format: NQUADS });
    return { added, removed };
  }
  const insertText = insertTexts.join('');
  const deletes = deleteText ? oxigraph.parse(deleteText, { format: NQUADS }) as RDF.Quad[] : [];
  const inserts = insertText ? oxigraph.parse(insertText, { format: NQUADS }) as RDF.Quad[] : [];
  if (deletes.length > 0 || inserts.length > 0) await store.commit({ deletes, inserts });
  return { added, removed };
}

/**
 * A store that commits N-Quads text in oxigraph's printing as `commit` commits its parsed quads, without parsing it (the
 * reasoner worker's replica, which posts the text of its writes to the node: ReasonerReplicaStore).
 */
export interface NQuadsCommit {
  commitNQuads(deletes: string, inserts: string): Promise<CommitReceipt>;
}

const takesNQuads = (store: GraphStore): store is GraphStore & NQuadsCommit => typeof (store as Partial<NQuadsCommit>).commitNQuads === 'function';

/**
 * The incremental reasoner's write: the derived quads it added and removed (known from its delta evaluation, as text:
 * derivedChanges.ts) and the provenance's, as ONE commit — no comparison of whole graphs. It is N-Quads text in
 * oxigraph's printing: a store that takes such text (NQuadsCommit) gets it as it is, any other the parsed quads
 * (blank-node labels kept).
 */
export async function commitInferredChange(store: GraphStore, derived: { readonly added: readonly ChangedQuad[]; readonly removed: readonly ChangedQuad[] },
  provenance: { readonly added: readonly oxigraph.Quad[]; readonly removed: readonly oxigraph.Quad[] }): Promise<Delta> {
  const deletes = changedText(derived.removed) + toNQuads(provenance.removed);
  const inserts = changedText(derived.added) + toNQuads(provenance.added);
  const delta = { added: derived.added.length + provenance.added.length, removed: derived.removed.length + provenance.removed.length };
  if (!deletes && !inserts) return delta;
  if (takesNQuads(store)) await store.commitNQuads(deletes, inserts);
  else await store.commit({ deletes: parsed(deletes), inserts: parsed(inserts) });
  return delta;
}

function parsed(text: string): RDF.Quad[] {
  return text ? oxigraph.parse(text, { format: NQUADS }) as RDF.Quad[] : [];
}
