/**
 * Graph helpers of EntityValidator: the part of the shapes graph that concerns some classes,
 * and the owl:equivalentClass / owl:equivalentProperty pairs of the ontology.
 */
import type * as RDF from '@rdfjs/types';
import { SH } from '../../rdf/namespaces.js';

const TARGET_CLASS = `${SH}targetClass`;

/** Symmetric map of owl:equivalent* pairs (IRI → its equivalents). */
export function equivalences(quads: readonly RDF.Quad[], predicate: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const list = out.get(a) ?? [];
    if (!list.includes(b)) list.push(b);
    out.set(a, list);
  };
  for (const q of quads) {
    if (q.predicate.value !== predicate || q.object.termType !== 'NamedNode') continue;
    add(q.subject.value, q.object.value);
    add(q.object.value, q.subject.value);
  }
  return out;
}

/** The quads describing the shapes that target one of `classes`, and every node reachable from them. */
export function reachableShapes(shapes: readonly RDF.Quad[], classes: ReadonlySet<string>): RDF.Quad[] {
  const bySubject = new Map<string, RDF.Quad[]>();
  const key = (t: RDF.Term): string => `${t.termType}:${t.value}`;
  for (const q of shapes) {
    const list = bySubject.get(key(q.subject)) ?? [];
    list.push(q);
    bySubject.set(key(q.subject), list);
  }
  const seen = new Set<string>();
  const out: RDF.Quad[] = [];
  const queue = shapes.filter((q) => q.predicate.value === TARGET_CLASS && classes.has(q.object.value)).map((q) => q.subject);
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (seen.has(key(node))) continue;
    seen.add(key(node));
    for (const q of bySubject.get(key(node)) ?? []) {
      out.push(q);
      if (q.object.termType !== 'Literal' && bySubject.has(key(q.object))) queue.push(q.object);
    }
  }
  return out;
}
