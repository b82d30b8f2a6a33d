/**
 * Which changed (or candidate) triples a rule can be reached by, decided per (predicate, class) signature rather than
 * per triple: a rule's premise or head signature (premiseSignature.ts) depends on a triple's predicate and, for
 * `rdf:type`, its class only, so delta maintenance (deltaMaintenance.ts) asks once per rule and distinct signature.
 */
import { isAffected, type GuardCheck, type PremiseSignature } from './premiseSignature.js';
import type { Atom } from './deltaAtoms.js';

/** `isAffected` of a signature by one atom's predicate and class, memoized per (`id`, predicate, class) until `clear()`. */
export class SignatureMemo {
  private memo = new Map<string, boolean>();

  constructor(private readonly check: GuardCheck) {}

  accepts(id: string, signature: PremiseSignature, a: Atom): boolean {
    const k = `${id}\n${a.predicate}\n${a.type ?? ''}`;
    let hit = this.memo.get(k);
    if (hit === undefined) {
      hit = isAffected(signature, { predicates: new Set([a.predicate]), types: new Set(a.type === undefined ? [] : [a.type]) }, this.check);
      this.memo.set(k, hit);
    }
    return hit;
  }

  /** Guards are checked against the mirror: forget the answers when it may have changed (a new round). */
  clear(): void {
    this.memo = new Map();
  }
}

/** A frontier's distinct (predicate, class) signatures and each atom's index among them; the last frontier's kept. */
export class FrontierSignatures {
  private last: { frontier: readonly Atom[]; signatures: Atom[]; of: number[] } | undefined;

  of(frontier: readonly Atom[]): { readonly signatures: readonly Atom[]; readonly of: readonly number[] } {
    if (this.last?.frontier === frontier) return this.last;
    const index = new Map<string, number>();
    const signatures: Atom[] = [];
    const of = frontier.map((a) => {
      const k = a.type === undefined ? a.predicate : `${a.predicate}\n${a.type}`;
      let i = index.get(k);
      if (i === undefined) { i = signatures.length; index.set(k, i); signatures.push(a); }
      return i;
    });
    this.last = { frontier, signatures, of };
    return this.last;
  }
}
