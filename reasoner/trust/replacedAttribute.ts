/**
 * The quads a trust write replaces for an attribute of an IE (cf:trustScore, aeros:infrastructureElementStatus;
 * docs/trust.md "Outputs"): every instance of the attribute, whole (GS CIM 009 §5.6.3: an existing attribute instance
 * is replaced, its sub-attributes with it), and nothing of another attribute. The NGSI-LD mapping's shapes
 * (docs/ngsi-ld-mapping.md "Reifiers"): natural triples `ie P o`, and reifiers `r rdf:reifies <<( ie P o )>>` with
 * their metadata and sub-attributes (`r S v`, reified in turn by `r2 rdf:reifies <<( r S v )>>`). Read with `match`
 * calls only, in the caller's tick, so the change built from them is exact (every delete is in the store).
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { toOxTerm } from '../../fabric/store/rdfText.js';
import { NGSI_DATASET_ID, RDF_REIFIES, REIFIER_METADATA, termKey } from '../../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import { reifierIri } from '../../fabric/ngsi-ld/mapping/reifierIri.js';
import { GRAPHS } from '../../fabric/rdf/namespaces.js';

/**
 * The lookups' terms are oxigraph's own, made once (constants here, an IE's IRI once per IE): the memory store passes
 * them to oxigraph as they are, where an RDF/JS term is copied into WASM on every `match` (about half of a lookup's
 * cost when measured; docs/benchmarks.md §5 "Trust replaces instances whole"). Any RDF/JS store takes them as well.
 */
const { namedNode } = oxigraph;
const reifies = namedNode(RDF_REIFIES);
const datasetId = namedNode(NGSI_DATASET_ID);
const predicates = new Map<string, oxigraph.NamedNode>();
/** The oxigraph term of a predicate IRI, made once (a few: the attributes trust writes). */
function predicateTerm(iri: string): oxigraph.NamedNode {
  let term = predicates.get(iri);
  if (!term) predicates.set(iri, (term = namedNode(iri)));
  return term;
}
/** A triple term `<<( s p o )>>` for a lookup, of terms the store returned (oxigraph's) or others (copied once). */
const tripleTerm = (s: RDF.Term, p: RDF.Term, o: RDF.Term): oxigraph.Quad =>
  oxigraph.quad(toOxTerm(s) as oxigraph.Quad_Subject, toOxTerm(p) as oxigraph.NamedNode, toOxTerm(o) as oxigraph.Quad_Object, oxigraph.defaultGraph());

/** Whether `term` is a triple term `<<( subject attribute ?o )>>`. */
function reifiesAttributeOf(term: RDF.Term, subject: string, attribute: string): boolean {
  if (term.termType !== 'Quad') return false;
  const triple = term as unknown as RDF.Quad;
  return triple.subject.value === subject && triple.predicate.value === attribute;
}

/** Collects the quads of the instances found, each reifier (in a graph) once. */
class InstanceQuads {
  readonly out: RDF.Quad[] = [];
  /** Whether a reifier was taken in part (it also reifies another attribute's triple, and is not `rewritten`): it stays. */
  partial = false;
  private readonly seen = new Set<string>();

  constructor(private readonly store: GraphStore) {}

  /** Whether `reifier` in `graph` was taken already. */
  has(reifier: RDF.Term, graph: RDF.Term): boolean {
    return this.seen.has(`${termKey(reifier)} ${termKey(graph)}`);
  }

  /**
   * The quads of `reifier` in `graph` that make it an instance of `attribute` of `subject`. A reifier that also
   * reifies another triple (a hand-written one reifying several attributes, or several subjects) is still that other
   * attribute's instance: only its triple terms of this attribute go, its metadata and sub-attributes stay. Otherwise
   * all its quads go, and each sub-attribute (a quad not in REIFIER_METADATA) with its own reifiers in any graph.
   * `rewritten`: the reifier is written again by the caller (the default instance's IRI in the entity graph), so all
   * of it goes but another attribute's triple terms (no quad the caller inserts is then still in the store).
   */
  take(reifier: RDF.Quad['subject'], graph: RDF.Quad['graph'], subject: string, attribute: string, rewritten = false): void {
    const key = `${termKey(reifier)} ${termKey(graph)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const quads = this.store.match(reifier, null, null, graph);
    // Each term read once (an oxigraph term's field is a WASM call): the predicates, and which triple terms are another attribute's.
    const predicates = quads.map((q) => q.predicate.value);
    const other = predicates.map((p, i) => p === RDF_REIFIES && !reifiesAttributeOf(quads[i].object, subject, attribute));
    if (!rewritten && other.includes(true)) {
      this.partial = true;
      for (let i = 0; i < quads.length; i++) if (predicates[i] === RDF_REIFIES && !other[i]) this.out.push(quads[i]);
      return;
    }
    for (let i = 0; i < quads.length; i++) {
      if (other[i]) continue;
      const q = quads[i];
      this.out.push(q);
      if (REIFIER_METADATA.has(predicates[i])) continue;
      // A sub-attribute's natural triple: its reifiers go with it, or they would be left behind stale.
      for (const r of this.store.match(null, reifies, tripleTerm(q.subject, q.predicate, q.object), null)) this.take(r.subject, r.graph, q.subject.value, predicates[i]);
    }
  }
}

/**
 * Every quad of `attribute` of `ie`: its natural triples in whatever graph holds them (the entity graph, or a graph
 * loaded through SPARQL / the Graph Store Protocol) and the instances' reifiers (InstanceQuads.take). `written`: the
 * objects the caller is about to write (ie attribute o) into the entity graph. Reifiers are found four ways, none of
 * which needs a reifier to name its attribute:
 * - the default instance's, by its known IRI (reifierIri) in the entity graph, even when its natural triple is gone
 *   (the caller writes it again: all of it is replaced but a triple term of another attribute someone put on it);
 * - those reifying a natural triple found, in any graph (a reifier may sit in another graph than its triple);
 * - those reifying a triple about to be written, in any graph, when no graph holds that triple yet: a stale reifier
 *   (its natural triple removed by SPARQL) would otherwise read as a live instance again once it is written, whatever
 *   its graph or IRI. One `match` (predicate and triple term bound) per value written;
 * - the datasetId instances in the entity graph (`ngsi-ld:datasetId`, GS CIM 009 §4.5.5) that reify a triple of this
 *   IE and attribute, even a stale one of another value. Usually none: one `match` that finds nothing.
 * Not found: a stale reifier of another value than the one written, outside the entity graph or without a datasetId
 * there. It stays stale (NGSI-LD reads ignore it, docs/ngsi-ld-mapping.md) until a write of its value, which finds it.
 * Each reifier's quads include the cf:attribute / cf:subject it may carry from before 2026-12-04. `ieTerm`: the IE's
 * IRI as an oxigraph term, when the caller has made it already.
 */
export function attributeQuads(
  store: GraphStore, ie: string, attribute: string, written: readonly RDF.Term[] = [], ieTerm: oxigraph.NamedNode = namedNode(ie),
): RDF.Quad[] {
  return attributeInstances(store, ie, attribute, written, ieTerm).quads;
}

/** What attributeQuads finds, and whether a reifier found stays in part (see InstanceQuads.take). */
export interface FoundInstances {
  readonly quads: RDF.Quad[];
  /**
   * A reifier other than the default instance's was taken in part (it also reifies another attribute's triple):
   * it stays in the store, and a later change that mentions neither this attribute nor a reifier written again
   * (e.g. its other triple term removed) can make it this attribute's whole instance (WrittenScores keeps nothing then).
   */
  readonly partial: boolean;
}

/** attributeQuads, with whether a reifier found stays in part. */
export function attributeInstances(
  store: GraphStore, ie: string, attribute: string, written: readonly RDF.Term[] = [], ieTerm: oxigraph.NamedNode = namedNode(ie),
): FoundInstances {
  const predicate = predicateTerm(attribute);
  const naturals = store.match(ieTerm, predicate, null, null);
  const instances = new InstanceQuads(store);
  const own = GRAPHS.entity(ie) === ie ? ieTerm : namedNode(GRAPHS.entity(ie));
  instances.take(namedNode(reifierIri(ie, attribute, undefined)), own, ie, attribute, true);
  const heldValues: string[] = [];
  for (const n of naturals) {
    heldValues.push(n.object.value);
    for (const r of store.match(null, reifies, tripleTerm(n.subject, n.predicate, n.object), null)) instances.take(r.subject, r.graph, ie, attribute);
  }
  for (const o of written) {
    // Held already (its reifiers taken above): the value first, the whole term only then (fewer WASM calls).
    if (naturals.some((n, i) => heldValues[i] === o.value && termKey(n.object) === termKey(o))) continue;
    for (const r of store.match(null, reifies, tripleTerm(ieTerm, predicate, o), null)) instances.take(r.subject, r.graph, ie, attribute);
  }
  for (const d of store.match(null, datasetId, null, own)) {
    if (instances.has(d.subject, own)) continue;
    const ours = d.subject.value === reifierIri(ie, attribute, d.object.value)
      || store.match(d.subject, reifies, null, own).some((r) => reifiesAttributeOf(r.object, ie, attribute));
    if (ours) instances.take(d.subject, own, ie, attribute);
  }
  const out = [...naturals];
  for (const q of instances.out) out.push(q);
  return { quads: out, partial: instances.partial };
}

/**
 * Whether a reifier of the triple `ie attribute o` is in any graph (attributeQuads' lookup of a value about to be
 * written, alone): one `match`.
 */
export function hasReifierOf(store: GraphStore, ieTerm: oxigraph.NamedNode, attribute: string, o: RDF.Term): boolean {
  return store.match(null, reifies, tripleTerm(ieTerm, predicateTerm(attribute), o), null).length > 0;
}
