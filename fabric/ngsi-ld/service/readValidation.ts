/**
 * Read validation of an entity write (docs/ngsi-ld-api.md "Writes racing SPARQL Update"): whether the
 * graph the writer read still holds exactly the quads it read, checked right before its commit. NGSI-LD
 * writes of one entity are serialized by the writer's lock, but a SPARQL Update, a Graph Store Protocol
 * write or another service's store call takes no such lock; if one changed the graph since the read, the
 * write's difference was planned on a state that is gone, and the writer plans it again (EntityWriter).
 */
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../store/GraphStore.js';
import { GRAPHS } from '../../rdf/namespaces.js';
import type { EntityIndex } from '../index/EntityIndex.js';
import { readEntityGraph } from '../mapping/readEntityGraph.js';
import { graphDifference } from './graphDifference.js';

/** A graph as a write read it: all the quads of the entity graph `id` at the read. */
export interface ReadGraph {
  readonly id: string;
  readonly before: readonly RDF.Quad[];
}

/**
 * Whether the graph holds exactly `before` now. When `before` is the array the read index holds as the
 * graph's stored quads (EntityIndex.storedGraph), the answer costs nothing: the index drops that array
 * on any change touching the graph (its change feed), so finding it still there means no change did.
 * Otherwise the graph is read again and compared as a set of quads.
 */
export function graphUnchanged(store: GraphStore, index: EntityIndex | undefined, { id, before }: ReadGraph): boolean {
  if (index !== undefined && index.storedGraph(id) === before) return true;
  const now = readEntityGraph(store, id);
  if (now.length !== before.length) return false;
  const difference = graphDifference(GRAPHS.entity(id), before, now);
  return difference.deletes.length === 0 && difference.inserts.length === 0;
}

/** Whether every graph a write read is unchanged (graphUnchanged). */
export function readStillCurrent(store: GraphStore, index: EntityIndex | undefined, graphs: readonly ReadGraph[]): boolean {
  return graphs.every((graph) => graphUnchanged(store, index, graph));
}
