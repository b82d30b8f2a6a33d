/**
 * The net change of the rule graphs during one delta maintenance (deltaMaintenance.ts): triples added to and removed from
 * each rule graph of the mirror, counted per rule (the provenance's counts, the derivation budget), each kept as its
 * N-Quads text — what the write sends (IncrementalReasoner.ts, writeDelta.ts commitInferredText) — and its triple (the
 * reifier-metadata check). A triple with a plain key (mirrorHolders.ts writableAsValues) is written from its key as
 * oxigraph prints the quad (`s p o <g>`), without an `oxigraph.quad` (JS → WASM term construction, read back by
 * `toNQuads` for the write: docs/reasoner.md "A create's cost in the worker, round 4"); any other through the quad.
 */
import oxigraph from 'oxigraph';
import type { Rule } from './Rule.js';
import type { DeltaPlan } from './deltaPlan.js';
import { key, type Triple } from './deltaAtoms.js';
import { writableAsValues } from './mirrorHolders.js';

export interface RuleDelta {
  executions: number;
  added: number;
  removed: number;
  millis: number;
}

/** A quad of a rule graph the maintenance added or removed: its N-Quads line without the final dot, and its triple. */
export interface ChangedQuad {
  readonly text: string;
  readonly triple: Triple;
}

/** The quad text of a triple in a graph: from its key when that is plain, else the quad's (`quad`, or one made here). */
export function quadText(t: Triple, graph: string, quad?: oxigraph.Quad): { text: string; quad?: oxigraph.Quad } {
  const k = key(t);
  if (writableAsValues(k)) return { text: `${k} <${graph}>` };
  const made = quad ?? oxigraph.quad(t.subject, t.predicate, t.object, oxigraph.namedNode(graph));
  return { text: made.toString(), quad: made };
}

export class DerivedChanges {
  private readonly changes = new Map<string, { change: ChangedQuad; sign: 1 | -1 }>();
  readonly perRule: Map<Rule, RuleDelta>;
  private readonly planOf: Map<string, DeltaPlan>;
  /** Derived triples held now (for the budget). */
  derived: number;

  constructor(plans: readonly DeltaPlan[], derivedBefore: number) {
    this.perRule = new Map(plans.map((p) => [p.rule, { executions: 0, added: 0, removed: 0, millis: 0 }]));
    this.planOf = new Map(plans.map((p) => [p.rule.graph, p]));
    this.derived = derivedBefore;
  }

  /** The rule's counts. */
  of(rule: Rule): RuleDelta {
    return this.perRule.get(rule)!;
  }

  /**
   * A triple added to (1) or removed from (-1) the rule graph `graph` (`quad`: the quad, when there is one); an addition
   * and a removal of the same quad cancel out. Returns the quad's text, and its quad when it is not plain.
   */
  note(t: Triple, graph: string, sign: 1 | -1, quad?: oxigraph.Quad): { text: string; quad?: oxigraph.Quad } {
    const written = quadText(t, graph, quad);
    const before = this.changes.get(written.text);
    if (before && before.sign !== sign) this.changes.delete(written.text);
    else this.changes.set(written.text, { change: { text: written.text, triple: t }, sign });
    const stats = this.of(this.planOf.get(graph)!.rule);
    if (sign > 0) stats.added++; else stats.removed++;
    this.derived += sign;
    return written;
  }

  /** The net change: quads added to and removed from the rule graphs. */
  net(): { added: ChangedQuad[]; removed: ChangedQuad[] } {
    const added: ChangedQuad[] = [];
    const removed: ChangedQuad[] = [];
    for (const { change, sign } of this.changes.values()) (sign > 0 ? added : removed).push(change);
    return { added, removed };
  }
}

/** N-Quads text of changed quads (one line each, as `toNQuads` writes their quads). */
export function changedText(changes: readonly ChangedQuad[]): string {
  let text = '';
  for (const c of changes) text += `${c.text} .\n`;
  return text;
}
