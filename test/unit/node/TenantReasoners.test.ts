/**
 * TenantReasoners (fabric/node/TenantReasoners.ts): a named tenant's reasoner runs while the tenant is written to —
 * started by the first commit to its store, stopped after idleMs without one once it has caught up, started again
 * by the next commit; none for a store without a data directory or a change feed; all stopped by close(). At most
 * maxRunning at once: one more stops the least recently written tenant's, which is then marked behind; active()
 * starts a stopped reasoner for a request (POST /reasoner/run, /trust/recompute) as a write would.
 */
import { TenantReasoners, type TenantReasoner } from '../../../fabric/node/TenantReasoners.js';
import { ObservedMemoryStore } from '../../../fabric/store/replica/ObservedMemoryStore.js';
import { MemoryGraphStore } from '../../../fabric/store/MemoryGraphStore.js';

const LINE = '<urn:x:s> <urn:x:p> "o" <urn:x:g> .\n';

/** Records what happens to the reasoners it creates; idle() resolves when `caughtUp` says so. */
function recorder() {
  const events: string[] = [];
  let caughtUp = true;
  let made = 0;
  const create = (tenant: string, _store: unknown, dir: string): TenantReasoner => {
    const n = ++made;
    events.push(`create ${tenant} ${dir} #${n}`);
    return {
      start: async () => { events.push(`start #${n}`); },
      idle: async () => { while (!caughtUp) await new Promise((r) => setTimeout(r, 5)); },
      stop: async () => { events.push(`stop #${n}`); },
    };
  };
  return { events, create, setCaughtUp: (v: boolean) => { caughtUp = v; } };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

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
    expect(events).toEqual(['create acme /data/tenants/acme #1', 'start #1']);
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
    expect(events.slice(-2)).toEqual(['create acme /data/tenants/acme #2', 'start #2']);
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

  it('at the cap, the least recently written tenant\'s reasoner stops at once (marked behind) and starts again, caught up, at its next write', async () => {
    const { events, create, setCaughtUp } = recorder();
    let now = 0;
    const reasoners = new TenantReasoners({ create, idleMs: 60_000, maxRunning: 2, checkEveryMs: 60_000, now: () => now });
    const stores = { a: new ObservedMemoryStore(), b: new ObservedMemoryStore(), c: new ObservedMemoryStore() };
    for (const [name, store] of Object.entries(stores)) reasoners.opened(name, store, `/d/${name}`);
    setCaughtUp(false); // a stop at the cap does not wait for the reasoner to catch up
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
    expect(reasoners.running()).toEqual(['a', 'c']);
    expect(events).toEqual([
      'create a /d/a #1', 'start #1', 'create b /d/b #2', 'start #2', 'stop #2', 'create c /d/c #3', 'start #3',
    ]);
    expect(reasoners.state('b')).toEqual({ state: 'stopped', behind: true, lastWrite: 20 });
    expect(reasoners.state('a')).toEqual({ state: 'running', behind: false, lastWrite: 30 });

    now = 50;
    await stores.b.load(LINE.replace('"o"', '"o3"'), { format: 'application/n-quads' }); // b back: a is now the oldest
    await flush();
    expect(reasoners.running()).toEqual(['b', 'c']);
    expect(events.slice(-3)).toEqual(['stop #1', 'create b /d/b #4', 'start #4']);
    expect(reasoners.state('b')).toEqual({ state: 'running', behind: false, lastWrite: 50 }); // its full run caught up
    expect(reasoners.state('a')?.behind).toBe(true);
    setCaughtUp(true);
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
    expect(events).toEqual(['create a /d/a #1', 'start #1', 'stop #1', 'create b /d/b #2', 'start #2']); // started before it is answered
    expect(reasoners.state('b')).toEqual({ state: 'running', behind: false, lastWrite: 2000 });
    expect(await reasoners.active('b')).toBe(started); // running: the same reasoner

    now = 2999;
    await reasoners.stopIdle();
    expect(reasoners.running()).toEqual(['b']); // the request counted as a write
    now = 3000;
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
