/**
 * reasoner/trust/TrustOnChange.ts, minRerankIntervalMs (docs/trust.md "Re-ranking under a write load"):
 * a domain's members are re-ranked and written at most once per interval; the changed IEs' own scores
 * are written after the debounce every time. The interval is read from an injected clock, so the
 * deferred re-ranking can only run once the test moves the clock past it.
 */
import oxigraph from 'oxigraph';
import { ObservedMemoryStore } from '../../../../fabric/store/replica/ObservedMemoryStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { TrustService } from '../../../../reasoner/trust/TrustService.js';
import { AEROS, CF, D1, D2, ie, ieEntity, ontology } from './support/trustOnChangeFixtures.js';
import { TrustOnChange, type TrustChangeRun } from '../../../../reasoner/trust/TrustOnChange.js';


async function setCpuUsage(store: ObservedMemoryStore, id: string, value: number): Promise<void> {
  const s = oxigraph.namedNode(ie(id));
  const p = oxigraph.namedNode(`${AEROS}currentCpuUsage`);
  await store.commit({ deletes: store.match(s, p, null, s), inserts: [oxigraph.quad(s, p, oxigraph.literal(String(value), oxigraph.namedNode('http://www.w3.org/2001/XMLSchema#double')), s)] });
}

const storedScores = (store: ObservedMemoryStore): Map<string, number> =>
  new Map(store.match(null, oxigraph.namedNode(`${CF}trustScore`), null, null).map((q) => [q.subject.value, Number(q.object.value)]));

interface Ctx {
  readonly store: ObservedMemoryStore;
  readonly trust: TrustService;
  readonly onChange: TrustOnChange;
  readonly clock: { ms: number };
  /** The next run reported by onRun. */
  next(): Promise<TrustChangeRun>;
}

/** fullRunAtStart: the service has no inputs in memory, so TrustOnChange.start() makes the full run itself. */
async function setup(minRerankIntervalMs: number, fullRunAtStart = false): Promise<Ctx> {
  const store = new ObservedMemoryStore();
  await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
  const entities = [ieEntity('a', D1, 20), ieEntity('b', D1, 80), ieEntity('c', D2, 20), ieEntity('d', D2, 80), ieEntity('e', D2, 50)];
  await store.commit({ deletes: [], inserts: entities.flatMap((e) => entityToQuads(e)) });
  const trust = new TrustService(store, { now: () => new Date('2026-12-01T10:00:00Z') });
  if (!fullRunAtStart) await trust.recompute();
  const clock = { ms: 0 };
  const runs: TrustChangeRun[] = [];
  let wake: (() => void) | undefined;
  const onChange = new TrustOnChange(store, trust, { debounceMs: 0, minRerankIntervalMs, clock: () => clock.ms, onRun: (r) => { runs.push(r); wake?.(); } });
  await onChange.start();
  const next = async (): Promise<TrustChangeRun> => {
    while (runs.length === 0) await new Promise<void>((resolve) => { wake = resolve; });
    return runs.shift()!;
  };
  return { store, trust, onChange, clock, next };
}

describe('TrustOnChange minRerankIntervalMs', () => {
  let onChange: TrustOnChange | undefined;
  afterEach(async () => { await onChange?.stop(); });

  it('re-ranks a domain at once after a quiet period, then writes only the changed IEs until the interval ends, then catches up to a from-scratch result', async () => {
    const ctx = await setup(1_000);
    onChange = ctx.onChange;
    // Domain two, currentCpuUsage c 20, d 80, e 50 → reliability 1, 0, 0.5; score 0.3·r + 0.7.
    expect(storedScores(ctx.store).get(ie('c'))).toBeCloseTo(1, 12);

    // 1. First change after a quiet period: the whole domain is re-ranked after the debounce.
    await setCpuUsage(ctx.store, 'e', 35);
    const first = await ctx.next();
    expect(first).toMatchObject({ domains: [D2], changedIes: [ie('e')] });
    expect(first.deferred).toBeUndefined();
    expect(storedScores(ctx.store).get(ie('e'))).toBeCloseTo(0.925, 12);

    // 2. Within the interval: a new member (the new ideal, cpu 5) gets its score at once; the others keep theirs.
    ctx.clock.ms = 100;
    await ctx.store.commit({ deletes: [], inserts: entityToQuads(ieEntity('f', D2, 5)) });
    const second = await ctx.next();
    expect(second).toMatchObject({ domains: [D2], changedIes: [ie('f')], deferred: [D2] });
    expect(second.summary.written).toBe(1);
    const during = storedScores(ctx.store);
    expect(during.get(ie('f'))).toBeCloseTo(1, 12); // the ideal
    expect(during.get(ie('c'))).toBeCloseTo(1, 12); // stale: c is no longer the ideal
    // 3. Another change to the same domain is merged into the same deferral.
    ctx.clock.ms = 200;
    await setCpuUsage(ctx.store, 'd', 90);
    expect(await ctx.next()).toMatchObject({ domains: [D2], changedIes: [ie('d')], deferred: [D2] });
    expect(storedScores(ctx.store).get(ie('c'))).toBeCloseTo(1, 12);

    // 4. The interval ends: one re-ranking of the domain writes the bystanders.
    ctx.clock.ms = 1_000;
    const deferred = await ctx.next();
    expect(deferred).toMatchObject({ domains: [D2], changedIes: [] });
    expect(deferred.deferred).toBeUndefined();
    expect(deferred.summary.written).toBeGreaterThan(0);

    // Scores maintained on change equal a from-scratch computation; domain one was never touched.
    const maintained = storedScores(ctx.store);
    const scratch = await new TrustService(ctx.store, { now: () => new Date('2026-12-01T10:00:00Z') }).recompute();
    expect(scratch.results).toHaveLength(6);
    for (const r of scratch.results) expect(maintained.get(r.ie)).toBe(r.storedScore);
    expect(maintained.get(ie('c'))).toBeLessThan(1);
  });

  it("a full run made by start() starts every domain's interval: the first new member writes its own score only, the rest follows at the end of the interval", async () => {
    const ctx = await setup(1_000, true);
    onChange = ctx.onChange;
    expect(ctx.trust.hasInputsInMemory).toBe(true);
    expect((await ctx.next()).summary.ies).toBe(5); // the full run of start()
    expect(storedScores(ctx.store).get(ie('c'))).toBeCloseTo(1, 12);
    ctx.clock.ms = 100;
    await ctx.store.commit({ deletes: [], inserts: entityToQuads(ieEntity('f', D2, 5)) });
    const first = await ctx.next();
    expect(first).toMatchObject({ domains: [D2], changedIes: [ie('f')], deferred: [D2] });
    expect(first.summary.written).toBe(1);
    expect(storedScores(ctx.store).get(ie('c'))).toBeCloseTo(1, 12); // stale until the interval ends

    ctx.clock.ms = 1_000;
    const deferred = await ctx.next();
    expect(deferred).toMatchObject({ domains: [D2], changedIes: [] });
    expect(deferred.summary.written).toBeGreaterThan(0);
    const maintained = storedScores(ctx.store);
    const scratch = await new TrustService(ctx.store, { now: () => new Date('2026-12-01T10:00:00Z') }).recompute();
    expect(scratch.results).toHaveLength(6);
    for (const r of scratch.results) expect(maintained.get(r.ie)).toBe(r.storedScore);
  });

  it('with 0, re-ranks the whole domain on every batch', async () => {
    const ctx = await setup(0);
    onChange = ctx.onChange;
    await setCpuUsage(ctx.store, 'e', 35);
    expect((await ctx.next()).deferred).toBeUndefined();
    await ctx.store.commit({ deletes: [], inserts: entityToQuads(ieEntity('f', D2, 5)) });
    const run = await ctx.next();
    expect(run.deferred).toBeUndefined();
    expect(storedScores(ctx.store).get(ie('c'))).toBeLessThan(1);
  });

  it('flush() runs the deferred re-rankings without waiting for the interval', async () => {
    const ctx = await setup(60_000);
    onChange = ctx.onChange;
    await setCpuUsage(ctx.store, 'e', 35);
    await ctx.next();
    await ctx.store.commit({ deletes: [], inserts: entityToQuads(ieEntity('f', D2, 5)) });
    expect(await ctx.next()).toMatchObject({ deferred: [D2] });
    const forced = await ctx.onChange.flush();
    expect(forced).toMatchObject({ domains: [D2], changedIes: [] });
    expect(forced!.deferred).toBeUndefined();
    expect(storedScores(ctx.store).get(ie('c'))).toBeLessThan(1);
  });
});
