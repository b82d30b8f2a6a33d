/**
 * Hosted @contexts (GS CIM 009 v1.8 §5.13.2 Add, §5.13.5 Delete; issue 3 and "writes that were acknowledged
 * survive kill -9"): an add is durable in the store before it resolves, and only then hosted; a delete
 * likewise; restore() hosts again what the store keeps (here after a graceful close and reopen of a
 * DurableGraphStore; the SIGKILL case is test/integration/hosted-contexts-crash.test.ts). Implicitly
 * created contexts stay in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostedContexts } from '../../../../fabric/ngsi-ld/context/HostedContexts.js';
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { RemoteContextFetcher, type FetchFunction } from '../../../../fabric/ngsi-ld/context/RemoteContextFetcher.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import type { ChangeSet, CommitReceipt } from '../../../../fabric/store/GraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { termFactory } from '../../../../fabric/ngsi-ld/mapping/termFactory.js';
import { BadRequestDataError, LdContextNotAvailableError, ResourceNotFoundError } from '../../../../fabric/errors/FabricError.js';

const BASE = 'http://127.0.0.1:1026';
const VOCAB = 'https://example.org/vocab#';
const body = { '@context': { speed: `${VOCAB}speed`, Car: `${VOCAB}Car` } };

/** A resolver whose network always fails: a hosted context resolves only if it is registered locally. */
function offlineResolver(): ContextResolver {
  const fetch = (async () => { throw new TypeError('fetch failed (offline)'); }) as unknown as FetchFunction;
  return new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch }) });
}

/** A resolver whose network serves only `documents` (by URL); any other URL fails like an unreachable host. */
function servingResolver(documents: Record<string, unknown>): ContextResolver {
  const fetch = (async (url: string) => {
    if (!(url in documents)) throw new TypeError(`fetch failed (${url} unreachable)`);
    return new Response(JSON.stringify(documents[url]), { status: 200, headers: { 'content-type': 'application/ld+json' } });
  }) as unknown as FetchFunction;
  return new ContextResolver({ fetcher: new RemoteContextFetcher({ fetch }) });
}

/** A memory store whose commits wait until released, or fail, as a test says. */
class GatedStore extends MemoryGraphStore {
  gate: Promise<void> = Promise.resolve();
  failWith: Error | undefined;
  override async commit(change: ChangeSet): Promise<CommitReceipt> {
    await this.gate;
    if (this.failWith) throw this.failWith;
    return super.commit(change);
  }
}

const contextQuads = (store: MemoryGraphStore) => store.match(null, null, null, termFactory.namedNode(GRAPHS.contexts));
const byLocalId = (list: Array<{ localId: string }>) => [...list].sort((x, y) => (x.localId < y.localId ? -1 : 1));

describe('HostedContexts', () => {
  it('answers an add only once its quads are committed, and hosts the context only then', async () => {
    const store = new GatedStore();
    let release!: () => void;
    store.gate = new Promise((r) => { release = r; });
    const hosted = new HostedContexts(offlineResolver(), store);
    const adding = hosted.add(body, BASE);
    await new Promise((r) => setImmediate(r));
    expect(hosted.list('Hosted')).toEqual([]);
    expect(contextQuads(store)).toHaveLength(0);
    release();
    const info = await adding;
    expect(info).toMatchObject({ kind: 'Hosted', URL: `${BASE}/ngsi-ld/v1/jsonldContexts/${info.localId}` });
    expect(contextQuads(store).map((q) => q.subject.value)).toEqual([info.URL, info.URL, info.URL, info.URL]);
    expect(hosted.list('Hosted').map((c) => c.URL)).toEqual([info.URL]);
  });

  it('hosts nothing when the commit of an add fails, and keeps the context when the commit of a delete fails', async () => {
    const store = new GatedStore();
    const hosted = new HostedContexts(offlineResolver(), store);
    store.failWith = new Error('disk full');
    await expect(hosted.add(body, BASE)).rejects.toThrow('disk full');
    expect(hosted.list('Hosted')).toEqual([]);
    store.failWith = undefined;
    const info = await hosted.add(body, BASE);
    store.failWith = new Error('disk full');
    await expect(hosted.delete(info.localId)).rejects.toThrow('disk full');
    expect(hosted.list('Hosted').map((c) => c.localId)).toEqual([info.localId]);
    expect(contextQuads(store)).toHaveLength(4);
  });

  it('deletes a hosted context from the store and the resolver; a second delete of it is a 404', async () => {
    const store = new MemoryGraphStore();
    const resolver = offlineResolver();
    const hosted = new HostedContexts(resolver, store);
    const info = await hosted.add(body, BASE);
    const kept = await hosted.add({ '@context': { brand: `${VOCAB}brand` } }, BASE);
    expect((await resolver.resolve(info.URL)).expandTerm('speed')).toBe(`${VOCAB}speed`);
    const deletes = [hosted.delete(info.URL), hosted.delete(info.localId)];
    await expect(deletes[0]).resolves.toBeUndefined();
    await expect(deletes[1]).rejects.toBeInstanceOf(ResourceNotFoundError);
    expect(resolver.localDocument(info.URL)).toBeUndefined();
    expect(new Set(contextQuads(store).map((q) => q.subject.value))).toEqual(new Set([kept.URL]));
    await expect(hosted.get(info.localId)).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  it('refuses a payload without @context, or a base that gives no valid URL, and writes nothing', async () => {
    const store = new MemoryGraphStore();
    const hosted = new HostedContexts(offlineResolver(), store);
    await expect(hosted.add({ speed: 'x' }, BASE)).rejects.toBeInstanceOf(BadRequestDataError);
    await expect(hosted.add({ '@context': 7 }, BASE)).rejects.toBeInstanceOf(BadRequestDataError);
    await expect(hosted.add(body, 'http://exa mple:1026')).rejects.toBeInstanceOf(BadRequestDataError); // a Host header giving no URL
    expect(store.size()).toBe(0);
  });

  // §5.13.2: an added @context must be usable; its URLs are dereferenced at add time (as Orion-LD does), so a
  // URL-only @context that cannot be fetched is LdContextNotAvailable, never a 201 for a context no request can use.
  it('dereferences the URLs of an added @context: unreachable → LdContextNotAvailable, invalid → BadRequestData, nothing written', async () => {
    const store = new MemoryGraphStore();
    const resolver = servingResolver({ [`${VOCAB}remote.jsonld`]: { '@context': { brand: `${VOCAB}brand` } } });
    const hosted = new HostedContexts(resolver, store);
    await expect(hosted.add({ '@context': `${VOCAB}missing.jsonld` }, BASE)).rejects.toBeInstanceOf(LdContextNotAvailableError);
    await expect(hosted.add({ '@context': [`${VOCAB}missing.jsonld`, { speed: `${VOCAB}speed` }] }, BASE)).rejects.toBeInstanceOf(LdContextNotAvailableError);
    await expect(hosted.add({ '@context': { speed: 5 } }, BASE)).rejects.toBeInstanceOf(BadRequestDataError); // a term definition must be a string or an object
    await expect(hosted.add({ '@context': [7] }, BASE)).rejects.toBeInstanceOf(BadRequestDataError);
    expect(store.size()).toBe(0);
    expect(hosted.list('Hosted')).toEqual([]);
    const info = await hosted.add({ '@context': `${VOCAB}remote.jsonld` }, BASE);
    expect((await resolver.resolve(info.URL)).expandTerm('brand')).toBe(`${VOCAB}brand`);
  });

  it('keeps implicitly created contexts in memory only', async () => {
    const store = new MemoryGraphStore();
    const hosted = new HostedContexts(offlineResolver(), store);
    const url = hosted.implicit({ speed: `${VOCAB}speed` }, BASE);
    expect(hosted.list('ImplicitlyCreated').map((c) => c.URL)).toEqual([url]);
    expect(store.size()).toBe(0);
    await hosted.delete(url);
    expect(hosted.list('ImplicitlyCreated')).toEqual([]);
  });

  it('restores the hosted contexts of a durable store after a close and reopen (same ids, URLs, documents, times)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-hosted-'));
    try {
      const first = await DurableGraphStore.open(dir);
      const before = new HostedContexts(servingResolver({ [`${VOCAB}remote.jsonld`]: { '@context': { speed: `${VOCAB}speed` } } }), first);
      const a = await before.add(body, BASE);
      const b = await before.add({ '@context': [`${VOCAB}remote.jsonld`, { brand: `${VOCAB}brand` }] }, BASE);
      const gone = await before.add({ '@context': { gone: `${VOCAB}gone` } }, BASE);
      await before.delete(gone.localId);
      await first.close();

      const reopened = await DurableGraphStore.open(dir);
      const resolver = offlineResolver();
      const after = new HostedContexts(resolver, reopened);
      expect(after.restore()).toEqual({ restored: 2, skipped: [] });
      expect(byLocalId(after.list('Hosted'))).toEqual(byLocalId(before.list('Hosted')));
      expect(after.list('Hosted').map((c) => c.localId).sort()).toEqual([a.localId, b.localId].sort());
      expect((await after.get(b.localId)).document).toEqual({ '@context': [`${VOCAB}remote.jsonld`, { brand: `${VOCAB}brand` }] });
      expect((await resolver.resolve(a.URL)).expandTerm('Car')).toBe(`${VOCAB}Car`); // resolved locally: the network is off
      await expect(after.get(gone.localId)).rejects.toBeInstanceOf(ResourceNotFoundError);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
