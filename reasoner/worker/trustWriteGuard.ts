/**
 * Guard of a trust write computed in the reasoner worker (docs/trust.md "Recomputation on change", "In the
 * reasoner's worker thread"): trust computes on the worker's replica as of seq N and the main thread commits
 * at seq N+k. If an IE's entity graph was deleted meanwhile (NGSI-LD DELETE /entities/{id}, GS CIM 009 §5.6.6),
 * the late write must not resurrect quads in it. The worker names the entity graphs its write touches that held
 * their IE then (`entitiesHeld`); the main thread, synchronously before the commit, finds those that no longer do
 * (`entitiesGone`) and drops the write's lines in their graphs (`withoutGraphs`).
 * An entity graph is named by the entity's id (GRAPHS.entity); "held" means it holds the IE's
 * `rdf:type aeros:InfrastructureElement` (an NGSI-LD entity's graph always holds its type). Trust writes N-Quads
 * with a named graph on every line (the IE's graph or the trust graph), so a line's graph is its last IRI.
 */
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import { GRAPHS, RDF as RDF_NS } from '../../fabric/rdf/namespaces.js';
import { IE, TRUST_GRAPH } from '../trust/trustVocabulary.js';
import { nonEmptyLines } from '../trust/changeFeedLines.js';

/** Reads the guard needs: `has` of one quad. */
export interface QuadPresence {
  has(quad: RDF.Quad): boolean;
}

/** The graph of an N-Quads line with a named graph (its last IRI); undefined for a line not ending with an IRI. */
export function graphOfLine(line: string): string | undefined {
  const end = line.trimEnd();
  if (!end.endsWith('> .')) return undefined;
  const start = end.lastIndexOf(' <');
  return start < 0 ? undefined : end.slice(start + 2, end.length - 3);
}


/** The graphs, other than the trust graph, that the lines of `text` write to. */
export function writtenGraphs(text: string): Set<string> {
  const graphs = new Set<string>();
  for (const line of nonEmptyLines(text)) {
    const graph = graphOfLine(line);
    if (graph !== undefined && graph !== TRUST_GRAPH) graphs.add(graph);
  }
  return graphs;
}

const TYPE = oxigraph.namedNode(`${RDF_NS}type`);
const IE_CLASS = oxigraph.namedNode(IE.InfrastructureElement);

/** Whether the entity graph of `ie` holds the IE (its rdf:type aeros:InfrastructureElement). */
export function holdsEntity(store: QuadPresence, ie: string): boolean {
  const node = oxigraph.namedNode(ie);
  return store.has(oxigraph.quad(node, TYPE, IE_CLASS, oxigraph.namedNode(GRAPHS.entity(ie))) as unknown as RDF.Quad);
}

/** Worker side: the IEs whose entity graph the write's inserts touch and which hold their IE on the replica now. */
export function entitiesHeld(replica: QuadPresence, inserts: string): string[] {
  return [...writtenGraphs(inserts)].filter((graph) => GRAPHS.entity(graph) === graph && holdsEntity(replica, graph));
}

/** Main side: the entity graphs of `entities` that no longer hold their IE in the node's store. */
export function entitiesGone(store: QuadPresence, entities: readonly string[]): Set<string> {
  const gone = new Set<string>();
  for (const ie of entities) if (!holdsEntity(store, ie)) gone.add(GRAPHS.entity(ie));
  return gone;
}

/** `text` without its lines in `graphs`. */
export function withoutGraphs(text: string, graphs: ReadonlySet<string>): string {
  if (graphs.size === 0 || !text) return text;
  let kept = '';
  for (const line of nonEmptyLines(text)) {
    const graph = graphOfLine(line);
    if (graph === undefined || !graphs.has(graph)) kept += `${line}\n`;
  }
  return kept;
}
