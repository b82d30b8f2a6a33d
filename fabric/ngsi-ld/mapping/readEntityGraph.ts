/**
 * The quads of one entity graph (docs/ngsi-ld-mapping.md: every entity in the named graph
 * named by its id), read the fast way: ONE serialization of the graph by the store
 * (GraphStore.dump of that graph: oxigraph writes N-Triples in a single WASM call) parsed by
 * n3 into plain-object terms (termFactory). Matching the graph instead hands back one
 * WASM-backed oxigraph object per term whose every `.value` read crosses into WASM; measured
 * on the `ngsi-ld` bench (65-quad IE): match + quadsToEntity ≈ 13 ms under load, this path
 * ≈ 0.4 ms. The text is read by dumpedTriples.ts when it has the shape a store prints (a few times
 * cheaper than n3), else by n3. Blank-node labels are kept as the store prints them (blankNodePrefix ''),
 * so the quads can be deleted again by an EntityWriter diff.
 */
import type * as RDF from '@rdfjs/types';
import N3 from 'n3';
import type { GraphStore } from '../../store/GraphStore.js';
import { GRAPHS } from '../../rdf/namespaces.js';
import { readDumpedTriples } from './dumpedTriples.js';
import { termFactory } from './termFactory.js';

const N_TRIPLES = 'application/n-triples';

/** Parses the N-Triples text of one graph into quads of `graph` (plain-object terms). */
export function parseGraphText(text: string, graph: string): RDF.Quad[] {
  if (text.length === 0) return [];
  const g = termFactory.namedNode(graph);
  return readDumpedTriples(text, g) ?? parseWithN3(text, g);
}

/** The general parse (n3), for a text dumpedTriples.ts does not take. */
export function parseWithN3(text: string, g: RDF.NamedNode): RDF.Quad[] {
  const triples = new N3.Parser({ format: N_TRIPLES, blankNodePrefix: '', factory: termFactory as unknown as RDF.DataFactory }).parse(text);
  const out: RDF.Quad[] = new Array(triples.length);
  for (let i = 0; i < triples.length; i++) {
    const t = triples[i];
    out[i] = termFactory.quad(t.subject, t.predicate, t.object, g);
  }
  return out;
}

/** The quads of the entity's graph as stored. */
export function readEntityGraph(store: GraphStore, entityId: string): RDF.Quad[] {
  const graph = GRAPHS.entity(entityId);
  return parseGraphText(store.dump(N_TRIPLES, graph), graph);
}
