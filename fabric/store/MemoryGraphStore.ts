/**
 * The in-memory graph store: one oxigraph Store. All the fabric's other
 * stores are decorators around it (durable WAL, query replicas). Besides the
 * GraphStore interface it offers synchronous `applyChange`, `applyUpdate` and
 * `loadText`, which return the EFFECTIVE change (only quads that really
 * disappeared / appeared) so a decorator can log exactly what happened, and
 * `loadGround`, the bulk path for N-Quads / N-Triples without blank nodes. Writes tell WasmHeapReserve.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type {
  ChangeSet, CommitReceipt, GraphStore, LoadOptions, QueryOptions, QueryResult, SerializedResult, TextChangeSet, Transaction,
} from './GraphStore.js';
import { ChangeSetTransaction } from './ChangeSetTransaction.js';
import { oxigraphHeapReserve } from './WasmHeapReserve.js';
import { queryStore, queryStoreTo, sparqlError } from './oxigraphQuery.js';
import {
  countStatements, errorPosition, freshLabels, mediaTypeOf, messageOf, quadHasBlankNode, renameQuad, toOx, toOxTerm,
} from './rdfText.js';
import { executeUpdate } from './update/UpdatePlanner.js';
import type { ExactChangeText } from './exactChangeText.js';
import { groundChangeText } from './groundChangeText.js';
import { NotAcceptableError, RdfSyntaxError, UnsupportedMediaTypeError } from '../errors/FabricError.js';

const NQUADS = 'application/n-quads';
const NTRIPLES = 'application/n-triples';
/** Media types oxigraph parses (W3C RDF 1.1 syntaxes + JSON-LD 1.1 with inline contexts). */
const TRIPLE_FORMATS = new Set(['text/turtle', 'application/n-triples', 'application/rdf+xml']);
const QUAD_FORMATS = new Set(['application/trig', NQUADS, 'application/ld+json']);
/** From this many ground inserts on, one N-Quads `load` beats per-quad `add` (oxigraph 0.5.11 at 10k / 40k IEs with the heap
 * reserve, docs/benchmarks.md §4: texts + one load vs adds, 2 quads 22 vs 67 / 64 µs, 16 quads 0.26 vs 0.43 / 0.13 vs 0.31 ms,
 * 256 quads 6.0 vs 9.8 / 6.1 vs 9.2 ms; one quad about even, 15 vs 17 µs). */
const BULK_THRESHOLD = 2;
/** From this many inserts into one named graph, one ASK (≈ 38 µs at 10k IEs) may spare each a test of absence (9–15 µs). */
const EMPTY_GRAPH_CHECK_FROM = 8;

/** Text for `load` as UTF-8 bytes: the glue copies a JS string by a JS loop over its characters (58 quads: ≈ 0.1 ms more). */
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** A bulk load of ground N-Quads: the input itself, UTF-8 encoded, is the change (see loadGround). */
export interface GroundLoad {
  /** Statements in the input (duplicates and quads already present included). */
  readonly parsed: number;
  /** The input as UTF-8 N-Quads (N-Triples is N-Quads in the default graph). */
  readonly nquads: Buffer;
}

export class MemoryGraphStore implements GraphStore {
  /** The oxigraph store, for reads. A write to it directly must be followed by `recount()` (recovery writes before the first size()). */
  readonly raw: oxigraph.Store;
  /**
   * The number of quads, kept by every write from its effective change; undefined = not known (a given oxigraph
   * Store, a ground bulk load). oxigraph 0.5.11's `Store.size` walks the store (≈ 0.1 s per 500k quads).
   */
  private quadCount: number | undefined;

  constructor(raw: oxigraph.Store = new oxigraph.Store()) {
    this.raw = raw;
  }

  /** O(1) except after a ground bulk load or `recount()`, where the next call counts once. */
  size(): number {
    this.quadCount ??= this.raw.size;
    return this.quadCount;
  }

  /** Count the quads again (O(n)): after writing to `raw` directly, or to check the kept count. */
  recount(): number {
    this.quadCount = undefined;
    return this.size();
  }

  private counted(change: ChangeSet): ChangeSet {
    if (this.quadCount !== undefined) this.quadCount += change.inserts.length - change.deletes.length;
    oxigraphHeapReserve.afterWrite();
    return change;
  }

  /** Terms that already are oxigraph's (e.g. from an earlier match or parse) are passed as they are, not copied (toOxTerm). */
  match(subject?: RDF.Term | null, predicate?: RDF.Term | null, object?: RDF.Term | null, graph?: RDF.Term | null): RDF.Quad[] {
    const t = (term?: RDF.Term | null): oxigraph.Term | null => (term ? toOxTerm(term) : null);
    return this.raw.match(t(subject), t(predicate), t(object), t(graph)) as unknown as RDF.Quad[];
  }

  has(quad: RDF.Quad): boolean {
    return this.raw.has(toOx(quad));
  }

  graphs(): string[] {
    const rows = this.raw.query('SELECT DISTINCT ?g WHERE { GRAPH ?g {} }') as Map<string, oxigraph.Term>[];
    return rows.map((row) => {
      const g = row.get('g')!;
      return g.termType === 'BlankNode' ? `_:${g.value}` : g.value;
    });
  }

  transaction(): Transaction {
    return new ChangeSetTransaction(this);
  }

  async commit(change: ChangeSet): Promise<CommitReceipt> {
    this.applyChange(change);
    return { seq: 0 };
  }

  async load(data: string, options: LoadOptions): Promise<number> {
    return (this.loadGround(data, options) ?? this.loadText(data, options)).parsed;
  }

  async update(sparql: string, options: { baseIri?: string } = {}): Promise<CommitReceipt> {
    this.applyUpdate(sparql, options.baseIri);
    return { seq: 0 };
  }

  async close(): Promise<void> {
    // Nothing to release: the oxigraph store is garbage-collected.
  }

  /** Apply deletes then inserts; returns only the quads that were really removed / added. */
  applyChange(change: ChangeSet): ChangeSet {
    // Every quad is converted first (oxigraph refuses e.g. a malformed IRI), so a refusal changes nothing.
    const toDelete = change.deletes.map(toOx);
    const toInsert = change.inserts.map(toOx);
    const deletes: oxigraph.Quad[] = [];
    for (const q of toDelete) {
      if (this.raw.has(q)) { // a delete is mostly present: `has` is the cheaper test then (see `absent`)
        this.raw.delete(q);
        deletes.push(q);
      }
    }
    return this.counted({ deletes, inserts: this.insertAbsent(toInsert, change.validated === true, change.inserts) });
  }

  /**
   * Apply an EXACT change (every delete present, every insert absent: the caller checked the
   * store did not change since it computed the change, ChangeSet.exactAt) given as its text
   * (exactChangeText): one SPARQL DELETE DATA and one transactional N-Quads `load` instead of
   * per-quad `has` / `delete` / `add` calls into WASM. All or nothing: when the load fails the
   * deletes are put back, in the same tick, so no reader sees a half-applied change. Returns false
   * (and changes nothing) when oxigraph refuses the text; the caller then takes applyChange.
   * `validated` (ChangeSet.validated): the inserts' IRIs and language tags were checked, load them `lenient`.
   */
  applyExactText(text: ExactChangeText, validated = false): boolean {
    try {
      if (text.deleteData) this.raw.update(text.deleteData);
    } catch {
      return false; // one update is one transaction: nothing was removed
    }
    try {
      if (text.inserts) this.raw.load(utf8(text.inserts), { format: NQUADS, lenient: validated });
      if (this.quadCount !== undefined) this.quadCount += text.insertCount - text.deleteCount;
      oxigraphHeapReserve.afterWrite();
      return true;
    } catch {
      if (text.deletes) this.raw.load(text.deletes, { format: NQUADS }); // parsed before as SPARQL, so it loads
      return false;
    }
  }

  /**
   * Apply an EXACT change given as N-Quads text (GraphStore.commitText: the caller's exactAt is the current count) as
   * applyExactText does. Returns the applied change's texts, or undefined having changed nothing (text not taken by
   * groundChangeText, oxigraph refusing it); the caller then applies the parsed quads. A change that is not exact is not
   * taken: its effective change cannot be told from the text (an ASK of its deletes as one ground pattern overflowed
   * oxigraph's stack from ≈ 1,000 lines and left the WebAssembly instance broken; docs/benchmarks.md §4).
   */
  applyGroundText(change: TextChangeSet): ExactChangeText | undefined {
    const text = groundChangeText(change.deletes, change.inserts);
    if (!text) return undefined;
    return this.applyExactText(text, change.validated === true) ? text : undefined;
  }

  /** Whether an insert is missing: `!raw.has`, but a reifier's quad (triple term) by match: at 10k / 40k IEs `has` 24 / 22 µs,
   * the match 9 / 8.5 µs when absent, 36 / 31 µs when present (so deletes use `has`; docs/benchmarks.md §4, heap reserve). */
  private absent(q: oxigraph.Quad): boolean {
    if (q.subject.termType !== 'Quad' && q.object.termType !== 'Quad') return !this.raw.has(q);
    return !this.raw.match(q.subject, q.predicate, null, q.graph).some((m) => m.object.equals(q.object));
  }

  /**
   * `validated`: the quads' IRIs and language tags were checked (ChangeSet.validated), their text may load `lenient`.
   * `view[i]` is `quads[i]` as the caller had it, to read terms from (a JS term costs nothing, an oxigraph one a WASM call).
   */
  private insertAbsent(quads: readonly oxigraph.Quad[], validated = false, view: readonly RDF.Quad[] = quads): oxigraph.Quad[] {
    const ground = new Map<string, oxigraph.Quad>();
    const inserts: oxigraph.Quad[] = [];
    const emptyGraphs = quads.length < EMPTY_GRAPH_CHECK_FROM ? undefined : this.emptyTargetGraphs(view);
    for (let i = 0; i < quads.length; i++) {
      const q = quads[i];
      // An oxigraph quad's text: one WASM call, read once (a `_:` in an IRI or literal: the per-quad way too, same effect).
      const text = quads.length >= BULK_THRESHOLD && view[i] === q ? q.toString() : undefined;
      if (quads.length < BULK_THRESHOLD || (text === undefined ? quadHasBlankNode(view[i]) : text.includes('_:'))) {
        if (this.absent(q)) {
          this.raw.add(q);
          inserts.push(q);
        }
      } else if ((emptyGraphs?.size && view[i].graph.termType === 'NamedNode' && emptyGraphs.has(view[i].graph.value)) || this.absent(q)) {
        ground.set(text ?? q.toString(), q);
      }
    }
    if (ground.size > 0) {
      // Ground quads only: `load` would rename blank nodes. Transactional: atomic, and `no_transaction` is no faster
      // (81k reifier-heavy quads at 10k IEs: 0.50 vs 0.66 s; the 40 s once measured was GC on WASM memory growth).
      this.raw.load(utf8(`${[...ground.keys()].join(' .\n')} .\n`), { format: NQUADS, lenient: validated }); // keys: the quads' texts
      for (const q of ground.values()) inserts.push(q); // not push(...spread): that overflows the stack past ~10^5 quads
    }
    return inserts;
  }

  /**
   * Named graphs that get at least EMPTY_GRAPH_CHECK_FROM of these inserts and hold no quad now (a new entity or
   * decision graph, or one the same change cleared): every insert into them is absent, no `has` needed.
   */
  private emptyTargetGraphs(quads: readonly RDF.Quad[]): Set<string> {
    const perGraph = new Map<string, number>();
    for (const q of quads) if (q.graph.termType === 'NamedNode') perGraph.set(q.graph.value, (perGraph.get(q.graph.value) ?? 0) + 1);
    const empty = new Set<string>();
    for (const [graph, n] of perGraph) {
      if (n >= EMPTY_GRAPH_CHECK_FROM && this.raw.query(`ASK { GRAPH <${graph}> { ?s ?p ?o } }`) === false) empty.add(graph);
    }
    return empty;
  }

  /** SPARQL 1.1 Update, applied operation by operation; returns the net effective change. */
  applyUpdate(sparql: string, baseIri?: string): ChangeSet {
    try {
      return this.counted(executeUpdate(this.raw, sparql, baseIri));
    } catch (error) {
      throw sparqlError(error);
    }
  }

  /**
   * Parse RDF text (nothing changes if it is malformed), give its blank nodes
   * fresh labels and insert it. Returns the effective change and the number of quads parsed.
   */
  loadText(data: string, options: LoadOptions): ChangeSet & { parsed: number } {
    const format = mediaTypeOf(options.format);
    if (!TRIPLE_FORMATS.has(format) && !QUAD_FORMATS.has(format)) {
      throw new UnsupportedMediaTypeError(`Cannot load RDF in ${format}; supported: ${[...TRIPLE_FORMATS, ...QUAD_FORMATS].join(', ')}.`);
    }
    let parsed: oxigraph.Quad[];
    try {
      parsed = oxigraph.parse(data, {
        format,
        ...(options.baseIri ? { base_iri: options.baseIri } : {}),
        ...(options.graph && TRIPLE_FORMATS.has(format) ? { to_graph_name: oxigraph.namedNode(options.graph) } : {}),
      });
    } catch (error) {
      const message = messageOf(error);
      const { line, column } = errorPosition(message);
      throw new RdfSyntaxError(message, line, column);
    }
    if (options.graph && format === 'application/ld+json') {
      const graph = oxigraph.namedNode(options.graph);
      parsed = parsed.map((q) => (q.graph.termType === 'DefaultGraph' ? oxigraph.quad(q.subject, q.predicate, q.object, graph) : q));
    }
    const rename = freshLabels();
    const inserts = this.insertAbsent(parsed.map((q) => renameQuad(q, rename)));
    this.counted({ deletes: [], inserts });
    return { deletes: [], inserts, parsed: parsed.length };
  }

  /**
   * Bulk path: N-Quads, or N-Triples into the default graph, with no blank node
   * (no "_:" anywhere in the text) goes to oxigraph's own parser in ONE `load`
   * transaction — atomic, so malformed input changes nothing — without creating
   * a JS object per quad. Returns undefined (and does nothing) for any other
   * input, which takes loadText: oxigraph's `load` would rename blank nodes
   * (differently on every call), so input with blank nodes is parsed, given
   * fresh labels and added quad by quad, keeping the labels the log records.
   * The change is the input itself (quads already present included: inserting
   * them again is a no-op, so replaying it is exact). Parsed strictly, except text the caller wrote and
   * checked itself (LoadOptions.validated: the NGSI-LD write path), which oxigraph parses `lenient`
   * — it skips only its IRI (oxiri) and language-tag (oxilangtag) validation, not the N-Quads grammar.
   */
  loadGround(data: string, options: LoadOptions): GroundLoad | undefined {
    const format = mediaTypeOf(options.format);
    if (!(format === NQUADS || (format === NTRIPLES && !options.graph)) || data.includes('_:')) return undefined;
    const nquads = Buffer.from(data, 'utf8');
    oxigraphHeapReserve.beforeLoad(nquads.length);
    try {
      this.raw.load(nquads, { format, lenient: options.validated === true });
    } catch (error) {
      const message = messageOf(error);
      const { line, column } = errorPosition(message);
      throw new RdfSyntaxError(message, line, column);
    }
    this.quadCount = undefined; // the input may repeat quads already present
    oxigraphHeapReserve.afterWrite();
    return { parsed: countStatements(data), nquads };
  }

  async query(sparql: string, options?: QueryOptions): Promise<QueryResult> {
    return queryStore(this.raw, sparql, options);
  }

  async queryTo(sparql: string, mediaType: string, options?: QueryOptions): Promise<SerializedResult> {
    return queryStoreTo(this.raw, sparql, mediaType, options);
  }

  dump(mediaType: string, graph?: string | 'default'): string {
    const format = mediaTypeOf(mediaType);
    let from: oxigraph.NamedNode | oxigraph.BlankNode | oxigraph.DefaultGraph | undefined;
    if (graph === 'default') from = oxigraph.defaultGraph();
    else if (graph !== undefined) from = graph.startsWith('_:') ? oxigraph.blankNode(graph.slice(2)) : oxigraph.namedNode(graph);
    else if (!QUAD_FORMATS.has(format)) from = oxigraph.defaultGraph();
    try {
      return this.raw.dump({ format, ...(from ? { from_graph_name: from } : {}) });
    } catch (error) {
      throw new NotAcceptableError(`Cannot serialize RDF as ${format}: ${messageOf(error)}`);
    }
  }
}
