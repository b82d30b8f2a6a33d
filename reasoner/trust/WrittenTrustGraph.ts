/**
 * What the trust graph holds about each IE as this service last wrote it (docs/trust.md "Cost"): its
 * cf:TrustBreakdown and its cf:untrustedByTrust marker, kept as the inputs they were written from (the result,
 * the configuration, the computation time; the quads are built again when needed, which costs no store call).
 * A run reads an IE's old breakdown from here instead of from the store (two `match` calls and ≈ 17 oxigraph
 * quads per IE, each a WASM object with a finalizer), and diffs it with the new one in JS.
 *
 * True only while no one else writes the trust graph: kept across this service's own commits only
 * (OwnCommitMemory), and any other record mentioning the trust graph's IRI forgets everything (the next run reads
 * the store again).
 */
import type * as RDF from '@rdfjs/types';
import type { ChangeRecord } from '../../fabric/store/GraphStore.js';
import type { TrustConfiguration } from './TrustConfiguration.js';
import type { TrustResult } from './trustComputation.js';
import { hasCodepointEscape, OwnCommitMemory } from './OwnCommitMemory.js';
import { TRUST_GRAPH } from './trustVocabulary.js';

/** The inputs of an IE's trust graph entries as written. */
export interface WrittenEntry {
  readonly result: TrustResult;
  readonly config: TrustConfiguration;
  readonly computedAt: string;
  /** Whether the cf:untrustedByTrust marker was written. */
  readonly marked: boolean;
}

/** The quads of an entry (breakdown and marker), built the way they were written. */
export type EntryQuads = (entry: WrittenEntry) => RDF.Quad[];

const GRAPH_TOKEN = `<${TRUST_GRAPH}>`;

/**
 * Whether a record may touch the trust graph: its IRI anywhere in the text, or a `\u` escape (an IRI could be
 * written escaped in user-loaded N-Quads, whose text a store may report as it was given).
 */
const mayTouchTrustGraph = (record: ChangeRecord): boolean =>
  [record.deletes, record.inserts].some((text) => text.includes(GRAPH_TOKEN) || hasCodepointEscape(text));

export class WrittenTrustGraph extends OwnCommitMemory<WrittenEntry> {
  constructor(private readonly quadsOf: EntryQuads) {
    super();
  }

  /** The IE's breakdown and marker quads as the store holds them, or undefined when not known (read the store). */
  quads(ie: string): RDF.Quad[] | undefined {
    const entry = this.entry(ie);
    return entry ? this.quadsOf(entry) : undefined;
  }

  protected override foreign(record: ChangeRecord): void {
    if (mayTouchTrustGraph(record)) this.clear();
  }
}
