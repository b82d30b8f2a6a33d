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
/** Within one graph the graph term need not be part of the key (shorter keys: cheaper to build and hash). */
const tripleKey = (q: RDF.Quad): string => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`;

/** The minimal change turning `before` (all the quads of `graph`) into `after`. */
export function graphDifference(graph: string, before: readonly RDF.Quad[], after: readonly RDF.Quad[]): GraphChange {
  const exact = after.every((q) => q.graph.termType === 'NamedNode' && q.graph.value === graph);
  if (before.length === 0) return { deletes: [], inserts: [...after], exact };
  // Each quad's key is computed once (profiled: the keys are most of the cost of a diff).
  const key = exact ? tripleKey : quadKey;
  const beforeKeys = before.map(key);
  const afterKeys = after.map(key);
  const inAfter = new Set(afterKeys);
  const inBefore = new Set(beforeKeys);
  return {
    deletes: before.filter((_, i) => !inAfter.has(beforeKeys[i])),
    inserts: after.filter((_, i) => !inBefore.has(afterKeys[i])),
    exact,
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
