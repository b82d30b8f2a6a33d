/**
 * Trust's writes (reasoner/trust/trustWrites.ts: cf:trustScore in the IE's entity graph) and the NGSI-LD
 * read index (fabric/ngsi-ld/index/EntityIndex.ts): a retrieve right after a trust change shows the new
 * score, and the IE, cached before, is cached again with it in the background (read again from the store),
 * so retrieves after trust's writes do not each read the store.
 */
import { setImmediate as macrotask } from 'node:timers/promises';
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { EntityIndex } from '../../../../fabric/ngsi-ld/index/EntityIndex.js';
import type { Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { TrustService } from '../../../../reasoner/trust/TrustService.js';
import { TrustOnChange } from '../../../../reasoner/trust/TrustOnChange.js';
import { AEROS, CF, D2, ie, ieEntity, ontology } from './support/trustOnChangeFixtures.js';

const scoreOf = (e: Entity | undefined): { value?: unknown; observedAt?: string } | undefined => e?.attributes.get(`${CF}trustScore`)?.[0];

describe('trust scores and the NGSI-LD read index', () => {
  let onChange: TrustOnChange | undefined;
  afterEach(async () => { await onChange?.stop(); });

  it('a retrieve after a trust change shows the new score; the IE is cached again with it', async () => {
    const store = new ObservedMemoryStore();
    await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
    await store.commit({ deletes: [], inserts: [ieEntity('c', D2, 20), ieEntity('d', D2, 80), ieEntity('e', D2, 50)].flatMap((e) => entityToQuads(e)) });
    const index = EntityIndex.attach(store)!;
    const clock = { now: new Date('2026-12-01T10:00:00Z') };
    const trust = new TrustService(store, { now: () => clock.now });
    onChange = new TrustOnChange(store, trust, { debounceMs: 10_000 });
    await onChange.start(); // the first full run: e's reliability 0.5, score 0.85 (TrustOnChange.test.ts)
    for (const id of ['c', 'd', 'e']) index.read(ie(id));
    await macrotask();
    expect(index.stats().cachedEntities).toBe(3);
    expect(scoreOf(index.read(ie('e')))?.value).toBeCloseTo(0.85, 12);

    clock.now = new Date('2026-12-01T11:00:00Z');
    const s = oxigraph.namedNode(ie('e'));
    const p = oxigraph.namedNode(`${AEROS}currentCpuUsage`);
    await store.commit({ deletes: store.match(s, p, null, s), inserts: [oxigraph.quad(s, p, oxigraph.literal('35', oxigraph.namedNode('http://www.w3.org/2001/XMLSchema#double')), s)] });
    await macrotask(); // the telemetry change's own background read
    const rereadBefore = index.stats().reread;
    await onChange.flush(); // e: reliability 0.75, score 0.925, written into e's entity graph
    const now = scoreOf(index.read(ie('e')));
    expect(now?.value).toBeCloseTo(0.925, 12);
    expect(now?.observedAt).toBe('2026-12-01T11:00:00.000Z');

    // The read above cached it again; drop it once more with a second change, then leave it to the background.
    clock.now = new Date('2026-12-01T12:00:00Z');
    await store.commit({ deletes: store.match(s, p, null, s), inserts: [oxigraph.quad(s, p, oxigraph.literal('20', oxigraph.namedNode('http://www.w3.org/2001/XMLSchema#double')), s)] });
    await macrotask();
    await onChange.flush(); // e ties with c (the ideal): reliability 1, score 1.0
    expect(index.cachedEntity(ie('e'))).toBeUndefined(); // dropped by trust's write…
    await macrotask();
    const cached = index.cachedEntity(ie('e')); // …and read again from the store in the background
    expect(scoreOf(cached)?.value).toBeCloseTo(1, 12);
    expect(scoreOf(cached)?.observedAt).toBe('2026-12-01T12:00:00.000Z');
    expect(index.stats().reread).toBeGreaterThan(rereadBefore);
    const misses = index.stats().misses;
    expect(index.read(ie('e'))).toBe(cached);
    expect(index.stats().misses).toBe(misses);
  });
});
