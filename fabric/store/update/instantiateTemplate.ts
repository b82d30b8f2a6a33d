/**
 * Instantiate DELETE / INSERT templates per solution (SPARQL 1.1 Update
 * §3.1.3): unbound variables or ill-formed RDF (literal subject, …) drop that
 * one triple; blank nodes in INSERT templates (and INSERT DATA) are fresh per
 * solution, with labels unique across requests.
 */
import type * as RDF from '@rdfjs/types';
import { randomBytes } from 'node:crypto';
import oxigraph from 'oxigraph';
import type { IriTerm, Quads } from 'sparqljs';
import type { Solution } from './evaluateWhere.js';
import { makeQuad, type OxQuad } from './terms.js';

/** Mints blank node labels: a random per-request prefix plus a counter. */
export class BlankNodeMinter {
  private readonly prefix = 'u' + randomBytes(6).toString('hex');
  private counter = 0;
  fresh(): oxigraph.BlankNode {
    return oxigraph.blankNode(`${this.prefix}b${this.counter++}`);
  }
}

export function instantiate(
  template: readonly Quads[],
  solutions: readonly Solution[],
  defaultTarget: RDF.Term,
  minter: BlankNodeMinter | undefined,
): OxQuad[] {
  const quads: OxQuad[] = [];
  for (const solution of solutions) {
    const bnodes = new Map<string, RDF.Term>();
    const bind = (term: RDF.Term): RDF.Term | undefined => {
      if (term.termType === 'Variable') return solution.get(term.value);
      if (term.termType === 'BlankNode' && minter) {
        let fresh = bnodes.get(term.value);
        if (!fresh) bnodes.set(term.value, (fresh = minter.fresh()));
        return fresh;
      }
      return term;
    };
    for (const block of template) {
      const graph = block.type === 'graph' ? bind(block.name as RDF.Term) : defaultTarget;
      if (!graph) continue;
      for (const triple of block.triples) {
        const s = bind(triple.subject as RDF.Term);
        const p = 'termType' in triple.predicate ? bind(triple.predicate as RDF.Term) : undefined;
        const o = bind(triple.object as RDF.Term);
        if (!s || !p || !o) continue;
        const quad = makeQuad(s, p, o, graph);
        if (quad) quads.push(quad);
      }
    }
  }
  return quads;
}

/** The graph templates without GRAPH write to: the WITH graph, else the real default graph. */
export function templateTarget(withGraph: IriTerm | undefined): RDF.Term {
  return withGraph ? oxigraph.namedNode(withGraph.value) : oxigraph.defaultGraph();
}
