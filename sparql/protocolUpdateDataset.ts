/**
 * SPARQL 1.1 Protocol §2.2.3 "Specifying an RDF Dataset" for updates:
 * using-graph-uri / using-named-graph-uri give the RDF Dataset of every
 * DELETE/INSERT … WHERE operation of the request, exactly as USING / USING
 * NAMED clauses would (SPARQL 1.1 Update §3.1.3.1). A request that also has
 * USING, USING NAMED or WITH is refused (400), as §2.2.3 requires.
 *
 * Applied by rewriting the request with sparqljs (each operation gets the
 * USING clauses) so the store's update path is the one for USING; no store
 * option is needed. DELETE WHERE (a shortcut of DELETE … WHERE, Update
 * §3.1.3.3) has no USING syntax, so it is written out in the long form.
 */
import sparqljs from 'sparqljs';
import type { InsertDeleteOperation, IriTerm, Pattern, Quads, Update } from 'sparqljs';
import { InvalidRequestError } from '../fabric/errors/FabricError.js';
import { parseUpdate } from '../fabric/store/update/parseUpdate.js';

export interface ProtocolUpdateDataset {
  readonly usingGraphs: readonly string[];
  readonly usingNamedGraphs: readonly string[];
}

const generator = new sparqljs.Generator();

/** The update text with the protocol dataset as USING clauses; unchanged when no dataset parameter is given. */
export function withProtocolDataset(update: string, dataset: ProtocolUpdateDataset, baseIri?: string): string {
  if (dataset.usingGraphs.length === 0 && dataset.usingNamedGraphs.length === 0) return update;
  const request = parseUpdate(update, baseIri);
  const using = {
    default: dataset.usingGraphs.map(iri),
    named: dataset.usingNamedGraphs.map(iri),
  };
  const updates = request.updates.map((op) => {
    if (!('updateType' in op)) return op; // graph management (CLEAR, DROP, …) has no WHERE
    if (op.updateType === 'insert' || op.updateType === 'delete') return op; // INSERT DATA / DELETE DATA: no WHERE
    if (op.updateType === 'deletewhere') return { updateType: 'insertdelete', delete: op.delete, insert: [], where: op.delete.map(asPattern), using } as InsertDeleteOperation;
    if (op.using || op.graph) {
      throw new InvalidRequestError('The update has USING, USING NAMED or WITH and the request has using-graph-uri / using-named-graph-uri: give the dataset one way only (SPARQL 1.1 Protocol §2.2.3).');
    }
    return { ...op, using };
  });
  // Relative IRIs were resolved against baseIri by the parser; the generated text has absolute IRIs only.
  return generator.stringify({ ...request, updates } as Update);
}

function iri(value: string): IriTerm {
  return { termType: 'NamedNode', value } as IriTerm;
}

function asPattern(block: Quads): Pattern {
  if (block.type === 'bgp') return block;
  return { type: 'graph', name: block.name, patterns: [{ type: 'bgp', triples: block.triples }] };
}
