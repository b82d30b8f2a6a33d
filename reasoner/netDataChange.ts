/**
 * The net change of a batch for the incremental reasoner (docs/reasoner.md "Incremental re-evaluation"):
 * which of the batch's triples the data (the store outside the inferred graphs) gained and lost with
 * respect to the mirror's merged data graph. A triple counts as held when some graph outside the inferred
 * graphs holds it; the data triple counts (dataTripleCounts.ts) answer "held nowhere" without asking the
 * store (a WASM lookup and oxigraph term objects per triple), otherwise the store is asked. A quad whose
 * last change in the batch is an insert is held without asking: the batch lists the changes of every record
 * the store applied since the previous batch, in commit order (deletes before inserts within a record), so no
 * later record removed it — with NGSI-LD creates, every changed triple.
 */
import oxigraph from 'oxigraph';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import type { DataTripleCounts } from './dataTripleCounts.js';
import { SCRATCH_DATA_GRAPH } from './scratchCopy.js';
import { namedGraphsHolding, type KeyedTerms } from './mirrorHolders.js';
import { REASONER_GRAPHS } from './vocabulary.js';
import { KeyedTriple } from './deltaAtoms.js';

/** A changed quad of a batch, with its N-Quads line from the change record when it is known. */
export interface PendingQuad {
  readonly quad: oxigraph.Quad;
  readonly line?: string;
  /** Whether the record inserted (true) or deleted (false) it; unknown: the store is asked. */
  readonly inserted?: boolean;
}

export function isInferred(graph: oxigraph.Term): boolean {
  return graph.termType === 'NamedNode' && graph.value.startsWith(REASONER_GRAPHS.prefix);
}

/** Whether the store holds the triple in a graph outside the inferred graphs (after the commits so far). */
export function heldInData(store: GraphStore, q: oxigraph.Quad, line: string | undefined, counts: DataTripleCounts | undefined): boolean {
  if (counts && line !== undefined && !counts.mayBeHeld(line)) return false;
  return store.match(q.subject, q.predicate, q.object, null).some((h) => !isInferred(h.graph as oxigraph.Term));
}

/**
 * The key of a quad's triple as deltaAtoms.ts `key` writes it (`s p o`, each term's `toString()`), from the quad's text
 * (`toString()`): the text without its graph term. A triple term is written differently inside a quad's text
 * (`<<( … )>>`) and alone: then the terms are asked.
 */
function tripleKeyOf(q: oxigraph.Quad, text: string): string {
  if (text.includes('<<(')) return `${q.subject.toString()} ${q.predicate.toString()} ${q.object.toString()}`;
  const graph = q.graph;
  if (graph.termType === 'DefaultGraph') return text;
  const graphText = graph.toString();
  if (!text.endsWith(` ${graphText}`)) throw new Error(`Unexpected text of a quad: ${text}`);
  return text.slice(0, text.length - graphText.length - 1);
}

export interface NetDataChange {
  readonly inserts: KeyedTerms[];
  readonly deletes: KeyedTerms[];
  /** The mirror's named graphs holding each insert (same order), before the batch: e.g. the rule graph of a triple now stated. */
  readonly insertGraphs: string[][];
}

/**
 * The batch's net change of the data as triples (terms and key; their graph is the mirror's data graph). Whether the
 * mirror's data graph holds each triple is asked for the whole batch at once (mirrorHolders.ts), not per triple.
 */
export function netDataChange(store: GraphStore, mirror: oxigraph.Store, batch: readonly PendingQuad[], counts: DataTripleCounts | undefined): NetDataChange {
  // The last change of each quad (graph included) in commit order: a quad last inserted is held now.
  const last = new Map<string, { key: string; inserted: boolean }>();
  const byKey = new Map<string, { pending: PendingQuad; triple: KeyedTerms }>();
  for (const pending of batch) {
    const { quad: q } = pending;
    const text = q.toString();
    const key = tripleKeyOf(q, text);
    if (pending.inserted !== undefined) last.set(text, { key, inserted: pending.inserted });
    if (!byKey.has(key)) byKey.set(key, { pending, triple: new KeyedTriple(key, q) }); // its terms read only if asked
  }
  const heldNow = new Set<string>();
  for (const change of last.values()) if (change.inserted) heldNow.add(change.key);
  const items = [...byKey.values()];
  const holding = namedGraphsHolding(mirror, items.map((item) => item.triple));
  const inserts: KeyedTerms[] = [];
  const insertGraphs: string[][] = [];
  const deletes: KeyedTerms[] = [];
  for (const [i, { pending: { quad: q, line }, triple }] of items.entries()) {
    const held = heldNow.has(triple.key) || heldInData(store, q, line, counts);
    const mirrored = holding[i].includes(SCRATCH_DATA_GRAPH);
    if (held && !mirrored) { inserts.push(triple); insertGraphs.push(holding[i]); }
    if (!held && mirrored) deletes.push(triple);
  }
  return { inserts, deletes, insertGraphs };
}
