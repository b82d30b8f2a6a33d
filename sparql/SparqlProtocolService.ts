/**
 * Executes SPARQL 1.1 Protocol operations against the GraphStore: queries are
 * serialized by the store straight into the negotiated media type
 * (GraphStore.queryTo); updates are applied atomically (GraphStore.update).
 */
import type { GraphStore, SerializedResult } from '../fabric/store/GraphStore.js';
import { InvalidRequestError } from '../fabric/errors/FabricError.js';
import { queryForm, looksLikeUpdate, resultKindOf } from '../fabric/store/queryForm.js';
import { GRAPH_MEDIA_TYPES, SOLUTION_MEDIA_TYPES } from './mediaTypes.js';
import { negotiate, resolveFormatOverride } from './negotiation.js';
import type { QueryOperation, UpdateOperation } from './protocolRequest.js';
import { withProtocolDataset } from './protocolUpdateDataset.js';

export interface ProtocolConfig {
  /** Time limit passed to the store as QueryOptions.timeoutMs. */
  readonly queryTimeoutMs?: number;
  /** Base IRI for relative IRIs; without it, the endpoint IRI of the request (SPARQL 1.1 Protocol: the service-defined BASE "MAY be the service endpoint"). */
  readonly baseIri?: string;
}

export interface ResponsePreferences {
  readonly accept?: string;
  /** ?format= override (short name or media type). */
  readonly format?: string;
}

export class SparqlProtocolService {
  constructor(
    private readonly store: GraphStore,
    private readonly config: ProtocolConfig = {},
  ) {}

  /** The media types offered for a query's result (solutions vs graph), by its form. */
  offeredFor(query: string): readonly string[] {
    const form = queryForm(query);
    if (form === undefined) return SOLUTION_MEDIA_TYPES;
    return resultKindOf(form) === 'graph' ? GRAPH_MEDIA_TYPES : SOLUTION_MEDIA_TYPES;
  }

  /** Chooses the result media type: ?format= wins over Accept; 406 when nothing fits. */
  chooseMediaType(query: string, prefs: ResponsePreferences): string {
    const offered = this.offeredFor(query);
    return prefs.format ? resolveFormatOverride(prefs.format, offered) : negotiate(prefs.accept, offered);
  }

  /** The base IRI for a request: the configured one, else the endpoint the request was sent to. */
  private baseFor(endpointIri: string | undefined): string | undefined {
    return this.config.baseIri ?? endpointIri;
  }

  async query(op: QueryOperation, prefs: ResponsePreferences, endpointIri?: string): Promise<SerializedResult> {
    const baseIri = this.baseFor(endpointIri);
    if (queryForm(op.query) === undefined && looksLikeUpdate(op.query)) {
      throw new InvalidRequestError('This is a SPARQL Update; send it as application/sparql-update or as the update= form parameter.');
    }
    const mediaType = this.chooseMediaType(op.query, prefs);
    return this.store.queryTo(op.query, mediaType, {
      ...(op.defaultGraphs.length > 0 ? { defaultGraphs: op.defaultGraphs } : {}),
      ...(op.namedGraphs.length > 0 ? { namedGraphs: op.namedGraphs } : {}),
      ...(baseIri ? { baseIri } : {}),
      ...(this.config.queryTimeoutMs ? { timeoutMs: this.config.queryTimeoutMs } : {}),
    });
  }

  async update(op: UpdateOperation, endpointIri?: string): Promise<void> {
    if (queryForm(op.update) !== undefined) {
      throw new InvalidRequestError('This is a SPARQL query; send it as application/sparql-query or as the query= parameter.');
    }
    const baseIri = this.baseFor(endpointIri);
    // SPARQL 1.1 Protocol §2.2.3: using-graph-uri / using-named-graph-uri become USING / USING NAMED.
    const update = withProtocolDataset(op.update, op, baseIri);
    await this.store.update(update, baseIri ? { baseIri } : undefined);
  }
}
