/**
 * Fetches a user's remote @context (GS CIM 009 §5.5.7: contexts referenced by URL are
 * dereferenced by the broker) once, with a time limit and a size limit, and caches the
 * parsed document. Any failure (network, HTTP status, timeout, oversize, not JSON, no
 * @context member) answers LdContextNotAvailableError (§5.5.1, 503).
 * Failures are not cached: the next request tries again.
 */
import { LdContextNotAvailableError } from '../../errors/FabricError.js';
import type { JsonObject } from './wellKnownContexts.js';

export type FetchFunction = (url: string, init: { signal: AbortSignal; headers: Record<string, string>; redirect: 'follow' }) => Promise<Response>;

export interface RemoteContextFetcherOptions {
  /** Per-fetch time limit (default 5 s). */
  readonly timeoutMs?: number;
  /** Largest accepted body in bytes (default 1 MiB). */
  readonly maxBytes?: number;
  /** How long a fetched document stays cached (default 1 h). */
  readonly ttlMs?: number;
  /** Most documents kept (default 256; the oldest is evicted). */
  readonly maxEntries?: number;
  /** Injected for tests; defaults to the global fetch. */
  readonly fetch?: FetchFunction;
  readonly now?: () => number;
}

interface CacheEntry {
  readonly document: JsonObject;
  readonly fetchedAt: number;
}

export class RemoteContextFetcher {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<JsonObject>>();
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly fetchFn: FetchFunction;
  private readonly now: () => number;
  /** Number of network fetches started (observability and tests). */
  fetchCount = 0;

  constructor(options: RemoteContextFetcherOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.maxEntries = options.maxEntries ?? 256;
    this.fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
    this.now = options.now ?? Date.now;
  }

  /** URLs currently cached, with the time they were fetched. */
  cached(): Array<{ url: string; fetchedAt: number }> {
    return [...this.cache].map(([url, e]) => ({ url, fetchedAt: e.fetchedAt }));
  }

  evict(url: string): boolean {
    return this.cache.delete(url);
  }

  async get(url: string): Promise<JsonObject> {
    const hit = this.cache.get(url);
    if (hit && this.now() - hit.fetchedAt < this.ttlMs) return hit.document;
    let pending = this.inFlight.get(url);
    if (!pending) {
      pending = this.fetchOnce(url).finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, pending);
    }
    return pending;
  }

  private async fetchOnce(url: string): Promise<JsonObject> {
    if (!/^https?:\/\//i.test(url)) throw new LdContextNotAvailableError(`@context ${url} is not an http(s) URL and not a context this node serves.`, url);
    this.fetchCount++;
    let text: string;
    try {
      const response = await this.fetchFn(url, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: 'application/ld+json, application/json;q=0.9' },
        redirect: 'follow',
      });
      if (!response.ok) throw new Error(`HTTP status ${response.status}`);
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > this.maxBytes) throw new Error(`document of ${declared} bytes exceeds the limit of ${this.maxBytes} bytes`);
      text = await this.readLimited(response);
    } catch (error) {
      // AbortSignal.timeout rejects with a DOMException named TimeoutError (not always instanceof Error across realms).
      const { name, message } = (error ?? {}) as { name?: string; message?: string };
      const reason = name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (message ?? String(error));
      throw new LdContextNotAvailableError(`@context ${url} could not be retrieved: ${reason}.`, url);
    }
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new LdContextNotAvailableError(`@context ${url} is not a JSON document.`, url);
    }
    if (!document || typeof document !== 'object' || Array.isArray(document) || !('@context' in document)) {
      throw new LdContextNotAvailableError(`@context ${url} is not a JSON-LD context document (no @context member).`, url);
    }
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(url, { document: document as JsonObject, fetchedAt: this.now() });
    return document as JsonObject;
  }

  private async readLimited(response: Response): Promise<string> {
    if (!response.body) return response.text();
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.maxBytes) {
        await reader.cancel();
        throw new Error(`document exceeds the limit of ${this.maxBytes} bytes`);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
