/**
 * NGSI-LD reifier metadata left out of the incremental reasoner's mirror (docs/reasoner.md "Reifier metadata outside
 * the mirror"). Every NGSI-LD attribute instance has a reifier (docs/ngsi-ld-mapping.md "Reifiers": subject under
 * REIFIER_PREFIX) carrying statements with the predicates of REIFIER_METADATA (rdf:reifies, cf:attributeKind,
 * ngsi-ld:observedAt / createdAt / modifiedAt / unitCode, …): 38 of the bench's aerOS IE's 49 quads, 3.8M of 4.9M at
 * 100k IEs. When no loaded rule can read or derive such a statement, the mirror (the scratch copy a full run computes
 * in, kept and fed by the change records) leaves them out; sub-attribute statements (other predicates on a reifier)
 * stay.
 *
 * The condition, sound for any data:
 * 1. static, over the loaded rules: no rule's WHERE (every pattern, negation and sub-queries included:
 *    premiseSignature.ts) or template (headSignature) names a metadata predicate (also inside a property path), none
 *    reads a negated property set, GRAPH / SERVICE, a variable predicate outside the conjunctive part of its WHERE
 *    (deltaPlan.ts `opaque.any`, which also covers a zero-length property path `p*` / `p?`: it binds every node of the
 *    data, a reifier with metadata only included) or an unguarded variable predicate (`?s ?p ?o` alone);
 * 2. over the computed fixpoint, and kept by every batch: no guard of those variable predicates holds for a
 *    metadata predicate IRI (no `ngsi-ld:observedAt rdfs:subPropertyOf ?q` / `owl:inverseOf`, stated or derived).
 * Then no execution can bind a metadata statement: a constant predicate cannot match it (1), a guarded variable
 * predicate binds the statement's predicate only when the guard triple about that IRI holds (its subject or object
 * is the predicate IRI, not a reifier, so it is never a left-out statement itself), which (2) excludes; the same
 * for the templates, so no rule derives one either (a full run over everything would not derive a stated one). So
 * the fixpoint over the data without them is the fixpoint over all data minus the metadata statements.
 * With the built-in rules (subproperty-statement and inverse-of read guarded variable predicates) both hold unless
 * the schema describes the reifier vocabulary; when they do not hold the mirror keeps everything, as before.
 */
import oxigraph from 'oxigraph';
import { REIFIER_PREFIX } from '../fabric/ngsi-ld/mapping/reifierIri.js';
import { REIFIER_METADATA } from '../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import type { Rule } from './Rule.js';
import { deltaPlan } from './deltaPlan.js';
import { headSignature, type Guard, type PremiseSignature } from './premiseSignature.js';
import type { CopyFilter } from './scratchCopy.js';
import { REASONER_GRAPHS } from './vocabulary.js';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * One line (N-Triples or N-Quads) with a reifier subject and a metadata predicate, not in an inferred graph (an
 * inferred-graph line is someone else's write: the reasoner must see it). A line spelled otherwise is kept (harmless).
 */
const METADATA_LINE = new RegExp(
  `^<${escape(REIFIER_PREFIX)}[^>\\s]*>[ \\t]+<(?:${[...REIFIER_METADATA].map(escape).join('|')})>`
  + `(?![^\\n]*<${escape(REASONER_GRAPHS.prefix)}[^>\\n]*>[ \\t]*\\.[ \\t]*(?:\\n|$))[^\\n]*(?:\\n|$)`,
  'gm',
);

/** The text (N-Triples or N-Quads) without its reifier metadata lines; `dropped` counts them. */
export function withoutReifierMetadata(text: string, dropped?: () => void): string {
  if (!text.includes(REIFIER_PREFIX)) return text;
  return text.replace(METADATA_LINE, () => { dropped?.(); return ''; });
}

/**
 * The store the reasoner reads lacks the reifier metadata (the worker's replica, seeded without it) and a full run
 * found that the rules read it: the worker must be seeded again with it (ReasonerThread).
 */
export class ReifierMetadataNeeded extends Error {
  constructor(readonly reason: string) {
    super(`The rules read the NGSI-LD reifier metadata, which this replica left out: ${reason}`);
    this.name = 'ReifierMetadataNeeded';
  }
}

/** Why the rules may read reifier metadata (condition 1), or the guards their variable predicates rely on. */
export function metadataGuards(rules: readonly Rule[]): Guard[] | string {
  const guards: Guard[] = [];
  for (const rule of rules) {
    if (deltaPlan(rule).opaque.any) return `rule ${rule.id} reads any statement (a variable predicate outside the conjunctive part of its WHERE, GRAPH, or a zero-length property path p* / p?, which binds every node)`;
    for (const [what, signature] of [['reads', rule.premises], ['derives', headSignature(rule.query, rule.id)]] as Array<[string, PremiseSignature]>) {
      if (signature.unknown) return `rule ${rule.id} ${what} any predicate (negated property set, GRAPH or SERVICE)`;
      const named = [...signature.predicates].find((p) => REIFIER_METADATA.has(p));
      if (named) return `rule ${rule.id} ${what} <${named}>`;
      for (const slot of signature.variablePredicates) {
        if (slot === 'any') return `rule ${rule.id} ${what} an unguarded variable predicate`;
        guards.push(...slot);
      }
    }
  }
  return guards;
}

/** The mirror's filter while the metadata is left out (scratchCopy's CopyFilter, and the change records' text). */
export class LeftOutReifierMetadata implements CopyFilter {
  private readonly guardPredicates: ReadonlySet<string>;
  /** Statements left out of the change records so far. */
  leftOut = 0;

  /** `required`: the store lacks the metadata, so a run that finds it read throws ReifierMetadataNeeded. */
  constructor(private readonly guards: readonly Guard[], private readonly required = false) {
    this.guardPredicates = new Set(guards.map((g) => g.predicate));
  }

  /** The rules' filter, or why the metadata must stay in the mirror. */
  static forRules(rules: readonly Rule[], required = false): LeftOutReifierMetadata | string {
    const guards = metadataGuards(rules);
    if (typeof guards === 'string' && required) throw new ReifierMetadataNeeded(guards);
    return typeof guards === 'string' ? guards : new LeftOutReifierMetadata(guards, required);
  }

  /** The text (N-Triples or N-Quads) without its reifier metadata lines. */
  filter(text: string): string {
    return withoutReifierMetadata(text, () => { this.leftOut++; });
  }

  /** A change record's text without its metadata lines; `counted` is told how many it dropped. */
  strip(record: { readonly deletes: string; readonly inserts: string }, counted: (n: number) => void): { deletes: string; inserts: string } {
    const before = this.leftOut;
    const stripped = { deletes: this.filter(record.deletes), inserts: this.filter(record.inserts) };
    if (this.leftOut > before) counted(this.leftOut - before);
    return stripped;
  }

  /** Condition 2 on a store holding data and derived triples: undefined, or the guard triple that breaks it. */
  verify(store: oxigraph.Store): string | undefined {
    for (const guard of this.guards) {
      for (const iri of REIFIER_METADATA) {
        const term = oxigraph.namedNode(iri);
        const p = oxigraph.namedNode(guard.predicate);
        const found = guard.position === 'subject' ? store.match(term, p, null, null) : store.match(null, p, term, null);
        if (found.length === 0) continue;
        const reason = `<${iri}> is described by <${guard.predicate}> (a rule reads the predicates it describes)`;
        if (this.required) throw new ReifierMetadataNeeded(reason);
        return reason;
      }
    }
    return undefined;
  }

  /** Whether one of these quads (data inserted, triples derived) may make a guard hold for a metadata predicate. */
  breaksOn(quads: Iterable<{ readonly subject: oxigraph.Term; readonly predicate: oxigraph.Term; readonly object: oxigraph.Term; readonly key?: string }>): boolean {
    for (const q of quads) {
      if (!this.guardPredicates.has(q.key === undefined ? q.predicate.value : predicateOfKey(q.key))) continue;
      if (REIFIER_METADATA.has(q.subject.value) || REIFIER_METADATA.has(q.object.value)) return true;
    }
    return false;
  }
}

/**
 * The predicate IRI of a triple key (`s p o` in N-Triples, deltaAtoms.ts): the subject is an IRI or a blank node, neither
 * with a space, and the predicate an IRI; read from the text, without a term object.
 */
function predicateOfKey(key: string): string {
  const start = key.indexOf(' ') + 2;
  return key.slice(start, key.indexOf('>', start));
}

/** Chooses, per full run, whether the mirror leaves the metadata out (RuleEngine.runNow's `leaveOut`); says why it keeps it. */
export class ReifierMetadataChoice {
  private kept: string | undefined;
  private said: string | undefined;
  /** The filter of the last full run: the metadata its mirror leaves out (undefined: the mirror holds everything). */
  leftOut: LeftOutReifierMetadata | undefined;

  /** `required`: the store lacks the metadata (ReifierMetadataNeeded when the rules read it). */
  constructor(private readonly required = false) {}

  readonly choose = (rules: readonly Rule[]): LeftOutReifierMetadata | undefined => {
    const filter = LeftOutReifierMetadata.forRules(rules, this.required);
    this.kept = typeof filter === 'string' ? filter : undefined;
    return typeof filter === 'string' ? undefined : filter;
  };

  /** The filter the run applied; logs (once per reason) why the mirror keeps the metadata. */
  settle(run: { readonly leftOut?: CopyFilter; readonly keptBecause?: string }): void {
    const kept = run.keptBecause ?? this.kept;
    if (kept !== undefined && kept !== this.said) console.info(`Incremental reasoning: the mirror keeps the NGSI-LD reifier metadata: ${kept} (docs/reasoner.md "Reifier metadata outside the mirror").`);
    this.said = kept;
    this.leftOut = run.leftOut as LeftOutReifierMetadata | undefined;
  }

  /**
   * A change record as the mirror follows it: without the metadata lines it leaves out. A store that lacks the
   * metadata (`required`: the worker's replica) reports records already without them, so they are not scanned again.
   */
  strip(record: { readonly deletes: string; readonly inserts: string }, counted: (n: number) => void): { deletes: string; inserts: string } {
    return this.leftOut && !this.required ? this.leftOut.strip(record, counted) : record;
  }
}
