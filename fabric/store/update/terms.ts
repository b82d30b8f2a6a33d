/**
 * Term plumbing between sparqljs (RDF/JS terms from rdf-data-factory) and
 * oxigraph, plus a stable string key per quad for change bookkeeping.
 */
import type * as RDF from '@rdfjs/types';
import oxigraph from 'oxigraph';

export type OxTerm = oxigraph.NamedNode | oxigraph.BlankNode | oxigraph.Literal | oxigraph.DefaultGraph;
export type OxQuad = oxigraph.Quad;

/** Convert any RDF/JS term that can appear in a quad to an oxigraph term. */
export function toOxTerm(term: RDF.Term): OxTerm {
  switch (term.termType) {
    case 'NamedNode':
      return oxigraph.namedNode(term.value);
    case 'BlankNode':
      return oxigraph.blankNode(term.value);
    case 'Literal':
      return term.language
        ? oxigraph.literal(term.value, term.language)
        : oxigraph.literal(term.value, oxigraph.namedNode(term.datatype.value));
    case 'DefaultGraph':
      return oxigraph.defaultGraph();
    default:
      throw new Error(`Term of type ${term.termType} cannot appear in a quad`);
  }
}

/** Key identifying a term by value (N-Triples-like, unambiguous per term type). */
export function termKey(term: RDF.Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return `<${term.value}>`;
    case 'BlankNode':
      return `_:${term.value}`;
    case 'Literal':
      return `${JSON.stringify(term.value)}${term.language ? '@' + term.language : '^^' + term.datatype.value}`;
    case 'DefaultGraph':
      return '';
    default:
      return `?${term.value}`;
  }
}

export function quadKey(quad: RDF.Quad): string {
  return `${termKey(quad.subject)} ${termKey(quad.predicate)} ${termKey(quad.object)} ${termKey(quad.graph)}`;
}

/** A quad as RDF 1.1 allows it (SPARQL 1.1 Update §3.1.3: ill-formed instantiations are skipped). */
export function makeQuad(s: RDF.Term, p: RDF.Term, o: RDF.Term, g: RDF.Term): OxQuad | undefined {
  if (s.termType !== 'NamedNode' && s.termType !== 'BlankNode') return undefined;
  if (p.termType !== 'NamedNode') return undefined;
  if (o.termType !== 'NamedNode' && o.termType !== 'BlankNode' && o.termType !== 'Literal') return undefined;
  if (g.termType !== 'NamedNode' && g.termType !== 'BlankNode' && g.termType !== 'DefaultGraph') return undefined;
  return oxigraph.quad(
    toOxTerm(s) as oxigraph.NamedNode | oxigraph.BlankNode,
    toOxTerm(p) as oxigraph.NamedNode,
    toOxTerm(o) as oxigraph.NamedNode | oxigraph.BlankNode | oxigraph.Literal,
    toOxTerm(g) as oxigraph.NamedNode | oxigraph.BlankNode | oxigraph.DefaultGraph,
  );
}
