/**
 * SPARQL 1.1 Update execution that yields the exact change it made.
 *
 * The durable store logs ChangeSets, not update strings: NOW(), UUID(),
 * STRUUID() and BNODE() would replay differently. So we parse the request
 * with sparqljs, evaluate each WHERE once with oxigraph and apply concrete
 * quads with store.add/store.delete, operation by operation (each sees the
 * effects of the earlier ones, §3). The request is atomic: on any error every
 * change is undone and the error rethrown. The result is the NET change.
 *
 * Default graph convention: a WHERE clause without USING/WITH sees the union
 * of all graphs (like queries in this fabric); templates without GRAPH write
 * to (and delete from) the real default graph, or the WITH graph.
 */
import oxigraph from 'oxigraph';
import type { InsertDeleteOperation, ManagementOperation, UpdateOperation } from 'sparqljs';
import { OperationNotSupportedError } from '../../errors/FabricError.js';
import type { ChangeSet } from '../GraphStore.js';
import { ChangeTracker } from './ChangeTracker.js';
import { GraphManager } from './graphManagement.js';
import { executeInsertDelete } from './insertDelete.js';
import { BlankNodeMinter } from './instantiateTemplate.js';
import { parseUpdate } from './parseUpdate.js';

export interface UpdateExecutionOptions {
  /** WHERE's default graph is the union of all graphs (fabric convention, default true); false = the real default graph. */
  readonly unionDefaultGraph?: boolean;
}

export const LOAD_NOT_SUPPORTED =
  'LOAD needs an HTTP client, which this node does not have; upload with the Graph Store Protocol instead';

export function executeUpdate(
  store: oxigraph.Store,
  sparql: string,
  baseIri?: string,
  options: UpdateExecutionOptions = {},
): ChangeSet {
  const request = parseUpdate(sparql, baseIri);
  const tracker = new ChangeTracker(store);
  const graphs = new GraphManager(store, tracker);
  const ctx = { store, tracker, minter: new BlankNodeMinter(), unionDefaultGraph: options.unionDefaultGraph ?? true };
  try {
    for (const op of request.updates) {
      if (isInsertDelete(op)) executeInsertDelete(op, ctx);
      else executeManagement(op, graphs);
    }
  } catch (error) {
    tracker.rollback();
    throw error;
  }
  return tracker.netChange();
}

function isInsertDelete(op: UpdateOperation): op is InsertDeleteOperation {
  return 'updateType' in op;
}

function executeManagement(op: ManagementOperation, graphs: GraphManager): void {
  switch (op.type) {
    case 'load':
      // §3.1.4: "If SILENT is present, the result of the operation will always be success" (as in oxigraph).
      if (op.silent) return;
      throw new OperationNotSupportedError(LOAD_NOT_SUPPORTED);
    case 'clear':
    case 'drop':
      return graphs.clearOrDrop(op);
    case 'create':
      return graphs.create(op);
    case 'add':
    case 'move':
    case 'copy':
      return graphs.copyMoveAdd(op);
  }
}
