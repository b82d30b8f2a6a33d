/**
 * W3C SPARQL 1.1 Graph Store HTTP Protocol semantics over the GraphStore
 * interface: read (§5.2 GET/HEAD), replace (§5.3 PUT), delete (§5.4 DELETE)
 * and merge (§5.5 POST) one graph — named directly by the request IRI (§4.1),
 * by ?graph=IRI or ?default (§4.2) — or, without either, the whole dataset
 * (GET in quad formats, POST of N-Quads/TriG, POST of a triple format creates
 * a new graph, §5.5). Every write is one atomic commit.
 */
import { randomUUID } from 'node:crypto';
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { InvalidRequestError, ResourceNotFoundError, UnsupportedMediaTypeError } from '../fabric/errors/FabricError.js';
import { GRAPH_MEDIA_TYPES, QUAD_MEDIA_TYPES, RDF_UPLOAD_MEDIA_TYPES } from './mediaTypes.js';
import { parseUpload } from './rdfUpload.js';
import { isValidIri } from '../fabric/rdf/iriValidation.js';

/** Which graph a request addresses (GSP §4: a direct request IRI or indirect ?graph= / ?default, else the dataset). */
export type GraphTarget = { readonly kind: 'named'; readonly iri: string } | { readonly kind: 'default' } | { readonly kind: 'dataset' };

/** Builds the target from the query parameters; both ?graph and ?default → 400. */
export function graphTargetOf(params: { graph?: string | string[]; default?: unknown }): GraphTarget {
  const hasDefault = params.default !== undefined;
  if (Array.isArray(params.graph)) throw new InvalidRequestError('Give one graph parameter, not several.');
  if (params.graph !== undefined && hasDefault) throw new InvalidRequestError('Give either ?graph=IRI or ?default, not both (GSP §4.2).');
  if (params.graph !== undefined) {
    if (!isValidIri(params.graph)) throw new InvalidRequestError(`graph=${params.graph} is not an absolute IRI.`);
    return { kind: 'named', iri: params.graph };
  }
  return hasDefault ? { kind: 'default' } : { kind: 'dataset' };
}

export class GraphStoreService {
  constructor(private readonly store: GraphStore) {}

  /** Media types GET can produce for the target. */
  offeredFor(target: GraphTarget): readonly string[] {
    return target.kind === 'dataset' ? GRAPH_MEDIA_TYPES.filter((t) => QUAD_MEDIA_TYPES.has(t)) : GRAPH_MEDIA_TYPES;
  }

  exists(target: GraphTarget): boolean {
    if (target.kind !== 'named') return true;
    // A graph exists while it holds quads (oxigraph may keep an emptied graph name in graphs()).
    // TODO(GraphStore): a cheap hasGraph(iri) would avoid materializing the graph's quads here.
    return this.store.graphs().includes(target.iri) && this.store.match(null, null, null, oxigraph.namedNode(target.iri)).length > 0;
  }

  /** GSP §5.2: the graph serialized; 404 for an unknown named graph. */
  read(target: GraphTarget, mediaType: string): string {
    this.requireExisting(target);
    if (target.kind === 'dataset') return this.store.dump(mediaType);
    return this.store.dump(mediaType, target.kind === 'named' ? target.iri : 'default');
  }

  /** GSP §5.3: replaces the graph's content in one commit; returns whether the graph was created. */
  async replace(target: GraphTarget, body: string, format: string, baseIri?: string): Promise<{ created: boolean }> {
    if (target.kind === 'dataset') throw new InvalidRequestError('PUT needs ?graph=IRI or ?default (replacing the whole dataset is not offered).');
    this.checkUploadFormat(target, format);
    const created = !this.exists(target);
    const quads = parseUpload(body, { format, graph: target.kind === 'named' ? target.iri : undefined, baseIri });
    const tx = this.store.transaction();
    this.clearInto(tx, target);
    for (const quad of quads) tx.add(quad);
    await tx.commit();
    return { created };
  }

  /** GSP §5.5: merges the document into the graph (or the dataset for quad formats); returns whether the graph was created. */
  async merge(target: GraphTarget, body: string, format: string, baseIri?: string): Promise<{ created: boolean; quads: number }> {
    this.checkUploadFormat(target, format);
    const created = !this.exists(target);
    const graph = target.kind === 'named' ? target.iri : undefined;
    const quads = await this.store.load(body, { format, ...(graph ? { graph } : {}), ...(baseIri ? { baseIri } : {}) });
    return { created, quads };
  }

  /**
   * GSP §5.5 multipart/form-data POST: every part (its own Content-Type) is merged
   * into the graph, all parts in one commit; nothing is written if any part fails to parse.
   */
  async mergeDocuments(target: GraphTarget, documents: ReadonlyArray<{ body: string; format: string }>, baseIri?: string): Promise<{ created: boolean }> {
    if (documents.length === 0) throw new InvalidRequestError('The multipart body has no parts.');
    for (const doc of documents) this.checkUploadFormat(target, doc.format);
    const created = !this.exists(target);
    const graph = target.kind === 'named' ? target.iri : undefined;
    const quads = documents.flatMap((doc) => parseUpload(doc.body, { format: doc.format, graph, baseIri }));
    const tx = this.store.transaction();
    for (const quad of quads) tx.add(quad);
    await tx.commit();
    return { created };
  }

  /**
   * GSP §5.5: a POST of a triple format to the Graph Store itself creates a new
   * graph named `${graphIriPrefix}<uuid>` (a direct graph IRI of this endpoint)
   * and returns its IRI for the Location header.
   */
  async create(graphIriPrefix: string, body: string, format: string, baseIri?: string): Promise<{ iri: string }> {
    const target: GraphTarget = { kind: 'named', iri: `${graphIriPrefix}${randomUUID()}` };
    await this.merge(target, body, format, baseIri);
    return { iri: target.iri };
  }

  /** GSP §5.4: removes the graph; 404 when a named graph does not exist. */
  async remove(target: GraphTarget): Promise<void> {
    if (target.kind === 'dataset') throw new InvalidRequestError('DELETE needs ?graph=IRI or ?default.');
    this.requireExisting(target);
    const tx = this.store.transaction();
    this.clearInto(tx, target);
    await tx.commit();
  }

  private requireExisting(target: GraphTarget): void {
    if (!this.exists(target) && target.kind === 'named') throw new ResourceNotFoundError(`Graph <${target.iri}> does not exist.`);
  }

  private clearInto(tx: ReturnType<GraphStore['transaction']>, target: GraphTarget): void {
    if (target.kind === 'named') {
      tx.clearGraph(target.iri);
      return;
    }
    const defaultGraph: RDF.Term = oxigraph.defaultGraph();
    for (const quad of this.store.match(null, null, null, defaultGraph)) tx.delete(quad);
  }

  private checkUploadFormat(target: GraphTarget, format: string): void {
    if (!(RDF_UPLOAD_MEDIA_TYPES as readonly string[]).includes(format)) {
      throw new UnsupportedMediaTypeError(`Content-Type ${format} is not an RDF format this store parses; use one of ${RDF_UPLOAD_MEDIA_TYPES.join(', ')}.`);
    }
    if (target.kind === 'dataset' && !QUAD_MEDIA_TYPES.has(format)) {
      throw new InvalidRequestError(`A ${format} document has no graph names: add ?graph=IRI or ?default, or send application/n-quads or application/trig.`);
    }
    if (target.kind !== 'dataset' && QUAD_MEDIA_TYPES.has(format)) {
      throw new UnsupportedMediaTypeError(`${format} carries its own graph names; POST it to the dataset (no ?graph / ?default) or send a triple format.`);
    }
  }
}
