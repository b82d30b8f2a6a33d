/**
 * TEST HELPER: quads as entityToQuads wrote them before 2026-12-04, when every reifier also carried
 * `r cf:attribute P ; cf:subject S` (S: the entity, or the parent reifier of a sub-attribute) beside
 * `r rdf:reifies <<( S P o )>>` (docs/ngsi-ld-mapping.md "Reifiers"). Stores, WAL records and snapshots
 * written then hold this shape.
 */
import type * as RDF from '@rdfjs/types';
import { CF_ATTRIBUTE, CF_SUBJECT, factory, RDF_REIFIES } from '../../../../fabric/ngsi-ld/mapping/rdfVocabulary.js';

const { namedNode, quad } = factory;

/** `quads` plus the cf:attribute / cf:subject quads of each reifier, after its other quads. */
export function withLegacyReifierLinks(quads: readonly RDF.Quad[]): RDF.Quad[] {
  const out: RDF.Quad[] = [...quads];
  const linked = new Set<string>();
  for (const q of quads) {
    if (q.predicate.value !== RDF_REIFIES || q.object.termType !== 'Quad' || linked.has(q.subject.value)) continue;
    linked.add(q.subject.value);
    const reified = q.object as unknown as RDF.Quad;
    const r = q.subject as RDF.NamedNode;
    out.push(quad(r, namedNode(CF_ATTRIBUTE), reified.predicate, q.graph), quad(r, namedNode(CF_SUBJECT), reified.subject, q.graph));
  }
  return out;
}

/** The quads whose predicate is cf:attribute or cf:subject. */
export const legacyLinks = (quads: readonly RDF.Quad[]): RDF.Quad[] =>
  quads.filter((q) => q.predicate.value === CF_ATTRIBUTE || q.predicate.value === CF_SUBJECT);
