/**
 * TenantReasoners (fabric/node/TenantReasoners.ts): a named tenant's reasoner runs while the tenant is written to —
 * started by the first commit to its store, stopped after idleMs without one once it has caught up, started again
 * by the next commit; none for a store without a data directory or a change feed; all stopped by close(). At most
 * maxRunning at once: one more stops the least recently written tenant's, given capStopGraceMs to catch up, and marked
 * behind only if it had not (or never made its first run, or gave up); active() starts a stopped reasoner for a request
 * (POST /reasoner/run, /trust/recompute) as a write would.
 */
import { TenantReasoners, type TenantReasoner } from '../../../fabric/node/TenantReasoners.js';
import type { ReasonerThreadHealth } from '../../../reasoner/worker/threadHealth.js';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';

const LINE = '<urn:x:s> <urn:x:p> "o" <urn:x:g> .\n';

/**
 * Records what happens to the reasoners it creates; idle() resolves when `caughtUp` says so (and then runs `onIdle`
 * once, e.g. a write of its own); health() answers `health` when set.
 */
function recorder() {
  const events: string[] = [];
  let caughtUp = true;
  let made = 0;
  let health: ReasonerThreadHealth | undefined;
  let onIdle: (() => Promise<void>) | undefined;
  const create = (tenant: string, _store: unknown, dir: string): TenantReasoner => {
    const n = ++made;
    events.push(`create ${tenant} ${dir} #${n}`);
    return {
      start: async () => { events.push(`start #${n}`); },
      idle: async () => {
        events.push(`idle? #${n}`);
        while (!caughtUp) await new Promise((r) => setTimeout(r, 5));
        const then = onIdle;
        onIdle = undefined;
        await then?.();
      },
      stop: async () => { events.push(`stop #${n}`); },
      ...(health ? { health: () => health ?? { state: 'running', failedStarts: 0 } } : {}), // health() for reasoners made while one is set
    };
  };
  return {
    events, create,
    setCaughtUp: (v: boolean) => { caughtUp = v; },
    setHealth: (h: ReasonerThreadHealth | undefined) => { health = h; },
    onNextIdle: (f: () => Promise<void>) => { onIdle = f; },
  };
}

/** The recorded events without the idle() calls. */
const lifecycle = (events: string[]): string[] => events.filter((e) => !e.startsWith('idle?'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const flush = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Two tenants' stores with a cap of one running reasoner (no idle stop, a long grace): tenant a has written at time 10
 * and its reasoner runs. `at` moves the clock.
 */
async function capOfOneAfterAWrote(create: ConstructorParameters<typeof TenantReasoners>[0]['create']) {
  let now = 0;
  const reasoners = new TenantReasoners({ create, idleMs: 60_000, maxRunning: 1, capStopGraceMs: 60_000, checkEveryMs: 60_000, now: () => now });
  const a = new ObservedMemoryStore();
  const b = new ObservedMemoryStore();
  reasoners.opened('a', a, '/d/a');
  reasoners.opened('b', b, '/d/b');
  now = 10;
  await a.load(LINE, { format: 'application/n-quads' });
  await flush();
  return { reasoners, a, b, at: (time: number) => { now = time; } };
}

describe('TenantReasoners', () => {
  it('starts a reasoner at the first commit, stops it when idle and caught up, starts a new one at the next commit', async () => {
    const { events, create, setCaughtUp } = recorder();
    let now = 0;
    const reasoners = new TenantReasoners({ create, idleMs: 1000, checkEveryMs: 60_000, now: () => now });
    const store = new ObservedMemoryStore();
    reasoners.opened('acme', store, '/data/tenants/acme');
    await flush();
    expect(events).toEqual([]); // opened, not written: no thread
    await store.load(LINE, { format: 'application/n-quads' });
    await store.load(LINE.replace('"o"', '"o2"'), { format: 'application/n-quads' });
    await flush();
    expect(lifecycle(events)).toEqual(['create acme /data/tenants/acme #1', 'start #1']);
    expect(reasoners.running()).toEqual(['acme']);

    now = 999;
    await reasoners.stopIdle();
    expect(reasoners.running()).toEqual(['acme']); // not idle long enough

    now = 2000;
    setCaughtUp(false);
    const check = reasoners.stopIdle();
    await new Promise((r) => setTimeout(r, 20));
    expect(events).not.toContain('stop #1'); // still processing
    setCaughtUp(true);
    await check;
    expect(events).toContain('stop #1');
    expect(reasoners.running()).toEqual([]);

    await store.update('INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "o3" } }');
    await flush();
    expect(lifecycle(events).slice(-2)).toEqual(['create acme /data/tenants/acme #2', 'start #2']);
    await reasoners.close();
    expect(events.at(-1)).toBe('stop #2');
    await store.load(LINE.replace('"o"', '"o4"'), { format: 'application/n-quads' });
    await flush();
    expect(events.at(-1)).toBe('stop #2'); // closed: no new reasoner
  });

  it('a commit during the idle wait keeps the reasoner', async () => {
    const { events, create, setCaughtUp } = recorder();
    let now = 0;
    const reasoners = new TenantReasoners({ create, idleMs: 1000, checkEveryMs: 60_000, now: () => now });
    const store = new ObservedMemoryStore();
    reasoners.opened('acme', store, '/d');
    await store.load(LINE, { format: 'application/n-quads' });
    await flush();
    now = 5000;
    setCaughtUp(false);
    const check = reasoners.stopIdle();
    await store.load(LINE.replace('"o"', '"o2"'), { format: 'application/n-quads' }); // lastCommit = 5000
    setCaughtUp(true);
    await check;
    expect(reasoners.running()).toEqual(['acme']);
    expect(events.filter((e) => e.startsWith('create'))).toHaveLength(1);
    await reasoners.close();
  });

  it('no reasoner for a tenant store without a data directory or without a change feed', async () => {
    const { events, create } = recorder();
    const reasoners = new TenantReasoners({ create, idleMs: 1000 });
    const observed = new ObservedMemoryStore();
    reasoners.opened('in-memory', observed, undefined);
    const plain = new MemoryGraphStore();
    reasoners.opened('no-feed', plain, '/d');
    await observed.load(LINE, { format: 'application/n-quads' });
    await plain.load(LINE, { format: 'application/n-quads' });
    await flush();
    expect(events).toEqual([]);
    await reasoners.close();
  });

  it('at the cap, the least recently written tenant\'s reasoner stops, marked behind when it did not catch up within the grace, and starts again, caught up, at its next write', async () => {
    const { events, create, setCaughtUp } = recorder();
    let now = 0;
    const reasoners = new TenantReasoners({ create, idleMs: 60_000, maxRunning: 2, capStopGraceMs: 30, checkEveryMs: 60_000, now: () => now });
    const stores = { a: new ObservedMemoryStore(), b: new ObservedMemoryStore(), c: new ObservedMemoryStore() };
    for (const [name, store] of Object.entries(stores)) reasoners.opened(name, store, `/d/${name}`);
    setCaughtUp(false); // the stopped reasoner does not catch up within the grace
    now = 10;
    await stores.a.load(LINE, { format: 'application/n-quads' });
    now = 20;
    await stores.b.load(LINE, { format: 'application/n-quads' });
    now = 30;
    await stores.a.load(LINE.replace('"o"', '"o2"'), { format: 'application/n-quads' }); // a is now the more recently written
    await flush();
    expect(reasoners.running()).toEqual(['a', 'b']);

    now = 40;
    await stores.c.load(LINE, { format: 'application/n-quads' });
    await flush();
    expect(reasoners.running()).toEqual(['a', 'c']); // b no longer counts: c starts at once
    expect(lifecycle(events)).toEqual(['create a /d/a #1', 'start #1', 'create b /d/b #2', 'start #2', 'create c /d/c #3', 'start #3']);
    expect(reasoners.state('b')).toEqual({ state: 'stopped', behind: false, lastWrite: 20 }); // its grace is not over
    await sleep(80);
    expect(lifecycle(events).at(-1)).toBe('stop #2');
    expect(reasoners.state('b')).toEqual({ state: 'stopped', behind: true, lastWrite: 20 });
    expect(reasoners.state('a')).toEqual({ state: 'running', behind: false, lastWrite: 30 });

    now = 50;
    await stores.b.load(LINE.replace('"o"', '"o3"'), { format: 'application/n-quads' }); // b back: a is now the oldest
    await flush();
    expect(reasoners.running()).toEqual(['b', 'c']);
    expect(lifecycle(events).slice(-2)).toEqual(['create b /d/b #4', 'start #4']);
    expect(reasoners.state('b')).toEqual({ state: 'running', behind: false, lastWrite: 50 }); // its full run caught up
    await sleep(80);
    expect(lifecycle(events).at(-1)).toBe('stop #1');
    expect(reasoners.state('a')?.behind).toBe(true);
    setCaughtUp(true);
    await reasoners.close();
  });

  it('at the cap, a reasoner that has caught up is stopped without waiting out the grace and is not behind', async () => {
    const { events, create } = recorder();
    const { reasoners, b, at } = await capOfOneAfterAWrote(create);
    at(20);
    await b.load(LINE, { format: 'application/n-quads' });
    await sleep(20);
    expect(lifecycle(events)).toEqual(['create a /d/a #1', 'start #1', 'create b /d/b #2', 'start #2', 'stop #1']);
    expect(events).toContain('idle? #1'); // asked, and it answered: nothing was left unreasoned
    expect(reasoners.state('a')).toEqual({ state: 'stopped', behind: false, lastWrite: 10 });
    await reasoners.close();
  });

  it('at the cap, the stopped reasoner\'s own writes during its grace start no new one and are waited for; one that never made its first run is behind', async () => {
    const { events, create, onNextIdle, setHealth } = recorder();
    setHealth({ state: 'running', failedStarts: 0 });
    const { reasoners, a, b, at } = await capOfOneAfterAWrote(create);
    // Asked to catch up, a's reasoner writes what it had pending (a commit to a's store): asked again, then stopped.
    onNextIdle(() => a.load(LINE.replace('"o"', '"derived"'), { format: 'application/n-quads' }).then(() => undefined));
    at(20);
    await b.load(LINE, { format: 'application/n-quads' });
    await sleep(30);
    expect(events.filter((e) => e === 'idle? #1')).toHaveLength(2);
    expect(lifecycle(events)).toEqual(['create a /d/a #1', 'start #1', 'create b /d/b #2', 'start #2', 'stop #1']);
    expect(reasoners.state('a')?.behind).toBe(false);

    // b still making its first run (a thread starting or restarting) when a takes its place: behind, though idle() answered.
    setHealth({ state: 'starting', failedStarts: 0 });
    at(30);
    await a.load(LINE.replace('"o"', '"o2"'), { format: 'application/n-quads' });
    await sleep(30);
    expect(lifecycle(events).slice(-3)).toEqual(['create a /d/a #3', 'start #3', 'stop #2']);
    expect(reasoners.state('b')?.behind).toBe(true);
    await reasoners.close();
  });

  it('a reasoner that gave up is stopped when idle as behind, with its failure kept until a new one started', async () => {
    const { create, setHealth } = recorder();
    let now = 0;
    const reasoners = new TenantReasoners({ create, idleMs: 1000, checkEveryMs: 60_000, now: () => now });
    const a = new ObservedMemoryStore();
    reasoners.opened('a', a, '/d/a');
    const failure = { message: 'The reasoner worker ran out of WebAssembly memory at start 3 times (unreachable)', at: 7 };
    const gaveUp: ReasonerThreadHealth = { state: 'gaveUp', failedStarts: 3, lastFailure: failure, since: 7 };
    setHealth(gaveUp);
    await a.load(LINE, { format: 'application/n-quads' });
    await flush();
    expect(reasoners.state('a')).toEqual({ state: 'running', behind: false, lastWrite: 0, health: gaveUp });
    now = 1000;
    await reasoners.stopIdle(); // its idle() answers at once: it reasons no more
    expect(reasoners.state('a')).toEqual({ state: 'stopped', behind: true, lastWrite: 0, lastFailure: failure });
    setHealth(undefined);
    await a.load(LINE.replace('"o"', '"o2"'), { format: 'application/n-quads' }); // retried at the next write
    await flush();
    expect(reasoners.state('a')).toEqual({ state: 'running', behind: false, lastWrite: 1000 });
    await reasoners.close();
  });

  it('active() starts a stopped tenant\'s reasoner as a write would (cap and idle period included) and answers it once started', async () => {
    const { events, create } = recorder();
    let now = 0;
    const reasoners = new TenantReasoners({ create, idleMs: 1000, maxRunning: 1, checkEveryMs: 60_000, now: () => now });
    const a = new ObservedMemoryStore();
    const b = new ObservedMemoryStore();
    reasoners.opened('a', a, '/d/a');
    reasoners.opened('b', b, '/d/b');
    expect(reasoners.state('a')).toEqual({ state: 'stopped', behind: false }); // opened, never written
    expect(await reasoners.active('nosuch')).toBeUndefined();

    now = 5;
    await a.load(LINE, { format: 'application/n-quads' });
    now = 2000;
    const started = await reasoners.active('b');
    expect(started).toBeDefined();
    expect(lifecycle(events).slice(0, 4)).toEqual(['create a /d/a #1', 'start #1', 'create b /d/b #2', 'start #2']); // started before it is answered
    expect(reasoners.state('b')).toEqual({ state: 'running', behind: false, lastWrite: 2000 });
    expect(await reasoners.active('b')).toBe(started); // running: the same reasoner
    await flush();
    expect(lifecycle(events)).toContain('stop #1');

    // A request to a tenant whose reasoner is leaving at the cap waits for it to stop, then starts a new one.
    now = 2500;
    const again = reasoners.active('a');
    const b2 = await reasoners.active('b'); // b's reasoner leaves for a's … and is asked for at once
    await again;
    expect(b2).toBeDefined();
    expect(b2).not.toBe(started);
    expect(reasoners.running()).toEqual(['b']);

    now = 3499;
    await reasoners.stopIdle();
    expect(reasoners.running()).toEqual(['b']); // the request counted as a write
    now = 3500;
    await reasoners.stopIdle();
    expect(reasoners.running()).toEqual([]);
    await reasoners.close();
    expect(await reasoners.active('a')).toBeUndefined();
    expect(reasoners.state('a')).toBeUndefined();
  });

  it('refuses a cap below 1', () => {
    expect(() => new TenantReasoners({ create: recorder().create, maxRunning: 0 })).toThrow(RangeError);
  });
});
