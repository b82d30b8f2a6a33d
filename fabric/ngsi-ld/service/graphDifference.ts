/**
 * The change an entity write commits: the difference between the quads of the entity's graph
 * as read and the quads of the next entity (the log records only what changed), and whether
 * that difference is EXACT (GraphStore ChangeSet.exactAt): every delete was read from the
 * store, and every insert lies in the graph that was read whole, so it is absent exactly when
 * it was not read. The store may then skip per-quad presence checks, provided nothing changed
 * since the read (it compares its change count).
 */
import type * as RDF from '@rdfjs/types';
import { termKey } from '../mapping/rdfVocabulary.js';

export interface GraphChange {
  readonly deletes: RDF.Quad[];
  readonly inserts: RDF.Quad[];
  /** Every insert is in `graph`, the graph read whole as `before`. */
  readonly exact: boolean;
}

const quadKey = (q: RDF.Quad): string => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${termKey(q.graph)}`;

/**
 * The minimal change turning `before` (all the quads of `graph`) into `after`. Two quads are the same when their
 * terms are (termKey: type, value, language or datatype; triple terms term by term).
 */
export function graphDifference(graph: string, before: readonly RDF.Quad[], after: readonly RDF.Quad[]): GraphChange {
  const exact = after.every((q) => q.graph.termType === 'NamedNode' && q.graph.value === graph);
  if (before.length === 0) return { deletes: [], inserts: [...after], exact };
  return exact ? tripleDifference(before, after) : keyedDifference(before, after);
}

/**
 * The difference within one graph (every quad of `before` and `after` in it): `before` bucketed by subject IRI or
 * label, each quad of `after` compared term by term with its bucket's (an entity graph: ≈ 5 quads per reifier,
 * ≈ 12 on the entity node). No key string is built, and a term's value is hashed only as a subject (profiled:
 * building and hashing a key per quad was most of the cost of a diff, ≈ 90 µs for a 49-quad IE).
 */
function tripleDifference(before: readonly RDF.Quad[], after: readonly RDF.Quad[]): GraphChange {
  const bySubject = new Map<string, number[]>();
  for (let i = 0; i < before.length; i++) {
    const subject = before[i].subject.value;
    const bucket = bySubject.get(subject);
    if (bucket) bucket.push(i);
    else bySubject.set(subject, [i]);
  }
  const kept = new Uint8Array(before.length);
  const inserts: RDF.Quad[] = [];
  for (const q of after) {
    let found = false;
    for (const i of bySubject.get(q.subject.value) ?? NONE) {
      if (sameTriple(before[i], q)) {
        kept[i] = 1;
        found = true;
      }
    }
    if (!found) inserts.push(q);
  }
  return { deletes: before.filter((_, i) => kept[i] === 0), inserts, exact: true };
}

const NONE: readonly number[] = [];

/** Whether two triples (graphs aside) have the same terms, as their termKeys would tell. */
function sameTriple(a: RDF.BaseQuad, b: RDF.BaseQuad): boolean {
  return sameTerm(a.predicate, b.predicate) && sameTerm(a.object, b.object) && sameTerm(a.subject, b.subject);
}

/** termKey(a) === termKey(b), without building them: type and value, then language or datatype; triple terms term by term. */
function sameTerm(a: RDF.Term, b: RDF.Term): boolean {
  if (a.termType !== b.termType) return false;
  if (a.termType === 'Quad') return sameTriple(a, b as RDF.BaseQuad);
  if (a.value !== b.value) return false;
  if (a.termType !== 'Literal') return true;
  const language = a.language;
  return language ? language === (b as RDF.Literal).language : !(b as RDF.Literal).language && a.datatype.value === (b as RDF.Literal).datatype.value;
}

/** The difference when some quad of `after` is in another graph: keyed by whole quads. */
function keyedDifference(before: readonly RDF.Quad[], after: readonly RDF.Quad[]): GraphChange {
  const key = quadKey;
  const beforeKeys = before.map(key);
  const afterKeys = after.map(key);
  const inAfter = new Set(afterKeys);
  const inBefore = new Set(beforeKeys);
  return {
    deletes: before.filter((_, i) => !inAfter.has(beforeKeys[i])),
    inserts: after.filter((_, i) => !inBefore.has(afterKeys[i])),
    exact: false,
  };
}

/** Several entity graphs' changes as one ChangeSet (graphs are disjoint, so they simply add up). */
export function combinedChange(changes: readonly GraphChange[]): GraphChange {
  const deletes: RDF.Quad[] = [];
  const inserts: RDF.Quad[] = [];
  let exact = true;
  for (const change of changes) {
    for (const q of change.deletes) deletes.push(q);
    for (const q of change.inserts) inserts.push(q);
    exact &&= change.exact;
  }
  return { deletes, inserts, exact };
}
