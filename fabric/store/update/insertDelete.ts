/**
 * INSERT DATA, DELETE DATA, DELETE WHERE and DELETE/INSERT … WHERE
 * (SPARQL 1.1 Update §3.1): WHERE is evaluated once against the state left by
 * earlier operations, then all deletions are applied before all insertions.
 */
import type * as RDF from '@rdfjs/types';
import oxigraph from 'oxigraph';
import type { InsertDeleteOperation, IriTerm, Pattern, Quads } from 'sparqljs';
import type { ChangeTracker } from './ChangeTracker.js';
import { evaluateWhere, type Solution } from './evaluateWhere.js';
import { instantiate, templateTarget, type BlankNodeMinter } from './instantiateTemplate.js';

export interface InsertDeleteContext {
  readonly store: oxigraph.Store;
  readonly tracker: ChangeTracker;
  readonly minter: BlankNodeMinter;
  readonly unionDefaultGraph: boolean;
}

const NO_BINDINGS: Solution[] = [new Map<string, RDF.Term>()];

export function executeInsertDelete(op: InsertDeleteOperation, ctx: InsertDeleteContext): void {
  const realDefault = oxigraph.defaultGraph();
  switch (op.updateType) {
    case 'insert': // INSERT DATA (§3.1.1): blank nodes are fresh
      for (const q of instantiate(op.insert, NO_BINDINGS, realDefault, ctx.minter)) ctx.tracker.add(q);
      return;
    case 'delete': // DELETE DATA (§3.1.2): ground quads only
      for (const q of instantiate(op.delete, NO_BINDINGS, realDefault, undefined)) ctx.tracker.delete(q);
      return;
    case 'deletewhere': { // DELETE WHERE (§3.1.3.3): the template is also the pattern
      const solutions = evaluateWhere(ctx.store, op.delete.map(quadsAsPattern), { unionDefaultGraph: ctx.unionDefaultGraph });
      for (const q of instantiate(op.delete, solutions, realDefault, undefined)) ctx.tracker.delete(q);
      return;
    }
    case 'insertdelete': { // DELETE/INSERT … WHERE (§3.1.3), with WITH / USING
      const withGraph = withIri(op.graph);
      const solutions = evaluateWhere(ctx.store, op.where, {
        using: op.using,
        withGraph,
        unionDefaultGraph: ctx.unionDefaultGraph,
      });
      const target = templateTarget(withGraph);
      const deletes = instantiate(op.delete ?? [], solutions, target, undefined);
      const inserts = instantiate(op.insert ?? [], solutions, target, ctx.minter);
      for (const q of deletes) ctx.tracker.delete(q);
      for (const q of inserts) ctx.tracker.add(q);
      return;
    }
  }
}

function quadsAsPattern(block: Quads): Pattern {
  if (block.type === 'bgp') return block;
  return { type: 'graph', name: block.name, patterns: [{ type: 'bgp', triples: block.triples }] };
}

/** sparqljs gives WITH as a bare IRI term (its typings say GraphOrDefault). */
function withIri(graph: unknown): IriTerm | undefined {
  if (!graph || typeof graph !== 'object') return undefined;
  const g = graph as { termType?: string; name?: IriTerm };
  if (g.termType === 'NamedNode') return graph as IriTerm;
  return g.name;
}
