/**
 * Maintenance of the inferred graphs for a change of the data, proportional to the change
 * (docs/reasoner.md "Incremental re-evaluation"), in the incremental reasoner's mirror (the scratch
 * store of the last run: data graph + one graph per rule). Invariant kept, as a full run leaves it:
 * every rule graph holds derived triples that are not data and not in another rule graph, and their
 * union is the fixpoint minus the data.
 * 1. Deletions — DRed: over-delete, semi-naively over the OLD state, every inferred triple that has a
 *    derivation using a deleted triple (deltaPlan.ts: each rule with a premise pattern bound to the
 *    deleted ones); remove the deleted data and the over-deleted triples; re-derive those of them
 *    (and deleted data) that still have a derivation (rule WHERE with the template bound).
 * 2. Insertions (and the re-derived triples) — semi-naive: each rule with a premise pattern bound to
 *    the new triples; derived triples not known yet go to the rule's graph and feed the next round.
 * A change reaching an opaque position of a rule (property path, negation, OPTIONAL, sub-query)
 * throws FullRunNeeded: the caller recomputes everything (the mirror is then stale).
 */
import oxigraph from 'oxigraph';
import { DerivationBudgetExceededError } from '../fabric/errors/ReasonerError.js';
import type { Rule } from './Rule.js';
import { ruleName } from './Rule.js';
import type { DerivationBudget } from './fixpoint.js';
import { bindPattern, boundConstruct, reachesOpaqueAtom, type DeltaPlan } from './deltaPlan.js';
import type { Guard, PremiseSignature } from './premiseSignature.js';
import { FrontierSignatures, SignatureMemo } from './atomSignatures.js';
import { SCRATCH_DATA_GRAPH } from './scratchCopy.js';
import { atom, key, terms, withTexts, type Atom, type Triple } from './deltaAtoms.js';
import { DerivedChanges, type ChangedQuad, type RuleDelta } from './derivedChanges.js';
import { closureLookup, ClosureLookups } from './closureLookup.js';
import { MirrorAdditions } from './mirrorAdditions.js';
import { namedGraphsHolding, writableAsValues, type KeyedTerms } from './mirrorHolders.js';

/** Rows per VALUES clause (a batch with more bindings runs several queries). */
const ROWS_PER_QUERY = 500;

export class FullRunNeeded extends Error {
  constructor(readonly rule: Rule, readonly triple: string) {
    super(`A change (${triple}) reaches a property path, negation or sub-query of rule ${ruleName(rule)}: full run.`);
  }
}

export interface DeltaInput {
  readonly mirror: oxigraph.Store;
  /** The rules' plans, in execution order (a triple derivable by two rules goes to the first). */
  readonly plans: readonly DeltaPlan[];
  /** Triples (quads: their graph term is ignored) the data gained / lost. */
  readonly inserts: readonly Triple[];
  readonly deletes: readonly Triple[];
  /**
   * The mirror's named graphs holding each insert (same order) before this call (netDataChange.ts); used when nothing
   * is deleted, as then nothing changes the mirror before the insertions are looked up.
   */
  readonly insertGraphs?: readonly (readonly string[])[];
  readonly budget: DerivationBudget;
  /** Derived triples held before the change (for the budget). */
  readonly derivedBefore: number;
  /**
   * Head signatures of the plans (same order; premiseSignature.ts headSignature): a re-derivation
   * candidate a rule cannot derive needs no query for that rule. Without them every rule whose
   * template matches is asked.
   */
  readonly heads?: readonly PremiseSignature[];
}

export type { ChangedQuad, RuleDelta } from './derivedChanges.js';

export interface DeltaResult {
  /** Quads (in rule graphs) to add to / remove from the store, as text and triples (derivedChanges.ts); net. */
  readonly added: ChangedQuad[];
  readonly removed: ChangedQuad[];
  /** Queries evaluated and rounds that evaluated at least one. */
  readonly executions: number;
  readonly rounds: number;
  readonly perRule: ReadonlyMap<Rule, RuleDelta>;
}

export function maintainDelta(input: DeltaInput): DeltaResult {
  const { mirror, plans, budget } = input;
  const data = oxigraph.namedNode(SCRATCH_DATA_GRAPH);
  const ruleGraphs = new Set(plans.map((p) => p.rule.graph));
  const queryOptions = { default_graph: [data, ...plans.map((p) => oxigraph.namedNode(p.rule.graph))] };
  const changes = new DerivedChanges(plans, input.derivedBefore);
  const perRule = changes.perRule;
  let executions = 0;
  let rounds = 0;
  let evaluatedRounds = 0;
  let executionsAtRound = 0;
  /** Additions not loaded yet: flushed before the mirror is read or changed otherwise. */
  const additions = new MirrorAdditions(mirror);
  /** Keys of triples added after the deletions (re-derived, inserted, derived): held from then on, no store read needed. */
  const heldNow = new Set<string>();
  const lookups = new ClosureLookups((query) => { additions.flush(); return mirror.query(query, queryOptions) as Map<string, oxigraph.Term>[]; });
  const lookupOf = new Map(plans.map((p) => [p, closureLookup(p)]));

  /** The graph holding a triple: the data graph, a rule graph, or undefined. */
  const holder = (t: Triple): string | undefined => {
    let found: string | undefined;
    additions.flush();
    for (const q of mirror.match(t.subject, t.predicate, t.object, null)) {
      if (q.graph.value === SCRATCH_DATA_GRAPH) return SCRATCH_DATA_GRAPH;
      if (ruleGraphs.has(q.graph.value)) found = q.graph.value;
    }
    return found;
  };
  /** The holder (as holder() answers it) among the named graphs holding a triple. */
  const holderAmong = (graphs: readonly string[]): string | undefined => {
    if (graphs.includes(SCRATCH_DATA_GRAPH)) return SCRATCH_DATA_GRAPH;
    return graphs.find((g) => ruleGraphs.has(g)); // at most one: a derived triple is in one rule graph
  };
  /** holder() for many triples: one query per 500 (mirrorHolders.ts) instead of a `match` each. */
  const holders = (triples: readonly Triple[]): (string | undefined)[] => {
    additions.flush();
    return namedGraphsHolding(mirror, triples.map((t) => (t.key !== undefined ? t as KeyedTerms : { subject: t.subject, predicate: t.predicate, object: t.object, key: key(t) }))).map(holderAmong); // terms read only if not plain
  };
  const graphNodes = new Map(plans.map((p) => [p.rule.graph, oxigraph.namedNode(p.rule.graph)]));
  /** A derived triple into its rule graph: as text when its key is plain (derivedChanges.ts), else as a quad. */
  const addDerived = (plan: DeltaPlan, t: Triple): void => {
    const { text, quad } = changes.note(t, plan.rule.graph, 1);
    if (quad) additions.add(quad, text); else additions.addText(text);
    heldNow.add(key(t));
    if (changes.derived > budget.maxDerivedTriples) {
      throw new DerivationBudgetExceededError({ limit: 'derivedTriples', budget: budget.maxDerivedTriples, derived: changes.derived, iterations: rounds, rule: ruleName(plan.rule) });
    }
  };
  /** Counted as `executions` delta queries of the rule (a closure lookup counts the queries it stands for). */
  const count = (plan: DeltaPlan, executed: number): void => { executions += executed; perRule.get(plan.rule)!.executions += executed; };
  const run = (plan: DeltaPlan, rows: readonly Record<string, oxigraph.Term>[], template?: Parameters<typeof boundConstruct>[2], unknownOnly = false, counted = true): Triple[] => {
    const started = performance.now();
    const found: Triple[] = [];
    additions.flush();
    for (let i = 0; i < rows.length; i += ROWS_PER_QUERY) {
      const results = mirror.query(boundConstruct(plan, rows.slice(i, i + ROWS_PER_QUERY), template, { unknownOnly }), queryOptions) as oxigraph.Quad[];
      for (const q of results) found.push(terms(q));
      if (counted) count(plan, 1);
    }
    perRule.get(plan.rule)!.millis += performance.now() - started;
    return found;
  };
  const check = (iri: string, guard: Guard): boolean => {
    additions.flush();
    const node = oxigraph.namedNode(iri);
    const p = oxigraph.namedNode(guard.predicate);
    return (guard.position === 'subject' ? mirror.match(node, p, null, null) : mirror.match(null, p, node, null)).length > 0;
  };
  /** Whether the rule's premise signature (guards checked against the mirror, once per round and signature) lets a
   * triple with these atoms affect it; a guard made true later in the round is a derived triple of the next frontier. */
  const premisesMemo = new SignatureMemo(check);
  const affects = (plan: DeltaPlan, a: Atom): boolean => premisesMemo.accepts(plan.rule.graph, plan.rule.premises, a);
  /** The rules whose heads make up the next frontier (named when the iteration budget runs out). */
  let derivingNow = new Set<string>();
  /** The frontier's distinct (predicate, class) signatures, computed once per frontier for every plan. */
  const frontierSignatures = new FrontierSignatures();
  /**
   * Every derivation of `plan` that uses one of `frontier` through a premise pattern; `unknownOnly`: only those
   * the mirror's data and rule graphs do not hold yet, for a rule with a one-triple template (deltaPlan.ts
   * boundConstruct), possibly twice (two rows, two patterns).
   */
  const deltaHeads = (plan: DeltaPlan, frontier: readonly Atom[], unknownOnly = false): Triple[] => {
    const heads: Triple[] = [];
    // affects() depends on the atom's predicate and class only: asked once per signature, not per atom.
    const { signatures, of } = frontierSignatures.of(frontier);
    const affected = signatures.map((a) => affects(plan, a));
    const relevant = affected.includes(true) ? frontier.filter((_, i) => affected[of[i]]) : [];
    if (relevant.length === 0) return heads;
    const lookup = lookupOf.get(plan);
    if (lookup) { // closureLookup.ts; what it cannot look up goes to the delta query, executions counted as those queries
      const started = performance.now();
      const found = lookups.heads(lookup, relevant.map(withTexts));
      const asked = unknownOnly ? found.heads.filter((head) => !heldNow.has(key(head))) : found.heads;
      const held = unknownOnly ? holders(asked) : [];
      for (const [i, head] of asked.entries()) if (!held[i]) heads.push(head);
      perRule.get(plan.rule)!.millis += performance.now() - started;
      const rows = (found.rest as Atom[]).map((a) => bindPattern(plan.patterns[0], a.t)).filter((r) => r !== undefined);
      if (rows.length > 0) heads.push(...run(plan, rows, undefined, unknownOnly, false));
      count(plan, Math.ceil((found.bound + rows.length) / ROWS_PER_QUERY));
      return heads;
    }
    for (const pattern of plan.patterns) {
      const rows = relevant.map((a) => bindPattern(pattern, a.t)).filter((r) => r !== undefined);
      if (rows.length > 0) heads.push(...run(plan, rows, undefined, unknownOnly));
    }
    return heads;
  };
  const startRound = (frontier: readonly Atom[]): void => {
    if (rounds > 0 && executions > executionsAtRound) evaluatedRounds++;
    executionsAtRound = executions;
    premisesMemo.clear();
    for (const a of frontier) for (const plan of plans) if (reachesOpaqueAtom(plan, a.predicate, a.type)) throw new FullRunNeeded(plan.rule, key(a.t));
    const deriving = [...derivingNow];
    derivingNow = new Set();
    if (++rounds > budget.maxIterations) {
      throw new DerivationBudgetExceededError({ limit: 'iterations', budget: budget.maxIterations, derived: changes.derived, iterations: rounds - 1, rule: deriving[0] ?? ruleName(plans[0].rule), deriving });
    }
  };

  // Nothing is touched before every changed data triple is known to be delta-evaluable.
  const deleted = input.deletes.map(atom);
  const inserted = input.inserts.map(atom);
  for (const a of [...deleted, ...inserted]) for (const plan of plans) if (reachesOpaqueAtom(plan, a.predicate, a.type)) throw new FullRunNeeded(plan.rule, key(a.t));

  // 1. Deletions: over-delete over the old state, then remove.
  const overDeleted = new Map<string, { quad: oxigraph.Quad; head: Triple; graph: string }>();
  let frontier = deleted;
  while (frontier.length > 0) {
    startRound(frontier);
    const next: Atom[] = [];
    for (const plan of plans) {
      for (const head of deltaHeads(plan, frontier)) {
        const k = key(head);
        if (overDeleted.has(k)) continue;
        const graph = holder(head);
        if (!graph || graph === SCRATCH_DATA_GRAPH) continue;
        overDeleted.set(k, { quad: oxigraph.quad(head.subject, head.predicate, head.object, graphNodes.get(graph)!), head, graph });
        next.push(atom(head));
        derivingNow.add(ruleName(plan.rule));
      }
    }
    frontier = next;
  }
  additions.flush();
  for (const t of input.deletes) mirror.delete(oxigraph.quad(t.subject, t.predicate, t.object, data));
  for (const { quad, head, graph } of overDeleted.values()) { mirror.delete(quad); changes.note(head, graph, -1, quad); }

  // Re-derivation: over-deleted triples and deleted data that still have a derivation.
  const candidates = new Map<string, Triple>([...input.deletes.map(terms), ...[...overDeleted.values()].map(({ head }) => terms(head))].map((t) => [key(t), t]));
  const rederived: Triple[] = [];
  if (candidates.size > 0) {
    const candidateAtoms = [...candidates.values()].map(atom);
    const headsMemo = new SignatureMemo(check);
    /** Whether rule i can derive a triple with these atoms at all (its head signature, guards checked against the mirror). */
    const derivable = (i: number, a: Atom): boolean => {
      const signature = input.heads?.[i];
      return !signature || headsMemo.accepts(String(i), signature, a);
    };
    for (const [i, plan] of plans.entries()) {
      const mine = candidateAtoms.filter((a) => derivable(i, a)).map((a) => a.t);
      if (mine.length === 0) continue;
      for (const head of plan.query.template ?? []) {
        const rows = mine.map((t) => bindPattern({ ...head, predicate: head.predicate as never }, t)).filter((r) => r !== undefined);
        if (rows.length === 0) continue;
        for (const found of run(plan, rows, [head])) {
          const k = key(found);
          if (!candidates.has(k) || holder(found)) continue;
          addDerived(plan, found);
          rederived.push(found);
        }
      }
    }
  }

  // 2. Insertions (and re-derived triples), semi-naive. (Distinct inserted triples: adding one moves no other's holder.)
  const unchanged = input.insertGraphs !== undefined && input.deletes.length === 0 && input.insertGraphs.length === inserted.length;
  const insertedHolders = unchanged ? input.insertGraphs!.map(holderAmong) : holders(inserted.map(({ t }) => t));
  for (const [i, { t }] of inserted.entries()) {
    const graph = insertedHolders[i];
    if (graph && graph !== SCRATCH_DATA_GRAPH) {
      const quad = oxigraph.quad(t.subject, t.predicate, t.object, graphNodes.get(graph)!);
      additions.flush();
      mirror.delete(quad);
      changes.note(t, graph, -1, quad); // now stated: not derived any more (its consequences stay valid)
    }
    const k = key(t);
    // Its N-Quads text from its key when that is plain (mirrorHolders.ts), without a quad object.
    if (writableAsValues(k)) additions.addText(`${k} <${SCRATCH_DATA_GRAPH}>`);
    else { const quad = oxigraph.quad(t.subject, t.predicate, t.object, data); additions.add(quad, quad.toString()); }
    heldNow.add(k);
  }
  frontier = [...inserted, ...rederived.map(atom)];
  derivingNow = new Set();
  while (frontier.length > 0) {
    startRound(frontier);
    const next: Atom[] = [];
    for (const plan of plans) {
      // A one-triple template asks for unknown heads only: no store lookup per head, only duplicates to drop.
      const unknownOnly = plan.query.template?.length === 1;
      const seen = new Set<string>();
      for (const head of deltaHeads(plan, frontier, unknownOnly)) {
        if (unknownOnly) {
          const k = key(head);
          if (seen.has(k)) continue;
          seen.add(k);
        } else if (holder(head)) continue;
        addDerived(plan, head);
        next.push(atom(head));
        derivingNow.add(ruleName(plan.rule));
      }
    }
    frontier = next;
  }

  additions.flush();
  if (executions > executionsAtRound) evaluatedRounds++;
  return { ...changes.net(), executions, rounds: evaluatedRounds, perRule };
}
