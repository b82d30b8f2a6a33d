/**
 * The triples delta maintenance works on (deltaMaintenance.ts), with their terms and atoms read once: every term getter
 * of an oxigraph quad makes a new WASM-backed object with a finalizer; reading them once per triple and plan made
 * most of the garbage (and GC time) of a batch of a few thousand changes. A triple known by its key (KeyedTriple: the
 * batch's changed triples, the heads of a closure lookup) gives its predicate, class and N-Triples terms from the key's
 * text when the key is plain, and its term objects only when something asks for them.
 */
import oxigraph from 'oxigraph';
import { RDF } from '../fabric/rdf/namespaces.js';
import { writableAsValues } from './mirrorHolders.js';

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

/**
 * A triple known by its key (`s p o` as oxigraph writes the terms); its terms are read on first use, each once: from
 * `quad` when given (a changed quad of the batch), else parsed from the key, which must then be plain
 * (mirrorHolders.ts writableAsValues: IRIs and a literal, valid N-Triples as oxigraph writes them).
 */
export class KeyedTriple implements Triple {
  private s: oxigraph.Quad['subject'] | undefined;
  private p: oxigraph.Quad['predicate'] | undefined;
  private o: oxigraph.Quad['object'] | undefined;
  private parsed: oxigraph.Quad | undefined;

  constructor(readonly key: string, private readonly quad?: oxigraph.Quad) {}

  get subject(): oxigraph.Quad['subject'] { return this.s ??= this.source().subject; }
  get predicate(): oxigraph.Quad['predicate'] { return this.p ??= this.source().predicate; }
  get object(): oxigraph.Quad['object'] { return this.o ??= this.source().object; }

  private source(): oxigraph.Quad {
    return this.quad ?? (this.parsed ??= oxigraph.parse(`${this.key} .\n`, { format: 'application/n-triples' })[0]);
  }
}

/** The terms of a quad, read once (a KeyedTriple reads them when asked: it is kept as it is). */
export const terms = (q: Triple): Triple => (q instanceof KeyedTriple ? q : { subject: q.subject, predicate: q.predicate, object: q.object, ...(q.key === undefined ? {} : { key: q.key }) });
const RDF_TYPE = `${RDF}type`;

/** A triple with its predicate IRI and, for rdf:type, its class; its N-Triples terms once asked for (`texts`). */
export interface Atom {
  readonly t: Triple;
  readonly predicate: string;
  readonly type: string | undefined;
  /** Subject, predicate and object in N-Triples, read on first use. */
  texts?: readonly [string, string, string];
}

/**
 * The N-Triples terms of a plain key (writableAsValues: an IRI subject and predicate, neither with `>` or a space inside,
 * then an IRI or a literal), split without a term object; undefined for any other key.
 */
export function plainTexts(key: string): [string, string, string] | undefined {
  if (!writableAsValues(key)) return undefined;
  const subjectEnd = key.indexOf('>') + 1;
  const predicateEnd = key.indexOf('>', subjectEnd + 1) + 1;
  return [key.slice(0, subjectEnd), key.slice(subjectEnd + 1, predicateEnd), key.slice(predicateEnd + 1)];
}

export function atom(q: Triple): Atom {
  const t = terms(q);
  const texts = t instanceof KeyedTriple ? plainTexts(t.key) : undefined;
  if (texts) { // from the key: no term object (an IRI object has no space: not a triple term)
    const predicate = texts[1].slice(1, -1);
    return { t, predicate, type: predicate === RDF_TYPE && texts[2][0] === '<' ? texts[2].slice(1, -1) : undefined, texts };
  }
  const predicate = t.predicate.value;
  return { t, predicate, type: predicate === RDF_TYPE && t.object.termType === 'NamedNode' ? t.object.value : undefined };
}

/** The atom with its N-Triples terms (read once per atom, whatever the number of plans asking). */
export function withTexts(a: Atom): Atom & { texts: readonly [string, string, string] } {
  a.texts ??= [a.t.subject.toString(), `<${a.predicate}>`, a.type === undefined ? a.t.object.toString() : `<${a.type}>`];
  return a as Atom & { texts: readonly [string, string, string] };
}
