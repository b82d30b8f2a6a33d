/**
 * Resolves the @context of a request (Link header URL, inline object, URL, or an array
 * of them; GS CIM 009 §5.5.7, §6.3.5) to a ProcessedContext. The NGSI-LD core context is
 * always appended LAST (§5.5.7: core terms cannot be overridden; it is @protected), so
 * `status`, `location`, `value`… keep their core meaning whatever the user context says.
 *
 * Processed contexts are cached by a key (the URL list / the JSON text of inline
 * contexts), so expansion and compaction never re-process a context per request.
 * The jsonld documentLoader serves bundled and registered contexts from memory and sends
 * every other URL through the RemoteContextFetcher (time limit, size limit, cache).
 */
import jsonld from 'jsonld';
import { FabricError, InvalidRequestError, LdContextNotAvailableError } from '../../errors/FabricError.js';
import { ProcessedContext, type JsonLdActiveContext } from './ProcessedContext.js';
import { RemoteContextFetcher } from './RemoteContextFetcher.js';
import { CORE_CONTEXT_URL, loadBundledContexts, type BundledContext, type JsonObject } from './wellKnownContexts.js';

/** jsonld.js exports processContext (JSON-LD 1.1 API context processing); @types/jsonld omits it. */
type ProcessContext = (active: unknown, local: unknown, options: Record<string, unknown>) => Promise<unknown>;
const processContext = (jsonld as unknown as { processContext: ProcessContext }).processContext;

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: JsonObject;
}

export interface ContextResolverOptions {
  readonly fetcher?: RemoteContextFetcher;
  readonly bundled?: Map<string, BundledContext>;
  /** Most processed contexts kept (default 512; the oldest is evicted). */
  readonly maxProcessed?: number;
  /** Processed contexts that involve fetched URLs are rebuilt after this long (default 1 h). */
  readonly remoteTtlMs?: number;
}

interface ProcessedEntry {
  readonly promise: Promise<ProcessedContext>;
  readonly createdAt: number;
  readonly remote: boolean;
}

export class ContextResolver {
  readonly fetcher: RemoteContextFetcher;
  private readonly bundled: Map<string, BundledContext>;
  /** Contexts added through /jsonldContexts (hosted by this node). */
  private readonly hosted = new Map<string, JsonObject>();
  private readonly processed = new Map<string, ProcessedEntry>();
  private readonly maxProcessed: number;
  private readonly remoteTtlMs: number;
  private initial: Promise<unknown> | undefined;
  private coreProcessed: ProcessedContext | undefined;

  constructor(options: ContextResolverOptions = {}) {
    this.fetcher = options.fetcher ?? new RemoteContextFetcher();
    this.bundled = options.bundled ?? loadBundledContexts();
    this.maxProcessed = options.maxProcessed ?? 512;
    this.remoteTtlMs = options.remoteTtlMs ?? 3_600_000;
  }

  /** jsonld.js documentLoader: local documents first, then the limited, cached fetcher. */
  readonly documentLoader = async (url: string): Promise<RemoteDocument> => {
    const local = this.localDocument(url);
    const document = local ?? (await this.fetcher.get(url));
    return { contextUrl: null, documentUrl: url, document };
  };

  /** A bundled or hosted context document, or undefined. */
  localDocument(url: string): JsonObject | undefined {
    return this.bundled.get(url)?.document ?? this.hosted.get(url);
  }

  bundledContexts(): BundledContext[] {
    return [...this.bundled.values()];
  }

  /** Host a context under a URL (/jsonldContexts add); processed contexts using it are dropped. */
  register(url: string, document: JsonObject): void {
    if (this.bundled.has(url)) throw new InvalidRequestError(`${url} is a built-in @context and cannot be replaced.`);
    this.hosted.set(url, document);
    this.dropProcessedMentioning(url);
  }

  unregister(url: string): boolean {
    const removed = this.hosted.delete(url) || this.fetcher.evict(url);
    this.dropProcessedMentioning(url);
    return removed;
  }

  hostedContexts(): Array<{ url: string; document: JsonObject }> {
    return [...this.hosted].map(([url, document]) => ({ url, document }));
  }

  /** The core context alone (requests without a user @context). */
  async core(): Promise<ProcessedContext> {
    this.coreProcessed ??= await this.resolve(undefined);
    return this.coreProcessed;
  }

  /**
   * The processed form of a request's @context (undefined / null = core context only).
   * Throws LdContextNotAvailableError when a remote context cannot be retrieved and
   * InvalidRequestError when the context is not valid JSON-LD.
   */
  async resolve(context: unknown): Promise<ProcessedContext> {
    const user = this.userContexts(context);
    const key = JSON.stringify(user);
    const entry = this.processed.get(key);
    if (entry && (!entry.remote || Date.now() - entry.createdAt < this.remoteTtlMs)) return entry.promise;
    const remote = user.some((c) => typeof c === 'string' && !this.localDocument(c));
    const promise = this.process(user, key, context);
    if (this.processed.size >= this.maxProcessed) this.processed.delete(this.processed.keys().next().value as string);
    this.processed.set(key, { promise, createdAt: Date.now(), remote });
    promise.catch(() => this.processed.delete(key)); // failures are not cached
    return promise;
  }

  private userContexts(context: unknown): unknown[] {
    if (context === undefined || context === null) return [];
    const list = Array.isArray(context) ? context : [context];
    return list.filter((c) => !(typeof c === 'string' && this.bundled.get(c)?.kind === 'core'));
  }

  private async process(user: unknown[], key: string, source: unknown): Promise<ProcessedContext> {
    for (const c of user) {
      if (c === null || (typeof c !== 'string' && (typeof c !== 'object' || Array.isArray(c)))) {
        throw new InvalidRequestError(`Invalid @context entry ${JSON.stringify(c)}: expected a URL or a JSON object.`);
      }
    }
    try {
      this.initial ??= processContext(null, null, {});
      const initial = await this.initial;
      const active = await processContext(initial, [...user, CORE_CONTEXT_URL], { documentLoader: this.documentLoader });
      return new ProcessedContext(active as unknown as JsonLdActiveContext, key, source);
    } catch (error) {
      const cause = fabricCause(error);
      if (cause) throw cause;
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as { details?: { code?: string } }).details?.code;
      if (code === 'loading remote context failed') throw new LdContextNotAvailableError(`@context could not be loaded: ${message}`);
      throw new InvalidRequestError(`Invalid @context: ${message}${code ? ` (${code})` : ''}`);
    }
  }

  private dropProcessedMentioning(url: string): void {
    const needle = JSON.stringify(url);
    for (const key of [...this.processed.keys()]) if (key.includes(needle)) this.processed.delete(key);
  }
}

/** jsonld.js wraps loader errors in JsonLdError.details.cause; find our typed error inside. */
function fabricCause(error: unknown, depth = 0): FabricError | undefined {
  if (error instanceof FabricError) return error;
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const details = (error as { details?: { cause?: unknown } }).details;
  return fabricCause(details?.cause ?? (error as { cause?: unknown }).cause, depth + 1);
}
