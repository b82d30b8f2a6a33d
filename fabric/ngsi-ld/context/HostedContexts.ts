/**
 * @context management (GS CIM 009 v1.8 §5.13: Add §5.13.2, List §5.13.3, Serve §5.13.4,
 * Delete §5.13.5; HTTP binding §6.30 /jsonldContexts). Added contexts are Hosted: served by
 * this node under /ngsi-ld/v1/jsonldContexts/{localId} and registered with the
 * ContextResolver so requests naming that URL never leave the node. The bundled contexts
 * (core, continuum, Smart Data Models) and remote contexts the fetcher cached are listed
 * as Cached. The core context cannot be deleted (§5.13.5).
 *
 * Hosted contexts are durable: an add is committed to the store (the contexts graph,
 * hostedContextGraph.ts) before it is answered, a delete likewise, and `restore()` loads them
 * when the node starts, before it serves. They are node-wide, not per tenant (as in Orion-LD,
 * which keeps them in the broker's own database): every tenant resolves the same URLs, and they
 * live in the store given here, the default tenant's. ImplicitlyCreated contexts (URLs minted for
 * inline contexts of responses) are a cache and stay in memory. No HTTP here.
 */
import { randomUUID } from 'node:crypto';
import { BadRequestDataError, InvalidRequestError, ResourceNotFoundError } from '../../errors/FabricError.js';
import type { GraphStore } from '../../store/GraphStore.js';
import { isValidIri } from '../../rdf/iriValidation.js';
import type { ContextResolver } from './ContextResolver.js';
import { hostedContextQuads, readHostedContexts, storedHostedContextQuads } from './hostedContextGraph.js';
import type { JsonObject } from './wellKnownContexts.js';

export type ContextKind = 'Hosted' | 'Cached' | 'ImplicitlyCreated';

/** §5.2.37 LdContextInformation (details=true). */
export interface ContextInfo {
  readonly URL: string;
  readonly localId: string;
  readonly kind: ContextKind;
  readonly timestamp?: string;
}

interface HostedEntry {
  readonly kind: 'Hosted' | 'ImplicitlyCreated';
  readonly localId: string;
  readonly url: string;
  readonly document: JsonObject;
  readonly createdAt: Date;
}

export const CONTEXTS_PATH = '/ngsi-ld/v1/jsonldContexts/';

/** The URL of a hosted context (normalized: default ports dropped); a Host that gives no valid IRI is 400. */
function contextUrl(localId: string, baseUrl: string): string {
  let url: string | undefined;
  try {
    url = new URL(`${CONTEXTS_PATH}${localId}`, baseUrl).toString();
  } catch {
    url = undefined;
  }
  if (url === undefined || !isValidIri(url)) throw new BadRequestDataError(`The request's host (${baseUrl}) does not give a valid context URL.`);
  return url;
}

export class HostedContexts {
  private readonly byId = new Map<string, HostedEntry>();
  /** ImplicitlyCreated contexts by the JSON text of the inline @context they stand for. */
  private readonly implicitByJson = new Map<string, HostedEntry>();

  /** `store` keeps the hosted contexts: the node's (default tenant's) store. */
  constructor(private readonly resolver: ContextResolver, private readonly store: GraphStore) {}

  /**
   * Hosts the contexts kept in the store (node start, before serving). Resources of the contexts
   * graph that are not whole hosted contexts are left alone and named in `skipped`.
   */
  restore(): { restored: number; skipped: string[] } {
    const { records, skipped } = readHostedContexts(this.store);
    for (const record of records) {
      const entry: HostedEntry = { kind: 'Hosted', ...record };
      this.resolver.register(entry.url, entry.document);
      this.byId.set(entry.localId, entry);
    }
    return { restored: records.length, skipped };
  }

  /**
   * §5.13.2: host a context; `baseUrl` is this node's externally visible origin (e.g. http://host:1026).
   * Resolves once the context is durable in the store; only then is it served and resolvable.
   */
  async add(body: unknown, baseUrl: string): Promise<ContextInfo> {
    if (body === null || typeof body !== 'object' || Array.isArray(body) || !('@context' in body)) {
      throw new BadRequestDataError('The payload must be a JSON object with an "@context" member (§5.13.2).', { attribute: '@context' });
    }
    const context = (body as { '@context': unknown })['@context'];
    if (context === null || (typeof context !== 'object' && typeof context !== 'string')) {
      throw new BadRequestDataError('"@context" must be an object, a URL or an array of them (§5.13.2).', { attribute: '@context' });
    }
    const localId = randomUUID();
    const url = contextUrl(localId, baseUrl);
    await this.checkResolvable(context);
    const entry: HostedEntry = { kind: 'Hosted', localId, url, document: { '@context': context }, createdAt: new Date() };
    await this.store.commit({ deletes: [], inserts: hostedContextQuads(entry) });
    this.resolver.register(url, entry.document);
    this.byId.set(localId, entry);
    return this.info(entry);
  }

  /**
   * §5.13.2: what is added must be usable as an @context. It is processed now, as a request naming it would be:
   * each URL in it (a URL-only @context too) is dereferenced — through the fetcher, so it is then Cached — and a
   * URL that cannot be fetched fails the add with 503 LdContextNotAvailable (§5.5.1) instead of a 201 for a
   * context no request could use (Orion-LD likewise downloads the URLs of an added context before it answers).
   * A context that is not valid JSON-LD is 400 BadRequestData.
   */
  private async checkResolvable(context: unknown): Promise<void> {
    try {
      await this.resolver.resolve(context);
    } catch (error) {
      if (error instanceof InvalidRequestError) {
        throw new BadRequestDataError(`"@context" is not a valid JSON-LD @context (§5.13.2): ${error.message}`, { attribute: '@context' });
      }
      throw error;
    }
  }

  /**
   * §5.13 ImplicitlyCreated: a URL for an inline @context (an object or an array), so a
   * response in application/json can name it in its Link header (§6.3.4). The same inline
   * context always gets the same URL; at most `maxImplicit` are kept (oldest dropped).
   */
  implicit(context: unknown, baseUrl: string, maxImplicit = 256): string {
    if (typeof context === 'string') return context;
    const json = JSON.stringify(context);
    const known = this.implicitByJson.get(json);
    if (known) return known.url;
    if (this.implicitByJson.size >= maxImplicit) {
      const [oldestJson, oldest] = this.implicitByJson.entries().next().value as [string, HostedEntry];
      this.implicitByJson.delete(oldestJson);
      this.byId.delete(oldest.localId);
      this.resolver.unregister(oldest.url);
    }
    const localId = randomUUID();
    const url = contextUrl(localId, baseUrl);
    const entry: HostedEntry = { kind: 'ImplicitlyCreated', localId, url, document: { '@context': context as JsonObject }, createdAt: new Date() };
    this.resolver.register(url, entry.document);
    this.byId.set(localId, entry);
    this.implicitByJson.set(json, entry);
    return url;
  }

  /** §5.13.3: every known context, optionally of one kind. */
  list(kind?: ContextKind): ContextInfo[] {
    const hosted = [...this.byId.values()].map((e) => this.info(e));
    const bundled = this.resolver.bundledContexts().map((b): ContextInfo => ({ URL: b.url, localId: b.url, kind: 'Cached' }));
    const fetched = this.resolver.fetcher.cached().map((c): ContextInfo => ({ URL: c.url, localId: c.url, kind: 'Cached', timestamp: new Date(c.fetchedAt).toISOString() }));
    const all = [...hosted, ...bundled, ...fetched];
    return kind === undefined ? all : all.filter((c) => c.kind === kind);
  }

  /** §5.13.4: the context document by local id or URL. */
  async get(contextId: string): Promise<{ info: ContextInfo; document: JsonObject }> {
    const entry = this.find(contextId);
    if (entry) return { info: this.info(entry), document: entry.document };
    const local = this.resolver.localDocument(contextId);
    if (local) return { info: { URL: contextId, localId: contextId, kind: 'Cached' }, document: local };
    const cached = this.resolver.fetcher.cached().find((c) => c.url === contextId);
    if (cached) {
      const document = await this.resolver.fetcher.get(contextId); // a cache hit: no network
      return { info: { URL: cached.url, localId: cached.url, kind: 'Cached', timestamp: new Date(cached.fetchedAt).toISOString() }, document };
    }
    throw new ResourceNotFoundError(`No @context ${contextId} is known here (§5.13.4).`);
  }

  /**
   * §5.13.5: delete a hosted context (resolves once the delete is durable) or an implicit one, or
   * evict a cached one; the bundled contexts stay.
   */
  async delete(contextId: string): Promise<void> {
    const entry = this.find(contextId);
    if (entry?.kind === 'Hosted') {
      this.byId.delete(entry.localId); // at once, so that a concurrent delete of the same context is a 404
      try {
        await this.store.commit({ deletes: storedHostedContextQuads(this.store, entry.url), inserts: [] });
      } catch (error) {
        this.byId.set(entry.localId, entry);
        throw error;
      }
      this.resolver.unregister(entry.url);
      return;
    }
    if (entry) {
      this.byId.delete(entry.localId);
      this.implicitByJson.delete(JSON.stringify(entry.document['@context']));
      this.resolver.unregister(entry.url);
      return;
    }
    if (this.resolver.bundledContexts().some((b) => b.url === contextId)) {
      throw new BadRequestDataError(`${contextId} is a built-in @context of this node and cannot be deleted (§5.13.5).`);
    }
    if (!this.resolver.unregister(contextId)) throw new ResourceNotFoundError(`No @context ${contextId} is known here (§5.13.5).`);
  }

  private find(contextId: string): HostedEntry | undefined {
    return this.byId.get(contextId) ?? [...this.byId.values()].find((e) => e.url === contextId);
  }

  private info(entry: HostedEntry): ContextInfo {
    return { URL: entry.url, localId: entry.localId, kind: entry.kind, timestamp: entry.createdAt.toISOString() };
  }
}
