/**
 * reasoner/trust/TrustOnChange.ts: trust scores recomputed from the change feed, per domain.
 */
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { TrustService } from '../../../../reasoner/trust/TrustService.js';
import { AEROS, CF, D1, D2, ie, ieEntity, ontology, prop, rel } from './support/trustOnChangeFixtures.js';
import type { Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { TrustOnChange } from '../../../../reasoner/trust/TrustOnChange.js';


async function setup(): Promise<{ store: ObservedMemoryStore; trust: TrustService; onChange: TrustOnChange; clock: { now: Date } }> {
  const store = new ObservedMemoryStore();
  await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
  const entities = [ieEntity('a', D1, 20), ieEntity('b', D1, 80), ieEntity('c', D2, 20), ieEntity('d', D2, 80), ieEntity('e', D2, 50)];
  await store.commit({ deletes: [], inserts: entities.flatMap((e) => entityToQuads(e)) });
  const clock = { now: new Date('2026-12-01T10:00:00Z') };
  const trust = new TrustService(store, { now: () => clock.now });
  await trust.recompute();
  const onChange = new TrustOnChange(store, trust, { debounceMs: 10_000 });
  await onChange.start();
  clock.now = new Date('2026-12-01T11:00:00Z');
  return { store, trust, onChange, clock };
}

async function setCpuUsage(store: ObservedMemoryStore, id: string, value: number): Promise<void> {
  const s = oxigraph.namedNode(ie(id));
  const p = oxigraph.namedNode(`${AEROS}currentCpuUsage`);
  await store.commit({ deletes: store.match(s, p, null, s), inserts: [oxigraph.quad(s, p, oxigraph.literal(String(value), oxigraph.namedNode('http://www.w3.org/2001/XMLSchema#double')), s)] });
}

describe('TrustOnChange', () => {
  let onChange: TrustOnChange | undefined;
  afterEach(async () => { await onChange?.stop(); });

  it('recomputes only the domain of the IE an alert is about; other domains keep their breakdown and computedAt', async () => {
    const ctx = await setup();
    onChange = ctx.onChange;
    const before = await ctx.trust.breakdown(ie('a'));
    const alert: Entity = { id: 'urn:ngsi-ld:SecurityAlert:x1', types: [`${CF}SecurityAlert`], attributes: new Map([
      [`${CF}aboutInfrastructureElement`, rel(ie('a'))], [`${CF}priority`, prop(4)]]) };
    await ctx.store.commit({ deletes: [], inserts: entityToQuads(alert) });
    const run = await onChange.flush();
    expect(run).toMatchObject({ domains: [D1], changedIes: [ie('a')] });
    expect(run!.summary.ies).toBe(2);
    expect(run!.summary.written).toBe(1); // b's result did not change
    const after = await ctx.trust.breakdown(ie('a'));
    expect(after!.computedAt).toBe('2026-12-01T11:00:00Z');
    // security 1 − 4/5 = 0.2 instead of 1.0: the score drops by 0.5 · 0.8 = 0.4, reliability unchanged.
    expect(after!.components.security).toBeCloseTo(0.2, 12);
    expect(after!.trustScore).toBeCloseTo(before!.trustScore - 0.4, 12);
    for (const other of ['b', 'c', 'd', 'e']) expect((await ctx.trust.breakdown(ie(other)))!.computedAt).toBe('2026-12-01T10:00:00Z');
  });

  it('moves the score with a telemetry change as TOPSIS and the formula say', async () => {
    const ctx = await setup();
    onChange = ctx.onChange;
    // Domain two differs only in currentCpuUsage (a cost, weight 0.2): c 20, d 80, e 50. e's distances to the
    // ideal (20) and anti-ideal (80) are 30 and 30 (same scale factor): reliability 0.5, score 0.3·0.5 + 0.5 + 0.2 = 0.85.
    expect((await ctx.trust.breakdown(ie('e')))!.trustScore).toBeCloseTo(0.85, 12);
    await setCpuUsage(ctx.store, 'e', 35);
    const run = await onChange.flush();
    expect(run).toMatchObject({ domains: [D2], changedIes: [ie('e')] });
    // Now 15 from the ideal, 45 from the anti-ideal: reliability 45 / 60 = 0.75, score 0.3·0.75 + 0.7 = 0.925.
    const e = (await ctx.trust.breakdown(ie('e')))!;
    expect(e.components.reliability).toBeCloseTo(0.75, 12);
    expect(e.trustScore).toBeCloseTo(0.925, 12);
    const score = ctx.store.match(oxigraph.namedNode(ie('e')), oxigraph.namedNode(`${CF}trustScore`), null, null).map((q) => Number(q.object.value));
    expect(score).toHaveLength(1);
    expect(score[0]).toBeCloseTo(0.925, 12);
    expect((await ctx.trust.breakdown(ie('a')))!.computedAt).toBe('2026-12-01T10:00:00Z');
  });

  it('starts with a full run when the service has no inputs in memory, then follows changes from memory', async () => {
    const store = new ObservedMemoryStore();
    await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
    await store.commit({ deletes: [], inserts: [ieEntity('c', D2, 20), ieEntity('d', D2, 80), ieEntity('e', D2, 50)].flatMap((e) => entityToQuads(e)) });
    const trust = new TrustService(store);
    expect(trust.hasInputsInMemory).toBe(false);
    onChange = new TrustOnChange(store, trust, { debounceMs: 10_000 });
    await onChange.start();
    expect(trust.hasInputsInMemory).toBe(true);
    // c 20 (ideal), d 80 (anti-ideal), e 50: reliability 1, 0, 0.5 → 0.3·r + 0.7
    expect((await trust.breakdown(ie('e')))!.trustScore).toBeCloseTo(0.85, 12);
    expect((await trust.breakdown(ie('d')))!.trustScore).toBeCloseTo(0.7, 12);
    await setCpuUsage(store, 'e', 35);
    const run = await onChange.flush();
    expect(run).toMatchObject({ domains: [D2], changedIes: [ie('e')] });
    expect((await trust.breakdown(ie('e')))!.trustScore).toBeCloseTo(0.925, 12);
  });

  it('ignores changes that are no trust input, including its own writes', async () => {
    const ctx = await setup();
    onChange = ctx.onChange;
    const s = oxigraph.namedNode(ie('a'));
    await ctx.store.commit({ deletes: [], inserts: [oxigraph.quad(s, oxigraph.namedNode('http://example.org/label'), oxigraph.literal('x'), s)] });
    expect(await onChange.flush()).toBeUndefined();
    // Another service instance (nothing written yet, another clock) rewrites domain one's scores and breakdowns through the feed.
    const summary = await new TrustService(ctx.store, { now: () => new Date('2026-12-01T12:00:00Z') }).recompute({ domains: [D1] });
    expect(summary.written).toBe(2);
    expect(await onChange.flush()).toBeUndefined();
  });

  it('scores an IE again that was deleted and comes back with the inputs it was last scored with', async () => {
    const ctx = await setup();
    onChange = ctx.onChange;
    const graph = oxigraph.namedNode(GRAPHS.entity(ie('e')));
    const score = oxigraph.namedNode(`${CF}trustScore`);
    expect(ctx.store.match(oxigraph.namedNode(ie('e')), score, null, graph)).toHaveLength(1);
    await ctx.store.commit({ deletes: ctx.store.match(null, null, null, graph), inserts: [] }); // DELETE /entities/{id}
    await onChange.flush();
    await ctx.store.commit({ deletes: [], inserts: entityToQuads(ieEntity('e', D2, 50)) });
    await onChange.flush();
    expect(ctx.store.match(oxigraph.namedNode(ie('e')), score, null, graph)).toHaveLength(1);
  });
});
