/**
 * Which inserted statements of a change record can matter to the rules (docs/reasoner.md
 * "Incremental re-evaluation", "Inert changes"), told from the N-Quads text without making an
 * oxigraph term per statement. A statement is INERT when, for every rule, it reaches no opaque
 * position (deltaPlan.ts), cannot bind a premise pattern (premise signature, guards checked against
 * the mirror) and cannot be a triple the rule derives (head signature): delta evaluation would find
 * nothing for it. Inert statements only need to be in (or out of) the mirror; the incremental reasoner
 * applies them there at once as text (inertChanges.ts: one N-Triples `load` per record for inserts, one
 * DELETE DATA for deletes). Objects may be triple terms (NGSI-LD reifiers' rdf:reifies). Everything else
 * (blank nodes, triple-term subjects, statements in the inferred / rules / shapes graphs) takes the
 * ordinary path.
 *
 * Why: every oxigraph term object is a WASM handle registered with a FinalizationRegistry; V8
 * allocates a weak cell per registration in old space, so parsing and inspecting every changed quad
 * (trust's score rewrites, NGSI-LD creates) drove back-to-back full garbage collections whose cost
 * grows with the heap (measured: 376 s of GC in a 468 s profile of 1k IEs under concurrent creates).
 *
 * Valid between batches: a guard made true by a pending change is a relevant statement; when that
 * batch runs, its delta evaluation joins with the inert statements already in the mirror. The answers
 * are memoized until `reset()` (called whenever the mirror changes by a batch or a full run).
 */
import oxigraph from 'oxigraph';
import { GRAPHS, RDF } from '../fabric/rdf/namespaces.js';
import { REASONER_GRAPHS } from './vocabulary.js';
import { reachesOpaqueAtom, type DeltaPlan } from './deltaPlan.js';
import { isAffected, type GuardCheck, type PremiseSignature } from './premiseSignature.js';
import { nonEmptyLines, termEnd } from './trust/changeFeedLines.js';

const RDF_TYPE = `${RDF}type`;

export interface SplitInserts {
  /** N-Quads lines that take the ordinary path. */
  readonly relevant: string;
  /** Inert statements as N-Triples, one per line (graph dropped: the mirror merges the data into one graph). */
  readonly inert: string;
  readonly inertCount: number;
}

export class ChangeRelevance {
  private memo = new Map<string, boolean>();

  /**
   * @param heads head signatures, one per plan (same order).
   * @param special graphs whose statements always take the ordinary path (inferred, rules, shapes).
   */
  constructor(private readonly plans: readonly DeltaPlan[], private readonly heads: readonly PremiseSignature[], private readonly check: GuardCheck,
    private readonly special: (graph: string) => boolean) {}

  /** Guards checked against the mirror; inferred, rules and shapes graphs special. */
  static overMirror(plans: readonly DeltaPlan[], heads: readonly PremiseSignature[], mirror: oxigraph.Store): ChangeRelevance {
    return new ChangeRelevance(plans, heads, (iri, guard) => {
      const node = oxigraph.namedNode(iri);
      const p = oxigraph.namedNode(guard.predicate);
      return (guard.position === 'subject' ? mirror.match(node, p, null, null) : mirror.match(null, p, node, null)).length > 0;
    }, (graph) => graph.startsWith(REASONER_GRAPHS.prefix) || graph === GRAPHS.rules || graph === GRAPHS.shapes);
  }

  reset(): void {
    this.memo.clear();
  }

  /** Whether a triple with this predicate (and, for rdf:type, this class) can matter to a rule. */
  relevant(predicate: string, type: string | undefined): boolean {
    const key = type === undefined ? predicate : `${predicate}\n${type}`;
    let hit = this.memo.get(key);
    if (hit === undefined) {
      const atoms = { predicates: new Set([predicate]), types: new Set(type === undefined ? [] : [type]) };
      hit = this.plans.some((plan, i) => reachesOpaqueAtom(plan, predicate, type)
        || isAffected(plan.rule.premises, atoms, this.check) || isAffected(this.heads[i], atoms, this.check));
      this.memo.set(key, hit);
    }
    return hit;
  }

  split(text: string): SplitInserts {
    let relevant = '';
    let inert = '';
    let inertCount = 0;
    for (const line of nonEmptyLines(text)) {
      const triple = this.inertTriple(line);
      if (triple === undefined) relevant += `${line}\n`;
      else { inert += `${triple} .\n`; inertCount++; }
    }
    return { relevant, inert, inertCount };
  }

  /** The line's triple (subject, predicate, object text) when the statement is inert; undefined otherwise. */
  private inertTriple(line: string): string | undefined {
    if (line[0] !== '<' || line[1] === '<' || line.includes('_:')) return undefined;
    const s = line.indexOf('>');
    if (s < 0 || line[s + 2] !== '<') return undefined;
    const p = line.indexOf('>', s + 2);
    if (p < 0) return undefined;
    const predicate = line.slice(s + 3, p);
    const o = p + 2;
    const oEnd = termEnd(line, o);
    if (oEnd < 0) return undefined;
    const rest = line.slice(oEnd).trim();
    if (rest !== '.') {
      if (!rest.startsWith('<') || !rest.endsWith('> .')) return undefined;
      if (this.special(rest.slice(1, -3))) return undefined;
    }
    const type = predicate === RDF_TYPE ? (line[o] === '<' ? line.slice(o + 1, oEnd - 1) : undefined) : undefined;
    if (predicate === RDF_TYPE && type === undefined) return undefined;
    return this.relevant(predicate, type) ? undefined : line.slice(0, oEnd);
  }
}
