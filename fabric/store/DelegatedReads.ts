/**
 * The read half of GraphStore answered by another store, for stores that differ from the one they hold only in how
 * writes are made or observed (ObservedMemoryStore: numbered commit records; the reasoner worker's replica: writes
 * posted to the main thread). A subclass names the store that answers (`readStore`) and keeps its own size,
 * writes and close.
 */
import type * as RDF from '@rdfjs/types';
import type { GraphStore, QueryOptions, QueryResult, SerializedResult } from './GraphStore.js';

export type ReadStore = Pick<GraphStore, 'match' | 'has' | 'graphs' | 'query' | 'queryTo' | 'dump'>;

export abstract class DelegatedReads {
  protected abstract get readStore(): ReadStore;

  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.Quad[] { return this.readStore.match(s, p, o, g); }
  has(quad: RDF.Quad): boolean { return this.readStore.has(quad); }
  graphs(): string[] { return this.readStore.graphs(); }
  query(sparql: string, options?: QueryOptions): Promise<QueryResult> { return this.readStore.query(sparql, options); }
  queryTo(sparql: string, mediaType: string, options?: QueryOptions): Promise<SerializedResult> { return this.readStore.queryTo(sparql, mediaType, options); }
  dump(mediaType: string, graph?: string | 'default'): string { return this.readStore.dump(mediaType, graph); }
}
