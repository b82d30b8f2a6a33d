/**
 * The triples delta maintenance works on (deltaMaintenance.ts), with their terms and atoms read once: every term getter
 * of an oxigraph quad makes a new WASM-backed object with a finalizer; reading them once per triple and plan made
 * most of the garbage (and GC time) of a batch of a few thousand changes.
 */
import type oxigraph from 'oxigraph';
import { RDF } from '../fabric/rdf/namespaces.js';

/** A triple's terms (of an oxigraph quad in any graph, or of a CONSTRUCT result), each read once. */
export interface Triple {
  readonly subject: oxigraph.Quad['subject'];
  readonly predicate: oxigraph.Quad['predicate'];
  readonly object: oxigraph.Quad['object'];
  /** Its key, when already known (closureLookup.ts). */
  readonly key?: string;
}

/** `s p o` in N-Triples: a triple's identity in the maintenance's maps and sets. */
export const key = (t: Triple): string => t.key ?? `${t.subject.toString()} ${t.predicate.toString()} ${t.object.toString()}`;
/** The terms of a quad, read once. */
export const terms = (q: Triple): Triple => ({ subject: q.subject, predicate: q.predicate, object: q.object, ...(q.key === undefined ? {} : { key: q.key }) });
const RDF_TYPE = `${RDF}type`;

/** A triple with its predicate IRI and, for rdf:type, its class; its N-Triples terms once asked for (`texts`). */
export interface Atom {
  readonly t: Triple;
  readonly predicate: string;
  readonly type: string | undefined;
  /** Subject, predicate and object in N-Triples, read on first use. */
  texts?: readonly [string, string, string];
}

export function atom(q: Triple): Atom {
  const t = terms(q);
  const predicate = t.predicate.value;
  return { t, predicate, type: predicate === RDF_TYPE && t.object.termType === 'NamedNode' ? t.object.value : undefined };
}

/** The atom with its N-Triples terms (read once per atom, whatever the number of plans asking). */
export function withTexts(a: Atom): Atom & { texts: readonly [string, string, string] } {
  a.texts ??= [a.t.subject.toString(), `<${a.predicate}>`, a.type === undefined ? a.t.object.toString() : `<${a.type}>`];
  return a as Atom & { texts: readonly [string, string, string] };
}
