/**
 * The cf:trustScore attribute of each IE as this service last wrote it (docs/trust.md "Cost"): the stored score and
 * the observedAt it was written with, from which its quads (natural triple and default instance reifier) are built
 * again. A rewrite of a score then deletes those quads instead of reading the replaced instance from the store
 * (replacedAttribute.ts: four `match` calls and the reifier's quads read through oxigraph's getters, ≈ 15 µs a quad).
 *
 * An entry promises: what attributeQuads would find of the IE's cf:trustScore by its lookups of the natural triples,
 * the default instance's reifier, the natural triples' reifiers and the entity graph's datasetId instances is exactly
 * the entry's quads (the default reifier may also hold a triple term of another attribute, which a rewrite leaves).
 * Only the lookup of reifiers of a value about to be written (a stale one, from before) still goes to the store.
 * Kept across this service's own commits only (OwnCommitMemory); someone else's record forgets each IE it names in a
 * line that could change what those lookups find:
 * - a line holding cf:trustScore (a natural triple `ie cf:trustScore o`, or a reifier of one: both name the IE);
 * - a line holding ngsi-ld:datasetId (a datasetId instance counts only in the IE's entity graph, which the line names);
 * - a line whose subject is the default instance's reifier (its metadata, a sub-attribute; forgetBySubjectReifier);
 * and a record with a `\u` escape forgets everything (an IRI could be written escaped). A change that none of these
 * lines show cannot change what the lookups find: any quad they read is one of them. A run writes an entry only when
 * the store's instances were replaced whole (attributeInstances.partial: a reifier kept in part could become an
 * instance again through a line naming neither this attribute nor the IE).
 */
import type { ChangeRecord } from '../../fabric/store/GraphStore.js';
import { NGSI_DATASET_ID } from '../../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import { reifierIri, REIFIER_PREFIX } from '../../fabric/ngsi-ld/mapping/reifierIri.js';
import { GRAPHS } from '../../fabric/rdf/namespaces.js';
import { hasCodepointEscape, OwnCommitMemory } from './OwnCommitMemory.js';
import { TRUST } from './trustVocabulary.js';

/** The default instance of an IE's cf:trustScore as written: the stored score and the observedAt it was written with. */
export interface ScoreInstance {
  readonly value: number;
  readonly observedAt: string;
}

/** Tokens of the lines after which a named IE's lookups may find something else. */
const LINE_TOKENS = [`<${TRUST.trustScore}>`, `<${NGSI_DATASET_ID}>`];
/** A reifier IRI is REIFIER_PREFIX and a hash of fixed length (reifierIri.ts): the hash identifies it. */
const REIFIER_TOKEN = `<${REIFIER_PREFIX}`;
const HASH_LENGTH = reifierIri('', '', undefined).length - REIFIER_PREFIX.length;
const hashOf = (reifier: string): string => reifier.slice(REIFIER_PREFIX.length);
/** A number from the first four characters of a hash at `at` (ASCII): most lines are ruled out by it without a string. */
const hashKey = (text: string, at: number): number =>
  text.charCodeAt(at) | (text.charCodeAt(at + 1) << 7) | (text.charCodeAt(at + 2) << 14) | (text.charCodeAt(at + 3) << 21);
const SPACE = 32;
const TAB = 9;
const CLOSE = 62; // '>'

export class WrittenScores extends OwnCommitMemory<ScoreInstance> {
  /** The remembered IEs by the hash of their default score reifier's IRI. */
  private readonly reifiers = new Map<string, string>();
  /** hashKey of those hashes (several hashes may share one; a key stays until everything is forgotten). */
  private readonly reifierKeys = new Set<number>();
  /** The remembered IEs by their entity graph's IRI, where it is not the IE's own (GRAPHS.entity). */
  private readonly graphs = new Map<string, string>();

  /** The score instance the store holds, or undefined when not known (read the store). */
  instance(ie: string): ScoreInstance | undefined {
    return this.entry(ie);
  }

  protected override set(ie: string, entry: ScoreInstance): void {
    if (!this.entry(ie)) {
      const hash = hashOf(reifierIri(ie, TRUST.trustScore, undefined));
      this.reifiers.set(hash, ie);
      this.reifierKeys.add(hashKey(hash, 0));
      const graph = GRAPHS.entity(ie);
      if (graph !== ie) this.graphs.set(graph, ie);
    }
    super.set(ie, entry);
  }

  protected override delete(ie: string): void {
    if (this.entry(ie)) {
      this.reifiers.delete(hashOf(reifierIri(ie, TRUST.trustScore, undefined)));
      this.graphs.delete(GRAPHS.entity(ie));
    }
    super.delete(ie);
  }

  protected override clear(): void {
    this.reifiers.clear();
    this.reifierKeys.clear();
    this.graphs.clear();
    super.clear();
  }

  protected override foreign(record: ChangeRecord): void {
    for (const text of [record.deletes, record.inserts]) {
      if (text.length === 0) continue;
      if (hasCodepointEscape(text)) {
        this.clear();
        return;
      }
      for (const token of LINE_TOKENS) {
        for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + token.length)) {
          const start = text.lastIndexOf('\n', at) + 1;
          const end = text.indexOf('\n', at);
          this.forgetNamed(text, start, end < 0 ? text.length : end);
        }
      }
      this.forgetBySubjectReifier(text);
    }
  }

  /**
   * Forget the IE whose default score reifier is the subject of a line (its metadata, a sub-attribute's natural
   * triple, another attribute's triple term on it): the reifier's lookup reads its quads in the entity graph. A
   * mention in a triple term (`r2 rdf:reifies <<( r S v )>>`, a sub-attribute's reifier) changes nothing the lookups
   * find while `r S v` is not in the store, and a line adding that starts with the reifier. N-Quads has one statement
   * per line; spaces or tabs may precede it in text a store reports as given.
   */
  private forgetBySubjectReifier(text: string): void {
    if (this.reifiers.size === 0) return;
    for (let start = 0; start < text.length;) {
      let s = start;
      while (text.charCodeAt(s) === SPACE || text.charCodeAt(s) === TAB) s++;
      const hash = s + REIFIER_TOKEN.length;
      if (this.reifierKeys.has(hashKey(text, hash)) && text.startsWith(REIFIER_TOKEN, s) && text.charCodeAt(hash + HASH_LENGTH) === CLOSE) {
        const ie = this.reifiers.get(text.slice(hash, hash + HASH_LENGTH));
        if (ie !== undefined) this.delete(ie);
      }
      const next = text.indexOf('\n', s);
      if (next < 0) return;
      start = next + 1;
    }
  }

  /** Forget every remembered IE that an IRI of `text` between `start` and `end` (one line) names. */
  private forgetNamed(text: string, start: number, end: number): void {
    for (let open = text.indexOf('<', start); open >= 0 && open < end; open = text.indexOf('<', open + 1)) {
      const close = text.indexOf('>', open);
      if (close < 0 || close > end) return;
      const ie = this.named(text.slice(open + 1, close));
      if (ie !== undefined) this.delete(ie);
    }
  }

  /** The remembered IE an IRI names as its own or its entity graph's, if any. */
  private named(iri: string): string | undefined {
    return this.entry(iri) ? iri : this.graphs.get(iri);
  }
}
